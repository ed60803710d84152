"""Parsed notes on demand: what the index does not keep (bodies, offsets, contexts).

A small LRU of parsed notes, invalidated by the index's change notices.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from viewer.core.index import IndexChange
from viewer.core.note import Note
from viewer.core.vault import read_note


class NoteStore:
    """Reads and parses notes of one vault, keeping the most recent ones."""

    def __init__(self, root: Path, capacity: int = 256) -> None:
        self.root = root
        self._capacity = capacity
        self._notes: OrderedDict[str, Note] = OrderedDict()

    def get(self, path: str) -> Note:
        """The parsed note at vault-relative `path` (a note with a problem if unreadable)."""
        note = self._notes.get(path)
        if note is not None:
            self._notes.move_to_end(path)
            return note
        note = read_note(self.root, path)
        self._notes[path] = note
        if len(self._notes) > self._capacity:
            self._notes.popitem(last=False)
        return note

    def forget(self, change: IndexChange) -> None:
        """Drop notes that changed on disk (subscribe this to the index)."""
        for path in change.changed | change.removed | change.added:
            self._notes.pop(path, None)
