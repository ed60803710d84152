"""Find in the note (Ctrl+F): a bar floating at the top right of the note pane over
`QWebEnginePage.findText`, with the match count from `QWebEngineFindTextResult`.

Keys in the box: Enter next match, Shift+Enter previous, Esc closes (and clears the marks).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWebEngineCore import QWebEngineFindTextResult, QWebEnginePage
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

MARGIN = 8


class FindBar(QFrame):
    """The bar over `view` (a child of it, kept at its top right).

    Signals:
        counted(int active, int total): the page reported where the current match is.
    """

    counted = Signal(int, int)

    def __init__(self, view: QWebEngineView) -> None:
        super().__init__(view)
        self.setObjectName("find_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._view = view
        self.box = QLineEdit(self, placeholderText="Find in note", clearButtonEnabled=True)
        self.box.setMinimumWidth(200)
        self.count = QLabel("", self, textFormat=Qt.TextFormat.PlainText)
        self.count.setMinimumWidth(70)
        previous = QToolButton(self, text="\u2191", autoRaise=True, toolTip="Previous (Shift+Enter)")
        following = QToolButton(self, text="\u2193", autoRaise=True, toolTip="Next (Enter)")
        close = QToolButton(self, text="\u2715", autoRaise=True, toolTip="Close (Esc)")
        previous.clicked.connect(lambda: self.find(backward=True))
        following.clicked.connect(lambda: self.find())
        close.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.setSpacing(2)
        for widget in (self.box, self.count, previous, following, close):
            layout.addWidget(widget)
        self.box.textChanged.connect(lambda _text: self.find(new=True))
        self.box.installEventFilter(self)
        view.installEventFilter(self)  # follow the pane's size
        view.page().findTextFinished.connect(self._on_found)
        self.hide()

    def open(self) -> None:
        """Show the bar with the box focused (its text selected, to type over)."""
        self._place()
        self.show()
        self.raise_()
        self.box.setFocus()
        self.box.selectAll()
        if self.box.text():
            self.find(new=True)

    def close_bar(self) -> None:
        """Hide the bar, clear the page's marks and give the keyboard back to the page."""
        self.hide()
        self._view.page().findText("")
        self.count.setText("")
        self._view.setFocus()
        if self._view.focusProxy() is not None:  # the page's picture under the bar is redrawn
            self._view.focusProxy().update()

    def find(self, backward: bool = False, new: bool = False) -> None:
        """The next (or previous) match of the box's text; `new`: the text changed."""
        text = self.box.text()
        if not text:
            self._view.page().findText("")
            self.count.setText("")
            return
        flags = QWebEnginePage.FindFlag.FindBackward if backward else QWebEnginePage.FindFlag(0)
        # A new text starts over by itself; a findText("") first could report its 0 matches
        # after the text's count.
        del new
        self._view.page().findText(text, flags)

    def _on_found(self, result: QWebEngineFindTextResult) -> None:
        total, active = result.numberOfMatches(), result.activeMatch()
        if not self.box.text():
            self.count.setText("")
        else:
            self.count.setText(f"{active} of {total}" if total else "No matches")
        self.counted.emit(active, total)

    def _place(self) -> None:
        self.adjustSize()
        width = self.sizeHint().width()
        self.setGeometry(max(0, self._view.width() - width - MARGIN - 14), MARGIN, width,
                         self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view:
            if event.type() == QEvent.Type.Resize and self.isVisible():
                self._place()
            return False
        if watched is self.box and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.find(backward=bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return False
