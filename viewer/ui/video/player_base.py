"""What the pane asks of a player, local or YouTube: one set of signals and methods."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class PlayerBase(QWidget):
    """A video surface with transport controls; subclasses talk to the real backend.

    Positions and durations are in milliseconds. A player is "ready" once its media is
    loaded far enough to seek; the pane holds seeks until then.

    Signals:
        position_changed(int ms): the playing position moved.
        duration_changed(int ms): the length became known or changed (0: unknown).
        playing_changed(bool playing): playback started or stopped.
        ready(): the media can be seeked and played.
        failed(str message): the media cannot be played; the message is for the user.
    """

    position_changed = Signal(int)
    duration_changed = Signal(int)
    playing_changed = Signal(bool)
    ready = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ready = False

    def is_ready(self) -> bool:
        """Whether the loaded media can be seeked now."""
        return self._ready

    def _set_ready(self, ready: bool) -> None:
        was = self._ready
        self._ready = ready
        if ready and not was:
            self.ready.emit()

    def play(self) -> None:
        """Start or resume playback."""
        raise NotImplementedError

    def pause(self) -> None:
        """Pause playback."""
        raise NotImplementedError

    def is_playing(self) -> bool:
        """Whether the media is playing (or about to, while buffering)."""
        raise NotImplementedError

    def seek_ms(self, ms: int) -> None:
        """Jump to `ms`; the caller checks it against the duration first."""
        raise NotImplementedError

    def position_ms(self) -> int:
        """The current position."""
        raise NotImplementedError

    def duration_ms(self) -> int:
        """The media length, 0 while unknown."""
        raise NotImplementedError

    def set_rate(self, rate: float) -> None:
        """Set the playback speed (1.0 is normal)."""
        raise NotImplementedError

    def set_volume(self, volume: int) -> None:
        """Set the volume, 0-100."""
        raise NotImplementedError

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute."""
        raise NotImplementedError

    def unload(self) -> None:
        """Stop and forget the media."""
        raise NotImplementedError
