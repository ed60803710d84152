"""Nothing Lectern reads may block, and one slow note holds back neither the vault nor the exit
(issue 11, "Blocking and recursion")."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from viewer.core import vault
from viewer.core.vault import NotRegularFile, read_note, read_record, read_regular

T = TypeVar("T")
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _in_thread(func: Callable[..., T], *args: object) -> T:
    """Run func(*args) in a daemon thread; the result, or a failure if it blocks for 5 s."""
    box: list[T] = []
    thread = threading.Thread(target=lambda: box.append(func(*args)), daemon=True)
    thread.start()
    thread.join(5)
    if not box:
        pytest.fail(f"{func.__name__} blocked on a FIFO")
    return box[0]


def test_fifo_note_gives_a_problem_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    note = _in_thread(read_note, tmp_path, "pipe.md")
    assert [p.message for p in note.problems] == ["cannot read the file: not a regular file"]
    record = _in_thread(read_record, tmp_path, "pipe.md")
    assert record.problems == ((0, "cannot read the file: not a regular file"),)


def test_device_is_refused_unopened() -> None:
    with pytest.raises(NotRegularFile):
        read_regular("/dev/zero")  # would otherwise read 4 MiB of zeros as a note


def test_a_note_over_its_budget_gets_a_minimal_record(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget is handed to the workers, so a tiny one makes a big note overrun it."""
    monkeypatch.setattr(vault, "NOTE_SECONDS", 0.05)
    (tmp_path / "big.md").write_text("# Big\n\n" + "see [[a]] and [[b]] here.\n" * 150_000)
    for i in range(20):
        (tmp_path / f"n{i}.md").write_text(f"# N{i}\n")
    index, _stats = vault.load_index(tmp_path, workers=2)
    assert len(index) == 21
    big = index.note("big.md")
    assert big is not None and big.targets == ()
    assert any("took too long to read" in message for _line, message in big.problems)


_CANCEL_SCRIPT = """
import multiprocessing, os, signal, sys, threading, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
root = Path(sys.argv[1])
if sys.argv[3] == "loader":
    from viewer.ui.loader import IndexLoader
    loader = IndexLoader(root, None)
    loader.start()
    cancel = loader.cancel
else:
    from viewer.core.vault import Stop, iter_load
    stop = Stop()
    threading.Thread(target=lambda: [0 for _ in iter_load(root, None, stop=stop, workers=2)],
                     daemon=True).start()
    cancel = stop.set
deadline = time.monotonic() + 60
while not multiprocessing.active_children():
    assert time.monotonic() < deadline, "no worker processes"
    time.sleep(0.01)
time.sleep(0.2)
for child in multiprocessing.active_children():
    os.kill(child.pid, signal.SIGSTOP)  # a chunk that never finishes
started = time.monotonic()
cancel()
print(f"cancel {time.monotonic() - started:.3f}", flush=True)
"""


@pytest.mark.parametrize("via", ["iter_load", "loader"])
def test_cancel_and_exit_do_not_wait_for_a_hung_chunk(tmp_path: Path, via: str) -> None:
    """A load whose workers hang (SIGSTOP): cancel returns at once and the process exits
    (it used to wait for the pool forever, as `lectern screenshot` did)."""
    vault_dir = tmp_path / "vault"
    vault_dir.mkdir()
    for i in range(vault.PARALLEL_MIN + 100):
        (vault_dir / f"n{i}.md").write_text(f"# N{i}\n\nSee [[t{i % 7}]].\n")
    script = tmp_path / "cancel.py"
    script.write_text(_CANCEL_SCRIPT)
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    try:
        out = subprocess.run([sys.executable, str(script), str(vault_dir), str(repo), via],
                             capture_output=True, text=True, timeout=30, env=env, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the process did not exit: it waits for a hung worker")
    assert out.returncode == 0, out.stderr[-2000:]
    cancel_s = float(out.stdout.split()[-1])
    assert cancel_s < 1.0
    assert time.monotonic() - started < 25


def _chunk_with_a_hang(root: str, paths: list[str], seconds: float = 0.0) -> list[bytes]:
    """A worker's _parse_chunk that never finishes the chunk holding slow.md."""
    if any(p.endswith("slow.md") for p in paths):
        time.sleep(120)
    return _REAL_CHUNK(root, paths, seconds) if seconds else _REAL_CHUNK(root, paths)


_REAL_CHUNK = vault._parse_chunk


def test_a_hung_chunk_holds_back_no_other_note(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks are consumed as they finish: with one chunk hung, every other note arrives,
    and closing the load then returns at once."""
    monkeypatch.setattr(vault, "_parse_chunk", _chunk_with_a_hang)
    (tmp_path / "slow.md").write_text("# Slow\n" + "x" * 300_000)  # a chunk of its own
    for i in range(600):
        (tmp_path / f"n{i:03d}.md").write_text(f"# N{i}\n")
    got: list[str] = []
    closed: list[float] = []

    def consume() -> None:
        loads = vault.iter_load(tmp_path, None, workers=2)
        for records, _removed in loads:
            got.extend(r.path for r in records)
            if len(got) == 600:
                started = time.monotonic()
                loads.close()
                closed.append(time.monotonic() - started)
                return

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(60)
    assert len(got) == 600 and "slow.md" not in got
    assert closed and closed[0] < 2.0


def test_a_refresh_of_named_files_reads_only_them(tmp_path: Path) -> None:
    """The open note saved: `only` looks at the named paths, never scans the vault."""
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text(f"# {name}\n")
    index, _stats = vault.load_index(tmp_path, workers=1)
    (tmp_path / "a.md").write_text("---\ntitle: A2\n---\nSee [[b]].\n")
    (tmp_path / "b.md").unlink()
    (tmp_path / "d.md").write_text("# d\n")  # not named: left for the next full refresh
    known = {r.path: (r.size, r.mtime_ns) for r in index.records()}
    stats = vault.LoadStats()
    for upserts, removals in vault.iter_load(tmp_path, None, stats, known=known,
                                             only=["a.md", "b.md"]):
        index.apply(upserts, removals)
    assert index.paths() == ["a.md", "c.md"]
    assert index.note("a.md").title == "A2"
    assert stats.files == 1
