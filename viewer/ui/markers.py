"""The video timeline's markers for an open note, read from the link index, and their hover
texts, found on demand off the UI thread.

Markers cost what the timeline can show, not what the notes hold: times come from the open
note's parsed timestamps and from the index (seconds only), one marker per distinct second, at
most MAX_OWN_MARKERS / MAX_OTHER_MARKERS spread evenly over the video. A marker's sentence is
only looked for when the pointer rests on it (`HoverTexts`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject

from viewer.core.context import context_at
from viewer.core.index import LinkIndex
from viewer.core.note import Note
from viewer.ui.background import LatestJobWorker
from viewer.ui.backlinks import ParsedNotes, cap
from viewer.ui.video import Marker
from viewer.ui.video.timeline import Timeline

MAX_OWN_MARKERS = 2000
MAX_OTHER_MARKERS = 400
PARSED_NOTES = 4  # other notes kept parsed by the hover-text thread

T = TypeVar("T")


def video_markers(note: Note, index: LinkIndex) -> tuple[list[Marker], list[Marker]]:
    """(own, others): the note's timestamps of its video, and the same video's timestamps in
    other notes, without hover texts (see `HoverTexts`). Nothing is parsed. One marker per distinct second per side (the first in document or
    path order), at most MAX_OWN_MARKERS and MAX_OTHER_MARKERS, sampled evenly by time."""
    video_id = note.video_id
    if not video_id:
        return [], []
    seen: dict[int, int] = {}
    for i, t in enumerate(note.timestamps):
        if t.video_id == video_id and t.seconds not in seen:
            seen[t.seconds] = i
    own = [Marker(s, note.path, i, "", note.title)
           for s, i in _spread(sorted(seen.items()), MAX_OWN_MARKERS)]
    first: dict[int, tuple[str, int]] = {}  # seconds -> (path, index): the first by path
    for path in index.notes_citing_video(video_id):
        record = index.note(path)
        if path == note.path or record is None:
            continue
        for seconds, i in record.stamps_of(video_id):
            if seconds not in first:
                first[seconds] = (path, i)
    others = []
    for seconds, (path, i) in _spread(sorted(first.items()), MAX_OTHER_MARKERS):
        record = index.note(path)
        others.append(Marker(seconds, path, i, "", record.title if record is not None else path))
    return own, others


def _spread(items: Sequence[T], limit: int) -> list[T]:
    """At most `limit` of `items`, evenly spaced (all of them if there are few enough)."""
    if len(items) <= limit:
        return list(items)
    return [items[i * len(items) // limit] for i in range(limit)]


def hover_text(note: Note, index: int, own: bool) -> str:
    """The hover text of timestamp `index` of `note`: its sentence (capped), with the note's
    title for another note's marker; "" if the note no longer has that timestamp."""
    if not 0 <= index < len(note.timestamps):
        return ""
    stamp = note.timestamps[index]
    sentence = cap(context_at(note, stamp.start, stamp.end).sentence)
    return sentence if own else f"{cap(note.title, 200)}: {sentence}"


class HoverTexts(QObject):
    """Finds the sentence of a timeline marker when the timeline asks (`hover_wanted`), on a
    background thread that reads other notes itself (never the window's NoteStore), and hands
    it back with `Timeline.set_marker_text`. `follow` names the open note; what is found for
    an earlier note is dropped."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__(timeline)
        self._timeline = timeline
        self._note: Note | None = None
        self._root: Path | None = None
        self._index: LinkIndex | None = None
        self._parsed = ParsedNotes(PARSED_NOTES)  # used by the worker thread only
        self._worker = LatestJobWorker("lectern-hover-texts")
        self._worker.result.connect(self._on_result)
        timeline.hover_wanted.connect(self.request)

    def follow(self, note: Note, root: Path, index: LinkIndex | None = None) -> None:
        """The open note (its markers were just set), the vault it is in, and its index (which
        tells whether a note parsed earlier is still current; without it notes are re-read)."""
        self._note, self._root, self._index = note, root, index
        self._worker.cancel()

    def request(self, marker: Marker, own: bool) -> None:
        """Find `marker`'s text in the background; the timeline gets it when found."""
        note, root, parsed = self._note, self._root, self._parsed
        if note is None or root is None:
            return
        path, index = marker.note_path, marker.index
        record = self._index.note(path) if self._index is not None else None
        stamp = (record.size, record.mtime_ns) if record is not None else None

        def job(emit: Callable[[object], None], stale: Callable[[], bool]) -> None:
            source = note if path == note.path else parsed.get(root, path, stamp)
            if not stale():
                emit((path, index, hover_text(source, index, path == note.path)))

        self._worker.submit(job)

    def _on_result(self, generation: int, value: object) -> None:
        if generation == self._worker.generation and isinstance(value, tuple):
            self._timeline.set_marker_text(*value)


def hover_texts(timeline: Timeline) -> HoverTexts:
    """The timeline's `HoverTexts` (made on first use)."""
    found = timeline.findChild(HoverTexts)
    return found if found is not None else HoverTexts(timeline)
