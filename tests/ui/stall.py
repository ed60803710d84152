"""Measuring how long the UI thread's event loop stalls (issue 11's budget)."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer


class StallMeter:
    """The longest gap between ticks of a 10 ms timer on the UI thread."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def __enter__(self) -> StallMeter:
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._tick()
        self._timer.stop()
