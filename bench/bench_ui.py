"""Benchmark the window: launch -> first note painted, and note switch -> painted (p95).

Budgets: first note painted <= 1.5 s (sample vault; and 50k notes with a warm cache);
note switch p95 <= 100 ms over 200 switches. Runs offscreen, each case in a fresh process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.vaultgen import cached_vault

REPO = Path(__file__).resolve().parent.parent


def _child_env(config: Path, cache: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1",
            "LECTERN_CONFIG_DIR": str(config), "LECTERN_CACHE_DIR": str(cache)}



def bench_window() -> tuple[Any, Any]:
    """In a child process: the app and a shown 1400x860 window, offline (settings and cache
    are the bench's private ones: see bench/__main__.py)."""
    from viewer.ui.app import make_app
    from viewer.ui.settings import open_settings
    from viewer.ui.window import MainWindow

    app = make_app([])
    window = MainWindow(open_settings(), online=lambda: False)
    window.resize(1400, 860)
    window.show()
    return app, window


def child_launch(vault: str, note: str) -> None:
    """In a fresh process: start the window, report when the first note is painted."""
    from PySide6.QtCore import QTimer

    app, window = bench_window()
    result: dict[str, float] = {}

    def painted(_token: int) -> None:
        if "painted" not in result and not window.preparing():  # the note, not "Loading…"
            result["painted"] = time.time()
            result["notes_indexed"] = len(window.index)
            QTimer.singleShot(0, app.quit)

    window.view.painted.connect(painted)
    window.open_vault(Path(vault), note or None)
    QTimer.singleShot(30000, app.quit)
    app.exec()
    print(json.dumps(result))
    os._exit(0)  # the bench does not wait for indexing to finish


def child_switch(vault: str, count: int) -> None:
    """In a fresh process: open the vault, then switch notes `count` times."""
    from PySide6.QtCore import QEventLoop, QTimer

    app, window = bench_window()
    loop = QEventLoop()
    window.index_loaded.connect(loop.quit)
    window.open_vault(Path(vault))
    loop.exec()

    def wait_painted(_token: int) -> None:  # notes are prepared off the UI thread: wait for it
        while window.preparing() or window.view.last_painted < window.view._token:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)

    wait_painted(window.view._token)
    paths = window.index.paths()
    times = []
    for i in range(count):
        path = paths[(i * 7919) % len(paths)]
        started = time.perf_counter()
        window.open_note(path)
        wait_painted(window.view._token)
        times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({"ms": times}))
    QTimer.singleShot(0, app.quit)
    os._exit(0)


def _run(args: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_ui", *args], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300, check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(out.stderr[-2000:])
    return json.loads(lines[-1])


def launch(vault: Path, note: str, config: Path, cache: Path) -> float:
    """Seconds from process start to the first note painted."""
    started = time.time()
    result = _run(["launch", str(vault), note], _child_env(config, cache))
    return result["painted"] - started


def main() -> None:
    """Print the window figures."""
    print("== window: launch -> first note painted; note switch -> painted ==")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sample = REPO / "notes"
        note = next(sample.glob("*.md")).name
        first = launch(sample, note, root / "c1", root / "k1")
        again = launch(sample, note, root / "c1", root / "k1")
        print(f"sample vault: first note painted {first:.2f} s (first run), {again:.2f} s "
              f"(second run)  budget 1.5 s {'OK' if max(first, again) <= 1.5 else 'MISSED'}")
        big = cached_vault(50_000)
        some_note = sorted(p.relative_to(big).as_posix() for p in (big / "chan0000").glob("*.md"))[:1] \
            if (big / "chan0000").is_dir() else []
        target = some_note[0] if some_note else next(big.rglob("*.md")).relative_to(big).as_posix()
        subprocess.run([sys.executable, "-m", "viewer.cli", "check", str(big)], cwd=REPO,
                       env=_child_env(root / "c2", root / "k2"), capture_output=True, timeout=300,
                       check=False)
        warm = launch(big, target, root / "c2", root / "k2")
        print(f"50k notes, warm cache: first note painted {warm:.2f} s  budget 1.5 s "
              f"{'OK' if warm <= 1.5 else 'MISSED'}")
        for n in (10_000,):
            vault = cached_vault(n)
            env = _child_env(root / f"s{n}", root / f"k{n}")
            ms = _run(["switch", str(vault), "200"], env)["ms"]
            ms.sort()
            p95 = ms[int(len(ms) * 0.95) - 1]
            print(f"note switch ({n:,} notes, 200 switches): p50 {statistics.median(ms):.1f} ms, "
                  f"p95 {p95:.1f} ms, max {ms[-1]:.1f} ms  budget p95 100 ms "
                  f"{'OK' if p95 <= 100 else 'MISSED'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "launch":
        child_launch(sys.argv[2], sys.argv[3])
    elif len(sys.argv) > 1 and sys.argv[1] == "switch":
        child_switch(sys.argv[2], int(sys.argv[3]))
    else:
        main()
