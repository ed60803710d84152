"""The parse worker's own timestamp scan stands in for search_doc's (issue 14): same doc."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    assert scanned and scanned[0][2], "the parser's scan was handed over"
    fresh, reused = search_doc(record, data), search_doc(record, data, scanned)
    assert reused.to_tuple() == fresh.to_tuple()
    assert list(reused.stamps) == [75, 10] and reused.body.count(STAMP) == 2


@pytest.mark.parametrize("text", [
    "---\ntitle: Plain\n---\nSee [[other]] <a class=\"yt-timestamp\" data-t=\"01:02\">[01:02]</a>\n",
    "---\r\ntitle: CRLF\r\ntags: [a, b]\r\n---\r\n# Head\r\nbody `code` <b>x</b>\r\n",
    "no front matter, caf\u00e9 \u6771\u4eac\n\n## H\ntext\n",
    "---\ntitle: Open fence\nbody\n",
    "---\ntitle: Embed\n---\n![[picture.png]] and [[link]]\n",  # the full parse: nothing handed
])
def test_the_handed_over_body_gives_the_same_doc(tmp_path: Path, text: str) -> None:
    (tmp_path / "n.md").write_bytes(text.encode("utf-8"))
    scanned: list = []
    record, data = _read(tmp_path, "n.md", scanned)
    assert search_doc(record, data, scanned).to_tuple() == search_doc(record, data).to_tuple()
