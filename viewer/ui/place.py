"""Keeping the reader's place: each visit's scroll offset, the last note's across restarts,
a problem's line, and the Outline row of the section being read (issue 16).

The page reports where it is scrolled once scrolling pauses (`Bridge.scrolled`); the window
asks here what to add to a payload so that it opens where the reader was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QListWidget, QTreeView

from viewer.core.context import passage_at
from viewer.core.index import LinkIndex
from viewer.core.note import Note
from viewer.ui import settings as prefs
from viewer.ui.history import History, Place
from viewer.ui.panels import ANCHOR_ROLE
from viewer.ui.tree_model import KIND_ROLE, TreeModel

MAX_LINE_TEXT = 400  # characters of a problem's line sent to the page to find it by


class PlaceKeeper:
    """Which visit the page shows, and where each was left.

    `shown` is called with the token of each payload sent for the current visit; `scrolled`
    with what the page reports; `restore` fills a payload in before it is sent.
    """

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings
        self.vault: Path | None = None
        self._shown: tuple[int, Place, int] | None = None  # history position, place, token
        self._find: tuple[str, int] | None = None  # (note path, line) to scroll to once

    def restore(self, history: History, kind: str, key: str, payload: dict[str, Any],
                note: Note | None = None) -> None:
        """Add `scroll` (a visit seen before) or `find` (a problem's line) to `payload` when
        it shows the current visit and neither a reload nor a timestamp places it."""
        place = history.current()
        if place is None or (place.kind, place.key) != (kind, key) or payload.get("keep"):
            return
        if note is not None and self._find is not None and self._find[0] == key:
            payload["find"] = find_line(note, self._find[1])
            payload.pop("anchor", None)
            self._find = None
            return
        scroll = history.scroll()
        if scroll is not None and "ts_index" not in payload:
            payload["scroll"] = scroll
            payload.pop("anchor", None)

    def shown(self, history: History, kind: str, key: str, token: int) -> None:
        """Payload `token` shows the visit (`kind`, `key`): its scroll reports count for it."""
        place = history.current()
        if place is not None and (place.kind, place.key) == (kind, key):
            self._shown = (history.position(), place, token)
        else:
            self._shown = None

    def scrolled(self, history: History, token: int, y: int) -> None:
        """The page shows payload `token` scrolled to `y` (CSS px)."""
        if self._shown is None or self._shown[2] != token:
            return  # a page already replaced, or not a visit of the history
        position, place, _ = self._shown
        history.set_scroll(position, y, place)
        if place.kind == "note" and self.vault is not None:
            self.settings.setValue(prefs.last_scroll_key(self.vault), y)

    def find_once(self, path: str, line: int) -> None:
        """The next showing of note `path` scrolls to `line` (1-based) and flashes it."""
        self._find = (path, line) if line > 0 else None

    def last_scroll(self, vault: Path) -> int | None:
        """Where the last note of `vault` was left (CSS px), if known."""
        value = self.settings.value(prefs.last_scroll_key(vault))
        try:
            return max(0, int(value)) if value is not None else None  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None


def find_line(note: Note, line: int) -> dict[str, Any]:
    """How the page finds file line `line` of `note`: in the header (front matter), as its
    n-th bad timestamp, by the line's text, or by its section's heading anchor."""
    if line < note.body_line:
        return {"header": True, "bad": -1, "text": "", "anchor": ""}
    start = 0
    for _ in range(line - note.body_line):  # a click's worth of work: one pass to the line
        start = note.body.find("\n", start) + 1
        if start == 0:
            return {"header": False, "bad": -1, "text": "", "anchor": ""}
    end = note.body.find("\n", start)
    end = len(note.body) if end < 0 else end
    bad = next((i for i, b in enumerate(note.bad_timestamps) if start <= b.start <= end), -1)
    anchor = ""
    for heading in note.headings:  # in document order
        if heading.start > end:
            break
        anchor = heading.anchor
    return {"header": False, "bad": bad, "text": note.body[start:end][:MAX_LINE_TEXT],
            "anchor": anchor}


class FollowMode:
    """Follow mode: the passage of the time the video plays is highlighted and kept in view.

    `follows()` says whether the toggle is on; `highlight(index, scroll)` marks passage
    `index` of the page (-1: none).
    """

    def __init__(self, follows: Any, highlight: Any) -> None:
        self._follows = follows
        self._highlight = highlight
        self.index = -1  # the passage highlighted, -1 for none

    def shown(self, note: Note, index: int) -> None:
        """`note` was sent to the page with passage `index` highlighted (-1: none)."""
        self.index = index

    def kept(self, old: Note, new: Note) -> int:
        """The passage of `new` (a reload of `old`) to keep highlighted: the one highlighted
        before (followed, or opened at), unless follow mode was switched off since; -1 for none."""
        if self.index < 0 or self.index >= len(old.timestamps):
            return -1
        return passage_at(new, old.timestamps[self.index].seconds)

    def position(self, note: Note | None, video_id: str | None, ms: int) -> None:
        """The player of `video_id` is at `ms`; `note` is the note shown (None: another page)."""
        if note is None or note.video_id != video_id or not self._follows():
            return
        index = passage_at(note, ms / 1000)
        if index != self.index:
            self.index = index
            self._highlight(index, True)

    def toggled(self, on: bool, note: Note | None, video_id: str | None, ms: int) -> None:
        """The toggle changed: off clears the highlight; on shows the passage of the player's
        position now (`video_id` at `ms`), even paused."""
        self.index = -1
        if on:
            self.position(note, video_id, ms)
        else:
            self._highlight(-1, False)


def select_row(tree: QTreeView, model: TreeModel, index: LinkIndex, place: Place | None) -> None:
    """Make the tree's current row the one of `place` (the page shown): the row clicked for
    it stays (none jumps from under the pointer); filtered out or gone, no row looks open."""
    if place is None:
        return
    row = model.find_note(place.key) if place.kind == "note" else model.find_topic(place.key)
    current = tree.currentIndex()
    if (current.isValid() and current.data(KIND_ROLE) == place.kind
            and current.internalPointer().key == place.key):
        return  # the row clicked (under Folders, say) stays
    if row.isValid():
        tree.setCurrentIndex(row)
        tree.scrollTo(row)
    elif model.filter_text():
        tree.selectionModel().clear()  # filtered out: no other note looks open
    elif place.kind == "note" and index.note(place.key) is None:
        # The open note left the vault: the row Qt made current in its place is another
        # note's, which the page does not show.
        tree.selectionModel().clear()


def window_title(title: str, vault: Path | None) -> str:
    """"Note title — vault — Lectern" (one line)."""
    words = " ".join(title.split())[:200]
    parts = [p for p in (words, vault.name if vault else "") if p]
    return " — ".join([*parts, "Lectern"])


class OutlineFollower:
    """Marks the Outline row of the section being read (the page reports its heading)."""

    def __init__(self, outline: QListWidget) -> None:
        self.outline = outline
        self._rows: dict[str, int] | None = None  # anchor -> row, built when first asked
        for signal in (outline.model().modelReset, outline.model().rowsInserted):
            signal.connect(self._forget)

    def _forget(self, *_args: object) -> None:
        self._rows = None  # the Outline was refilled

    def show(self, heading: str) -> None:
        """Select the row of heading anchor `heading` ("" or not listed: none)."""
        if self._rows is None:  # the rows shown (a page of them), not all the note's
            self._rows = {}
            for row in range(self.outline.count()):
                anchor = self.outline.item(row).data(ANCHOR_ROLE)
                if anchor and anchor not in self._rows:
                    self._rows[anchor] = row
        row = self._rows.get(heading, -1) if heading else -1
        item = self.outline.item(row) if 0 <= row < self.outline.count() else None
        if item is None:
            self.outline.setCurrentRow(-1)
        elif self.outline.currentItem() is not item:
            self.outline.setCurrentItem(item)
            self.outline.scrollToItem(item)
