"""Issue 15: text in `%% ... %%` and `<!-- ... -->` comments is hidden on the page, so it
holds no links, topics, timestamps or headings for the index either (no topic in the tree,
no backlink, no chip in the video pane). Qt-free."""

from __future__ import annotations

import pytest

from tests.core.test_growth_parse import FRONT, assert_linear, parsing, repeat
from viewer.core.index import LinkIndex
from viewer.core.parser import index_record, parse_file
from viewer.core.record import NoteRecord
from viewer.render import render_note

_HEAD = "---\ntitle: Lecture\nvideoId: 8sGHxZkZReo\n---\n"
_CHIP = '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>'

HIDDEN = {
    "inline %%": f"Seen [[Shown]] %% [[Secret]] {_CHIP} %% end\n",
    "%% over lines": f"Seen [[Shown]]\n%%\n[[Secret]] {_CHIP}\n# Draft\n%%\nend\n",
    "unclosed %%": f"Seen [[Shown]]\n%% rest [[Secret]] {_CHIP}\n",
    "html comment": f"Seen [[Shown]] <!-- [[Secret]] {_CHIP} --> end\n",
    "html comment over lines": f"Seen [[Shown]]\n<!--\n[[Secret]]\n{_CHIP}\n# Draft\n-->\n",
    "youtube link in a comment": ("Seen [[Shown]] %% [[Secret]] "
                                  "[1:02](https://youtu.be/8sGHxZkZReo?t=62) %%\n"),
}


@pytest.mark.parametrize("body", list(HIDDEN.values()), ids=list(HIDDEN))
def test_hidden_text_has_no_links_timestamps_or_headings(body: str) -> None:
    note = parse_file("lecture.md", (_HEAD + body).encode())
    assert [link.target for link in note.links] == ["shown"]
    assert note.timestamps == [] and note.bad_timestamps == []
    assert [h.text for h in note.headings] == []
    # The index's fast path reads the same as the full parse.
    record = index_record("lecture.md", (_HEAD + body).encode())
    assert record == NoteRecord.from_note(note)
    assert list(record.targets) == ["shown"] and len(record.ts) == 0
    # And the page shows neither.
    html = render_note(note, lambda _slug: "topic").html
    assert "Secret" not in html and "1:02" not in html and "Draft" not in html


@pytest.mark.parametrize("body", list(HIDDEN.values()), ids=list(HIDDEN))
def test_hidden_links_make_no_topic_and_no_backlink(body: str) -> None:
    secret = NoteRecord.from_note(parse_file("Secret.md", b"---\ntitle: Secret\n---\nx\n"))
    lecture = NoteRecord.from_note(parse_file("lecture.md", (_HEAD + body).encode()))
    index = LinkIndex()
    index.apply([secret, lecture])
    assert index.backlinks("Secret.md") == {}
    assert [slug for slug, _ in index.topics()] == ["shown"]
    assert index.video_timestamps("8sGHxZkZReo") == []


def test_code_still_opens_no_comment_and_links_after_comments_count() -> None:
    body = "`%%` [[A]] %% [[B]] %% [[C]] <!-- [[D]] --> [[E]]\n```\n%%\n```\n[[F]]\n"
    note = parse_file("n.md", (_HEAD + body).encode())
    assert [link.target for link in note.links] == ["a", "c", "e", "f"]
    assert list(index_record("n.md", (_HEAD + body).encode()).targets) == ["a", "c", "e", "f"]


GROWTH = {
    "comments holding links and chips": f"a %% [[b]] {_CHIP} %% [[c]] ",
    "html comments holding links": "a <!-- [[b]] --> [[c]] ",
    "unclosed html comments": "<!-- [[a]] ",
    "comment marks alone": "%%",
}


@pytest.mark.parametrize("unit", list(GROWTH.values()), ids=list(GROWTH))
def test_parsing_with_comments_stays_linear(unit: str) -> None:
    assert_linear(parsing(lambda n: FRONT + repeat(unit, n)))
