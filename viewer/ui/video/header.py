"""The line above the video: title, source, "Resume at m:ss", and a notice line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from viewer.core.timecode import format_time
from viewer.ui.elided import ElidedLabel
from viewer.ui.plaintext import plain, tooltip_html

# The title keeps this many average characters (or its whole text, if shorter) before the
# source label beside it gets any room; the source elides first, then hides (issue 16).
TITLE_READABLE_CHARS = 24
SOURCE_MIN_CHARS = 8  # narrower than this, the source moves into the title's tooltip


class VideoHeader(QWidget):
    """Title and source of the video, the resume offer, and a notice for warnings.

    Signals:
        resume_requested(int seconds): "Resume at m:ss" was pressed.
    """

    resume_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Elided labels: a long title or file name never widens the pane (issue 16).
        self.title = ElidedLabel(self)
        self.title.setObjectName("videoTitle")
        self.source = ElidedLabel(self)
        self.source.setObjectName("videoSource")
        self.source.setEnabled(False)
        self.resume_button = QPushButton(self)
        self.resume_button.setObjectName("videoResume")
        self.resume_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.resume_button.hide()
        # The row is as tall as the button from the start: the offer appears without
        # moving the video down (the title gives way sideways).
        self.title.setMinimumHeight(self.resume_button.sizeHint().height())
        self._resume_seconds = 0
        self.resume_button.clicked.connect(
            lambda: self.resume_requested.emit(self._resume_seconds)
        )
        self.notice = QLabel(self)
        self.notice.setObjectName("videoNotice")
        self.notice.setWordWrap(True)
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice.setStyleSheet("color: #b03a2e;")
        self.notice.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self._row = row
        row.addWidget(self.title, 1)
        row.addWidget(self.source)
        row.addWidget(self.resume_button)
        plain(self.notice)  # page words: never markup (the elided labels draw plain text)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.notice)

    def set_title(self, title: str) -> None:
        """Show the note's title for the video."""
        self.title.setText(title)  # its tooltip, when cut, is the whole title
        self._fit()

    def set_source(self, source: str) -> None:
        """Show where the video comes from ("YouTube", "Local file: x.mp4"; "" for none)."""
        self.source.setText(source)
        self._fit()

    def source_shown(self) -> bool:
        """Whether the source label is on the row (else it is in the title's tooltip)."""
        return not self.source.isHidden()

    def _fit(self) -> None:
        """Give the title its readable width first; the source gets what is left, elided,
        or moves into the title's tooltip when that is too little to read."""
        margins = self.layout().contentsMargins()
        row_px = self.width() - margins.left() - margins.right()
        spacing = max(0, self._row.spacing())
        resume_px = (self.resume_button.sizeHint().width() + spacing
                     if not self.resume_button.isHidden() else 0)
        metrics = self.title.fontMetrics()
        title_px = min(self.title.sizeHint().width(),
                       metrics.averageCharWidth() * TITLE_READABLE_CHARS)
        left = row_px - resume_px - title_px - spacing
        source = self.source.text()
        least = self.source.fontMetrics().averageCharWidth() * SOURCE_MIN_CHARS
        fits = bool(source) and left >= least
        self.source.setMaximumWidth(max(0, left) if fits else 16777215)
        self.source.setVisible(fits)
        title = self.title.text()
        tip = f"{title}\n{source}" if source and not fits and title else title or source
        self.title.setToolTip(tooltip_html(tip))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def offer_resume(self, seconds: int) -> None:
        """Show "Resume at m:ss" (hidden for 0)."""
        self._resume_seconds = seconds
        self.resume_button.setText(f"Resume at {format_time(seconds)}")
        self.resume_button.setVisible(seconds > 0)
        self._fit()

    def hide_resume(self) -> None:
        """Withdraw the resume offer."""
        self.resume_button.hide()
        self._fit()

    def show_notice(self, words: str) -> None:
        """Show a warning line (empty hides it)."""
        self.notice.setText(words)
        self.notice.setVisible(bool(words))
