"""A keyboard-driven pick list popping up over the window (the quick switcher's and the command
palette's shared shape): a box to type in and two plain-text columns under it.

Keys: Up/Down/PageUp/PageDown move, Enter picks and closes, Ctrl+Enter picks and stays
open (when allowed), Esc closes. Clicking outside closes it too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

MAX_ROWS = 16  # rows shown before the list scrolls
MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}


class Picker(QFrame):
    """The box and the list, floating at the top of `parent`.

    Rows are given as (text, side text, data); every text is plain (QTreeWidgetItem never
    reads markup). Subclasses fill rows on `query_changed` and act on `picked`.

    Signals:
        query_changed(str): the box's text changed.
        picked(object data, bool close): a row was chosen; close=False for Ctrl+Enter.
    """

    query_changed = Signal(str)
    picked = Signal(object, bool)

    def __init__(self, parent: QWidget, placeholder: str, keep_open_allowed: bool = False) -> None:
        # A window of its own, not a child over the note pane: a widget laid over the
        # QtWebEngine view left its picture behind there once hidden (seen under X11).
        # A frameless window (transient for `parent`), not a popup: a popup grabs keyboard
        # and mouse, which the offscreen platform of the tests cannot do; focus leaving it
        # closes it instead.
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("picker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._keep_open_allowed = keep_open_allowed
        self._return_to: QWidget | None = None  # focus goes back there on Esc
        self.box = QLineEdit(self, placeholderText=placeholder, clearButtonEnabled=True)
        self.list = QTreeWidget(self)
        self.list.setColumnCount(2)
        self.list.setHeaderHidden(True)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the box keeps the keyboard
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.status = QLabel(self, textFormat=Qt.TextFormat.PlainText)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.box)
        layout.addWidget(self.status)
        layout.addWidget(self.list)
        self.box.textChanged.connect(self.query_changed)
        self.box.installEventFilter(self)
        self.list.itemActivated.connect(lambda item, _c: self._pick(item, True))
        self.list.itemClicked.connect(lambda item, _c: self._pick(item, True))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus)
        self.hide()

    # -- showing ------------------------------------------------------------------------
    def popup(self) -> None:
        """Show over the top of the parent, the box focused and selected."""
        parent = self.parentWidget()
        width = min(720, max(360, parent.width() * 2 // 3))
        height = self.sizeHint().height()
        top_left = parent.mapToGlobal(QPoint((parent.width() - width) // 2, 48))
        self.setGeometry(top_left.x(), top_left.y(), width, height)
        focused = QApplication.focusWidget()
        if focused is not None and not self.isAncestorOf(focused):
            self._return_to = focused
        self.show()
        self.activateWindow()
        self.box.setFocus()
        self.box.selectAll()
        self.query_changed.emit(self.box.text())

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self.isVisible() and new is not None and not self.isAncestorOf(new) and new is not self:
            QTimer.singleShot(0, self.hide)  # clicked elsewhere: gone, as a popup would be

    def set_rows(self, rows: list[tuple[str, str, object]], message: str = "") -> None:
        """Replace the rows (the first current); `message` (plain text) above them if any."""
        self.list.clear()
        items = []
        for text, side, data in rows:
            item = QTreeWidgetItem([text, side])
            item.setData(0, Qt.ItemDataRole.UserRole, data)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(1, self.palette().placeholderText())
            items.append(item)
        self.list.addTopLevelItems(items)
        if items:
            self.list.setCurrentItem(items[0])
        self.status.setText(message)
        self.status.setVisible(bool(message))
        self._fit(len(items))

    def _fit(self, count: int) -> None:
        """As tall as its rows (MAX_ROWS at most), the top where it was."""
        # Exactly whole rows: any slack showed a sliver of the next row under the last one.
        row = self.list.sizeHintForRow(0) if count else self.fontMetrics().lineSpacing() + 4
        list_height = row * max(1, min(count, MAX_ROWS)) + 2 * self.list.frameWidth()
        self.list.setFixedHeight(list_height)
        self.resize(self.width(), self.sizeHint().height())

    def rows(self) -> list[tuple[str, str]]:
        """(text, side text) of each row shown."""
        return [(self.list.topLevelItem(i).text(0), self.list.topLevelItem(i).text(1))
                for i in range(self.list.topLevelItemCount())]

    # -- keys ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.box or event.type() != QEvent.Type.KeyPress \
                or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key in MOVES:
            self._move(MOVES[Qt.Key(key)])
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.list.currentItem()
            keep = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier) \
                and self._keep_open_allowed
            if item is not None:
                self._pick(item, not keep)
            return True
        if key == Qt.Key.Key_Escape:
            self.hide()
            if self._return_to is not None and isValid(self._return_to) and self._return_to.isVisible():
                self._return_to.setFocus()
            return True
        return False

    def _move(self, step: int) -> None:
        count = self.list.topLevelItemCount()
        if not count:
            return
        current = self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else 0
        row = max(0, min(count - 1, current + step))
        self.list.setCurrentItem(self.list.topLevelItem(row))

    def _pick(self, item: QTreeWidgetItem, close: bool) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if close:
            self.hide()
        self.picked.emit(data, close)
