"""Cards shown in place of the video: offline, no video, bad id, player errors."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from viewer.core.media import suggested_media_path
from viewer.core.timecode import format_time
from viewer.ui.plaintext import plain

# One card, one wording: the window offline, YouTube out of reach, and `lectern screenshot`.
OFFLINE_TITLE = "You are offline: YouTube cannot be reached, and there is no local copy of this video."
OPEN_IN_BROWSER = "Open in browser at this time"

MARGIN_PX, TIGHT_MARGIN_PX = 24, 8  # around the card's lines; tight (then none) when short
GAP_PX, TIGHT_GAP_PX = 8, 4  # between its lines


class MessageCard(QWidget):
    """A centred message with an optional detail line and an optional action button.

    In a short pane (the video under the note in a small window) the card never squeezes
    its lines into each other: it tightens its margins, then drops lines, the detail first,
    then the title, then the body; the button goes last (issue 16).

    Signals:
        action_clicked(): the button was pressed.
    """

    action_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("videoMessageCard")
        self.setAutoFillBackground(True)
        self._title = QLabel(self)
        self._title.setObjectName("title")
        font = self._title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self._title.setFont(font)
        self._body = QLabel(self)
        self._body.setObjectName("body")
        self._detail = QLabel(self)
        self._detail.setObjectName("detail")
        self._detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        plain(self._title, self._body, self._detail)  # words may come from the player page
        for label in (self._title, self._body, self._detail):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # Ignored across: an unbreakable word (a 300-letter videoId) is cut at the pane's
            # edge instead of widening the pane, then the window (issue 16).
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self._button = QPushButton(self)
        self._button.clicked.connect(self.action_clicked)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN_PX, MARGIN_PX, MARGIN_PX, MARGIN_PX)
        layout.setSpacing(GAP_PX)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._body)
        layout.addWidget(self._detail)
        layout.addWidget(self._button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self._wanted: dict[QWidget, bool] = {}  # a part has something to show
        self.show_message("")

    def minimumSizeHint(self) -> QSize:
        # As short as the pane makes it: `_fit` drops lines rather than overlap them.
        return QSize(super().minimumSizeHint().width(), 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def _fit(self) -> None:
        """Show the wanted parts that fit the card's height, in order of importance."""
        by_importance = [self._button, self._body, self._title, self._detail]
        wanted = [w for w in by_importance if self._wanted.get(w)]
        shown: list[QWidget] = []
        for margin, gap in ((MARGIN_PX, GAP_PX), (TIGHT_MARGIN_PX, TIGHT_GAP_PX), (0, TIGHT_GAP_PX)):
            inner_px = max(0, self.width() - 2 * margin)
            room = self.height() - 2 * margin
            shown = []
            for part in wanted:
                if isinstance(part, QLabel):
                    need = part.heightForWidth(inner_px)
                else:
                    need = part.sizeHint().height()
                need += gap if shown else 0
                if need > room:
                    break
                room -= need
                shown.append(part)
            if len(shown) == len(wanted):
                break
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._layout.setSpacing(gap)
        for part in by_importance:
            part.setVisible(part in shown)

    def show_message(
        self, title: str, body: str = "", detail: str = "", action: str | None = None
    ) -> None:
        """Show `title`, `body` and `detail` (empty parts hidden) and a button if `action`."""
        for label, text in ((self._title, title), (self._body, body), (self._detail, detail)):
            label.setText(text)
            self._wanted[label] = bool(text)
        self._button.setText(action or "")
        self._wanted[self._button] = action is not None
        self._fit()

    def show_failure(self, words: str, local_hint_id: str | None, linkable: bool) -> None:
        """Say that the video cannot be played, why, and what to do instead.

        Args:
            words: The reason, for the user.
            local_hint_id: If set, also say where a local copy of this video would play.
            linkable: Whether to offer "Open in browser at current time".
        """
        hint = ""
        if local_hint_id:
            hint = (f"To watch it here anyway, put the video file at "
                    f"{suggested_media_path(local_hint_id)} in your vault.")
        action = OPEN_IN_BROWSER if linkable else None
        self.show_message("The video cannot be played here.", words, hint, action)

    def button(self) -> QPushButton:
        """The action button (for tests)."""
        return self._button

    def visible_text(self) -> str:
        """Everything the card shows, as plain text, one part a line."""
        parts = [w.text() for w in (self._title, self._body, self._detail, self._button)
                 if not w.isHidden() and w.text()]
        return "\n".join(parts)


class OfflineCard(MessageCard):
    """What the pane shows offline when there is no local copy of the video.

    Signals: those of `MessageCard` (the button opens the video in the browser).
    """

    def show_offline(self, video_id: str, seconds: int, clicked: bool) -> None:
        """Say that the video cannot play here, at which time, and how to fix that.

        Args:
            video_id: The YouTube id.
            seconds: The time the user asked for (or where the video would start).
            clicked: Whether the user clicked a timestamp (else `seconds` is a start).
        """
        label = "Clicked time" if clicked else "Start at"
        self.show_message(
            OFFLINE_TITLE,
            f"{label}: {format_time(seconds)}",
            "To watch it offline, put the video file at "
            f"{suggested_media_path(video_id)} in your vault "
            "(webm, mkv and m4a work too).",
            OPEN_IN_BROWSER,
        )
