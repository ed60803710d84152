"""Playing passages: from a time to the next timestamp (then stop or loop), A-B loops, and
frame steps while paused. Works on any `PlayerBase` (a local file or YouTube's player).

The end is watched by a 40 ms tick while a passage plays, and a single-shot timer aimed at
the end once it is near, so that playback stops within a few tens of milliseconds of it.
"""

from __future__ import annotations

import bisect
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.ui.video.player_base import PlayerBase

log = logging.getLogger("lectern.video")

TICK_MS = 40
# YouTube's player reports its time every 250 ms: between reports the position is taken
# to move on with the clock, for at most this long.
MAX_EXTRAPOLATE_MS = 300
DEFAULT_FRAME_MS = 40  # 25 fps when the file does not say


def passage_bounds(stamps: list[int], at_ms: int, duration_ms: int) -> tuple[int, int]:
    """(start, end) in ms of the passage holding `at_ms`: from the latest of the note's
    timestamps (`stamps`, seconds, any order) at or before it to the next one by time; the
    end of the video (or +60 s while unknown) after the last."""
    times = sorted({s * 1000 for s in stamps})
    i = bisect.bisect_right(times, at_ms) - 1
    start = times[i] if i >= 0 else 0
    later = times[i + 1] if i + 1 < len(times) else None
    end = later if later is not None else (duration_ms if duration_ms > 0 else start + 60_000)
    return start, max(end, start + 1)


class PositionClock:
    """A player's position carried on by the wall clock between its reports while playing
    (YouTube's page reports 4 times a second; a local file at every frame), at most
    MAX_EXTRAPOLATE_MS past the last report."""

    def __init__(self) -> None:
        self._last_pos = -1
        self._last_at = 0

    def reset(self) -> None:
        self._last_pos = -1

    def position_ms(self, player: PlayerBase) -> int:
        pos, now = player.position_ms(), monotonic_ms()
        if pos != self._last_pos or not player.is_playing():
            self._last_pos, self._last_at = pos, now
            return pos
        return pos + min(MAX_EXTRAPOLATE_MS, now - self._last_at)


class PassageControl(QObject):
    """Plays [start, end) of the current video once or in a loop; A-B marks; frame steps.

    Signals:
        state_changed(str): words for the status bar ("Looping 1:00–1:30", "Passage ended").
        ended(int): a passage ended, stopping at this position (ms); a loop does not end.
    """

    state_changed = Signal(str)
    ended = Signal(int)

    def __init__(self, player: Callable[[], PlayerBase | None],
                 frame_ms: Callable[[], int] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._frame_ms = frame_ms or (lambda: DEFAULT_FRAME_MS)
        self.start_ms: int | None = None
        self.end_ms: int | None = None
        self.loop = False
        self.a_ms: int | None = None
        self.overshoot_ms: list[int] = []  # how far past the end each stop/loop happened
        self._tick = QTimer(self, interval=TICK_MS)
        self._tick.timeout.connect(self._check)
        self._aim = QTimer(self, singleShot=True)
        self._aim.timeout.connect(self._check)
        self.clock = PositionClock()

    # -- passages ----------------------------------------------------------------------

    def play(self, start_ms: int, end_ms: int, loop: bool | None = None) -> None:
        """Play from `start_ms` and stop (or loop) at `end_ms`."""
        player = self._player()
        if player is None or end_ms <= start_ms:
            return
        self.start_ms, self.end_ms = start_ms, end_ms
        if loop is not None:
            self.loop = loop
        player.seek_ms(start_ms)
        player.play()
        self._tick.start()
        self.state_changed.emit(self.describe())

    def clear(self) -> None:
        """Forget the passage and the A mark (another video, or the user seeked away)."""
        self.start_ms = self.end_ms = self.a_ms = None
        self._tick.stop()
        self._aim.stop()

    def active(self) -> bool:
        return self.end_ms is not None

    def set_loop(self, on: bool) -> None:
        self.loop = on
        self.state_changed.emit(self.describe() if self.active() else
                                ("Passages loop" if on else "Passages play once"))

    def describe(self) -> str:
        if self.start_ms is None or self.end_ms is None:
            return ""
        what = "Looping" if self.loop else "Playing passage"
        return f"{what} {_clock(self.start_ms)}–{_clock(self.end_ms)}"

    # -- A-B --------------------------------------------------------------------------

    def mark_a(self) -> None:
        """`[`: the loop starts here."""
        player = self._player()
        if player is None:
            return
        self.a_ms = player.position_ms()
        self.state_changed.emit(f"Loop from {_clock(self.a_ms)}: press ] at its end")

    def mark_b(self) -> None:
        """`]`: loop from A to here (from here back 5 s if A was not set or is later)."""
        player = self._player()
        if player is None:
            return
        b = player.position_ms()
        a = self.a_ms if self.a_ms is not None and self.a_ms < b else max(0, b - 5000)
        self.play(a, b, loop=True)

    # -- frames -----------------------------------------------------------------------

    def step(self, frames: int) -> None:
        """`,`/`.`: one frame back/forward, while paused (a playing video pauses first)."""
        player = self._player()
        if player is None or not player.is_ready():
            return
        if player.is_playing():
            player.pause()
        target = max(0, player.position_ms() + frames * self._frame_ms())
        if player.duration_ms() > 0:
            target = min(target, player.duration_ms())
        player.seek_ms(target)

    # -- watching the end ------------------------------------------------------------

    def _check(self) -> None:
        player = self._player()
        if player is None or self.end_ms is None or self.start_ms is None:
            self._tick.stop()
            return
        if not player.is_playing():
            return
        pos = self.clock.position_ms(player)
        if pos < self.start_ms - 1000 or pos > self.end_ms + 1000:
            log.debug("seeked out of the passage: forgotten")
            self.start_ms = self.end_ms = None
            self._tick.stop()
            return
        remaining = self.end_ms - pos
        if remaining > 0:
            if remaining <= 2 * TICK_MS and not self._aim.isActive():
                self._aim.start(max(1, remaining))
            return
        self.overshoot_ms.append(-remaining)
        if self.loop:
            player.seek_ms(self.start_ms)
            self.clock.reset()
            return
        player.pause()
        player.seek_ms(self.end_ms)  # paused on the passage's last moment, not a frame short
        end, self.start_ms, self.end_ms = self.end_ms, None, None
        self._tick.stop()
        self.ended.emit(end)
        self.state_changed.emit(f"Passage ended at {_clock(end)}")


def _clock(ms: int) -> str:
    seconds = max(0, ms // 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def monotonic_ms() -> int:
    return int(time.monotonic() * 1000)
