"""Context of a link or timestamp: its sentence or list item, its heading, the nearest
timestamp in its block. Computed on demand from a parsed note.

Bounded work (issue 11): one span costs at most the size of its block; what a block needs
(its bounds, its sentence breaks) is kept on the note, so the contexts of all the spans of
a note cost one pass over it; a sentence is cut to about MAX_SENTENCE characters around its
span, so that no hover text or mention repeats a huge paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from viewer.core.note import Heading, Link, Note, Timestamp, readable_target
from viewer.core.parser import WIKILINK
from viewer.core.textscan import html_anchors, sub_before_last, sub_markdown_links
from viewer.core.timecode import format_time, parse_time

MAX_SENTENCE = 400  # characters kept around a span of a longer sentence (none of the
# generated vault's sentences is that long: ordinary notes keep their whole sentences)
ELLIPSIS = "…"

# A list item, heading, quote or table row starts a block of its own.
_ITEM_START = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+|[ \t]{0,3}#{1,6}[ \t]|[ \t]*[>|]")
_HEADING_LINE = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
# Words ending in "." that do not end a sentence (lower-cased), e.g. "См. [[x]]", "т.е.".
ABBREVIATIONS = frozenset({
    "см.", "ср.", "т.е.", "т.д.", "т.п.", "т.к.", "т.н.", "др.", "пр.", "г.", "гг.", "в.",
    "вв.", "стр.", "рис.", "напр.", "им.", "e.g.", "i.e.", "cf.", "vs.", "mr.", "mrs.",
    "ms.", "dr.", "prof.", "st.", "no.", "fig.", "p.", "pp.", "approx.", "ca.", "z.b.",
    "d.h.", "bzw.", "u.a.", "vgl."})
_ABBREVIATION_LONGEST = max(len(a) for a in ABBREVIATIONS)
_TIME_IN_BRACKETS = re.compile(r"\[\d{1,2}:\d{2}(?::\d{2})?\]")
# A timestamp after one of these words is part of the sentence ("at 1:02"), not its end.
_TIME_WORDS = frozenset({
    "at", "from", "to", "until", "till", "since", "around", "about", "after", "before",
    "by", "near", "in", "on", "and", "or", "в", "с", "со", "до", "на", "от", "около",
    "после", "по", "к", "и", "или", "um", "ab", "bis", "à", "vers"})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[^\s])")
_TAG = re.compile(r"<[^>]*>")  # applied only up to the text's last ">" (sub_before_last)
_YT_TIMESTAMP = re.compile(r"yt-timestamp", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+|~~)")
_SPACE_PUNCT = re.compile(r"\s+([.,;:!?])")
_MARKER = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)]|#{1,6}|>)[ \t]+")
_SNAP = 40  # how far an excerpt's edge may move to fall between words


@dataclass(frozen=True)
class Context:
    """Where something stands: sentence (plain text), heading, nearest timestamp
    in the same block (the next one, else the last before)."""

    sentence: str
    heading: Heading | None
    timestamp: Timestamp | None
    block: tuple[int, int]


def block_at(body: str, offset: int) -> tuple[int, int]:
    """(start, end) of the paragraph or list item containing `offset`; O(its size)."""
    start = body.rfind("\n", 0, offset) + 1
    while start > 0 and not _ITEM_START.match(body, start):
        previous = body.rfind("\n", 0, start - 1) + 1
        # A heading is a block of its own: the paragraph under it does not run into it.
        if not body[previous:start].strip() or _HEADING_LINE.match(body, previous):
            break
        start = previous
    end = body.find("\n", offset)
    end = len(body) if end < 0 else end
    while end < len(body) and not _HEADING_LINE.match(body, start):
        following = body.find("\n", end + 1)
        following = len(body) if following < 0 else following
        line_start = end + 1
        if not body[line_start:following].strip() or _ITEM_START.match(body, line_start):
            break
        end = following
    return start, end


def sentence_at(body: str, start: int, end: int, block: tuple[int, int]) -> str:
    """The plain text of the sentence of `block` that holds body[start:end], cut to about
    MAX_SENTENCE characters around the span (with an ellipsis where cut). O(block size)."""
    return _sentence(body, start, end, block, _sentence_breaks(body, block), ())


def plain_text(markdown: str) -> str:
    """Markdown/HTML to readable plain text (labels kept, markup dropped). Linear time."""
    text = WIKILINK.sub(lambda m: _label(m.group(1)), markdown)
    text = sub_markdown_links(text, lambda label: label)
    text = sub_before_last(_TAG, _stamps_as_text(text))
    text = _MARKER.sub("", text)
    if text.lstrip().startswith("|"):  # a table row: its cells, not its pipes
        text = " · ".join(c.strip() for c in text.strip().strip("|").split("|") if c.strip())
    text = _EMPHASIS.sub("", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return _SPACE_PUNCT.sub(r"\1", " ".join(text.split()))


def heading_text(text: str) -> str:
    """A heading as breadcrumbs and the Outline show it: without the `[00:01:02]` of a
    timestamp written in it. Linear time."""
    return " ".join(_TIME_IN_BRACKETS.sub(" ", text).split()) or text.strip()


def heading_at(note: Note, offset: int) -> Heading | None:
    """The heading `offset` stands under (`note.headings` in document order); O(log n)."""
    pos = bisect.bisect_right(note.headings, offset, key=lambda h: h.start) - 1
    return note.headings[pos] if pos >= 0 else None


def context_at(note: Note, start: int, end: int) -> Context:
    """Context of the span body[start:end] of `note`: O(size of its block) the first time
    a block is met, then O(log n + MAX_SENTENCE) for each span in it."""
    layout = _layout(note)
    block = layout.block(start)
    near = _near_timestamp(note.timestamps, start, end, block)
    sentence = _sentence(note.body, start, end, block, layout.breaks(block), layout.spans(note))
    return Context(sentence, heading_at(note, start), near, block)


def contexts_for(note: Note, spans: Iterable[tuple[int, int]]) -> list[Context]:
    """Contexts of many spans (start, end) of `note`, in one pass over their blocks."""
    return [context_at(note, start, end) for start, end in spans]


def link_contexts(note: Note, target: str | None = None) -> list[tuple[Link, Context]]:
    """Every link of `note` (or those to `target`) with its context; linear in the note."""
    links = [link for link in note.links if target is None or link.target == target]
    return list(zip(links, contexts_for(note, ((link.start, link.end) for link in links))))


def passage_at(note: Note, seconds: float) -> int:
    """Index of the note's timestamp of its own video with the latest time <= `seconds`
    (by time, not document order; the first of equal times); -1 if none. O(log n) after
    the first call on a note."""
    times, indexes = _layout(note).passages(note)
    pos = bisect.bisect_right(times, seconds) - 1
    return indexes[pos] if pos >= 0 else -1


class _Layout:
    """What contexts of one note share: blocks met so far, their sentence breaks, the
    note's span offsets and its passages by time. Kept on the note (`Note.derived`)."""

    __slots__ = ("body", "starts", "blocks", "_breaks", "_spans", "_passages")

    def __init__(self, body: str) -> None:
        self.body = body
        self.starts: list[int] = []  # sorted starts of self.blocks
        self.blocks: list[tuple[int, int]] = []
        self._breaks: dict[tuple[int, int], list[int]] = {}
        self._spans: tuple[list[int], list[int], tuple[int, ...], object, object] | None = None
        self._passages: tuple[object, int, str | None, list[int], list[int]] | None = None

    def block(self, offset: int) -> tuple[int, int]:
        """`block_at(body, offset)`, remembered."""
        k = bisect.bisect_right(self.starts, offset) - 1
        if k >= 0 and offset <= self.blocks[k][1]:
            return self.blocks[k]
        block = block_at(self.body, offset)
        # A block met from a blank line takes that line in (and is not the block of the
        # other lines): only blocks of text lines, which hold no blank line, are kept.
        line_start = self.body.rfind("\n", 0, offset) + 1
        line_end = self.body.find("\n", offset)
        if self.body[line_start:len(self.body) if line_end < 0 else line_end].strip():
            self.starts.insert(k + 1, block[0])
            self.blocks.insert(k + 1, block)
        return block

    def breaks(self, block: tuple[int, int]) -> list[int]:
        """`_sentence_breaks(body, block)`, remembered."""
        found = self._breaks.get(block)
        if found is None:
            found = self._breaks[block] = _sentence_breaks(self.body, block)
        return found

    def spans(self, note: Note) -> tuple[list[int], list[int]]:
        """(starts, ends) of the note's links and timestamps in document order: an excerpt
        never cuts one in half."""
        links, stamps = note.links, note.timestamps
        cached = self._spans
        if cached is None or cached[2] != (id(links), len(links), id(stamps), len(stamps)) \
                or cached[3] is not links or cached[4] is not stamps:
            pairs = sorted([(link.start, link.end) for link in links]
                           + [(t.start, t.end) for t in stamps])
            cached = self._spans = ([a for a, _ in pairs], [b for _, b in pairs],
                                    (id(links), len(links), id(stamps), len(stamps)), links, stamps)
        return cached[0], cached[1]

    def passages(self, note: Note) -> tuple[list[int], list[int]]:
        """(times, indexes): for each distinct time of the note's own video, ascending, the
        index of the first timestamp at that time."""
        stamps, video_id = note.timestamps, note.video_id
        cached = self._passages
        if cached is None or cached[0] is not stamps or cached[1] != len(stamps) \
                or cached[2] != video_id:
            first: dict[int, int] = {}
            for i, stamp in enumerate(stamps):
                if stamp.video_id == video_id and stamp.seconds >= 0:
                    first.setdefault(stamp.seconds, i)
            times = sorted(first)
            cached = self._passages = (stamps, len(stamps), video_id, times,
                                       [first[t] for t in times])
        return cached[3], cached[4]


def _layout(note: Note) -> _Layout:
    layout = note.derived.get("context")
    if not isinstance(layout, _Layout) or layout.body is not note.body:
        layout = note.derived["context"] = _Layout(note.body)
    return layout


def _near_timestamp(stamps: list[Timestamp], start: int, end: int,
                    block: tuple[int, int]) -> Timestamp | None:
    """The first timestamp of the block at or after `end`, else its last one (the span
    itself left out): the timestamp closing a sentence belongs to what precedes it."""
    lo = bisect.bisect_left(stamps, block[0], key=lambda t: t.start)
    hi = bisect.bisect_left(stamps, block[1], lo, key=lambda t: t.start)
    after = bisect.bisect_left(stamps, end, lo, hi, key=lambda t: t.start)
    for i in range(after, hi):
        if (stamps[i].start, stamps[i].end) != (start, end):
            return stamps[i]
    for i in range(hi - 1, lo - 1, -1):
        if (stamps[i].start, stamps[i].end) != (start, end):
            return stamps[i]
    return None


def _sentence_breaks(body: str, block: tuple[int, int]) -> list[int]:
    """Offsets (from the block's start) where the block's sentences start, and its length."""
    text = body[block[0]:block[1]]
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)
                  if not _abbreviation_before(text, m.start())] + [len(text)]


def _abbreviation_before(text: str, stop: int) -> bool:
    """Whether the "." before `stop` closes an abbreviation ("См.", "e.g.") rather than a
    sentence, or the text goes on in lower case. Looks at most a few characters each side."""
    if stop <= 0 or text[stop - 1] != ".":
        return False
    after = stop
    while after < len(text) and after < stop + 8 and text[after] in "\"'”’) \t\n":
        after += 1
    if after < len(text) and text[after].islower():
        return True
    begin = stop - 1
    limit = max(0, stop - _ABBREVIATION_LONGEST - 1)
    while begin > limit and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        begin -= 1
    if begin > 0 and (text[begin - 1].isalpha() or text[begin - 1] == "."):
        return False  # a longer word than any abbreviation
    return text[begin:stop].lower() in ABBREVIATIONS


def _sentence(body: str, start: int, end: int, block: tuple[int, int], breaks: list[int],
              spans: tuple[list[int], list[int]] | tuple[()]) -> str:
    base = block[0]
    pos = max(0, bisect.bisect_right(breaks, start - base) - 1)
    # A timestamp often sits after its sentence's full stop: keep it with that sentence.
    stop = min(len(breaks) - 1, max(pos + 1, bisect.bisect_left(breaks, end - base)))
    sentence = _excerpt(body, base + breaks[pos], base + breaks[stop], start, end, spans)
    return sentence or _excerpt(body, block[0], block[1], start, end, spans)


def _excerpt(body: str, lo: int, hi: int, start: int, end: int,
             spans: tuple[list[int], list[int]] | tuple[()]) -> str:
    """Plain text of body[lo:hi], or when longer than MAX_SENTENCE, of about MAX_SENTENCE
    characters of it around body[start:end], cut between words and outside links and
    timestamps, with an ellipsis at each cut."""
    if hi - lo <= 4 * MAX_SENTENCE:  # markup often makes the plain text much shorter
        text = plain_text(body[lo:hi])
        if len(text) <= MAX_SENTENCE:
            return text
    half = MAX_SENTENCE // 2
    a = max(lo, min(start - half, hi - MAX_SENTENCE))
    b = min(hi, max(end + half, a + MAX_SENTENCE))
    if a > lo:
        space = _space_after(body, a, min(start, a + _SNAP))
        a = space if space >= 0 else a
    if b < hi:
        space = _space_before(body, max(end, b - _SNAP), b)
        b = space if space >= 0 else b
    if spans:
        starts, ends = spans
        k = bisect.bisect_right(starts, a) - 1  # a span holding `a`: start after it
        if a > lo and k >= 0 and a < ends[k] <= start:
            a = ends[k]
        k = bisect.bisect_left(starts, b) - 1  # a span holding `b`: end before it
        if b < hi and k >= 0 and b < ends[k] and starts[k] >= end:
            b = starts[k]
    text = plain_text(body[a:b])
    if not text:
        return ""
    return (ELLIPSIS if a > lo else "") + text + (ELLIPSIS if b < hi else "")


def _space_after(body: str, a: int, limit: int) -> int:
    for i in range(a, limit):
        if body[i].isspace():
            return i + 1
    return -1


def _space_before(body: str, limit: int, b: int) -> int:
    for i in range(b - 1, limit - 1, -1):
        if body[i].isspace():
            return i
    return -1


def _stamps_as_text(text: str) -> str:
    """`text` without its `yt-timestamp` anchors (`<a\\s[^>]*yt-timestamp[^>]*>[^<]*</a\\s*>`,
    case-insensitive), except that an anchor the sentence reads as a time ("at <a…>[00:01:02]
    </a> and again at …", after "at", "from", "until"…) becomes its time in words ("at 1:02"),
    not a hole. The others close a clause: the page shows their time as a chip. Linear."""
    if "<" not in text:
        return text
    anchors = html_anchors(text, lambda t, s, e: _YT_TIMESTAMP.search(t, s, e) is not None)
    if not anchors:
        return text
    parts, last = [], 0
    for start, inner_start, inner_end, end in anchors:
        parts.append(text[last:start])
        if _word_before(text, start) in _TIME_WORDS:
            parts.append(_time_words(text[inner_start:inner_end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _time_words(inner: str) -> str:
    """A chip's text "[00:01:02]" as "1:02" (as written when it is not a time)."""
    written = inner.strip().strip("[]").strip()
    seconds = parse_time(written)
    return format_time(seconds) if seconds is not None else written


def _word_before(text: str, end: int) -> str:
    """The word (lower case) right before `end`, past spaces; looks back a few characters."""
    stop = end
    while stop > 0 and end - stop < 16 and text[stop - 1].isspace():
        stop -= 1
    begin = stop
    while begin > 0 and stop - begin < 12 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:stop].lower()


def _label(inner: str) -> str:
    target, _, label = inner.replace("\\|", "|").partition("|")
    return label.strip() or readable_target(target.split("#")[0].strip()) or target.strip()
