"""Backlink rows a page at a time: which notes link to a note, and the sentence of each link.

Qt-free, run by the Backlinks panel on its background thread. The cost of a page follows the
rows it yields (PAGE), not how many notes or links there are: notes are read one at a time, in
order, and only the links shown get a context. A `Cursor` says where the next page starts.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from viewer.core.context import context_at, heading_text
from viewer.core.note import Note
from viewer.core.timecode import format_time
from viewer.core.vault import read_note

PAGE = 200
SENTENCE_CAP = 300  # characters of a sentence shown in a row or its tooltip


@dataclass(frozen=True)
class Row:
    """One backlink: `text` (title, heading, time, sentence), the linking note's `path`,
    the heading `anchor` it stands under ("" for none), and the full sentence as `tip`."""

    text: str
    path: str
    anchor: str
    tip: str


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: `sources` (linking note paths, in order), the slugs that lead to
    the open note, the position in `sources` and the link position in that note."""

    root: Path
    sources: tuple[str, ...]
    slugs: frozenset[str]
    source: int = 0
    link: int = 0


class ParsedNotes:
    """A few parsed notes, kept by the one thread that reads them (not thread-safe), each
    reused while its (size, mtime_ns) is what the index says; `stamp` None: always read."""

    def __init__(self, capacity: int = 16) -> None:
        self._capacity = capacity
        self._notes: OrderedDict[str, Note] = OrderedDict()

    def get(self, root: Path, path: str, stamp: tuple[int, int] | None) -> Note:
        """The note at `path` of vault `root`, parsed (`read_note`) unless kept and current."""
        note = self._notes.get(path)
        if note is not None and stamp is not None and (note.size, note.mtime_ns) == stamp:
            self._notes.move_to_end(path)
            return note
        note = self._notes[path] = read_note(root, path)
        self._notes.move_to_end(path)
        while len(self._notes) > self._capacity:
            self._notes.popitem(last=False)
        return note


def cap(text: str, limit: int = SENTENCE_CAP) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def backlink_rows(cursor: Cursor, limit: int = PAGE,
                  read: Callable[[Path, str], Note] = read_note,
                  stale: Callable[[], bool] = lambda: False,
                  batch: Callable[[list[Row]], None] | None = None,
                  batch_size: int = 25) -> tuple[list[Row], Cursor | None]:
    """Up to `limit` rows from `cursor` on, and the cursor of the next page (None: no more).

    `read(root, path)` parses a note (`read_note`); `stale()` returning True stops early (the
    rows so far are returned, with no next cursor); `batch(rows)` is called with every
    `batch_size` new rows, so they can be shown while the rest is found.
    """
    rows: list[Row] = []
    pending: list[Row] = []
    sources: Sequence[str] = cursor.sources
    source, first_link = cursor.source, cursor.link
    while source < len(sources):
        if stale():
            return rows, None
        note = read(cursor.root, sources[source])
        links = note.links
        for position in range(first_link, len(links)):
            link = links[position]
            if link.target not in cursor.slugs:
                continue
            if len(rows) >= limit:
                _flush(pending, batch)
                return rows, replace(cursor, source=source, link=position)
            row = _row(note, link.start, link.end)
            rows.append(row)
            pending.append(row)
            if len(pending) >= batch_size:
                _flush(pending, batch)
        source, first_link = source + 1, 0
    _flush(pending, batch)
    return rows, None


def _flush(pending: list[Row], batch: Callable[[list[Row]], None] | None) -> None:
    if pending and batch is not None:
        batch(list(pending))
    pending.clear()


def _row(note: Note, start: int, end: int) -> Row:
    context = context_at(note, start, end)
    sentence = cap(context.sentence)
    when = f" [{format_time(context.timestamp.seconds)}]" if context.timestamp else ""
    heading = f" › {cap(heading_text(context.heading.text), 120)}" if context.heading else ""
    anchor = context.heading.anchor if context.heading else ""
    return Row(f"{cap(note.title, 200)}{heading}{when}\n{sentence}", note.path, anchor, sentence)
