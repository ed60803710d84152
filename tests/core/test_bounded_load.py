"""Nothing Lectern reads may block, and one slow note holds back neither the vault nor the exit
(issue 11, "Blocking and recursion")."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from viewer.core.vault import NotRegularFile, read_note, read_record, read_regular

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def _in_thread(func, *args):  # noqa: ANN001, ANN202 - a test helper
    """Run func(*args) in a daemon thread; the result, or a failure if it blocks for 5 s."""
    box: list[object] = []
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
