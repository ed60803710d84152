"""Check that the system libraries Qt needs are present; name the apt-get line if not."""

from __future__ import annotations

import re
import sys

# Shared object -> Debian package that provides it.
DEBIAN_PACKAGES = {
    "libpulse.so.0": "libpulse0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libnss3.so": "libnss3",
    "libsmime3.so": "libnss3",
    "libnssutil3.so": "libnss3",
    "libXcomposite.so.1": "libxcomposite1",
    "libXdamage.so.1": "libxdamage1",
    "libXrandr.so.2": "libxrandr2",
    "libXtst.so.6": "libxtst6",
    "libasound.so.2": "libasound2",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
}


def main() -> int:
    """Import the Qt modules Lectern uses; on a missing library print the fix and fail."""
    try:
        import PySide6.QtMultimedia
        import PySide6.QtWebEngineWidgets
        import PySide6.QtWidgets  # noqa: F401
    except ImportError as exc:
        match = re.search(r"(lib[\w.+-]+\.so[\w.]*)", str(exc))
        lib = match.group(1) if match else None
        package = DEBIAN_PACKAGES.get(lib or "", None)
        print(f"Lectern cannot load Qt: {exc}", file=sys.stderr)
        if package:
            print(f"Fix it with:  sudo apt-get install {package}", file=sys.stderr)
        print(
            "All libraries Lectern needs on Debian/Ubuntu:  sudo apt-get install "
            + " ".join(sorted(set(DEBIAN_PACKAGES.values()))),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
