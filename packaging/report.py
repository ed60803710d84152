"""Print the size of a built bundle and its archive against the budgets of issue 13; exit 1
when one is over.

Usage: python packaging/report.py dist/Lectern dist/Lectern-<version>-linux-x86_64.tar.gz
"""

from __future__ import annotations

import sys
from pathlib import Path

BUNDLE_BUDGET = 460 * 10**6  # bytes on disk
ARCHIVE_BUDGET = 200 * 10**6
MB = 10**6


def bundle_figures(bundle: Path) -> dict[str, int]:
    """{"bytes": apparent size of the files, "disk": bytes of the blocks they use, "files":
    regular files, "entries": files, folders and links} of folder `bundle`."""
    files = entries = size = disk = 0
    for path in bundle.rglob("*"):
        entries += 1
        if path.is_file() and not path.is_symlink():
            stat = path.stat()
            files += 1
            size += stat.st_size
            disk += stat.st_blocks * 512
    return {"bytes": size, "disk": disk, "files": files, "entries": entries}


def main(argv: list[str]) -> int:
    bundle, archive = Path(argv[0]), Path(argv[1])
    figures = bundle_figures(bundle)
    archive_size = archive.stat().st_size
    print(f"{bundle}: {figures['disk'] / MB:.0f} MB on disk ({figures['bytes'] / MB:.0f} MB "
          f"of data) in {figures['files']} files ({figures['entries']} entries)")
    print(f"{archive}: {archive_size / MB:.0f} MB")
    over = []
    if figures["disk"] > BUNDLE_BUDGET:
        over.append(f"bundle {figures['disk'] / MB:.0f} MB > {BUNDLE_BUDGET / MB:.0f} MB")
    if archive_size > ARCHIVE_BUDGET:
        over.append(f"archive {archive_size / MB:.0f} MB > {ARCHIVE_BUDGET / MB:.0f} MB")
    for line in over:
        print(f"over budget: {line}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
