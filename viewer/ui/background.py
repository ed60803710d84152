"""One background thread per owner that runs the latest job it was given.

Panels use it to read and parse other notes off the UI thread: a newer job makes the pending
one stale (it is dropped, and a running one sees `stale()` and stops early), and results are
delivered on the UI thread through a queued signal, tagged with the job's generation so the
owner can drop late ones.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("lectern.ui")

# (emit(result), stale() -> bool) -> None; runs on the worker thread.
Job = Callable[[Callable[[Any], None], Callable[[], bool]], None]

IDLE_SECONDS = 20.0
# Workers are never destroyed: a worker whose last reference went with its thread would have
# its QObject deleted on that thread while the UI thread may still deliver its queued signals.
# There is one per panel, so keeping them costs a few small objects.
_KEEP: list[LatestJobWorker] = []


class LatestJobWorker(QObject):
    """Runs submitted jobs one at a time on a daemon thread; only the newest pending job runs.

    The thread starts on demand and ends after IDLE_SECONDS without work; being a daemon it
    never holds up the exit. The QObject has no parent on purpose: the thread keeps it alive
    while it runs, so a result is never emitted from a deleted object.

    Signals:
        result(int generation, object value): emitted on the UI thread for each `emit`.
    """

    result = Signal(int, object)

    def __init__(self, name: str) -> None:
        super().__init__()
        _KEEP.append(self)
        self._name = name
        self._lock = threading.Condition()
        self._job: tuple[int, Job] | None = None
        self._generation = 0
        self._thread: threading.Thread | None = None
        self._running = False

    @property
    def generation(self) -> int:
        """The generation of the newest job submitted (or cancelled)."""
        return self._generation

    def submit(self, job: Job) -> int:
        """Queue `job`, replacing any pending one and making a running one stale.
        Returns the job's generation (its results carry it)."""
        with self._lock:
            self._generation += 1
            self._job = (self._generation, job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._lock.notify()
            return self._generation

    def cancel(self) -> None:
        """Drop the pending job and make the running one stale."""
        with self._lock:
            self._generation += 1
            self._job = None

    def busy(self) -> bool:
        """Whether a job is pending or running."""
        with self._lock:
            return self._job is not None or self._running

    def _run(self) -> None:
        while True:
            with self._lock:
                if self._job is None:
                    self._lock.wait(IDLE_SECONDS)
                if self._job is None:
                    self._thread = None
                    return
                generation, job = self._job
                self._job = None
                self._running = True
            try:
                job(lambda value, g=generation: self._emit(g, value),
                    lambda g=generation: g != self._generation)
            except Exception:  # a bad note must not kill the panel's worker
                log.exception("%s: background job failed", self._name)
            finally:
                with self._lock:
                    self._running = False
                self._emit(generation, None)  # None: the job is over

    def _emit(self, generation: int, value: Any) -> None:
        if generation == self._generation:
            self.result.emit(generation, value)
