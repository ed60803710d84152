"""Search all notes (Ctrl+Shift+F): a side panel over `viewer.core.search.SearchIndex`.

Results update as you type (debounced; queries run on a worker thread), grouped by note
with up to three passages each: the matched words in bold on a marked background, the
heading a passage stands under, and its timestamp as a chip that plays the video from
there. Up/Down in the box move between passages, Enter or a click opens the note scrolled
to the match with the match marked on the page.

Note text reaches a QLabel only as `html.escape`d segments inside markup we write; titles,
paths and headings are plain-text labels.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.search import NoteHit, SearchIndex, SearchResult, Snippet
from viewer.core.timecode import format_time
from viewer.ui.background import LatestJobWorker

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

DEBOUNCE_MS = 120
LIMIT = 50  # notes shown per query
WIDTH = 380  # the panel's width when it opens narrower


PASSAGE_STYLE = "#heading { color: palette(placeholder-text); font-size: small; }"
CURRENT_STYLE = ("#passage { background: palette(highlight); border-radius: 3px; }"
                 " #passage QLabel, #passage QToolButton { color: palette(highlighted-text); }"
                 " #heading { font-size: small; }")


def snippet_html(segments: list[tuple[str, bool]]) -> str:
    """Rich text for a passage: every segment escaped, the matched ones in <b> on a mark."""
    return "".join(f"<b style='background:rgba(255,200,0,0.45)'>{html.escape(text)}</b>" if hit
                   else html.escape(text) for text, hit in segments)


def plain_label(text: str, parent: QWidget, role: str = "") -> QLabel:
    label = QLabel(text, parent, textFormat=Qt.TextFormat.PlainText)
    if role:
        label.setObjectName(role)
    return label


class PassageRow(QFrame):
    """One passage: heading, text with the match marked, and the timestamp chip.

    Signals:
        open_requested(): the passage was clicked.
        play_requested(): its chip was clicked.
    """

    open_requested = Signal()
    play_requested = Signal()

    def __init__(self, hit: NoteHit, snippet: Snippet, parent: QWidget) -> None:
        super().__init__(parent)
        self.hit, self.snippet = hit, snippet
        self.setObjectName("passage")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 2, 4, 2)
        layout.setSpacing(0)
        if snippet.heading:
            layout.addWidget(plain_label(snippet.heading, self, "heading"))
        line = QHBoxLayout()
        line.setSpacing(6)
        self.text = QLabel(snippet_html(snippet.segments), self, textFormat=Qt.TextFormat.RichText,
                           wordWrap=True)
        self.text.setObjectName("snippet")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        line.addWidget(self.text, 1)
        self.chip: QToolButton | None = None
        if snippet.seconds is not None and snippet.video_id:
            self.chip = QToolButton(self, text=f"\u25b6 {format_time(snippet.seconds)}",
                                    autoRaise=True)
            self.chip.setObjectName("chip")
            self.chip.setToolTip("Play the video from here")
            self.chip.clicked.connect(self.play_requested)
            line.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
        self.set_current(False)

    def set_current(self, on: bool) -> None:
        self.setStyleSheet(CURRENT_STYLE if on else PASSAGE_STYLE)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_requested.emit()
        super().mousePressEvent(event)


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
        self._rows: list[PassageRow] = []
        self._current = -1
        self._shown_query: str | None = None
        self.box = QLineEdit(self, placeholderText="Search all notes…", clearButtonEnabled=True)
        self.box.setToolTip('words, "a phrase", prefix*, -exclude, OR, channel: video: title: '
                            "tag: topic: path:")
        self.status = plain_label("", self, "status")
        self.status.setWordWrap(True)
        self.results = QWidget(self)
        self.results_layout = QVBoxLayout(self.results)
        self.results_layout.setContentsMargins(0, 0, 0, 0)
        self.results_layout.setSpacing(2)
        self.results_layout.addStretch(1)
        scroll = QScrollArea(self, widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.results)
        self.scroll = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
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
        for i in reversed(range(self.results_layout.count() - 1)):
            item = self.results_layout.takeAt(i)
            if item.widget() is not None:
                item.widget().deleteLater()
        self._rows = []
        self._current = -1
        at = 0
        for hit in result.hits:
            title = plain_label(hit.title, self.results, "title")
            title.setStyleSheet("font-weight: bold;")
            title.setToolTip(hit.path)  # starts with no tag: Qt shows it as plain text
            title.setCursor(Qt.CursorShape.PointingHandCursor)
            title.installEventFilter(self)
            title.setProperty("lectern_path", hit.path)
            self.results_layout.insertWidget(at, title)
            at += 1
            for snippet in hit.snippets:
                row = PassageRow(hit, snippet, self.results)
                number = len(self._rows)
                row.open_requested.connect(lambda n=number: self.activate(n))
                row.play_requested.connect(lambda h=hit, s=snippet: self._play(h, s))
                self.results_layout.insertWidget(at, row)
                at += 1
                self._rows.append(row)
        count = len(result.hits)
        words = f"{count}{'+' if result.truncated else ''} note{'s' if count != 1 else ''}"
        lines = [words] if count else []
        if result.message:
            lines.append(result.message)
        self.status.setText(" · ".join(lines) if query.strip() else "")
        self.status.setVisible(bool(self.status.text()))
        if self._rows:
            self._set_current(0)
        self._shown_query = query
        self.results_shown.emit()

    # -- choosing ----------------------------------------------------------------------
    def passages(self) -> list[PassageRow]:
        """The passage rows shown, in order."""
        return list(self._rows)

    def _set_current(self, number: int) -> None:
        if 0 <= self._current < len(self._rows):
            self._rows[self._current].set_current(False)
        self._current = number
        if 0 <= number < len(self._rows):
            self._rows[number].set_current(True)
            self.scroll.ensureWidgetVisible(self._rows[number])

    def activate(self, number: int) -> None:
        """Open the note of passage `number`, scrolled to its match, the match marked."""
        if not 0 <= number < len(self._rows):
            return
        self._set_current(number)
        row = self._rows[number]
        window = self._window
        place = window.history.current()
        if place is not None and place.kind == "note" and place.key == row.hit.path \
                and not window.preparing():  # shown already: mark the match now
            self._pending_match = None
            window.view.highlight_match(row.snippet.match_text, row.snippet.text)
            return
        self._pending_match = (row.hit.path, row.snippet.match_text, row.snippet.text)
        window.open_note(row.hit.path)

    def _open_note(self, path: str) -> None:
        self._pending_match = None
        self._window.open_note(path)

    def _on_note_shown(self, key: str) -> None:
        pending = self._pending_match
        if pending is not None and pending[0] == key:
            self._pending_match = None
            self._window.view.highlight_match(pending[1], pending[2])

    def _play(self, hit: NoteHit, snippet: Snippet) -> None:
        if snippet.seconds is None:
            return
        self._window.open_note(hit.path, ts_seconds=snippet.seconds)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self._rows:
                step = 1 if key == Qt.Key.Key_Down else -1
                self._set_current(max(0, min(len(self._rows) - 1, self._current + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive() or self._shown_query != self.box.text():
                    self._enter_when_shown()
                else:
                    self.activate(max(self._current, 0))
                return True
            if key == Qt.Key.Key_Escape:
                self._window.view.setFocus()
                return True
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QLabel) \
                and watched.property("lectern_path"):
            self._open_note(str(watched.property("lectern_path")))
            return True
        return False

    def _enter_when_shown(self) -> None:
        """Enter pressed before the results of the text typed came: open the first then."""
        def once() -> None:
            self.results_shown.disconnect(once)
            if self._rows:
                self.activate(0)

        self.results_shown.connect(once)
        if self._timer.isActive():
            self._timer.stop()
            self._run()
