"""Issue 15: a note still shown as plain text says so, and why, in the Problems panel; a 1 MB
transcript of 10,000 chips is shown formatted (its chips live)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from bench.bench_render import transcript
from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted


def _rows(window: object) -> list[str]:
    problems = window.problems  # type: ignore[attr-defined]
    return [problems.item(i).text() for i in range(problems.count())]


def test_transcript_formats_and_a_huge_note_says_why(make_window: WindowFactory, qtbot: QtBot,
                                                     tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "small.md").write_text("---\ntitle: Small\n---\nHello.\n", encoding="utf-8")
    (root / "transcript.md").write_text(transcript(), encoding="utf-8")
    (root / "huge.md").write_text("---\ntitle: Huge\n---\n" + "word " * 300_000,
                                  encoding="utf-8")
    window = make_window(root, "Small")
    # The time is the bench's to measure (bench_render: ~0.8 s of CPU); two busy cores
    # shared by other test runs must not turn it into the time-budget fallback here.
    window.pages.budget = 20.0
    window.open_note("transcript.md")
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, ".render-error") == ""
    assert run_js(qtbot, window.view, "document.querySelectorAll('a.ts').length") == 10_000
    assert not any("transcript.md" in row for row in _rows(window))
    window.open_note("huge.md")
    wait_painted(qtbot, window)
    assert "too large to format" in page_text(qtbot, window.view, ".render-error")
    qtbot.waitUntil(lambda: any(row.startswith("huge.md") and "too large to format" in row
                                and "shown as plain text" in row for row in _rows(window)),
                    timeout=5000)
