"""The parse worker's own timestamp scan stands in for search_doc's (issue 14): same doc."""

from __future__ import annotations

from pathlib import Path

from viewer.core.search_text import STAMP, search_doc
from viewer.core.vault import _read

NOTE = (
    "---\ntitle: Talk\nvideo_id: abcdefghijk\n---\n# Part one\n"
    "See https://www.youtube.com/watch?v=abcdefghijk&t=75s for the start.\n\n"
    "And https://youtu.be/zyxwvutsrqp?t=10 elsewhere, `code`.\n"
)


def test_scanned_timestamps_give_the_same_doc(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(NOTE, encoding="utf-8")
    scanned: list = []
    record, data = _read(tmp_path, "talk.md", scanned)
    assert scanned and scanned[0][1], "the parser's scan was handed over"
    fresh, reused = search_doc(record, data), search_doc(record, data, scanned)
    assert reused.to_tuple() == fresh.to_tuple()
    assert list(reused.stamps) == [75, 10] and reused.body.count(STAMP) == 2


def test_a_scan_of_another_body_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "talk.md").write_text(NOTE, encoding="utf-8")
    record, data = _read(tmp_path, "talk.md")
    wrong = [("another body", [(0, 3, 99, None)])]
    assert search_doc(record, data, wrong).to_tuple() == search_doc(record, data).to_tuple()
