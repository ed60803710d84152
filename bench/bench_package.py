"""The packaged app (issue 13): frozen start to first note painted against the unfrozen app,
and the bundle's size. Runs only when dist/Lectern exists (`make package`).

Each run is a new process (`lectern --smoke-test`: offscreen, the sample vault, private
settings and cache) timed from its start to the `painted <epoch>` line it prints when the first
note is painted; frozen and unfrozen runs alternate so that both see the same machine load.
The operating system's file cache is warm after the first run (dropping it needs root and
slows every other process on the machine).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLE = REPO / "dist" / "Lectern"
RUNS = 5
START_BUDGET = 1.10  # frozen start at most 10% slower than unfrozen


def _report_module():  # noqa: ANN202 - packaging/report.py, loaded by path
    spec = importlib.util.spec_from_file_location("lectern_report", REPO / "packaging" / "report.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def time_to_paint(command: list[str]) -> float:
    """Seconds from starting `command` (a `--smoke-test` run) to its `painted` line.

    Raises:
        RuntimeError: the run failed or never said it painted.
    """
    env = dict(os.environ)
    if os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"  # Chromium refuses root with its sandbox on
    started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env,
                            cwd=REPO, check=False)
    painted = [line for line in result.stdout.splitlines() if line.startswith("painted ")]
    if result.returncode != 0 or not painted:
        raise RuntimeError(f"{command[0]} --smoke-test exit {result.returncode}: "
                           f"{result.stderr.strip()[-500:]}")
    return float(painted[0].split()[1]) - started


def main() -> None:
    """Print the bundle's figures and the two median start times."""
    launcher = BUNDLE / "lectern"
    if not launcher.exists():
        print("bench_package: skipped, no dist/Lectern (run make package first)")
        return
    report = _report_module()
    figures = report.bundle_figures(BUNDLE)
    archives = sorted(BUNDLE.parent.glob("Lectern-*-linux-x86_64.tar.gz"))
    archive = f"{archives[-1].stat().st_size / 1e6:.0f} MB" if archives else "none"
    print(f"bundle: {figures['disk'] / 1e6:.0f} MB on disk, {figures['files']} files; "
          f"archive {archive}")
    frozen: list[float] = []
    unfrozen: list[float] = []
    for _ in range(RUNS):
        frozen.append(time_to_paint([str(launcher), "--smoke-test"]))
        unfrozen.append(time_to_paint([sys.executable, "-m", "viewer.cli", "--smoke-test"]))
    frozen_s, unfrozen_s = statistics.median(frozen), statistics.median(unfrozen)
    ratio = frozen_s / unfrozen_s
    verdict = "ok" if ratio <= START_BUDGET else "OVER BUDGET"
    print(f"start to first note painted, median of {RUNS}: frozen {frozen_s:.2f} s, "
          f"unfrozen {unfrozen_s:.2f} s, ratio {ratio:.2f} ({verdict}, budget "
          f"{START_BUDGET:.2f})")
    print("  frozen   " + " ".join(f"{s:.2f}" for s in frozen))
    print("  unfrozen " + " ".join(f"{s:.2f}" for s in unfrozen))


if __name__ == "__main__":
    main()
