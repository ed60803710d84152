"""What the search index holds of a note: `SearchDoc`, made from the note's text.

The body becomes plain text, one line per block (paragraph, list item, quote line, table
row), so that a snippet is a block, or part of one: wiki links read as their labels (their
targets go to the `links` column as words), Markdown links as their text, HTML tags and
emphasis marks are dropped, and each timestamp is replaced by STAMP so that a snippet can
name the timestamp of its passage. Headings go to their own column and each block records
the heading it stands under, its file line and the index of its first timestamp.

Every pattern here is linear in the text (issue 11): none runs over a newline or over a
character that ends another match.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

from viewer.core.note import Note
from viewer.core.parser import decode, mask_code, parse_text, scan_timestamps
from viewer.core.record import NoteRecord
from viewer.core.search_query import split_cjk
from viewer.core.timecode import parse_time

STAMP = "\x0e"  # where a timestamp stood: not a token character, not whitespace for str.split
CJK_SEP = "\x0f"  # around each CJK character in the stored text: FTS5 makes each one a token
MATCH_OPEN, MATCH_CLOSE = "\x02", "\x03"  # FTS5 highlight() marks (no note text holds them)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="([^"<>]*)">[^<]{0,200}</a>')
_WIKILINK = re.compile(r"\[\[(?:[^\[\]\n|]*\|)?([^\[\]\n|]+)\]\]")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_TAG = re.compile(r"<[^<>\n]*>")
# Emphasis and code marks; a `*` with a space after and none before is a list item's.
_MARKS = re.compile(r"[`~]+|__+|\*+(?![ \t])|(?<=[^ \t\n])\*+")
# A block starts after a blank line and at each list item, heading, quote or table row.
_BLOCK_BREAK = re.compile(r"\n(?=[ \t]*(?:\n|[*+-][ \t]|\d{1,9}[.)][ \t]|#{1,6}[ \t]|[>|]))")
_LEAD = re.compile(r"(?:[*+-]|\d{1,9}[.)]|>)[ \t]+")
_HEADING = re.compile(r"#{1,6}[ \t]+")
BLOCK_FIELDS = 3  # each block in `SearchDoc.blocks`: file line, heading index, first timestamp


class SearchDoc:
    """One note as the search index stores it.

    `body`: blocks joined by "\\n" (STAMP where timestamps stood); `blocks`: array("i") of
    BLOCK_FIELDS ints per block (1-based file line, index into `headings` or -1, index of the
    block's first timestamp); `headings`: (text, file line); `stamps`: array("i") of the
    timestamps' seconds in document order; `stamp_videos`: (index, video id) where a
    timestamp names another video than `video_id`.
    """

    __slots__ = ("aliases", "blocks", "body", "channel", "headings", "links", "mtime_ns",
                 "path", "size", "stamp_videos", "stamps", "tags", "title", "video_id",
                 "videos")

    def __init__(self, path: str, size: int, mtime_ns: int, title: str, aliases: tuple[str, ...],
                 headings: tuple[tuple[str, int], ...], body: str, blocks: array,
                 stamps: array, stamp_videos: tuple[tuple[int, str | None], ...],
                 video_id: str | None, channel: str, videos: tuple[str, ...],
                 tags: tuple[str, ...], links: tuple[str, ...]) -> None:
        self.path, self.size, self.mtime_ns = path, size, mtime_ns
        self.title, self.aliases, self.headings = title, aliases, headings
        self.body, self.blocks = body, blocks
        self.stamps, self.stamp_videos, self.video_id = stamps, stamp_videos, video_id
        self.channel, self.videos, self.tags, self.links = channel, videos, tags, links

    def to_tuple(self) -> tuple[Any, ...]:
        """A marshal-able form (for worker processes)."""
        return (self.path, self.size, self.mtime_ns, self.title, self.aliases, self.headings,
                self.body, self.blocks.tobytes(), self.stamps.tobytes(), self.stamp_videos,
                self.video_id, self.channel, self.videos, self.tags, self.links)

    @classmethod
    def from_tuple(cls, data: tuple[Any, ...]) -> SearchDoc:
        """Inverse of `to_tuple`."""
        blocks, stamps = array("i"), array("i")
        blocks.frombytes(data[7])
        stamps.frombytes(data[8])
        return cls(*data[:7], blocks, stamps, *data[9:])  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"SearchDoc({self.path!r}, {self.title!r})"


def search_doc(record: NoteRecord, data: bytes | None) -> SearchDoc:
    """The search document of a note: `record` is what the index keeps of it, `data` the
    file's bytes as read for it (None: a note that could not be read, indexed by its record's
    title, aliases, tags, channel, videos and links only). Never raises."""
    body, blocks, headings = "", array("i"), ()
    stamps, stamp_videos = array("i"), ()
    if data:
        try:
            problems: list = []
            note = parse_text(record.path, decode(data, problems, record.size), problems,
                              scan=False)
            body, blocks, headings, stamps, stamp_videos = extract(note)
        except Exception:  # noqa: BLE001 - the record stands; the body is left out
            body, blocks, headings = "", array("i"), ()
            stamps, stamp_videos = array("i"), ()
    channel = " ".join(filter(None, (record.channel, record.channel_label)))
    return SearchDoc(record.path, record.size, record.mtime_ns, record.title,
                     tuple(record.aliases), headings, body, blocks, stamps, stamp_videos,
                     record.video_id, channel, tuple(sorted(record.videos())),
                     tuple(record.tags), tuple(record.targets))


def _stamps(note: Note, masked: str) -> list[tuple[int, int, int, str | None]]:
    """(start, end, seconds, video id) of the body's timestamps, as the parser finds them."""
    if "yt-timestamp" not in masked and "youtu" not in masked:
        return []
    if "youtu" not in masked:
        found = [(m.start(), m.end(), parse_time(m.group(1)), note.video_id)
                 for m in _ANCHOR.finditer(masked)]
        if len(found) == masked.count("yt-timestamp") and all(s is not None for _, _, s, _ in found):
            return found  # type: ignore[return-value]
    scan_timestamps(note, masked)
    return [(t.start, t.end, t.seconds, t.video_id) for t in note.timestamps]


def extract(note: Note) -> tuple[str, array, tuple[tuple[str, int], ...], array,
                                 tuple[tuple[int, str | None], ...]]:
    """(body text, blocks, headings, stamp seconds, stamp videos) of a parsed note; see
    SearchDoc for their shapes. `note` may be parsed with scan=False."""
    source = note.body
    if _CONTROL.search(source):  # same length: offsets stay valid
        source = _CONTROL.sub(" ", source)
    found = _stamps(note, mask_code(note.body))
    stamps = array("i", [s for _, _, s, _ in found])
    stamp_videos = tuple((i, v) for i, (_, _, _, v) in enumerate(found) if v != note.video_id)
    if found:
        parts, last = [], 0
        for start, end, _, _ in found:
            parts += (source[last:start], STAMP)
            last = end
        parts.append(source[last:])
        source = "".join(parts).replace(" " + STAMP, STAMP)
    if "[[" in source:
        source = _WIKILINK.sub(r"\1", source)
    if "](" in source:
        source = _MD_LINK.sub(r"\1", source)
    if "<" in source:
        source = _TAG.sub("", source)
    source = _MARKS.sub("", source)
    source = split_cjk(source, CJK_SEP)
    lines: list[str] = []
    blocks: list[int] = []
    headings: list[tuple[str, int]] = []
    line, heading, stamp = note.body_line, -1, 0
    for piece in _BLOCK_BREAK.split(source):
        text = piece.strip()
        if text:
            if piece[0] in " \t\n":  # blank lines before the block
                line += piece.count("\n", 0, len(piece) - len(piece.lstrip()))
                piece = piece.lstrip()
            first = text[0]
            lead = None
            if first == "#":
                lead = _HEADING.match(text)
                if lead is not None:  # a heading is one line; what follows it is a block
                    head, _, text = text.partition("\n")
                    title = " ".join(head[lead.end():].rstrip("#").replace(STAMP, " ").split())
                    if title:
                        heading = len(headings)
                        headings.append((title, line))
                        stamp += head.count(STAMP)
                    if not text.strip():
                        line += piece.count("\n") + 1
                        continue
                    line += 1
                    piece = text
                    text = text.strip()
                    lead = None
            elif first in "*+->0123456789":
                lead = _LEAD.match(text)
            words = " ".join((text[lead.end():] if lead else text).split())
            if words:
                lines.append(words)
                blocks += (line, heading, stamp)
                stamp += words.count(STAMP)
        line += piece.count("\n") + 1
    return "\n".join(lines), array("i", blocks), tuple(headings), stamps, stamp_videos
