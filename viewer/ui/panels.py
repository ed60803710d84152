"""Side panels: backlinks of the open note (with context), the outline of its headings, and
the vault's problems."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from viewer.core.context import heading_text
from viewer.core.index import LinkIndex
from viewer.core.note import Note
from viewer.core.store import NoteStore
from viewer.ui.background import LatestJobWorker
from viewer.ui.backlinks import PAGE, Cursor, ParsedNotes, backlink_rows, cap

PATH_ROLE = Qt.ItemDataRole.UserRole + 1  # an int: the row's path is kept in Python
ANCHOR_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3
OUTLINE_PAGE = 500


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` literally: Qt guesses rich text from a leading tag (and
    would then load `<img src>`), so the text is escaped inside an explicit paragraph."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>" if text else ""


class _ListPanel(QListWidget):
    """A list whose rows carry a note path and/or an anchor; activating a row emits them.

    Paths stay Python strings (never a QString, which would drop the surrogates that stand
    for the bytes of a file name that is not UTF-8): an item holds the index of its path.

    Signals:
        open_requested(object, str): note path (str), heading anchor ("" for none).
        scroll_requested(str): a heading anchor of the open note (rows without a path).
    """

    open_requested = Signal(object, str)
    scroll_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)
        self._more_pending = False
        self._paths: list[str] = []

    def sizeHint(self) -> QSize:  # a short strip under the panes
        return QSize(400, 130)

    def add_row(self, text: str, path: str = "", anchor: str = "", tip: str = "",
                more: bool = False) -> QListWidgetItem:
        """A row; without a path, an anchor or `more` it is an inert message. `tip` is shown
        as plain text."""
        item = QListWidgetItem(text)
        if path or anchor:
            item.setData(PATH_ROLE, len(self._paths))
            self._paths.append(path)
            item.setData(ANCHOR_ROLE, anchor)
        elif more:
            item.setData(MORE_ROLE, True)
        else:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        if tip:
            item.setToolTip(plain_tip(tip))
        self.addItem(item)
        return item

    def _activate(self, item: QListWidgetItem) -> None:
        if item.data(MORE_ROLE):
            # Later, once: a click may arrive as both itemClicked and itemActivated, and the
            # row goes away.
            if not self._more_pending:
                self._more_pending = True
                QTimer.singleShot(0, self, self._expand)
            return
        path, anchor = self.path_of(item), item.data(ANCHOR_ROLE) or ""
        if path:
            self.open_requested.emit(path, anchor)
        elif anchor:
            self.scroll_requested.emit(anchor)

    def path_of(self, item: QListWidgetItem) -> str:
        """The note path of a row ("" for none)."""
        key = item.data(PATH_ROLE)
        return self._paths[key] if isinstance(key, int) and 0 <= key < len(self._paths) else ""

    def clear(self) -> None:
        """Remove every row."""
        self._paths = []
        super().clear()

    def _expand(self) -> None:
        self._more_pending = False
        last = self.item(self.count() - 1)
        if last is None or not last.data(MORE_ROLE):
            return  # the list changed meanwhile
        self.setUpdatesEnabled(False)
        try:
            self.takeItem(self.count() - 1)
            self.show_more()
        finally:
            self.setUpdatesEnabled(True)

    def show_more(self) -> None:
        """Add the next rows (the "Show more" row was just removed)."""


class BacklinksPanel(_ListPanel):
    """Notes linking to the open note, each with the sentence that links.

    Rows are found on a background thread with its own note reads (the window's NoteStore is
    not thread-safe), PAGE at a time, and added in batches; a "Show more" row fetches the next
    page. A newer `show_for` or `clear` drops whatever an older one still delivers. Showing
    the same note again (a reload) keeps the rows on screen until their replacements arrive,
    as many as were shown, and the scroll position.

    Signals:
        filled(): the current page is complete (also when there is nothing to show).
    """

    filled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self._worker = LatestJobWorker("lectern-backlinks")
        self._worker.result.connect(self._on_result)
        self._next: Cursor | None = None
        self._loading = False
        self._placeholder: QListWidgetItem | None = None
        self._path: str | None = None
        self._stamps: dict[str, tuple[int, int]] = {}
        self._rows = 0  # backlink rows shown
        self._replace: int | None = None  # a reload: the scroll position to restore
        self._restore: int | None = None  # the same, once the old rows are gone
        self._parsed = ParsedNotes()  # used by the worker thread only

    def show_for(self, index: LinkIndex, store: NoteStore, path: str | None) -> None:
        """List the backlinks of `path` (None: clear); returns at once, rows follow."""
        again = path is not None and path == self._path and self.count() and not self._loading
        shown = self._rows if again else 0
        if again:
            self._worker.cancel()
            self._next = None
        else:
            self.clear()
        self._path = path
        if path is None or path not in index:
            self.clear()
            return
        slugs = frozenset(index.claimed_slugs(path))
        sources = tuple(sorted(set(index.backlinks(path)) - {path}))  # its own links are not backlinks
        if not sources:
            self._reset()
            record = index.note(path)
            self.add_row(f"No other note links here yet: link to it with "
                         f"[[{cap(record.title if record else path, 80)}]].")
            self.filled.emit()
            return
        records = (index.note(source) for source in sources)
        self._stamps = {r.path: (r.size, r.mtime_ns) for r in records if r is not None}
        self._fetch(Cursor(store.root, sources, slugs), max(PAGE, shown), again)

    def show_message(self, text: str) -> None:
        """No backlinks to list (a generated page): one inert row saying why."""
        self.clear()
        if text:
            self.add_row(text)
        self.filled.emit()

    def clear(self) -> None:
        """Empty the list and drop any rows still being found."""
        self._worker.cancel()
        self._path = None
        self._reset()

    def _reset(self) -> None:
        self._next, self._loading, self._placeholder, self._replace = None, False, None, None
        self._restore = None
        self._rows = 0
        super().clear()

    def loading(self) -> bool:
        """Whether a page is still being found."""
        return self._loading

    def _fetch(self, cursor: Cursor, limit: int = PAGE, replace: bool = False) -> None:
        self._loading = True
        if replace:
            self._replace = self.verticalScrollBar().value()
        else:
            self._placeholder = self.add_row("Finding links…")

        parsed, stamps = self._parsed, self._stamps

        def read(root: Path, path: str) -> Note:
            return parsed.get(root, path, stamps.get(path))

        def job(emit: Callable[[object], None], stale: Callable[[], bool]) -> None:
            _, after = backlink_rows(cursor, limit, read, stale=stale, batch=emit)
            emit(("end", after))

        self._worker.submit(job)

    def _on_result(self, generation: int, value: object) -> None:
        if generation != self._worker.generation or (value is None and not self._loading):
            return
        if value is None:  # the job failed before its end (logged)
            value = ("end", None)
        self.setUpdatesEnabled(False)
        try:
            if self._replace is not None:  # the first rows of a reload replace the old ones
                scroll = self._replace
                self._reset()
                self._restore = scroll
            self._drop_placeholder()
            if isinstance(value, tuple):  # ("end", next cursor)
                self._next, self._loading = value[1], False
                if self._next is not None:
                    self.add_row(f"Show {PAGE} more…", more=True)
                elif not self.count():
                    self.add_row("No other note links here yet.")
            else:
                assert isinstance(value, list)
                for row in value:
                    self.add_row(row.text, row.path, row.anchor, row.tip)
                self._rows += len(value)
                self._loading = True
        finally:
            self.setUpdatesEnabled(True)
        if not self._loading:
            if self._restore is not None:
                scroll, self._restore = self._restore, None
                QTimer.singleShot(0, self, lambda: self.verticalScrollBar().setValue(scroll))
            self.filled.emit()

    def _drop_placeholder(self) -> None:
        if self._placeholder is not None:
            self.takeItem(self.row(self._placeholder))
            self._placeholder = None

    def show_more(self) -> None:
        """Find the next PAGE rows."""
        if self._next is not None and not self._loading:
            self._fetch(self._next)


class OutlinePanel(_ListPanel):
    """The headings of the open note; clicking one scrolls to it. OUTLINE_PAGE rows at a time,
    then a "Show more" row (a note may have thousands of headings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._headings: list[tuple[int, str, str]] = []
        self._top = 1
        self._shown = 0

    def show_headings(self, headings: list[tuple[int, str, str]]) -> None:
        """(level, text, anchor) rows, indented by level."""
        self._headings = list(headings)
        self._top = min((level for level, _, _ in headings), default=1)
        self._shown = 0
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            self._add_rows()
        finally:
            self.setUpdatesEnabled(True)

    def _add_rows(self) -> None:
        end = min(self._shown + OUTLINE_PAGE, len(self._headings))
        for level, text, anchor in self._headings[self._shown:end]:
            self.add_row("    " * min(level - self._top, 6) + cap(heading_text(text), 200),
                         anchor=anchor)
        self._shown = end
        if end < len(self._headings):
            rest = len(self._headings) - end
            self.add_row(f"Show {min(OUTLINE_PAGE, rest):,} more (of {rest:,})", more=True)

    def show_more(self) -> None:
        """The next OUTLINE_PAGE headings."""
        self._add_rows()


class ProblemsPanel(_ListPanel):
    """Every problem of the vault with its file and line; activating one opens the note.

    Shows PAGE rows, then a "Show more" row, up to `limit`; a refresh that changes none of
    the rows shown (the usual case for an edit elsewhere) leaves the list alone.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problems: list[tuple[str, int, str]] = []
        self._extra: list[tuple[str, str]] = []
        self._limit = 2000
        self._shown = 0

    def show_problems(self, index: LinkIndex, extra: list[tuple[str, str]] | None = None,
                      limit: int = 2000) -> None:
        """List `extra` rows (text, note path or ""), then the index's problems (at most
        `limit`; `lectern check` lists all). Extra rows are the window's: folders skipped,
        the cache rebuilt, notes shown as plain text this session."""
        problems, extra = index.problems(), extra or []
        shown = min(max(self._shown, PAGE), limit, len(problems))
        if (limit == self._limit and extra == self._extra and len(problems) == len(self._problems)
                and problems[:shown] == self._problems[:shown] and self.count()):
            self._problems = problems
            return
        self._problems, self._extra, self._limit = problems, extra, limit
        self.setUpdatesEnabled(False)
        try:
            super().clear()
            self._shown = 0
            for text, path in extra:
                self.add_row(text, path)
            if not problems and not extra:
                self.add_row("No problems in this vault.")
            self._add_rows(shown)
        finally:
            self.setUpdatesEnabled(True)

    def _add_rows(self, count: int) -> None:
        end = min(self._shown + max(count, 0), self._limit, len(self._problems))
        for path, line, message in self._problems[self._shown:end]:
            self.add_row(f"{f'{path}:{line}' if line else path}  {message}", path,
                         anchor=f"line:{line}" if line else "")  # the window scrolls there
        self._shown = end
        rest = len(self._problems) - end
        if rest and end < self._limit:
            self.add_row(f"Show {min(PAGE, self._limit - end):,} more (of {rest:,})", more=True)
        elif rest:
            self.add_row(f"… and {rest:,} more (lectern check lists all)")

    def show_more(self) -> None:
        """The next PAGE problems (up to the limit)."""
        self._add_rows(PAGE)
