"""A note over the renderer's size guard is answered from its first 200 KB, never rendered
in full only to be replaced (issue 11: 1 MB of `&amp; ` took the worker 1.6 s that way)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from viewer.render import jobs
from viewer.render.jobs import NoteJob, NoteResult, run


def test_a_note_over_the_size_guard_is_not_rendered(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "big.md").write_text("---\ntitle: Big\n---\n" + "&amp; " * 250_000,
                                     encoding="utf-8")

    def never(*_args: object) -> None:
        raise AssertionError("render_note called for a note over the size guard")

    monkeypatch.setattr(jobs, "render_note", never)
    result = run(NoteJob(str(tmp_path), "big.md"))
    assert isinstance(result, NoteResult)
    assert result.note.title == "Big"
    assert "too large to format (1,500,000 characters" in result.rendered.html
    assert result.rendered.plain_reason.startswith("too large to format")
    assert "Showing the first 200 KB of 1.4 MB." in result.rendered.html
    assert len(result.rendered.html) < 400_000  # 200 KB, escaped


def test_a_small_note_is_still_rendered(tmp_path: Path) -> None:
    (tmp_path / "small.md").write_text("---\ntitle: Small\n---\n# Head\n\n*a* &amp; b\n",
                                       encoding="utf-8")
    result = run(NoteJob(str(tmp_path), "small.md"))
    assert isinstance(result, NoteResult)
    assert "<em>a</em>" in result.rendered.html and "render-error" not in result.rendered.html
    assert [h[1] for h in result.rendered.headings] == ["Head"]


def test_a_note_as_text_comes_in_parts_of_lines(tmp_path: Path) -> None:
    """100k short lines in one <pre> took the page ~1 s to lay out: parts of PART_LINES
    lines let it lay out only those in view (note.js); the text is unchanged."""
    text = "#\n" * 60_000 + "a\r\nb &lt; <i>"
    (tmp_path / "lines.md").write_text(text, encoding="utf-8", newline="")
    page = jobs.plain_text_html(str(tmp_path), "lines.md", "why")
    parts = re.findall(r'<span class="part" data-lines="(\d+)">(.*?)</span>', page, re.S)
    assert len(parts) == 60_002 // jobs.PART_LINES + 1
    assert all(int(n) == p.count("\n") + (not p.endswith("\n")) <= jobs.PART_LINES
               for n, p in parts)
    assert html.unescape("".join(p for _, p in parts)) == text
