"""Snippets of a search hit: the passages with matches, cleaned for reading.

Input is FTS5's highlight() of a note's stored body (see `search_text`): the note's Markdown,
lines kept, timestamps as STAMP, matches between MATCH_OPEN and MATCH_CLOSE. Work is bounded
by what is shown: at most MAX_MARKS matches are looked at, a block is followed for at most
MAX_LINES lines each way, and only about WINDOW characters around a match are cleaned.
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass

from viewer.core.note import readable_target
from viewer.core.search_text import CJK_SEP, MATCH_CLOSE, MATCH_OPEN, STAMP

MAX_SNIPPETS = 3
SNIPPET_CHARS = 220  # characters of a passage shown around its first match
_LEAD_CHARS = 60  # of them, before the match
MAX_MARKS = 24
MAX_LINES = 20
WINDOW = 360  # characters cleaned after a match (a third of it before)
LINK_SLACK = 300  # characters a window may grow by to end after a wiki link it cut
_BLOCK_START = re.compile(r"[ \t]*(?:[*+-][ \t]|\d{1,9}[.)][ \t]|[>|]|#{1,6}[ \t])")
_HEADING = re.compile(r"[ ]{0,3}#{1,6}[ \t]")
_LEAD = re.compile(r"[ \t]*(?:(?:[*+-]|\d{1,9}[.)]|>|#{1,6})[ \t]+)+")
_WIKILINK = re.compile(r"\[\[([^\[\]\n]*)\]\]")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")
_SPACE_PUNCT = re.compile(r" ([.,;:!?])")
_CONTROL = re.compile(r"[\x00\x01\x04-\x08\x0b-\x1f\x7f]")  # all but the match marks
_DROPPED = (STAMP, CJK_SEP, "**", "__", "~~", "`")


@dataclass(frozen=True)
class Snippet:
    """One passage of a hit.

    `segments`: [(plain text, is_match)], to be escaped by whoever shows them; `heading`: the
    heading the passage stands under (None before the first); `seconds`: the passage's
    timestamp (the next one in its block after the match, else the last before it; None if
    its block has none); `video_id`: that timestamp's video; `line`: 1-based file line of
    the first match; `match_text`: the first matched words as written in the note (for
    find-in-page highlighting).
    """

    segments: list[tuple[str, bool]]
    heading: str | None
    seconds: int | None
    video_id: str | None
    line: int
    match_text: str

    @property
    def text(self) -> str:
        """The passage as plain text."""
        return "".join(text for text, _ in self.segments)


def snippets(marked: str, body_line: int, stamps: array,
             stamp_videos: dict[int, str | None], video_id: str | None) -> list[Snippet]:
    """Up to MAX_SNIPPETS passages of `marked` (a highlighted body) in document order: the
    lines with most matches, each shown within its block."""
    if MATCH_OPEN not in marked:
        return []
    # One pass over the lines: the start of each, the headings, the matches per line.
    per_line: list[tuple[int, int]] = []  # (-matches, line start)
    heads: list[tuple[int, str]] = []  # (line start, heading line)
    offset = marks = 0
    for line in marked.split("\n"):
        if line[:1] == "#" or (line[:1] == " " and line.lstrip(" ")[:1] == "#"):
            if _HEADING.match(line):
                heads.append((offset, line))
        if MATCH_OPEN in line:
            count = line.count(MATCH_OPEN)
            per_line.append((-count, offset))
            marks += count
            if marks >= MAX_MARKS:  # enough to choose from; headings past here are not needed
                break
        offset += len(line) + 1
    best = sorted(per_line)[:MAX_SNIPPETS]
    found: list[tuple[int, Snippet]] = []
    for _count, line_start in sorted(best, key=lambda item: item[1]):
        at = marked.index(MATCH_OPEN, line_start)
        start, end = _block(marked, at)
        heading = None
        k = bisect.bisect_right(heads, (at, "")) - 1
        if k >= 0:
            heading = _plain(_HEADING.sub("", heads[k][1], 1)) or None
        seconds = vid = None
        after = marked.find(STAMP, at, end)
        before = marked.rfind(STAMP, start, at)
        pick = after if after >= 0 else before
        if pick >= 0:
            number = marked.count(STAMP, 0, pick)
            if number < len(stamps):
                seconds = stamps[number]
                vid = stamp_videos.get(number, video_id)
        lo, hi = _outside_links(marked, start, max(start, at - WINDOW // 3),
                                min(end, at + WINDOW), end)
        segments = _window(_segments(_clean(marked[lo:hi], lo == start)), lo > start, hi < end)
        line = body_line + marked.count("\n", 0, at)
        found.append((at, Snippet(segments, heading, seconds, vid, line,
                                  next((t for t, m in segments if m), ""))))
    return [snippet for _, snippet in found]


def _outside_links(text: str, start: int, lo: int, hi: int, end: int) -> tuple[int, int]:
    """A window [lo, hi) of the block [start, end) moved out of the wiki links it cut: a cut
    inside one showed its rest raw ("…checker]] to retain"). `lo` goes back to the link's
    "[["; `hi` on to its "]]" (LINK_SLACK characters at most, else back before the link)."""
    opened = text.rfind("[[", start, lo)
    if opened >= 0 and text.rfind("]]", opened, lo) < 0:
        lo = opened
    opened = text.rfind("[[", lo, hi)
    if opened >= 0 and text.find("]]", opened, hi) < 0:
        closed = text.find("]]", hi - 1, min(end, hi + LINK_SLACK))
        hi = closed + 2 if closed >= 0 else opened
    return lo, hi


def _block(text: str, at: int) -> tuple[int, int]:
    """[start, end) of the block (paragraph, list item, heading) holding offset `at`."""
    start = text.rfind("\n", 0, at) + 1
    for _ in range(MAX_LINES):
        if start == 0 or _BLOCK_START.match(text, start):
            break
        above = text.rfind("\n", 0, start - 1) + 1
        line = text[above:start - 1]
        if not line.strip() or _HEADING.match(line):
            break
        start = above
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    if _HEADING.match(text, text.rfind("\n", 0, at) + 1):
        return start, end
    for _ in range(MAX_LINES):
        if end >= len(text):
            break
        below = text.find("\n", end + 1)
        below = len(text) if below < 0 else below
        line = text[end + 1:below]
        if not line.strip() or _BLOCK_START.match(line):
            break
        end = below
    return start, end


def _label(match: re.Match[str]) -> str:
    """What a wiki link shows; marked as a match when only its target matched."""
    inner = match.group(1)
    target, bar, label = inner.replace("\\|", "|").partition("|")
    shown = label.strip() if bar else readable_target(target.partition("#")[0].strip())
    if MATCH_OPEN in target and MATCH_OPEN not in shown:
        bare = shown.replace(MATCH_CLOSE, "")
        return f"{MATCH_OPEN}{bare}{MATCH_CLOSE}" if bare else bare
    return shown or target


def _clean(text: str, block_start: bool) -> str:
    """Markdown of a passage as plain text (marks kept)."""
    if block_start:
        lead = _LEAD.match(text)
        if lead:
            text = text[lead.end():]
    if "[[" in text:
        text = _WIKILINK.sub(_label, text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    for mark in _DROPPED:  # str.replace: 20x faster than a regex or str.translate here
        if mark in text:
            text = text.replace(mark, "")
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    return _SPACE_PUNCT.sub(r"\1", text) if " " in text else text


def _plain(heading: str) -> str:
    text = _segments(_clean(heading, False))
    return "".join(t for t, _ in text).rstrip("#").strip()


def _segments(marked: str) -> list[tuple[str, bool]]:
    """(text, is_match) pieces of a highlighted passage."""
    parts = marked.split(MATCH_OPEN)
    segments: list[tuple[str, bool]] = []
    if parts[0]:
        segments.append((parts[0].replace(MATCH_CLOSE, ""), False))
    for part in parts[1:]:
        matched, _, rest = part.partition(MATCH_CLOSE)
        segments.append((matched, True))
        if rest:
            segments.append((rest.replace(MATCH_CLOSE, ""), False))
    return [(text, is_match) for text, is_match in segments if text]


def _window(segments: list[tuple[str, bool]], cut_before: bool,
            cut_after: bool) -> list[tuple[str, bool]]:
    """About SNIPPET_CHARS characters from a little before the first match, cut between
    words, with "…" where text was left out."""
    total = sum(len(text) for text, _ in segments)
    offset = 0
    for text, is_match in segments:
        if is_match:
            break
        offset += len(text)
    start = max(0, offset - _LEAD_CHARS) if total > SNIPPET_CHARS else 0
    flat = "".join(text for text, _ in segments)
    if start:
        space = flat.find(" ", start, offset)
        start = space + 1 if space >= 0 else start
    end = min(total, start + SNIPPET_CHARS)
    if end < total:
        space = flat.rfind(" ", max(start, offset + 1), end)
        end = space if space > start else end
    out: list[tuple[str, bool]] = [("…", False)] if start or cut_before else []
    position = 0
    for text, is_match in segments:
        lo, hi = max(start, position), min(end, position + len(text))
        if lo < hi:
            out.append((text[lo - position:hi - position], is_match))
        position += len(text)
    if end < total or cut_after:
        out.append(("…", False))
    return out
