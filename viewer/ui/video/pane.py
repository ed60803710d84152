"""The video pane: picks a source per video and keeps player, timeline and controls in step."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QHideEvent
from PySide6.QtWidgets import QWidget

from viewer.core.media import is_past_end, past_end_message
from viewer.core.timecode import is_video_id, youtube_url
from viewer.ui.network import NetworkStatus
from viewer.ui.video.controls import SPEEDS, bind_keys
from viewer.ui.external import open_or_copy
from viewer.ui.video.online import default_online
from viewer.ui.video.player_base import PlayerBase
from viewer.ui.video.prefs import VideoPrefs
from viewer.ui.video.resume import ResumeKeeper
from viewer.ui.video.pane_ui import apply_settings, build_pane
from viewer.ui.video.timeline import Marker

if TYPE_CHECKING:
    from PySide6.QtWebEngineCore import QWebEngineProfile

    from viewer.ui.video.local_player import LocalPlayer
    from viewer.ui.video.youtube_player import YouTubePlayer

log = logging.getLogger("lectern.video")


POSITION_EMIT_MS = 100  # position_changed at most ~10 times a second


class VideoPane(QWidget):
    """The video beside the notes: a local file, YouTube's player, or a card saying why not.

    Signals:
        position_changed(str video_id, int ms): while playing/seeking, throttled to <= ~10/s.
        marker_activated(str note_path, int seconds): a timeline marker of ANOTHER note was
            clicked.
        follow_changed(bool): the follow-mode toggle changed.
        status_message(str): something to show in the status bar (errors in words etc.).
        duration_changed(str video_id, int ms): the loaded video's length became known.
    """

    position_changed = Signal(str, int)
    marker_activated = Signal(str, int)
    follow_changed = Signal(bool)
    duration_changed = Signal(str, int)
    status_message = Signal(str)

    def __init__(self, settings: QSettings, online: Callable[[], bool] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prefs = VideoPrefs(settings)
        self._online = online if online is not None else default_online()
        # Known unreachable (the system says so, or a load failed): the offline card at
        # once, YouTube tried again behind it (issue 12, "Offline means instant").
        self.network = NetworkStatus(self._online, watch_system=online is None, parent=self)
        self.network.back_online.connect(self._retry_youtube)
        self._probing: str | None = None  # a video id loading behind the offline card
        self._unreachable = False  # the shown failure is "YouTube could not be reached"
        self._failed = False  # the current player failed: a card stands in for it
        self._offline_clicked = False
        self._video_id: str | None = None
        self._title = ""  # the header's title (a label may show it elided)
        self._local_file: Path | None = None
        self._kind = "none"
        self._player: PlayerBase | None = None
        self._local: LocalPlayer | None = None
        self._youtube: YouTubePlayer | None = None
        self._pending_seek: int | None = None
        self._offline_seconds = 0
        self._last_emit = 0.0
        self._emit_timer = QTimer(self, singleShot=True)
        self._emit_timer.timeout.connect(self._emit_position)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # keys work once the pane is clicked
        build_pane(self)
        self._resume = ResumeKeeper(self._prefs, self.header)
        bind_keys(self, self.toggle_play, self.skip, self.step_rate)
        apply_settings(self)
        self._show_card("No note is open", "A note's video plays here: open a note with a videoId.")

    # -- building ----------------------------------------------------------------------
    def _adopt(self, player: PlayerBase) -> None:
        self.stack.addWidget(player)
        player.position_changed.connect(lambda ms: self._on_position(player, ms))
        player.duration_changed.connect(lambda ms: self._on_duration(player, ms))
        player.playing_changed.connect(lambda on: self._on_playing(player, on))
        player.ready.connect(lambda: self._on_ready(player))
        player.failed.connect(lambda words: self._on_failed(player, words))
        player.set_volume(self._volume)
        player.set_muted(self._muted)
        player.set_rate(self._rate)

    # The players are imported and made on first use, so that a pane that never shows
    # YouTube never starts Chromium, and one that never plays a file never opens audio.

    def local_player(self) -> LocalPlayer:
        """The local-file player, created on first use."""
        if self._local is None:
            from viewer.ui.video.local_player import LocalPlayer

            self._local = LocalPlayer(self.stack)
            self._adopt(self._local)
        return self._local

    def youtube_player(self) -> YouTubePlayer:
        """The YouTube player, created on first use (this starts QtWebEngine)."""
        if self._youtube is None:
            from viewer.ui.video.youtube_player import YouTubePlayer

            self._youtube = YouTubePlayer(self.stack)
            self._adopt(self._youtube)
        return self._youtube

    def player_profile(self) -> QWebEngineProfile:
        """The QWebEngineProfile of the YouTube player (e.g. to install an interceptor)."""
        return self.youtube_player().profile()

    # -- public API --------------------------------------------------------------------
    def show_video(self, video_id: str | None, local_file: Path | None, title: str = "",
                   why: str = "") -> None:
        """Load a video without playing it; both None shows "This note has no video", with
        `why` (e.g. the note's videoId is not a YouTube id) and what to do."""
        path = local_file if local_file is not None and local_file.is_file() else None
        if local_file is not None and path is None:
            log.warning("local video %s does not exist", local_file)
        self._title = title
        self.header.set_title(title)
        same = video_id == self._video_id and path == self._local_file
        if same and self._kind not in ("none", "offline"):
            return
        self._leave_video()
        self._video_id, self._local_file = video_id, path
        self._pending_seek = None
        self._offline_seconds = 0
        self.timeline.set_duration(0)
        self.timeline.set_position(0)
        self.controls.set_time(0, 0)
        if path is not None:
            self._use_player(self.local_player(), "local", f"Local file: {path.name}")
            self.local_player().load(path)
        elif video_id is None and why:
            self._show_card("This note has no video", why)
        elif video_id is None:
            self._show_card("This note has no video",
                            "Add a videoId (the 11-character YouTube id) to its front matter, "
                            "or a video: field naming a file in the vault.")
        elif not is_video_id(video_id):
            words = f"“{video_id}” is not a valid YouTube video id."
            self._show_card(words, "A YouTube id is 11 letters, digits, “-” or “_”. "
                            "Check the note's videoId.")
            self.status_message.emit(words)
        elif not self._online():
            self._show_offline(video_id)
        elif self.network.known_unreachable():
            self._show_offline(video_id)
            if self.network.retry_due():  # a cheap try behind the card; shown if it loads
                log.info("trying YouTube again behind the offline card (%s)", video_id)
                self._probing = video_id
                self.youtube_player().load(video_id)
        else:
            self._use_player(self.youtube_player(), "youtube", "YouTube")
            self.youtube_player().load(video_id)
        self._resume.offer(self._video_id, self._kind)

    def seek(self, video_id: str, seconds: int, local_file: Path | None = None,
             title: str = "") -> None:
        """Seek to `seconds` and play, loading `video_id` first if another video is shown
        (headed `title`, else "Video <id>")."""
        started = time.perf_counter()
        local_changed = local_file is not None and local_file != self._local_file
        back_online = self._kind == "offline" and self._online() \
            and not self.network.known_unreachable()
        if video_id != self._video_id or local_changed or self._kind == "none" or back_online:
            self.show_video(video_id, local_file, self._title if video_id == self._video_id
                            else title or f"Video {video_id}")
        elif title:
            self._title = title
            self.header.set_title(title)
        self._seek_loaded(seconds)
        log.debug("seek %s %ss issued in %.1f ms", video_id, seconds,
                  (time.perf_counter() - started) * 1000)

    def _seek_loaded(self, seconds: int) -> None:
        """Seek the video already shown (or the card standing in for it) and play."""
        self.header.hide_resume()
        self.header.show_notice("")
        if self._kind == "offline" or self._failed:
            # A card stands in for the video: it, the clock, Copy link and Open in browser
            # take the clicked time (a player that loads after all still seeks there).
            self._offline_seconds = seconds
            self._offline_clicked = True
            if self._failed:
                self._pending_seek = seconds
            if self._kind == "offline" or self._unreachable:
                self.offline_card.show_offline(self._video_id or "", seconds, clicked=True)
            self.timeline.set_position(seconds * 1000)
            self.controls.set_time(seconds * 1000, 0)
        elif self._player is not None:
            self._resume.touched = True
            if self._player.is_ready():
                self._issue_seek(seconds)
            else:
                self._pending_seek = seconds

    def show_page(self, title: str, words: str, detail: str = "") -> None:
        """A page without a video of its own (a topic page): the card says how to get one."""
        self.show_video(None, None, title)
        self._show_card(words, detail)
        self.set_markers([], [])

    def set_title(self, title: str) -> None:
        """Head the shown video with `title` (another note on the same video opened)."""
        self._title = title
        self.header.set_title(title)

    def clear(self) -> None:
        """Stop and forget the video (its vault was closed): "This note has no video"."""
        self.show_video(None, None, "")
        self.set_markers([], [])

    def set_markers(self, own: list[Marker], others: list[Marker]) -> None:
        """Show the timestamps of this video: the open note's and other notes'."""
        self.timeline.set_markers(own, others)

    def current_video(self) -> str | None:
        """The video id shown (None if none)."""
        return self._video_id

    def position_ms(self) -> int:
        """The playing position (offline, failed, or while loading: the time last clicked)."""
        if self._failed:
            return self._offline_seconds * 1000
        if self._pending_seek is not None:
            return self._pending_seek * 1000
        if self._player is not None:
            return self._player.position_ms()
        return self._offline_seconds * 1000

    def follow_mode(self) -> bool:
        """Whether follow mode is on."""
        return self._follow

    def is_playing(self) -> bool:
        """Whether a video is playing."""
        return self._player is not None and self._player.is_playing()

    def source_kind(self) -> str:
        """"local", "youtube", "offline" or "none"."""
        return self._kind

    def copy_link(self) -> str:
        """Copy `https://youtu.be/<id>?t=<s>` at the current time and return it."""
        if not is_video_id(self._video_id):
            self.status_message.emit("This video has no YouTube link to copy.")
            return ""
        url_str = youtube_url(self._video_id or "", self.position_ms() // 1000)
        QGuiApplication.clipboard().setText(url_str)
        self.status_message.emit(f"Copied {url_str}")
        return url_str

    # -- transport (also bound to keys) ------------------------------------------------
    def toggle_play(self) -> None:
        """Play if paused, pause if playing."""
        player = self._player
        if player is None:
            return
        if player.is_playing():
            player.pause()
        else:
            self._resume.touched = True
            self.header.hide_resume()
            player.play()

    def skip(self, seconds: int) -> None:
        """Move by `seconds` (negative: back), within the video."""
        player = self._player
        if player is None or not player.is_ready():
            return
        target = max(0, player.position_ms() + seconds * 1000)
        if player.duration_ms() > 0:
            target = min(target, player.duration_ms())
        self._resume.touched = True
        player.seek_ms(target)

    def set_rate(self, rate: float) -> None:
        """Set the playback speed, kept for next time."""
        self._rate = rate
        self._prefs.set("video/rate", rate)
        self.controls.set_rate(rate)
        for player in (self._local, self._youtube):
            if player is not None:
                player.set_rate(rate)
        self.status_message.emit(f"Speed {rate:g}×")

    def step_rate(self, step: int) -> None:
        """One speed step slower (-1) or faster (+1), within 0.5x-2x."""
        index = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - self._rate))
        self.set_rate(SPEEDS[max(0, min(len(SPEEDS) - 1, index + step))])

    # -- internals -----------------------------------------------------------------------
    def _use_player(self, player: PlayerBase | None, kind: str, source: str) -> None:
        self._player, self._kind = player, kind
        self.header.set_source(source)
        if player is not None:
            self.stack.setCurrentWidget(player)
        self.controls.set_playing(False)
        # Transport stays off until the player can take it (`_on_ready` turns it on).
        self.controls.set_enabled_parts(player is not None and player.is_ready(),
                                        is_video_id(self._video_id))

    def _show_offline(self, video_id: str) -> None:
        self._use_player(None, "offline", "Offline")
        self.offline_card.show_offline(video_id, 0, clicked=False)
        self.stack.setCurrentWidget(self.offline_card)

    def _retry_youtube(self) -> None:
        """The network is back: load the YouTube video that the offline card (or the
        "could not be reached" card) stands in for."""
        if self._local_file is not None or not is_video_id(self._video_id):
            return
        if self._kind == "offline" or self._unreachable:
            log.info("network back: loading %s from YouTube", self._video_id)
            self._kind = "none"  # so that show_video loads it again
            self.show_video(self._video_id, None, self._title)

    def _adopt_probe(self, player: PlayerBase) -> None:
        """The player tried behind the offline card loaded: show it instead of the card."""
        self._probing = None
        seconds, clicked = self._offline_seconds, self._offline_clicked
        self._use_player(player, "youtube", "YouTube")
        self._resume.offer(self._video_id, self._kind)
        if clicked:
            player.seek_ms(seconds * 1000)  # where the user last clicked, not playing

    def _show_card(self, title: str, body: str = "", action: str | None = None) -> None:
        self._kind = "none" if self._player is None else self._kind
        self.message_card.show_message(title, body, "", action)
        self.stack.setCurrentWidget(self.message_card)
        self.controls.set_enabled_parts(False, action is not None)

    def _leave_video(self) -> None:
        self._resume.save(self._video_id, self._player)
        for player in (self._local, self._youtube):
            if player is not None:
                player.unload()
        self._player, self._kind, self._resume.touched = None, "none", False
        self._probing, self._unreachable, self._offline_clicked = None, False, False
        self._failed = False
        self.header.set_source("")
        self.header.show_notice("")
        self.header.hide_resume()

    def _issue_seek(self, seconds: int) -> None:
        player = self._player
        assert player is not None
        if is_past_end(seconds, player.duration_ms()):
            words = past_end_message(seconds, player.duration_ms())
            log.info("%s (%s)", words, self._video_id)
            self.header.show_notice(words)
            self.status_message.emit(words)
            return
        player.seek_ms(seconds * 1000)
        player.play()
        self._emit_position()

    def _on_ready(self, player: PlayerBase) -> None:
        if player is self._youtube:
            self.network.note_success()
            if self._kind == "offline" and self._probing is not None \
                    and self._probing == self._video_id:
                self._adopt_probe(player)
        if player is not self._player:
            return
        if self._unreachable:  # it loaded after all (after the 20 s timeout): show it
            self._unreachable = False
            self._failed = False
            self.stack.setCurrentWidget(player)
        self.controls.set_enabled_parts(True, is_video_id(self._video_id))
        self._on_duration(player, player.duration_ms())
        if self._pending_seek is not None:
            seconds, self._pending_seek = self._pending_seek, None
            self._issue_seek(seconds)

    def _on_position(self, player: PlayerBase, ms: int) -> None:
        if player is not self._player:
            return
        self.timeline.set_position(ms)
        self.controls.set_time(ms, player.duration_ms())
        now = time.monotonic()
        wait_ms = POSITION_EMIT_MS - (now - self._last_emit) * 1000
        if wait_ms <= 0:
            self._emit_position()
        elif not self._emit_timer.isActive():
            self._emit_timer.start(int(wait_ms) + 1)
        self._resume.save_if_due(self._video_id, self._player)

    def _emit_position(self) -> None:
        self._emit_timer.stop()
        if self._video_id is not None and self._player is not None:
            self._last_emit = time.monotonic()
            self.position_changed.emit(self._video_id, self._player.position_ms())

    def _on_duration(self, player: PlayerBase, ms: int) -> None:
        if player is self._player:
            self.timeline.set_duration(ms)
            self.controls.set_time(player.position_ms(), ms)
            if ms > 0 and self.current_video():
                self.duration_changed.emit(self.current_video() or "", ms)

    def _on_playing(self, player: PlayerBase, playing: bool) -> None:
        if player is self._player:
            self.controls.set_playing(playing)
            if not playing:
                self._resume.save(self._video_id, self._player)

    def _on_failed(self, player: PlayerBase, words: str) -> None:
        unreachable = player is self._youtube and self._youtube is not None \
            and self._youtube.error_code is None  # no YouTube error: the network failed
        if unreachable:
            self.network.note_failure()
        if player is not self._player:
            if player is self._youtube:
                self._probing = None  # the try behind the card failed: the card stays
            return
        self._unreachable = unreachable
        if not self._failed:
            self._offline_seconds = self.position_ms() // 1000
            self._failed = True
            self._offline_clicked = self._pending_seek is not None
        linkable = is_video_id(self._video_id)
        if unreachable and linkable:  # the same card as offline, in the same words
            self.offline_card.show_offline(self._video_id or "", self._offline_seconds,
                                           clicked=self._offline_clicked)
            self.stack.setCurrentWidget(self.offline_card)
        else:
            self.message_card.show_failure(
                words, self._video_id if linkable and self._kind == "youtube" else None, linkable)
            self.stack.setCurrentWidget(self.message_card)
        self.controls.set_enabled_parts(False, linkable)
        self.status_message.emit(words)

    def _on_marker(self, marker: Marker, own: bool) -> None:
        if self._kind == "none":
            return
        self._seek_loaded(marker.seconds)
        if not own:
            self.marker_activated.emit(marker.note_path, marker.seconds)

    def _on_scrub(self, ms: int) -> None:
        if self._player is not None and self._player.is_ready():
            self._resume.touched = True
            self._player.seek_ms(ms)

    def _set_audio(self, volume: int, muted: bool) -> None:
        self._volume, self._muted = volume, muted
        self._prefs.set("video/volume", volume)
        self._prefs.set("video/muted", muted)
        for player in (self._local, self._youtube):
            if player is not None:
                player.set_volume(volume)
                player.set_muted(muted)

    def _set_follow(self, on: bool) -> None:
        self._follow = on
        self._prefs.set("video/follow", on)
        self.follow_changed.emit(on)

    def _open_in_browser(self) -> None:
        if not is_video_id(self._video_id):
            return
        opened, words = open_or_copy(youtube_url(self._video_id or "", self.position_ms() // 1000))
        if not opened:
            log.warning("%s", words)
            self.header.show_notice(words)
        self.status_message.emit(words)

    def hideEvent(self, event: QHideEvent) -> None:
        self._resume.save(self._video_id, self._player)
        super().hideEvent(event)

    def release_media(self) -> None:
        """The window closes: save the place ("Resume at"), then `LocalPlayer.release`."""
        self._resume.save_last(self._video_id, self._player)
        if self._local is not None:
            self._local.release()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.release_media()
        super().closeEvent(event)
