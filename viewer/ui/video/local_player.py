"""Play a local video or audio file with QtMultimedia (the FFmpeg backend): the offline path."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtMultimedia import QAudio, QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QGraphicsVideoItem
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.video.player_base import PlayerBase

log = logging.getLogger("lectern.video")

_STATUS_READY = {
    QMediaPlayer.MediaStatus.LoadedMedia,
    QMediaPlayer.MediaStatus.BufferingMedia,
    QMediaPlayer.MediaStatus.BufferedMedia,
    QMediaPlayer.MediaStatus.EndOfMedia,
}


class _VideoView(QGraphicsView):
    """A graphics view that refits the picture whenever its viewport changes size."""

    def __init__(
        self, scene: QGraphicsScene, parent: QWidget, on_resize: Callable[[], None]
    ) -> None:
        super().__init__(scene, parent)
        self._on_resize = on_resize

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._on_resize()


class LocalPlayer(PlayerBase):
    """A QMediaPlayer drawing into a QGraphicsVideoItem.

    A QGraphicsView is used rather than a QVideoWidget so that `grab()` and screenshots
    show the picture (a QVideoWidget grabs blank offscreen). Audio-only files show their
    name instead of a picture.

    Signals: those of `PlayerBase`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._switching = False  # ending the current media (`_drop_source`)
        # Children are destroyed in creation order: the player (and its FFmpeg threads) must
        # go before the scene deletes the video item whose sink it draws into, or a frame in
        # flight writes into freed memory (seen as rare segfaults and a deadlock in
        # QObject::disconnect inside the FFmpeg plugin at teardown).
        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._player.setAudioOutput(self._audio)
        self._scene = QGraphicsScene(self)
        self._scene.setBackgroundBrush(QColor("black"))
        self._video_item = QGraphicsVideoItem()
        self._scene.addItem(self._video_item)
        self._audio_label = QGraphicsSimpleTextItem()
        self._audio_label.setBrush(QColor("#dddddd"))
        font = QFont()
        font.setPointSize(12)
        self._audio_label.setFont(font)
        self._audio_label.setVisible(False)
        self._scene.addItem(self._audio_label)
        self._view = _VideoView(self._scene, self, self._fit)
        self._view.setFrameShape(QFrame.Shape.NoFrame)
        self._view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._view.setAccessibleName("Video")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._view)

        self._player.setVideoOutput(self._video_item)
        self._player.positionChanged.connect(self._on_position)
        self._player.durationChanged.connect(self._on_duration)
        self._player.mediaStatusChanged.connect(self._on_status)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.errorOccurred.connect(self._on_error)
        self._video_item.nativeSizeChanged.connect(lambda _size: self._fit())

    def media_player(self) -> QMediaPlayer:
        """The QMediaPlayer (for tests and benchmarks)."""
        return self._player

    def audio_only_text(self) -> str:
        """The "Audio only" line shown instead of a picture ("" while hidden)."""
        return self._audio_label.text() if self._audio_label.isVisible() else ""

    def source_path(self) -> Path | None:
        """The file loaded, if any."""
        return self._path

    def load(self, path: Path) -> None:
        """Load `path` without playing it."""
        log.info("local video %s", path)
        self._set_ready(False)
        self._path = path
        self._audio_label.setVisible(False)
        self._drop_source()
        self._player.setSource(QUrl.fromLocalFile(str(path)))

    def unload(self) -> None:
        self._set_ready(False)
        self._path = None
        self._drop_source()

    def _drop_source(self) -> None:
        """End the current media with setSource(QUrl()), never stop().

        PySide6 lets go of the GIL in setSource (its typesystem marks it allow-thread) but
        not in stop(): stop() waited inside the FFmpeg plugin (QObject::disconnect) for a
        lock that its audio thread held while it waited for the GIL, and the UI hung (seen
        closing a window with a video loaded; gdb showed both threads). The statuses this
        reports at once are the old media's: `_on_status` must not answer them with pause().
        """
        self._switching = True
        try:
            self._player.setSource(QUrl())
        finally:
            self._switching = False

    def release(self) -> None:
        """Let go of the file before the widgets go (the window closes): with no source the
        FFmpeg plugin ends its decoding threads now, in order, rather than while Qt deletes
        the video item they draw into (rare segfaults in an FFmpeg thread at teardown, with
        no Python frame). `load` works again afterwards."""
        self.unload()

    def play(self) -> None:
        if self._player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia:
            self._player.setPosition(0)
        self._player.play()

    def pause(self) -> None:
        self._player.pause()

    def is_playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def seek_ms(self, ms: int) -> None:
        self._player.setPosition(max(0, ms))

    def position_ms(self) -> int:
        return self._player.position()

    def duration_ms(self) -> int:
        return self._player.duration()

    def set_rate(self, rate: float) -> None:
        self._player.setPlaybackRate(rate)

    def set_volume(self, volume: int) -> None:
        # Sliders feel linear to the ear only on a logarithmic scale.
        linear = QAudio.convertVolume(
            max(0, min(100, volume)) / 100,
            QAudio.VolumeScale.LogarithmicVolumeScale,
            QAudio.VolumeScale.LinearVolumeScale,
        )
        self._audio.setVolume(linear)

    def set_muted(self, muted: bool) -> None:
        self._audio.setMuted(muted)

    def _on_position(self, ms: int) -> None:
        self.position_changed.emit(int(ms))

    def _on_duration(self, ms: int) -> None:
        self.duration_changed.emit(int(ms))

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        log.debug("local media status %s", status.name)
        if self._switching:
            return
        if status in _STATUS_READY:
            if status == QMediaPlayer.MediaStatus.LoadedMedia and not self._player.hasVideo():
                self._show_audio_only()
            elif (status == QMediaPlayer.MediaStatus.LoadedMedia
                  and self._player.playbackState() == QMediaPlayer.PlaybackState.StoppedState):
                self._player.pause()  # paused, not stopped: the first frame shows, not black
            self._set_ready(True)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._set_ready(False)

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        self.playing_changed.emit(state == QMediaPlayer.PlaybackState.PlayingState)

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error == QMediaPlayer.Error.NoError:
            return
        name = self._path.name if self._path else "the file"
        words = f"Cannot play {name}: {message or error.name}"
        log.warning("%s", words)
        self.failed.emit(words)

    def _show_audio_only(self) -> None:
        name = self._path.name if self._path else ""
        self._audio_label.setText(f"♪  Audio only: {name}")
        self._audio_label.setVisible(True)
        self._fit()

    def _fit(self) -> None:
        size = self._view.viewport().size()
        self._scene.setSceneRect(0, 0, size.width(), size.height())
        self._video_item.setPos(0, 0)
        self._video_item.setSize(QSizeF(size))
        label = self._audio_label.boundingRect()
        self._audio_label.setPos(
            (size.width() - label.width()) / 2, (size.height() - label.height()) / 2
        )
