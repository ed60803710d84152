"""Studying with the video: captions over it, the Transcript panel, passages and loops.

`Study` watches what the video pane shows and keeps the captions, the transcript and the
passage controls in step with it. The window makes one and the actions list drives it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtMultimedia import QMediaMetaData
from PySide6.QtWidgets import QDockWidget, QMenu

from viewer.core.captions import Transcript
from viewer.core.media import find_captions, find_local_media
from viewer.core.media_scan import split_caption_name
from viewer.ui.transcript_panel import TranscriptPanel
from viewer.ui.video.captions import (
    CaptionItem,
    CaptionSource,
    TranscriptLoader,
    attach_caption_item,
    file_sources,
    track_sources,
)
from viewer.ui.video.passage import (
    DEFAULT_FRAME_MS,
    PassageControl,
    PositionClock,
    passage_bounds,
)
from viewer.ui.video.player_base import PlayerBase
from viewer.ui.video.popout import PopOut

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.captions")
FOLLOW_MS = 40  # how often the transcript and captions look at the position while playing
NO_CAPTIONS = ("No captions for this video: put a .vtt or .srt named like the video "
               "(“<title> [<videoId>].en.vtt”) in media/.")
NO_VIDEO = "This note has no video, so no transcript."


class Study(QObject):
    """Captions, transcript and passages for `window`'s video pane.

    Signals:
        transcript_shown(int): a transcript of n cues is in the panel (0: none).
    """

    transcript_shown = Signal(int)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pane = window.video
        self.settings = window.settings
        self.panel = TranscriptPanel(window)
        self.panel.seek_requested.connect(self.seek_ms)
        self.panel.language_chosen.connect(self.choose_source)
        self.dock = QDockWidget("Transcript", window)
        self.dock.setObjectName("view_transcript")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        backlinks = getattr(window, "backlinks_dock", None)
        if backlinks is not None:
            window.tabifyDockWidget(backlinks, self.dock)
        self.dock.setVisible(self.settings.value("view/transcript", True) in (True, "true"))
        self.dock.toggleViewAction().toggled.connect(self._store_dock)
        self.loader = TranscriptLoader(self)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self.passages = PassageControl(self.player, self.frame_ms, self)
        self.passages.state_changed.connect(
            lambda words: window.statusBar().showMessage(words, 5000) if words else None)
        self.popout = PopOut(window)
        self.captions_on = self.settings.value("video/captions", True) in (True, "true")
        self.sources: list[CaptionSource] = []
        self.source: CaptionSource | None = None
        self.transcript: Transcript | None = None
        self._key: tuple[str | None, Path | None] | None = None
        self._item: CaptionItem | None = None
        self._stamps: list[int] = []
        self._note_path = ""
        self._chip: tuple[str, int] | None = None
        self._chip_tries = 0
        self._prefer = ""  # a caption file to show once its video is (a search result's)
        self._clock = PositionClock()
        self._follow = QTimer(self, interval=FOLLOW_MS)
        self._follow.timeout.connect(self._on_tick)
        self.pane.position_changed.connect(lambda _vid, _ms: self._wake())
        self.pane.duration_changed.connect(lambda _vid, _ms: self.sync())
        window.note_shown.connect(self._on_note_shown)
        window.media.changed.connect(self._rescan)
        window.index_loaded.connect(window.media.index_when_ready)

    # -- what the pane shows ----------------------------------------------------------

    def player(self) -> PlayerBase | None:
        """The player the pane shows, if any."""
        kind = self.pane.source_kind()
        if kind == "local":
            return self.pane.local_player()
        if kind == "youtube":
            return self.pane.youtube_player()
        return None

    def frame_ms(self) -> int:
        """One frame of the local video in ms (its frame rate; 40 ms when unknown)."""
        if self.pane.source_kind() != "local":
            return 1000 // 30  # YouTube's API seeks by time: a 30 fps step
        rate = self.pane.local_player().media_player().metaData().value(
            QMediaMetaData.Key.VideoFrameRate)
        try:
            fps = float(rate)
        except (TypeError, ValueError):
            return DEFAULT_FRAME_MS
        return max(1, round(1000 / fps)) if fps > 0 else DEFAULT_FRAME_MS

    def _local_path(self) -> Path | None:
        if self.pane.source_kind() != "local":
            return None
        return self.pane.local_player().source_path()

    def _rescan(self) -> None:
        self._key = None
        self._adopt_new_local()
        self.sync()

    def _adopt_new_local(self) -> None:
        """A download of the shown video arrived (and nothing plays): play the file."""
        video_id, vault = self.pane.current_video(), self.window.vault
        if not video_id or vault is None or self.pane.source_kind() == "local" \
                or self.pane.is_playing():
            return
        record = self.window.index.note(self._note_path) if self._note_path else None
        own = record is not None and record.video_id == video_id
        local = find_local_media(vault, vault / self._note_path if own else None, video_id,
                                 record.video_field if own and record else None,
                                 self.window.media.scan)
        if local is not None:
            log.info("a local copy of %s arrived: %s", video_id, local.name)
            self.pane.show_video(video_id, local, record.title if own and record
                                 else f"Video {video_id}")

    def sync(self) -> None:
        """Offer the captions of the video shown now (files by its id or beside it, tracks
        inside it); the first in the user's language order is loaded. Cheap when unchanged."""
        video_id, local = self.pane.current_video(), self._local_path()
        tracks = track_sources(self.pane.local_player().media_player()) if local else []
        key = (video_id, local)
        if key == self._key and len(tracks) == sum(s.track >= 0 for s in self.sources):
            return
        changed = key != self._key
        self._key = key
        if local is not None and self._item is None:
            self._item = attach_caption_item(self.pane.local_player())
        files = find_captions(local, video_id, self.window.media.scan) if video_id or local \
            else []
        self.sources = file_sources(files) + tracks
        if changed:
            self.passages.clear()
            self.loader.cancel()
            self.transcript = None
            self.source = None
            self._show_text("")
            # The note's stamps of the video shown now: another video (a transcript found by
            # search) was marked with the note's stamps of its own video.
            record = self.window.index.note(self._note_path) if self._note_path else None
            self._stamps = [s for s, _i in record.stamps_of(video_id)] \
                if record is not None and video_id else []
            self.panel.set_note_stamps(self._stamps)
        names = [s.label for s in self.sources]
        if not self.sources:
            self.panel.set_sources([], -1)
            self.panel.set_transcript(None, NO_CAPTIONS if video_id or local else NO_VIDEO)
            self.transcript_shown.emit(0)
            return
        if self.source is None or self.source not in self.sources:
            self.choose_source(0)
        self._choose_preferred()
        self.panel.set_sources(names, self.sources.index(self.source) if self.source else 0)

    def choose_source(self, i: int) -> None:
        """Load the i-th caption source (a file: read in a thread; a track: shown by Qt)."""
        if not 0 <= i < len(self.sources):
            return
        source = self.sources[i]
        self.source = source
        self.panel.set_sources([s.label for s in self.sources], i)
        self._apply_track()
        if source.file is not None:
            self.panel.set_transcript(None, f"Reading {source.file.path.name}…")
            self.loader.load(source)
        else:
            self.transcript = None
            self._show_text("")
            self.panel.set_transcript(None, "These captions are inside the video: they show "
                                      "over it; the transcript needs a .vtt or .srt file.")
            self.transcript_shown.emit(0)

    def _apply_track(self) -> None:
        if self.pane.source_kind() != "local":
            return
        track = self.source.track if self.source is not None and self.captions_on else -1
        media = self.pane.local_player().media_player()
        if media.activeSubtitleTrack() != track:
            media.setActiveSubtitleTrack(track)

    def _on_loaded(self, source: CaptionSource, transcript: Transcript) -> None:
        if source is not self.source:
            return
        self.transcript = transcript
        self.panel.set_transcript(transcript)
        self.panel.set_note_stamps(self._stamps)
        self._on_tick()
        self.transcript_shown.emit(len(transcript))
        log.info("transcript %s: %d cues", transcript.source, len(transcript))

    def _on_failed(self, source: CaptionSource, words: str) -> None:
        if source is not self.source:
            return
        self.panel.set_transcript(None, words)
        self.window.statusBar().showMessage(words, 8000)
        self.transcript_shown.emit(0)

    def _on_note_shown(self, path: str) -> None:
        record = self.window.index.note(path) if not path.startswith("topic:") else None
        self._note_path = path if record is not None else ""
        video_id = self.pane.current_video()
        self._stamps = [s for s, _i in record.stamps_of(video_id)] \
            if record is not None and video_id else []
        self.sync()
        self.panel.set_note_stamps(self._stamps)

    # -- following playback -----------------------------------------------------------

    def _wake(self) -> None:
        self._on_tick()
        if self.pane.is_playing() and not self._follow.isActive():
            self._follow.start()

    def _on_tick(self) -> None:
        if not self.pane.is_playing():
            self._follow.stop()
        player = self.player()
        if player is None or self.transcript is None:
            return
        ms = self._clock.position_ms(player)  # YouTube's 250 ms reports carried on
        self.panel.set_position(ms)
        self._show_text(self.transcript.text_at(ms) if self.captions_on else "")

    def _show_text(self, text: str) -> None:
        if self._item is not None:
            self._item.set_text(text if self.pane.source_kind() == "local" else "")

    def caption_text(self) -> str:
        """The file caption drawn over the local video now ("" if none)."""
        return self._item.text() if self._item is not None else ""

    # -- commands (the actions list calls these) --------------------------------------

    def toggle_captions(self) -> None:
        """C: captions on/off over the video (remembered)."""
        self.captions_on = not self.captions_on
        self.settings.setValue("video/captions", self.captions_on)
        self._apply_track()
        self._on_tick()
        if not self.captions_on:
            self._show_text("")
        self.window.statusBar().showMessage(
            "Captions on" if self.captions_on else "Captions off", 3000)

    def fill_language_menu(self, menu: QMenu) -> None:
        """The caption sources, the chosen one checked."""
        if not self.sources:
            menu.addAction("No captions for this video").setEnabled(False)
        for i, source in enumerate(self.sources):
            action = menu.addAction(source.label.replace("&", "&&"))  # no mnemonics
            action.setCheckable(True)
            action.setChecked(source is self.source)
            action.triggered.connect(lambda _c=False, i=i: self.choose_source(i))

    def seek_ms(self, ms: int) -> None:
        """A transcript line was clicked: play from its start."""
        player = self.player()
        if player is None or not player.is_ready():
            return
        self.passages.clear()
        player.seek_ms(ms)
        player.play()
        self.panel.set_position(ms)

    def play_passage(self) -> None:
        """P: play from the note's timestamp at or before the current time to the next one."""
        player = self.player()
        if player is None:
            return
        start, end = passage_bounds(self._stamps, player.position_ms(), player.duration_ms())
        self.passages.play(start, end)

    def play_chip(self, video_id: str, seconds: int) -> None:
        """A chip's "Play This Passage": from its time to the note's next timestamp of that
        video by time (loading the video first if another one is shown)."""
        if not video_id:
            return
        if self.pane.current_video() != video_id or self.player() is None:
            self.window.seek(video_id, seconds)
        self._chip = (video_id, seconds)
        self._chip_tries = 0
        self._play_chip()

    def _play_chip(self) -> None:
        player = self.player()
        if self._chip is None:
            return
        video_id, seconds = self._chip
        if player is None or not player.is_ready() or self.pane.current_video() != video_id:
            self._chip_tries += 1
            if self._chip_tries < 100:  # the video is loading: look again for up to 10 s
                QTimer.singleShot(100, self._play_chip)
            return
        self._chip = None
        record = self.window.index.note(self._note_path) if self._note_path else None
        stamps = [s for s, _i in record.stamps_of(video_id)] if record is not None else []
        _start, end = passage_bounds(stamps, seconds * 1000, player.duration_ms())
        self.passages.play(seconds * 1000, max(end, seconds * 1000 + 1))

    def play_said(self, path: str, seconds: int | None) -> None:
        """A transcript search result (`path`: its caption file, vault-relative): play its
        video at `seconds` and show that transcript."""
        parsed = split_caption_name(path.rsplit("/", 1)[-1])
        if parsed is None:
            return
        video_id = parsed[0]
        self.window.seek(video_id, seconds or 0)
        self._prefer = path.rsplit("/", 1)[-1]
        self.sync()
        self._choose_preferred()

    def _choose_preferred(self) -> None:
        name = self._prefer
        if not name:
            return
        for i, source in enumerate(self.sources):
            if source.file is not None and source.file.path.name == name:
                self._prefer = ""
                if source is not self.source:
                    self.choose_source(i)
                return

    def _store_dock(self, on: bool) -> None:
        if self.window.isVisible():
            self.settings.setValue("view/transcript", on)
