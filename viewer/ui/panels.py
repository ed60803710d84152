"""Side panels: backlinks of the open note (with context) and the outline of its headings."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from viewer.core.context import link_contexts
from viewer.core.index import LinkIndex
from viewer.core.store import NoteStore
from viewer.core.timecode import format_time

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2


class BacklinksPanel(QListWidget):
    """Notes linking to the open note, each with the sentence that links.

    Signals:
        open_requested(str, str): note path, heading anchor ("" for none).
    """

    open_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def sizeHint(self) -> QSize:
        return QSize(400, 130)

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
                item = QListWidgetItem(f"{note.title}{heading}{when}\n{context.sentence}")
                item.setToolTip(context.sentence)
                item.setData(PATH_ROLE, source)
                item.setData(ANCHOR_ROLE, context.heading.anchor if context.heading else "")
                self.addItem(item)
        if not self.count():
            placeholder = QListWidgetItem("No note links here yet.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(placeholder)

    def _activate(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.open_requested.emit(path, item.data(ANCHOR_ROLE) or "")


class OutlinePanel(QListWidget):
    """The headings of the open note; clicking one scrolls to it.

    Signals:
        scroll_requested(str): a heading anchor.
    """

    scroll_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def sizeHint(self) -> QSize:
        return QSize(400, 130)

    def show_headings(self, headings: list[tuple[int, str, str]]) -> None:
        """(level, text, anchor) rows, indented by level."""
        self.clear()
        top = min((level for level, _, _ in headings), default=1)
        for level, text, anchor in headings:
            item = QListWidgetItem("    " * (level - top) + text)
            item.setData(ANCHOR_ROLE, anchor)
            self.addItem(item)

    def _activate(self, item: QListWidgetItem) -> None:
        anchor = item.data(ANCHOR_ROLE)
        if anchor:
            self.scroll_requested.emit(anchor)


class ProblemsPanel(QListWidget):
    """Every problem of the vault with its file and line; activating one opens the note.

    Signals:
        open_requested(str, str): note path, "" (no anchor).
    """

    open_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)

    def sizeHint(self) -> QSize:
        return QSize(400, 130)

    def show_problems(self, index: LinkIndex, limit: int = 2000) -> None:
        """List the index's problems (the first `limit`)."""
        self.clear()
        problems = index.problems()
        for path, line, message in problems[:limit]:
            where = f"{path}:{line}" if line else path
            item = QListWidgetItem(f"{where}  {message}")
            item.setData(PATH_ROLE, path)
            self.addItem(item)
        if len(problems) > limit:
            more = QListWidgetItem(f"… and {len(problems) - limit:,} more (lectern check lists all)")
            more.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(more)
        if not problems:
            none = QListWidgetItem("No problems in this vault.")
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(none)

    def _activate(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.open_requested.emit(path, "")
