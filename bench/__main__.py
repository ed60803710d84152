"""`make bench`: run every benchmark and print its figures."""

from __future__ import annotations

import importlib
import os
import sys
import tempfile

MODULES = ["bench.bench_core", "bench.bench_ui", "bench.bench_video", "bench.bench_hostile",
           "bench.bench_render", "bench.bench_search", "bench.bench_search_ui",
           "bench.bench_captions",  # issue 17: transcripts, highlight lag, loop ends
           "bench.bench_package"]  # bench_package: only when dist/Lectern exists


def main() -> int:
    """Run each benchmark module that exists; a failing one does not stop the others."""
    status = 0
    only = sys.argv[1:]
    # The benchmarks' windows and caches never touch the user's settings or cache (the child
    # processes they start inherit these).
    private = tempfile.mkdtemp(prefix="lectern-bench-")
    for variable, folder in (("LECTERN_CONFIG_DIR", "config"), ("LECTERN_CACHE_DIR", "cache")):
        os.environ.setdefault(variable, os.path.join(private, folder))
    for name in MODULES:
        if only and not any(name.endswith(o) for o in only):
            continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        try:
            module.main()
        except Exception as exc:  # noqa: BLE001 - report and go on
            print(f"{name} failed: {exc!r}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
