"""What the search index holds of a note: `SearchDoc`, made from the note's text.

The body is the note's Markdown with the file's lines kept (so a position gives its file
line, and list markers and `#` show where blocks and headings start): each timestamp becomes
STAMP (its seconds kept in `stamps`, in document order) and HTML tags are dropped. FTS5's
tokenizer reads the rest as words: a wiki link `[[target|label]]` gives its target's and its
label's words, emphasis marks and brackets are separators. A snippet is cleaned for reading
when it is shown (`search_snippets`), which costs what is shown, not what is indexed.

Costs one pass of a few C-level substitutions per note, in the parse worker that read it;
every pattern is linear in the text (issue 11): none runs over a newline, and none over a
character that starts another match.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

from viewer.core.note import Note
from viewer.core.masking import hide_comments
from viewer.core.parser import decode, mask_code, scan_timestamps
from viewer.core.record import NoteRecord
from viewer.core.search_query import split_cjk

STAMP = "\x0e"  # where a timestamp stood: not a token character, not whitespace for str.split
CJK_SEP = "\x0f"  # around each CJK character in the stored text: FTS5 makes each one a token
Stamp = tuple[int, int, int, "str | None"]  # a timestamp's start, end, seconds, video id
Scanned = tuple[str, int, "list[Stamp] | None"]  # see search_doc
MATCH_OPEN, MATCH_CLOSE = "\x02", "\x03"  # FTS5 highlight() marks (no stored text holds them)
_ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="([^"<>]*)">[^<]{0,200}</a>')
_TAG = re.compile(r"<[^<>\n]*>")
# A heading line's text, searched in "\n" + text: a literal first character makes it fast.
HEADING_LINE = re.compile(r"\n[ ]{0,3}#{1,6}[ \t]+([^\n]*)")
_OURS = (STAMP, CJK_SEP, MATCH_OPEN, MATCH_CLOSE)
_OURS_PATTERN = re.compile("[" + "".join(_OURS) + "]")
_FENCE_OPEN = re.compile(r"---[ \t]*\r?\n")  # as viewer.core.front_matter finds it
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class SearchDoc:
    """One note as the search index stores it.

    `body`: the note's body as plain text (see the module docstring), its first line being
    file line `body_line`; `headings`: the heading lines' text, one a line; `stamps`:
    array("i") of the timestamps' seconds in document order (the n-th STAMP of `body` is
    `stamps[n]`); `stamp_videos`: (index, video id) where a timestamp names another video
    than `video_id`; `channel`: slug and label; `links`: link target slugs.
    """

    __slots__ = ("aliases", "body", "body_line", "channel", "headings", "links", "mtime_ns",
                 "path", "size", "stamp_videos", "stamps", "tags", "title", "video_id",
                 "videos")

    def __init__(self, path: str, size: int, mtime_ns: int, title: str, aliases: tuple[str, ...],
                 headings: str, body: str, body_line: int, stamps: array,
                 stamp_videos: tuple[tuple[int, str | None], ...], video_id: str | None,
                 channel: str, videos: tuple[str, ...], tags: tuple[str, ...],
                 links: tuple[str, ...]) -> None:
        self.path, self.size, self.mtime_ns = path, size, mtime_ns
        self.title, self.aliases, self.headings = title, aliases, headings
        self.body, self.body_line = body, body_line
        self.stamps, self.stamp_videos, self.video_id = stamps, stamp_videos, video_id
        self.channel, self.videos, self.tags, self.links = channel, videos, tags, links

    def to_tuple(self) -> tuple[Any, ...]:
        """A marshal-able form (for worker processes)."""
        return (self.path, self.size, self.mtime_ns, self.title, self.aliases, self.headings,
                self.body, self.body_line, self.stamps.tobytes(), self.stamp_videos,
                self.video_id, self.channel, self.videos, self.tags, self.links)

    @classmethod
    def from_tuple(cls, data: tuple[Any, ...]) -> SearchDoc:
        """Inverse of `to_tuple`."""
        stamps = array("i")
        stamps.frombytes(data[8])
        return cls(*data[:8], stamps, *data[9:])  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"SearchDoc({self.path!r}, {self.title!r})"


def search_doc(record: NoteRecord, data: bytes | None,
               scanned: list[Scanned] | None = None) -> SearchDoc:
    """The search document of a note: `record` is what the index keeps of it, `data` the
    bytes that record was made from (None: a note that could not be read, indexed by its
    record's title, aliases, tags, channel, videos and links only); `scanned`: what
    `viewer.core.parser.index_record` filled in making `record` from `data`: (body, its
    first file line, its timestamps or None), so the bytes are not decoded and split, nor
    the timestamps scanned, twice. Never raises."""
    body, headings, body_line = "", "", 1
    stamps: array = array("i")
    stamp_videos: tuple[tuple[int, str | None], ...] = ()
    if data:
        try:
            note = Note(record.path, record.title, record.slug, video_id=record.video_id)
            known: list[Stamp] | None = None
            if scanned:
                note.body, note.body_line, known = scanned[0]
            else:
                text = decode(data, [], record.size)
                if "\r" in text:
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                note.body, note.body_line = _body(text)
            body, headings, stamps, stamp_videos = extract(note, record.ts, known)
            body_line = note.body_line
        except Exception:  # noqa: BLE001 - the record stands; the body is left out
            body, headings, stamps, stamp_videos = "", "", array("i"), ()
    channel = " ".join(filter(None, (record.channel, record.channel_label)))
    return SearchDoc(record.path, record.size, record.mtime_ns, record.title,
                     tuple(record.aliases), headings, body, body_line, stamps, stamp_videos,
                     record.video_id, channel, tuple(sorted(record.videos())),
                     tuple(record.tags), tuple(record.targets))


def cjk_words(text: str) -> str:
    """`text` as the index stores it: each CJK character a word of its own."""
    return text if text.isascii() else split_cjk(text, CJK_SEP)


def _body(text: str) -> tuple[str, int]:
    """The body of a note's text and its first file line: after the front matter, as
    viewer.core.front_matter.split_front_matter finds it (without reading the YAML)."""
    opening = _FENCE_OPEN.match(text)
    if not opening:
        return text, 1
    closing = _FENCE_CLOSE.search(text, opening.end())
    if not closing:
        return text, 1
    start = closing.end() + (1 if text[closing.end():closing.end() + 1] == "\n" else 0)
    return text[start:], text.count("\n", 0, start) + 1


def _stamps(note: Note, masked: str) -> list[Stamp]:
    """(start, end, seconds, video id) of the body's timestamps, as the parser finds them."""
    if "yt-timestamp" not in masked and "youtu" not in masked:
        return []
    scan_timestamps(note, masked)
    return [(t.start, t.end, t.seconds, t.video_id) for t in note.timestamps]


def _latin1(text: str) -> bool:
    """Whether `text` is all Latin-1 (so holds no CJK): encoding stops at the first other
    character, and is 10x faster than a search of a character class."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def extract(note: Note, ts: array | None = None, known: list[Stamp] | None = None
            ) -> tuple[str, str, array, tuple[tuple[str | None, int], ...]]:
    """(body text, headings text, stamp seconds, stamp videos) of a note (see SearchDoc).

    `note` needs only path, video_id, body and body_line. `ts`: the seconds the parser found
    (NoteRecord.ts); when the body holds only canonical anchors and no code, they stand for
    the anchors, replaced in one substitution; else the timestamps are scanned again, unless
    `known` gives them (as `_stamps` would find them in this body).
    """
    body = hide_comments(note.body)  # hidden on the page: not found by search either
    shown = body  # same length as note.body: `known` positions hold for it
    if any(mark in body for mark in _OURS):  # the index's own marks: never from a note
        body = _OURS_PATTERN.sub(" ", body)
    code = "`" in body or "~~~" in body
    text: str | None = None
    stamps: array = array("i")
    stamp_videos: tuple[tuple[int, str | None], ...] = ()
    if not code and "youtu" not in body and ts is not None:
        if "yt-timestamp" in body:
            text, count = _ANCHOR.subn(STAMP, body)
            if count != len(ts) or count != body.count("yt-timestamp"):
                text = None
        elif not ts:
            text = body
        if text is not None:
            stamps = array("i", ts)
    if text is None:
        found = known if known is not None and body is shown else _stamps(
            note, mask_code(body) if code else body)
        stamps = array("i", [seconds for _, _, seconds, _ in found])
        stamp_videos = tuple((i, v) for i, (_, _, _, v) in enumerate(found) if v != note.video_id)
        parts, last = [], 0
        for start, end, _, _ in found:
            parts += (body[last:start], STAMP)
            last = end
        parts.append(body[last:])
        text = "".join(parts)
    if "<" in text:
        text = _TAG.sub("", text)
    if not _latin1(text):
        text = split_cjk(text, CJK_SEP)
    headings = "\n".join(HEADING_LINE.findall("\n" + text)) if "#" in text else ""
    return text, headings, stamps, stamp_videos
