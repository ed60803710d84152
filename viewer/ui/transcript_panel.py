"""The Transcript panel: a video's captions as lines that follow playback and seek on click.

A model/view list (one model row per cue, uniform heights), so 5,000 cues cost what the
visible rows cost to paint. The current cue is found by bisecting the start times.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from viewer.core.captions import Transcript
from viewer.ui.plaintext import tooltip_html

log = logging.getLogger("lectern.transcript")

MARGIN = 14  # px on the left of each line, for the mark of a note's own timestamp
_Index = QModelIndex | QPersistentModelIndex


def clock(ms: int) -> str:
    """`H:MM:SS` or `M:SS` of a time in milliseconds (rounded down)."""
    seconds = max(0, ms // 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def stamp_link(ms: int) -> str:
    """The note form of a timestamp at `ms`: `<a class="yt-timestamp" data-t="..">[..]</a>`."""
    seconds = max(0, ms // 1000)
    hms = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f'<a class="yt-timestamp" data-t="{hms}">[{hms}]</a>'


class TranscriptModel(QAbstractListModel):
    """The cues of one transcript; row i is cue i. `MarkRole`: the note cites that cue."""

    MarkRole = Qt.ItemDataRole.UserRole + 1
    CurrentRole = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transcript: Transcript | None = None
        self._texts: list[str] = []
        self.current = -1
        self.marked: set[int] = set()

    def set_transcript(self, transcript: Transcript | None) -> None:
        self.beginResetModel()
        self.transcript = transcript
        # One line per cue, made once: paints and sizes read these.
        self._texts = [] if transcript is None else [
            f"{clock(c.start_ms)}  {c.text.replace(chr(10), ' ')}" for c in transcript.cues]
        self.current = -1
        self.marked = set()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._texts)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._texts):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row]  # plain text: the view never reads it as markup
        if role == Qt.ItemDataRole.ToolTipRole:  # a tooltip would: escaped (issue 12)
            return tooltip_html(self._texts[row])
        if role == self.MarkRole:
            return row in self.marked
        if role == self.CurrentRole:
            return row == self.current
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._texts[row]
        return None

    def set_current(self, row: int) -> None:
        old, self.current = self.current, row
        for r in (old, row):
            if 0 <= r < len(self._texts):
                idx = self.index(r)
                self.dataChanged.emit(idx, idx, [self.CurrentRole])

    def set_marks(self, rows: set[int]) -> None:
        changed = rows ^ self.marked
        self.marked = rows
        for r in changed:
            if 0 <= r < len(self._texts):
                idx = self.index(r)
                self.dataChanged.emit(idx, idx, [self.MarkRole])


class _Delegate(QStyledItemDelegate):
    """Draws the current cue in bold over the highlight colour and a note's mark in the margin."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        current = bool(index.data(TranscriptModel.CurrentRole))
        if current:
            opt.font.setBold(True)
            if not opt.state & QStyle.StateFlag.State_Selected:
                tint = opt.palette.color(QPalette.ColorRole.Highlight)
                tint.setAlpha(50)
                painter.fillRect(opt.rect, tint)
        rect = QRect(opt.rect)
        opt.rect = rect.adjusted(MARGIN, 0, 0, 0)
        super().paint(painter, opt, index)
        if index.data(TranscriptModel.MarkRole):
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(opt.palette.color(QPalette.ColorRole.Highlight))
            size = 6
            painter.drawEllipse(rect.left() + 4, rect.center().y() - size // 2, size, size)
            painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + MARGIN, size.height())


class TranscriptPanel(QWidget):
    """The transcript of the shown video, the current cue highlighted and kept in view.

    Signals:
        seek_requested(int ms): a line was clicked.
        language_chosen(int): the language box picked the n-th caption source.
    """

    seek_requested = Signal(int)
    language_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TranscriptModel(self)
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.setItemDelegate(_Delegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAccessibleName("Transcript")
        self.list.clicked.connect(self._on_clicked)
        self.list.activated.connect(self._on_clicked)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.copy_action = QAction("Copy with Timestamp Link", self.list)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.list.addAction(self.copy_action)
        self.language = QComboBox(self)
        self.language.setAccessibleName("Caption language")
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language.activated.connect(self.language_chosen)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # file names and errors: untrusted
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 0)
        top.addWidget(self.language)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._stamps: list[int] = []
        self.set_transcript(None, "No captions for this video.")

    def set_sources(self, names: list[str], chosen: int) -> None:
        """The caption sources offered in the language box ("English (talk.en.vtt)")."""
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItems(names)
        self.language.setCurrentIndex(chosen)
        self.language.blockSignals(False)
        self.language.setVisible(bool(names))

    def set_transcript(self, transcript: Transcript | None, message: str = "") -> None:
        """Show `transcript` (None: only `message`, e.g. why there is none)."""
        self.model.set_transcript(transcript)
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self._apply_stamps()

    def set_note_stamps(self, seconds: list[int]) -> None:
        """Mark the cues at the open note's own timestamps of this video (O(k log n))."""
        self._stamps = sorted(set(seconds))
        self._apply_stamps()

    def _apply_stamps(self) -> None:
        transcript = self.model.transcript
        if transcript is None:
            return
        rows = {r for s in self._stamps if (r := transcript.index_at(s * 1000)) >= 0}
        self.model.set_marks(rows)

    def set_position(self, ms: int) -> None:
        """Highlight the cue playing at `ms` and scroll it into view (bisect: O(log n))."""
        transcript = self.model.transcript
        if transcript is None:
            return
        row = transcript.index_at(ms)
        if row == self.model.current:
            return
        self.model.set_current(row)
        if row >= 0 and not self.list.underMouse():  # a user reading elsewhere keeps the place
            self.list.scrollTo(self.model.index(row), QAbstractItemView.ScrollHint.EnsureVisible)

    def current_row(self) -> int:
        """The highlighted cue's row, -1 if none."""
        return self.model.current

    def _on_clicked(self, index: QModelIndex) -> None:
        transcript = self.model.transcript
        if transcript is not None and index.isValid():
            if QGuiApplication.keyboardModifiers() & (Qt.KeyboardModifier.ShiftModifier
                                                      | Qt.KeyboardModifier.ControlModifier):
                return  # extending a selection, not seeking
            self.seek_requested.emit(transcript.cues[index.row()].start_ms)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.list.selectionModel().selectedIndexes())

    def copy_selection(self) -> str:
        """Copy the selected lines, each after its timestamp link; returns the text."""
        transcript = self.model.transcript
        rows = self.selected_rows()
        if transcript is None or not rows:
            return ""
        text = "\n".join(f"{stamp_link(transcript.cues[r].start_ms)} "
                         f"{transcript.cues[r].text.replace(chr(10), ' ')}" for r in rows)
        QGuiApplication.clipboard().setText(text)
        return text

    def _menu(self, pos: QPoint) -> None:
        if not self.selected_rows():
            return
        menu = QMenu(self)
        menu.addAction(self.copy_action)
        menu.exec(self.list.viewport().mapToGlobal(pos))
