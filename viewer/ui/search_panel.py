"""Search all notes (Ctrl+Shift+F): a side panel over `viewer.core.search.SearchIndex`.

Results update as you type (debounced; queries run on a worker thread), grouped by note
with up to three passages each: the matched words in bold on a marked background, the
heading a passage stands under, and its timestamp as a chip that plays the video from
there. Up/Down in the box move between passages, Enter or a click opens the note scrolled
to the match with the match marked on the page.

The results are a list view painted by `search_results.ResultsDelegate` (cost follows the
rows in view). Note text reaches rich text only as `html.escape`d segments inside markup we
write; titles and headings are drawn as plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from viewer.core.media_scan import is_transcript_path
from viewer.core.search import NoteHit, SearchIndex, SearchResult, Snippet
from viewer.ui.background import LatestJobWorker
from viewer.ui.search_results import ResultsDelegate, ResultsModel

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

DEBOUNCE_MS = 120
LIMIT = 50  # notes shown per query
WIDTH = 380  # the panel's width when it opens narrower


class SearchPanel(QWidget):
    """The panel's box, status line and results.

    Signals:
        results_shown(): the results for the box's text are shown.
    """

    results_shown = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("search_panel")
        self._window = window
        self._index: SearchIndex | None = None
        self._vault: Path | None = None
        self._shown_query: str | None = None
        self.box = QLineEdit(self, placeholderText="Search all notes…", clearButtonEnabled=True)
        self.box.setToolTip('words, "a phrase", prefix*, -exclude, OR, channel: video: title: '
                            "tag: topic: path:")
        self.status = QLabel("", self, textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.status.setObjectName("status")
        self.model = ResultsModel(self)
        self.delegate = ResultsDelegate(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # rows re-fit their lines on resize
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.viewport().installEventFilter(self)
        self.list.activated.connect(lambda index: self.activate(index.row()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)
        self.box.textChanged.connect(self._timer.start)
        self.box.installEventFilter(self)
        self._worker = LatestJobWorker("search")
        self._worker.result.connect(self._on_result)
        self._pending_match: tuple[str, str, str] | None = None  # (path, text, context)
        window.note_shown.connect(self._on_note_shown)

    # -- the index ---------------------------------------------------------------------
    def search_index(self) -> SearchIndex | None:
        """The open vault's search index (opened on first use, per vault)."""
        vault = self._window.vault
        if vault != self._vault:
            if self._index is not None:
                self._index.close()
            self._vault = vault
            self._index = SearchIndex(vault) if vault is not None else None
        return self._index

    def open(self) -> None:
        """Show the panel (its dock) and put the cursor in the box."""
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget):
            if not dock.isVisible():
                dock.show()
                if self.width() < WIDTH:  # room for a passage and its chip
                    self._window.resizeDocks([dock], [WIDTH], Qt.Orientation.Horizontal)
            dock.raise_()
        self.box.setFocus()
        self.box.selectAll()

    # -- searching ---------------------------------------------------------------------
    def _run(self) -> None:
        query = self.box.text()
        index = self.search_index()
        if not query.strip() or index is None:
            self._worker.cancel()
            self._show(query, SearchResult([], None if index else "Open a folder of notes first."))
            return

        def job(emit: Any, _stale: Any) -> None:
            emit((query, index.search(query, LIMIT)))

        self._worker.submit(job)

    def _on_result(self, _generation: int, value: Any) -> None:
        if value is None:
            return
        query, result = value
        if query == self.box.text():
            self._show(query, result)

    def _show(self, query: str, result: SearchResult) -> None:
        self.model.set_result(result)
        count = len(result.hits)
        words = f"{count}{'+' if result.truncated else ''} note{'s' if count != 1 else ''}"
        lines = [words] if count else []
        if result.message:
            lines.append(result.message)
        self.status.setText(" · ".join(lines) if query.strip() else "")
        self.status.setVisible(bool(self.status.text()))
        passages = self._passage_rows()
        if passages:
            self._set_current(passages[0])
        self.list.scrollToTop()
        self._shown_query = query
        self.results_shown.emit()

    # -- choosing ----------------------------------------------------------------------
    def _passage_rows(self) -> list[int]:
        return [r for r in range(self.model.rowCount()) if self.model.row_at(r)[1] is not None]

    def passages(self) -> list[tuple[NoteHit, Snippet]]:
        """(hit, passage) of each passage row shown, in order."""
        return [(hit, snippet) for r in range(self.model.rowCount())
                for hit, snippet in [self.model.row_at(r)] if snippet is not None]

    def current(self) -> int:
        """The current passage (an index into `passages()`), -1 if none."""
        row = self.list.currentIndex().row()
        rows = self._passage_rows()
        return rows.index(row) if row in rows else -1

    def _set_current(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def _step(self, step: int) -> None:
        rows = self._passage_rows()
        if not rows:
            return
        at = self.current()
        self._set_current(rows[max(0, min(len(rows) - 1, (at if at >= 0 else -1) + step))])

    def activate(self, row: int) -> None:
        """Open the note of result row `row`: a passage's note scrolled to its match, the match
        marked; a note row's note from its top."""
        if not 0 <= row < self.model.rowCount():
            return
        self._set_current(row)
        hit, snippet = self.model.row_at(row)
        window = self._window
        if is_transcript_path(hit.path):  # issue 17: said in a video, not a note
            window.study.play_said(hit.path, snippet.seconds if snippet is not None else None)
            return
        if snippet is None:
            self._pending_match = None
            window.open_note(hit.path)
            return
        place = window.history.current()
        if place is not None and place.kind == "note" and place.key == hit.path \
                and not window.preparing():  # shown already: mark the match now
            self._pending_match = None
            window.view.highlight_match(snippet.match_text, snippet.text)
            return
        self._pending_match = (hit.path, snippet.match_text, snippet.text)
        window.open_note(hit.path)

    def activate_passage(self, number: int) -> None:
        """`activate` the passage `passages()[number]`."""
        rows = self._passage_rows()
        if 0 <= number < len(rows):
            self.activate(rows[number])

    def _on_note_shown(self, key: str) -> None:
        pending = self._pending_match
        if pending is not None and pending[0] == key:
            self._pending_match = None
            self._window.view.highlight_match(pending[1], pending[2])

    def play(self, hit: NoteHit, snippet: Snippet) -> None:
        """A passage's chip: its note at the passage, the video playing from its time."""
        if is_transcript_path(hit.path):  # a transcript's passage: its video at that time
            self._window.study.play_said(hit.path, snippet.seconds)
            return
        if snippet.seconds is not None:
            self._pending_match = None
            self._window.open_note(hit.path, ts_seconds=snippet.seconds)

    def chip_center(self, number: int) -> Any:
        """Where passage `number`'s chip is in the list's viewport (a QPoint), for tests and
        for clicks; None if it has none."""
        rows = self._passage_rows()
        index = self.model.index(rows[number], 0)
        _hit, snippet = self.model.row_at(rows[number])
        rect = self.delegate.chip_rect(self.list.visualRect(index), self.list.fontMetrics(),
                                       snippet)
        return rect.center() if rect.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive() or self._shown_query != self.box.text():
                    self._enter_when_shown()
                elif self.list.currentIndex().isValid():
                    self.activate(self.list.currentIndex().row())
                return True
            if key == Qt.Key.Key_Escape:
                self._window.view.setFocus()
                return True
        if watched is self.list.viewport() and event.type() == QEvent.Type.MouseButtonRelease \
                and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton:
            pos = event.position().toPoint()
            index = self.list.indexAt(pos)
            if index.isValid():
                hit, snippet = self.model.row_at(index.row())
                if snippet is not None and self.delegate.chip_at(
                        self.list, self.list.visualRect(index), snippet, pos.x(), pos.y()):
                    self.play(hit, snippet)
                else:
                    self.activate(index.row())
                return True
        return False

    def _enter_when_shown(self) -> None:
        """Enter pressed before the results of the text typed came: open the first then."""
        def once() -> None:
            self.results_shown.disconnect(once)
            rows = self._passage_rows()
            if rows:
                self.activate(rows[0])

        self.results_shown.connect(once)
        if self._timer.isActive():
            self._timer.stop()
            self._run()
