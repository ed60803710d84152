"""Play a YouTube video in YouTube's IFrame player, inside a QWebEngineView."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QVBoxLayout, QWidget

from viewer.core.media import youtube_error_text
from viewer.ui.video.player_base import PlayerBase
from viewer.ui.video.youtube_page import PlayerBridge, PlayerPage, make_profile

log = logging.getLogger("lectern.video")

# YT.PlayerState values.
_ENDED, _PLAYING, _PAUSED, _BUFFERING = 0, 1, 2, 3
# How long the player may take to become ready before we tell the user.
READY_TIMEOUT_MS = 20_000


class YouTubePlayer(PlayerBase):
    """The YouTube IFrame player, driven through `PlayerBridge`.

    Calls made before the page (or the YouTube player in it) is ready are queued and run
    once it is. A crashed renderer is reloaded at the last known position.

    Signals: those of `PlayerBase`; `failed` carries YouTube's error in words, and
    `error_code` is set for it.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Creation order is destruction order: the view (and the page it owns) must go
        # before the profile, or Qt warns that the profile is released while in use.
        self._view = QWebEngineView(self)
        self._profile: QWebEngineProfile = make_profile(self)
        self._bridge = PlayerBridge(self)
        self._page: PlayerPage | None = None
        self._page_ready = False
        self._page_stale = False  # the API script failed to load: reload the page to retry
        self._page_queue: list[Callable[[], None]] = []
        self._player_queue: list[Callable[[], None]] = []
        self._video_id: str | None = None
        self._position_ms = 0
        self._duration_ms = 0
        self._playing = False
        self.error_code: int | None = None
        self._ready_timer = QTimer(self)
        self._ready_timer.setSingleShot(True)
        self._ready_timer.setInterval(READY_TIMEOUT_MS)
        self._ready_timer.timeout.connect(self._on_ready_timeout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)
        bridge = self._bridge
        bridge.page_loaded.connect(self._on_page_ready)
        bridge.player_loaded.connect(self._on_player_ready)
        bridge.state_reported.connect(self._on_state)
        bridge.progress_reported.connect(self._on_progress)
        bridge.error_reported.connect(self._on_error)
        bridge.api_unreachable.connect(self._on_api_failed)

    # -- access for the pane and tests --------------------------------------------------

    def profile(self) -> QWebEngineProfile:
        """The player's own profile (tests install their request interceptor here)."""
        return self._profile

    def page(self) -> QWebEnginePage | None:
        """The player page, once a video was loaded."""
        return self._page

    def video_id(self) -> str | None:
        """The video loaded or being loaded."""
        return self._video_id

    # -- loading ---------------------------------------------------------------------

    def _ensure_page(self) -> None:
        if self._page is not None:
            return
        self._page = PlayerPage(self._profile, self._bridge, self._view)
        self._page.renderProcessTerminated.connect(self._on_renderer_gone)
        self._view.setPage(self._page)
        self._page.load_player()

    def load(self, video_id: str, start_seconds: int = 0, autoplay: bool = False) -> None:
        """Cue (or with `autoplay`, play) `video_id`, starting at `start_seconds`."""
        log.info("YouTube video %s at %ss", video_id, start_seconds)
        self._video_id = video_id
        self._position_ms = start_seconds * 1000
        self._duration_ms = 0
        self.error_code = None
        self._player_queue.clear()
        self._set_ready(False)
        if self._page_stale and self._page is not None:  # a retry after a failed load
            self._page_stale = False
            self._page_ready = False
            self._page_queue.clear()
            self._page.load_player()
        self._ensure_page()
        self._ready_timer.start()
        self._when_page(lambda: self._bridge.do_load.emit(video_id, start_seconds, autoplay))

    def unload(self) -> None:
        if self._playing:
            self.pause()
        self._ready_timer.stop()
        self._player_queue.clear()
        self._video_id = None
        self._set_ready(False)

    def _when_page(self, call: Callable[[], None]) -> None:
        if self._page_ready:
            call()
        else:
            self._page_queue.append(call)

    def _when_player(self, call: Callable[[], None]) -> None:
        if self.is_ready():
            call()
        else:
            self._player_queue.append(call)

    # -- transport -------------------------------------------------------------------

    def play(self) -> None:
        self._when_player(self._bridge.do_play.emit)

    def pause(self) -> None:
        self._when_player(self._bridge.do_pause.emit)

    def is_playing(self) -> bool:
        return self._playing

    def seek_ms(self, ms: int) -> None:
        self._position_ms = max(0, ms)
        seconds = self._position_ms / 1000
        self._when_player(lambda: self._bridge.do_seek.emit(seconds))
        self.position_changed.emit(self._position_ms)

    def position_ms(self) -> int:
        return self._position_ms

    def duration_ms(self) -> int:
        return self._duration_ms

    def set_rate(self, rate: float) -> None:
        self._when_player(lambda: self._bridge.do_rate.emit(rate))

    def set_volume(self, volume: int) -> None:
        self._when_player(lambda: self._bridge.do_volume.emit(max(0, min(100, volume))))

    def set_muted(self, muted: bool) -> None:
        self._when_player(lambda: self._bridge.do_mute.emit(muted))

    # -- page -> Python ----------------------------------------------------------------

    def _on_page_ready(self) -> None:
        log.debug("player page ready")
        self._page_ready = True
        queue, self._page_queue = self._page_queue, []
        for call in queue:
            call()

    def _on_player_ready(self, duration: float) -> None:
        log.debug("YouTube player ready, duration %.1fs", duration)
        self._ready_timer.stop()
        self._set_duration(duration)
        self._set_ready(True)
        queue, self._player_queue = self._player_queue, []
        for call in queue:
            call()

    def _on_state(self, state: int) -> None:
        playing = state in (_PLAYING, _BUFFERING)
        if playing != self._playing:
            self._playing = playing
            self.playing_changed.emit(playing)
        if state == _ENDED and self._duration_ms:
            self._set_position(self._duration_ms)

    def _on_progress(self, seconds: float, duration: float) -> None:
        self._set_duration(duration)
        ms = seconds * 1000
        if math.isfinite(ms) and ms >= 0:  # the page's numbers are untrusted
            self._set_position(int(ms))

    def _on_error(self, code: int) -> None:
        self._ready_timer.stop()
        self.error_code = code
        log.warning("YouTube player error %d for %s", code, self._video_id)
        self.failed.emit(youtube_error_text(code))

    def _on_api_failed(self, reason: str) -> None:
        self._ready_timer.stop()
        self._page_stale = True
        log.warning("YouTube player unavailable: %r", reason[:200])  # page words: log only
        self.failed.emit("YouTube could not be reached: could not load the YouTube player "
                         "script.")

    def _on_ready_timeout(self) -> None:
        if not self.is_ready() and self.error_code is None:
            self._page_stale = True
            log.warning("YouTube player for %s not ready after %d ms", self._video_id,
                        READY_TIMEOUT_MS)
            self.failed.emit("YouTube did not answer: the player did not load.")

    def _on_renderer_gone(self, status: QWebEnginePage.RenderProcessTerminationStatus,
                          exit_code: int) -> None:
        if status == QWebEnginePage.RenderProcessTerminationStatus.NormalTerminationStatus:
            return
        log.error("player renderer ended (%s, %d); reloading", status.name, exit_code)
        self._page_ready = False
        self._set_ready(False)
        if self._video_id is not None and self._page is not None:
            video_id, start = self._video_id, self._position_ms // 1000
            self._page.load_player()
            self.load(video_id, start)

    def _set_duration(self, duration: float) -> None:
        if not math.isfinite(duration * 1000):  # the page's numbers are untrusted
            return
        ms = int(duration * 1000)
        if ms > 0 and ms != self._duration_ms:
            self._duration_ms = ms
            self.duration_changed.emit(ms)

    def _set_position(self, ms: int) -> None:
        if ms != self._position_ms:
            self._position_ms = ms
            self.position_changed.emit(ms)
