"""Context of a link or timestamp: its sentence or list item, its heading, the nearest
timestamp in its block. Computed on demand from a parsed note."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from viewer.core.note import Heading, Link, Note, Timestamp, readable_target
from viewer.core.parser import WIKILINK

_ITEM_START = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+|[ \t]{0,3}#{1,6}[ \t]|[ \t]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[^\s])")
_TAG = re.compile(r"<[^>]*>")
_STAMP = re.compile(r"<a\s[^>]*yt-timestamp[^>]*>[^<]*</a\s*>", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+|~~)")
_SPACE_PUNCT = re.compile(r"\s+([.,;:!?])")
_MARKER = re.compile(r"^[ \t]*(?:[*+-]|\d{1,9}[.)]|#{1,6}|>)[ \t]+")


@dataclass(frozen=True)
class Context:
    """Where something stands: sentence (plain text), heading, nearest timestamp
    in the same block (the next one, else the last before)."""

    sentence: str
    heading: Heading | None
    timestamp: Timestamp | None
    block: tuple[int, int]


def block_at(body: str, offset: int) -> tuple[int, int]:
    """(start, end) of the paragraph or list item containing `offset`."""
    start = body.rfind("\n", 0, offset) + 1
    while start > 0 and not _ITEM_START.match(body, start):
        previous = body.rfind("\n", 0, start - 1) + 1
        if not body[previous:start].strip():
            break
        start = previous
    end = body.find("\n", offset)
    end = len(body) if end < 0 else end
    while end < len(body):
        following = body.find("\n", end + 1)
        following = len(body) if following < 0 else following
        line_start = end + 1
        if not body[line_start:following].strip() or _ITEM_START.match(body, line_start):
            break
        end = following
    return start, end


def sentence_at(body: str, start: int, end: int, block: tuple[int, int]) -> str:
    """The plain text of the sentence of `block` that holds body[start:end]."""
    text = body[block[0]:block[1]]
    pieces = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    rel = start - block[0]
    pos = max(0, bisect.bisect_right(pieces, rel) - 1)
    stop = pos + 1
    # A timestamp often sits after its sentence's full stop: keep it with that sentence.
    while stop < len(pieces) - 1 and pieces[stop] < end - block[0]:
        stop += 1
    sentence = plain_text(text[pieces[pos]:pieces[stop]])
    return sentence or plain_text(text)


def plain_text(markdown: str) -> str:
    """Markdown/HTML to readable plain text (labels kept, markup dropped)."""
    text = WIKILINK.sub(lambda m: _label(m.group(1)), markdown)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _TAG.sub("", _STAMP.sub("", text))
    text = _MARKER.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return _SPACE_PUNCT.sub(r"\1", " ".join(text.split()))


def _label(inner: str) -> str:
    target, _, label = inner.replace("\\|", "|").partition("|")
    return label.strip() or readable_target(target.split("#")[0].strip()) or target.strip()


def heading_at(note: Note, offset: int) -> Heading | None:
    """The heading `offset` stands under."""
    starts = [h.start for h in note.headings]
    pos = bisect.bisect_right(starts, offset) - 1
    return note.headings[pos] if pos >= 0 else None


def context_at(note: Note, start: int, end: int) -> Context:
    """Context of the span body[start:end] of `note`."""
    block = block_at(note.body, start)
    in_block = [t for t in note.timestamps
                if block[0] <= t.start < block[1] and (t.start, t.end) != (start, end)]
    # The timestamp closing a sentence belongs to what precedes it: prefer the next one.
    after = [t for t in in_block if t.start >= end]
    near = after[0] if after else (in_block[-1] if in_block else None)
    return Context(sentence_at(note.body, start, end, block), heading_at(note, start), near, block)


def link_contexts(note: Note, target: str | None = None) -> list[tuple[Link, Context]]:
    """Every link of `note` (or those to `target`) with its context."""
    return [(link, context_at(note, link.start, link.end)) for link in note.links
            if target is None or link.target == target]


def passage_at(note: Note, seconds: float) -> int:
    """Index of the note's timestamp of its own video with the latest time <= `seconds`
    (by time, not document order; the first of equal times); -1 if none."""
    best, best_time = -1, -1
    for i, stamp in enumerate(note.timestamps):
        if stamp.video_id == note.video_id and best_time < stamp.seconds <= seconds:
            best, best_time = i, stamp.seconds
    return best
