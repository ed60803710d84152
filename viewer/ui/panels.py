"""Side panels: backlinks of the open note (with context), the outline of its headings, and
the vault's problems."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from viewer.core.context import link_contexts
from viewer.core.index import LinkIndex
from viewer.core.store import NoteStore
from viewer.core.timecode import format_time

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2


class _ListPanel(QListWidget):
    """A list whose rows carry a note path and/or an anchor; activating a row emits them.

    Signals:
        open_requested(str, str): note path, heading anchor ("" for none).
        scroll_requested(str): a heading anchor of the open note (rows without a path).
    """

    open_requested = Signal(str, str)
    scroll_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def sizeHint(self) -> QSize:  # a short strip under the panes
        return QSize(400, 130)

    def add_row(self, text: str, path: str = "", anchor: str = "", tip: str = "") -> None:
        """A row; without a path or an anchor it is an inert message."""
        item = QListWidgetItem(text)
        if path or anchor:
            item.setData(PATH_ROLE, path)
            item.setData(ANCHOR_ROLE, anchor)
        else:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        if tip:
            item.setToolTip(tip)
        self.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        path, anchor = item.data(PATH_ROLE), item.data(ANCHOR_ROLE) or ""
        if path:
            self.open_requested.emit(path, anchor)
        elif anchor:
            self.scroll_requested.emit(anchor)


class BacklinksPanel(_ListPanel):
    """Notes linking to the open note, each with the sentence that links."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)

    def show_for(self, index: LinkIndex, store: NoteStore, path: str | None) -> None:
        """List the backlinks of `path` (None: clear)."""
        self.clear()
        if path is None or path not in index:
            return
        slugs = index.claimed_slugs(path)
        for source in sorted(index.backlinks(path)):
            note = store.get(source)
            for link, context in link_contexts(note):
                if link.target not in slugs:
                    continue
                when = f" [{format_time(context.timestamp.seconds)}]" if context.timestamp else ""
                heading = f" › {context.heading.text}" if context.heading else ""
                self.add_row(f"{note.title}{heading}{when}\n{context.sentence}", source,
                             context.heading.anchor if context.heading else "", context.sentence)
        if not self.count():
            self.add_row("No note links here yet.")


class OutlinePanel(_ListPanel):
    """The headings of the open note; clicking one scrolls to it."""

    def show_headings(self, headings: list[tuple[int, str, str]]) -> None:
        """(level, text, anchor) rows, indented by level."""
        self.clear()
        top = min((level for level, _, _ in headings), default=1)
        for level, text, anchor in headings:
            self.add_row("    " * (level - top) + text, anchor=anchor)


class ProblemsPanel(_ListPanel):
    """Every problem of the vault with its file and line; activating one opens the note."""

    def show_problems(self, index: LinkIndex, limit: int = 2000) -> None:
        """List the index's problems (the first `limit`)."""
        self.clear()
        problems = index.problems()
        for path, line, message in problems[:limit]:
            self.add_row(f"{f'{path}:{line}' if line else path}  {message}", path)
        if len(problems) > limit:
            self.add_row(f"… and {len(problems) - limit:,} more (lectern check lists all)")
        if not problems:
            self.add_row("No problems in this vault.")
