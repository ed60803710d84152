"""The video pane's widgets and their wiring, set up once (Qt's `setupUi` role, as
`viewer.ui.window_ui` does for the window); `pane.py` holds what the pane does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout

from viewer.ui.video.controls import ControlsBar
from viewer.ui.video.header import VideoHeader
from viewer.ui.video.offline_card import MessageCard, OfflineCard
from viewer.ui.video.timeline import Timeline

if TYPE_CHECKING:
    from viewer.ui.video.pane import VideoPane


def build_pane(pane: VideoPane) -> None:
    """Header, player stack (message and offline cards), timeline and controls of `pane`,
    connected to its slots."""
    pane.header = VideoHeader(pane)
    pane.header.resume_requested.connect(pane._seek_loaded)
    pane.stack = QStackedWidget(pane)
    pane.message_card = MessageCard(pane.stack)
    pane.message_card.action_clicked.connect(pane._open_in_browser)
    pane.offline_card = OfflineCard(pane.stack)
    pane.offline_card.action_clicked.connect(pane._open_in_browser)
    pane.stack.addWidget(pane.message_card)
    pane.stack.addWidget(pane.offline_card)
    pane.timeline = Timeline(pane)
    pane.timeline.marker_clicked.connect(pane._on_marker)
    pane.timeline.seek_requested.connect(pane._on_scrub)
    pane.controls = ControlsBar(pane)
    pane.controls.play_toggled.connect(pane.toggle_play)
    pane.controls.skip_requested.connect(pane.skip)
    pane.controls.rate_chosen.connect(pane.set_rate)
    pane.controls.volume_chosen.connect(lambda v: pane._set_audio(v, pane._muted))
    pane.controls.mute_toggled.connect(lambda m: pane._set_audio(pane._volume, m))
    pane.controls.follow_toggled.connect(pane._set_follow)
    pane.controls.copy_link_requested.connect(pane.copy_link)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(pane.header)
    layout.addWidget(pane.stack, 1)
    layout.addWidget(pane.timeline)
    layout.addWidget(pane.controls)


def apply_settings(pane: VideoPane) -> None:
    """Follow mode, volume, mute and speed from the stored preferences."""
    prefs = pane._prefs
    pane._follow = prefs.get_bool("video/follow")
    pane._volume = prefs.get_int("video/volume")
    pane._muted = prefs.get_bool("video/muted")
    pane._rate = prefs.get_float("video/rate")
    pane.controls.set_follow(pane._follow)
    pane.controls.set_volume(pane._volume, pane._muted)
    pane.controls.set_rate(pane._rate)
