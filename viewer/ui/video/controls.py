"""The row of transport controls under the video."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPalette, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from viewer.core.timecode import format_time

SPEEDS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
SKIP_SECONDS = 10


def _speed_label(rate: float) -> str:
    return f"{rate:g}×"


class ControlsBar(QWidget):
    """Play/pause, back/forward 10 s, time, speed, volume, follow mode, copy link.

    The bar only reports what the user did; the pane decides and calls the setters back.

    Signals:
        play_toggled(): play/pause was pressed.
        skip_requested(int seconds): back (negative) or forward was pressed.
        rate_chosen(float rate): a speed was picked.
        volume_chosen(int volume): the volume slider moved (0-100).
        mute_toggled(bool muted): the mute button was toggled.
        follow_toggled(bool on): the follow-mode button was toggled.
        copy_link_requested(): "Copy link at current time" was pressed.
    """

    play_toggled = Signal()
    skip_requested = Signal(int)
    rate_chosen = Signal(float)
    volume_chosen = Signal(int)
    mute_toggled = Signal(bool)
    follow_toggled = Signal(bool)
    copy_link_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._play_icon = self._pause_icon = QIcon()
        self._playing = self._muted = False

        self.back_button = self._button(f"−{SKIP_SECONDS} s", f"Back {SKIP_SECONDS} s (J)")
        self.back_button.clicked.connect(lambda: self.skip_requested.emit(-SKIP_SECONDS))
        self.play_button = self._button("", "Play (Space or K)")
        self.play_button.clicked.connect(self.play_toggled)
        self.forward_button = self._button(f"+{SKIP_SECONDS} s", f"Forward {SKIP_SECONDS} s (L)")
        self.forward_button.clicked.connect(lambda: self.skip_requested.emit(SKIP_SECONDS))

        self.time_label = QLabel("0:00 / 0:00", self)
        self.time_label.setObjectName("videoTime")
        self.time_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

        self.speed_box = QComboBox(self)
        self.speed_box.setToolTip("Playback speed (Shift+< slower, Shift+> faster)")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for rate in SPEEDS:
            self.speed_box.addItem(_speed_label(rate), rate)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.activated.connect(
            lambda index: self.rate_chosen.emit(float(self.speed_box.itemData(index)))
        )

        self.mute_button = self._button("", "Mute")
        self.mute_button.setCheckable(True)
        self.mute_button.toggled.connect(self._on_mute)
        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setFixedWidth(56)
        self.volume_slider.setToolTip("Volume")
        self.volume_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.volume_slider.valueChanged.connect(self.volume_chosen)

        self.follow_button = self._button(
            "Follow", "Follow mode: highlight the passage being played"
        )
        self.follow_button.setCheckable(True)
        self.follow_button.toggled.connect(self.follow_toggled)
        self.copy_button = self._button("Copy link", "Copy link at current time")
        self.copy_button.clicked.connect(self.copy_link_requested)

        # One row where the pane is wide enough, two where it is not: the bar never makes
        # the video pane (and so the window) wider (issue 16).
        self._rows = (QHBoxLayout(), QHBoxLayout())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 2, 4, 2)
        outer.setSpacing(2)
        for row in self._rows:
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            outer.addLayout(row)
        self._transport = (self.back_button, self.play_button, self.forward_button,
                           self.time_label)
        self._options = (self.speed_box, self.mute_button, self.volume_slider,
                         self.follow_button, self.copy_button)
        self._two_rows: bool | None = None
        self._place_rows(False)
        self._update_icons()

    def _place_rows(self, two: bool) -> None:
        if two == self._two_rows:
            return
        self._two_rows = two
        for row in self._rows:
            while row.takeAt(0) is not None:
                pass
        first, second = self._rows
        for widget in self._transport:
            first.addWidget(widget)
        first.addStretch(1)
        target = second if two else first
        for widget in self._options:
            target.addWidget(widget)
        if two:
            second.addStretch(1)
        self.updateGeometry()

    def _row_width(self, widgets: tuple[QWidget, ...], least: bool = False) -> int:
        return sum(max(w.minimumSizeHint().width(), w.minimumWidth()) if least
                   else w.sizeHint().width() for w in widgets) + 4 * len(widgets)

    def minimumSizeHint(self) -> QSize:
        width = max(self._row_width(self._transport, True),
                    self._row_width(self._options, True)) + 8
        return QSize(width, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        one_row = self._row_width(self._transport) + self._row_width(self._options) + 8
        self._place_rows(event.size().width() < one_row)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the theme changed: icons follow
            self._update_icons()

    def _update_icons(self) -> None:
        pixmap = QStyle.StandardPixmap
        self._play_icon = self._icon(pixmap.SP_MediaPlay)
        self._pause_icon = self._icon(pixmap.SP_MediaPause)
        self.play_button.setIcon(self._pause_icon if self._playing else self._play_icon)
        self.mute_button.setIcon(self._icon(pixmap.SP_MediaVolumeMuted if self._muted
                                            else pixmap.SP_MediaVolume))

    def _icon(self, which: QStyle.StandardPixmap) -> QIcon:
        """A standard icon's shape in the palette's text colours: enabled and disabled.

        The styles' media icons are drawn black whatever the theme (black on dark grey in
        the dark one), and some come without a disabled form, or with a bright one that
        looks pressable (issue 16).
        """
        shape = self.style().standardIcon(which).pixmap(QSize(16, 16), self.devicePixelRatioF())
        palette = self.palette()
        icon = QIcon()
        for mode, group in ((QIcon.Mode.Normal, QPalette.ColorGroup.Active),
                            (QIcon.Mode.Disabled, QPalette.ColorGroup.Disabled)):
            icon.addPixmap(_tinted(shape, palette.color(group, QPalette.ColorRole.ButtonText)), mode)
        return icon

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def _on_mute(self, muted: bool) -> None:
        self._show_muted(muted)
        self.mute_toggled.emit(muted)

    # -- setters (no signals) --------------------------------------------------------

    def set_playing(self, playing: bool) -> None:
        """Show the pause icon while playing, the play icon otherwise."""
        self._playing = playing
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)
        self.play_button.setToolTip("Pause (Space or K)" if playing else "Play (Space or K)")

    def set_time(self, position_ms: int, duration_ms: int) -> None:
        """Show the position and the duration (`-:--` while unknown)."""
        duration = format_time(duration_ms // 1000) if duration_ms > 0 else "-:--"
        self.time_label.setText(f"{format_time(position_ms // 1000)} / {duration}")

    def set_rate(self, rate: float) -> None:
        """Show `rate` as the chosen speed."""
        index = self.speed_box.findData(rate)
        if index >= 0:
            self.speed_box.setCurrentIndex(index)

    def set_volume(self, volume: int, muted: bool) -> None:
        """Show the volume and the mute state."""
        self.volume_slider.blockSignals(True)
        self.volume_slider.setValue(volume)
        self.volume_slider.blockSignals(False)
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(False)
        self._show_muted(muted)

    def _show_muted(self, muted: bool) -> None:
        self._muted = muted
        self._update_icons()
        self.mute_button.setToolTip("Unmute" if muted else "Mute")

    def set_follow(self, on: bool) -> None:
        """Show the follow-mode state."""
        self.follow_button.blockSignals(True)
        self.follow_button.setChecked(on)
        self.follow_button.blockSignals(False)

    def set_enabled_parts(self, transport: bool, link: bool) -> None:
        """Enable the transport controls and the copy-link button separately."""
        for widget in (self.back_button, self.play_button, self.forward_button,
                       self.speed_box, self.mute_button, self.volume_slider):
            widget.setEnabled(transport)
        self.copy_button.setEnabled(link)


def _tinted(shape: QPixmap, colour: QColor) -> QPixmap:
    """`shape`'s opaque parts filled with `colour`."""
    tinted = QPixmap(shape.size())
    tinted.setDevicePixelRatio(shape.devicePixelRatio())
    tinted.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tinted)
    try:
        painter.drawPixmap(0, 0, shape)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        painter.fillRect(tinted.rect(), colour)
    finally:
        painter.end()  # an exception with an active painter would crash Qt
    return tinted


def bind_keys(
    target: QWidget,
    toggle_play: Callable[[], None],
    skip: Callable[[int], None],
    step_rate: Callable[[int], None],
) -> None:
    """Bind the player keys on `target` and its children (e.g. once the video is clicked).

    Space or K: play/pause; J / L: back / forward 10 s; Shift+< / Shift+>: slower / faster.
    """
    bindings: list[tuple[tuple[str, ...], Callable[[], None]]] = [
        (("Space",), toggle_play),
        (("K",), toggle_play),
        (("J",), lambda: skip(-SKIP_SECONDS)),
        (("L",), lambda: skip(SKIP_SECONDS)),
        # "<" alone too: layouts differ in whether the key event carries Shift.
        (("<", "Shift+<"), lambda: step_rate(-1)),
        ((">", "Shift+>"), lambda: step_rate(1)),
    ]
    for keys, action in bindings:
        shortcut = QShortcut(target)
        shortcut.setKeys([QKeySequence(key) for key in keys])
        # K/J/L and the speed keys work anywhere in the window (text fields keep their
        # letters); Space only in the pane, since elsewhere it scrolls the note.
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut if "Space" in keys
                            else Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
