"""A one-line label that elides its text instead of widening its window."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QStyleOption, QWidget

from viewer.ui.plaintext import tooltip_html

MIN_CHARS = 6  # the least a squeezed label shows: a few letters and "…"


class ElidedLabel(QWidget):
    """Shows `text` on one line, cut with "…" where it does not fit; the whole text is its
    tooltip (as plain text).

    A QLabel's minimum size hint is its whole text, so a 200-character note title made the
    video pane, then the window, wider than the screen (issue 16). This one asks for a few
    characters at least and as much as the text at best; it never draws markup.
    """

    def __init__(self, parent: QWidget | None = None, text: str = "") -> None:
        super().__init__(parent)
        self._text = self._shown = ""
        self._cut = False
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setText(text)

    def text(self) -> str:
        """The whole text (not the elided one)."""
        return self._text

    def is_elided(self) -> bool:
        """Whether the text shown is cut (after the last paint)."""
        return self._cut

    def setText(self, text: str) -> None:  # Qt's name, like QLabel's
        """Show `text` (plain text: a leading tag is shown as written)."""
        self._text = text
        self._shown = " ".join(text.splitlines())
        self.setToolTip(tooltip_html(text))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._shown) + 2, metrics.height())

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(min(self.sizeHint().width(), metrics.averageCharWidth() * MIN_CHARS),
                     metrics.height())

    def textFormat(self) -> Qt.TextFormat:
        """Always plain text (QLabel's API, for `plaintext.plain`)."""
        return Qt.TextFormat.PlainText

    def setTextFormat(self, _format: Qt.TextFormat) -> None:
        """Ignored: the text is never markup."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            option = QStyleOption()
            option.initFrom(self)
            shown = self.fontMetrics().elidedText(self._shown, Qt.TextElideMode.ElideRight,
                                                  self.width())
            self._cut = shown != self._shown
            self.style().drawItemText(
                painter, self.rect(), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                option.palette, self.isEnabled(), shown, self.foregroundRole())
        finally:
            painter.end()  # an exception with an active painter would crash Qt
