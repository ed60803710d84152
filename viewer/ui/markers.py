"""The video timeline's markers for an open note, read from the link index."""

from __future__ import annotations

from viewer.core.context import context_at
from viewer.core.index import LinkIndex
from viewer.core.note import Note
from viewer.core.store import NoteStore
from viewer.ui.video import Marker

MAX_OTHER_MARKERS = 400


def video_markers(note: Note, index: LinkIndex,
                  store: NoteStore) -> tuple[list[Marker], list[Marker]]:
    """(own, others): the note's timestamps of its video, and the same video's timestamps in
    other notes (at most MAX_OTHER_MARKERS), each with its sentence for the hover text."""
    video_id = note.video_id
    if not video_id:
        return [], []
    own = [Marker(t.seconds, note.path, i, context_at(note, t.start, t.end).sentence)
           for i, t in enumerate(note.timestamps) if t.video_id == video_id]
    others: list[Marker] = []
    for stamp in index.video_timestamps(video_id):
        if len(others) >= MAX_OTHER_MARKERS:
            break
        if stamp.path == note.path:
            continue
        other = store.get(stamp.path)
        text = ""
        if stamp.index < len(other.timestamps):
            t = other.timestamps[stamp.index]
            text = f"{other.title}: {context_at(other, t.start, t.end).sentence}"
        others.append(Marker(stamp.seconds, stamp.path, stamp.index, text))
    return own, others
