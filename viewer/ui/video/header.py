"""The line above the video: title, source, "Resume at m:ss", and a notice line."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from viewer.core.timecode import format_time
from viewer.ui.elided import ElidedLabel
from viewer.ui.plaintext import plain


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

    def offer_resume(self, seconds: int) -> None:
        """Show "Resume at m:ss" (hidden for 0)."""
        self._resume_seconds = seconds
        self.resume_button.setText(f"Resume at {format_time(seconds)}")
        self.resume_button.setVisible(seconds > 0)

    def hide_resume(self) -> None:
        """Withdraw the resume offer."""
        self.resume_button.hide()

    def show_notice(self, words: str) -> None:
        """Show a warning line (empty hides it)."""
        self.notice.setText(words)
        self.notice.setVisible(bool(words))
