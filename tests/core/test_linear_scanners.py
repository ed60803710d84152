"""The linear scanners find what the regexes they replace found (issue 11).

The reference regexes below are the parser's and context's before the change: on
generated inputs made of their own pieces, the scanners must give the same matches.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.core import context, parser
from viewer.core.context import context_at, contexts_for, link_contexts, passage_at, plain_text
from viewer.core.front_matter import meta_line
from viewer.core.note import Note, Timestamp
from viewer.core.parser import parse_text
from viewer.core.textscan import (
    bracket_matches,
    fenced_blocks,
    html_anchors,
    sub_before_last,
    sub_markdown_links,
)
from viewer.core.timecode import _parse_url, parse_youtube_url

OLD_FENCED_CODE = re.compile(
    r"^[ \t]{0,3}(?P<f>`{3,}|~{3,})[^\n]*\n.*?^[ \t]{0,3}(?P=f)[`~]*[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
OLD_ANCHOR = re.compile(
    r"<a\s[^>]*?\bclass\s*=\s*[\"'][^\"'>]*\byt-timestamp\b[^\"'>]*[\"'][^>]*>"
    r"(?P<inner>[^<]{0,200})</a\s*>",
    re.IGNORECASE,
)
OLD_STAMP = re.compile(r"<a\s[^>]*yt-timestamp[^>]*>[^<]*</a\s*>", re.IGNORECASE)
OLD_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
OLD_TAG = re.compile(r"<[^>]*>")
OLD_INLINE_MARKUP = re.compile(r"<[^>]*>|[*_`]+")

FENCE_LINES = ["```", "````", "`````", "~~~", "~~~~", "```a", " ```", "   ~~~", "    ```",
               "\t```", "x", "", "``` `", "```~~", "~~~```", "``` ", "```\t", "[[l]]", "`x`",
               "``a", "~~~ a"]
ANCHOR_PIECES = ["<a ", "<A\n", "<a\t", "class", "CLASS", "data-class", "=", " = ", "'", '"',
                 "yt-timestamp", "yt-timestamps", "x-yt-timestamp", " other", ">", "<", "</a>",
                 "</A >", "</a", "[0:01]", "x", " ", "data-t='5'", "\n", "a" * 150]
LINK_PIECES = ["[", "]", "(", ")", "](", "!", "x", " ", "\n", "youtu.be/8sGHxZkZReo?t=5",
               "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=83s", "<", ">", '"t"', "[[", "]]"]
TAG_PIECES = ["<", ">", "<b>", "x", "*", "_", "`", " ", "<<", ">>", "\n"]

SCANNERS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def joined(pieces: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


@SCANNERS
@given(st.lists(st.sampled_from(FENCE_LINES), max_size=14), st.booleans())
def test_fenced_blocks_equal_the_fence_regex(lines: list[str], newline_at_end: bool) -> None:
    text = "\n".join(lines) + ("\n" if newline_at_end else "")
    assert fenced_blocks(text) == [m.span() for m in OLD_FENCED_CODE.finditer(text)]


def test_fence_rules() -> None:
    assert fenced_blocks("````\ncode\n```\n") == [(0, 13)]  # a shorter fence, as before
    assert fenced_blocks("```\n[[x]]\n") == []  # unclosed: text, as Python-Markdown reads it
    assert fenced_blocks("~~~\n```\n~~~~\n") == [(0, 12)]
    assert fenced_blocks("    ```\nx\n```\n") == []  # four spaces: not a fence


@SCANNERS
@given(joined(ANCHOR_PIECES))
def test_anchor_scanner_equals_the_anchor_regexes(text: str) -> None:
    found = html_anchors(text, parser._yt_class_tag, 200)
    assert found == [(m.start(), m.start("inner"), m.end("inner"), m.end())
                     for m in OLD_ANCHOR.finditer(text)]
    yt = re.compile("yt-timestamp", re.IGNORECASE)
    stamps = html_anchors(text, lambda t, s, e: yt.search(t, s, e) is not None)
    assert [(a, d) for a, _, _, d in stamps] == [m.span() for m in OLD_STAMP.finditer(text)]


@SCANNERS
@given(joined(LINK_PIECES))
def test_link_scanners_equal_the_link_regexes(text: str) -> None:
    assert [m.span() for m in bracket_matches(text, parser._MD_YT_LINK)] == \
        [m.span() for m in parser._MD_YT_LINK.finditer(text)]
    assert sub_markdown_links(text, str.upper) == OLD_MD_LINK.sub(lambda m: m.group(1).upper(), text)


@SCANNERS
@given(joined(TAG_PIECES))
def test_tag_stripping_equals_the_tag_regexes(text: str) -> None:
    assert sub_before_last(OLD_TAG, text) == OLD_TAG.sub("", text)
    assert sub_before_last(OLD_INLINE_MARKUP, text, rest=re.compile(r"[*_`]+")) == \
        OLD_INLINE_MARKUP.sub("", text)


@SCANNERS
@given(joined(["https://", "http://", "www.", "m.", "youtu.be/", "youtube.com/watch?v=",
               "8sGHxZkZReo", "abc", "?t=", "&t=", "83", "0083", "1234567", "s", "#t=5", "&x=1",
               "/", "YouTu.be/"], 7))
def test_youtube_url_shortcut_equals_urllib(url_str: str) -> None:
    assert parse_youtube_url(url_str) == _parse_url(url_str)


def test_meta_line_names_the_key_line_not_a_blank_line_above() -> None:
    assert meta_line("title: T\n\n\nvideoId: x\n", "videoId") == 5
    assert meta_line("title: T\n  video_id : x\n", "video_id") == 3
    assert meta_line("title: T\n", "videoId") == 1
    note = parse_text("x.md", "---\ntitle: T\n\nvideo_id: bad\n---\nbody")
    assert [p.line for p in note.problems if "video id" in p.message] == [4]


def test_many_bad_timestamps_have_their_lines() -> None:
    body = "".join(f'line {i} <a class="yt-timestamp" data-t="x{i}">[?]</a>\n' for i in range(50))
    note = parse_text("x.md", "---\ntitle: T\n---\n" + body)
    assert [p.line for p in note.problems] == list(range(4, 54))


SENTENCE_PIECES = ["[[a]]", "[[b|B]]", " ", "\n", "\n\n", "- ", "1. ", "# ", "> ", "Word", ". ",
                   "! ", '." ', "*", "`", '<a class="yt-timestamp" data-t="00:01:02">[0:01]</a>',
                   "https://youtu.be/8sGHxZkZReo?t=5", "[l](u)", "<b>", "&amp;", "<", "["]


def old_context(note: Note, start: int, end: int) -> tuple[object, ...]:
    """The context as the old code computed it, scanning everything per call."""
    block = context.block_at(note.body, start)
    in_block = [t for t in note.timestamps
                if block[0] <= t.start < block[1] and (t.start, t.end) != (start, end)]
    after = [t for t in in_block if t.start >= end]
    near = after[0] if after else (in_block[-1] if in_block else None)
    headings = [h for h in note.headings if h.start <= start]
    return (context.sentence_at(note.body, start, end, block),
            headings[-1] if headings else None, near, block)


@SCANNERS
@given(joined(SENTENCE_PIECES, 60))
def test_contexts_equal_a_full_rescan(body: str) -> None:
    note = parse_text("x.md", "---\ntitle: T\nvideoId: 8sGHxZkZReo\n---\n" + body)
    spans = [(link.start, link.end) for link in note.links] + \
        [(t.start, t.end) for t in note.timestamps]
    for (start, end), got in zip(spans, contexts_for(note, spans)):
        assert (got.sentence, got.heading, got.timestamp, got.block) == \
            old_context(note, start, end)
    assert [c for _, c in link_contexts(note)] == \
        [context_at(note, link.start, link.end) for link in note.links]


@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), max_size=30),
       st.floats(-2, 60, allow_nan=False))
def test_passage_at_equals_a_scan(stamps: list[tuple[int, bool]], seconds: float) -> None:
    note = Note("x.md", "T", "t", video_id="aaaaaaaaaaa")
    note.timestamps = [Timestamp(s, "aaaaaaaaaaa" if own else "bbbbbbbbbbb", i, i + 1, "url")
                       for i, (s, own) in enumerate(stamps)]
    best, best_time = -1, -1
    for i, stamp in enumerate(note.timestamps):
        if stamp.video_id == note.video_id and best_time < stamp.seconds <= seconds:
            best, best_time = i, stamp.seconds
    assert passage_at(note, seconds) == best


def test_contexts_follow_a_changed_note() -> None:
    note = parse_text("x.md", "a [[x]] b.\n\nc [[y]] d.")
    assert context_at(note, note.links[0].start, note.links[0].end).sentence == "a x b."
    changed = parse_text("x.md", "e [[x]] f.")
    note.body, note.links = changed.body, changed.links
    assert context_at(note, note.links[0].start, note.links[0].end).sentence == "e x f."


def test_long_sentence_is_cut_around_its_span_outside_links() -> None:
    words = " ".join(f"w{i} [[link {i}]]" for i in range(200))
    note = parse_text("x.md", words + ". Next.")
    link = note.links[100]
    sentence = context_at(note, link.start, link.end).sentence
    assert sentence.startswith("…") and sentence.endswith("…")
    assert len(sentence) <= context.MAX_SENTENCE + 2 and "link 100" in sentence
    assert "[" not in sentence and "]" not in sentence
    assert plain_text("<a class='yt-timestamp' data-t='1'>[0:01]</a> said") == "said"
