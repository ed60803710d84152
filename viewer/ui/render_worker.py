"""Render jobs off the UI thread, in worker processes that can be abandoned.

The window never parses or renders a note itself: it submits a job (`viewer.render.jobs`)
and gets `finished` or `failed` back. A job that overruns its time budget is failed with
"timeout" and its worker killed and replaced, so a pathological note never holds another
note back, nor the exit. Where worker processes cannot start (a sandbox, a frozen app) jobs
run in threads: still off the UI thread, but a runaway one can only be abandoned, not killed.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.render.jobs import Job, answer, worker_main

log = logging.getLogger("lectern.render")

BUDGET = 2.0  # seconds a job may take before it is given up
START_TIMEOUT = 20.0  # seconds a new worker process may take to say it is ready
STALE_AFTER = 0.25  # seconds after which an abandoned job's worker is replaced if needed


class _ProcessWorker:
    """One worker process and the thread reading its answers."""

    def __init__(self, context: Any, deliver: Callable[[Any, tuple[str, int, Any]], None]) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child,), daemon=True,
                                       name="lectern-render")
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.started = time.monotonic()
        self.ready = False
        self.job: int | None = None
        self.since = 0.0
        self.deadline = 0.0
        self._deliver = deliver
        threading.Thread(target=self._read, name="lectern-render-reader", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                message = pickle.loads(self.conn.recv_bytes())
            except Exception:  # noqa: BLE001 - EOF once killed; a damaged answer ends it too
                break
            self._deliver(self, message)
        self._deliver(self, ("exit", 0, None))
        try:
            self.conn.close()  # here, not in kill(): closing under a blocked recv races with it
            self.process.kill()
            self.process.join(5)  # reap it
        except Exception:  # noqa: BLE001 - the app may be exiting under this daemon thread
            pass

    def send(self, job_id: int, job: Job) -> None:
        self.conn.send_bytes(pickle.dumps((job_id, job)))

    def kill(self) -> None:
        """Kill the process; its reader then sees the pipe end and reaps it."""
        try:
            self.process.kill()
        except (OSError, ValueError):
            pass


class _ThreadWorker:
    """The fallback: each job in its own daemon thread (abandoned, never killed)."""

    ready = True

    def __init__(self, deliver: Callable[[Any, tuple[str, int, Any]], None]) -> None:
        self._deliver = deliver
        self.job: int | None = None
        self.since = 0.0
        self.deadline = 0.0
        self._dead = False

    def send(self, job_id: int, job: Job) -> None:
        def work() -> None:
            message = pickle.loads(answer(job_id, job))
            if not self._dead:
                self._deliver(self, message)

        threading.Thread(target=work, name="lectern-render-job", daemon=True).start()

    def kill(self) -> None:
        self._dead = True


class _Relay(QObject):
    """Carries answers from reader threads to the UI thread. It lives as long as the app, so
    a thread never emits on a service that is gone (a deleted QObject would crash).

    Signals:
        arrived(object, object): worker, message.
        call(object): a function to call on the UI thread.
    """

    arrived = Signal(object, object)
    call = Signal(object)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay  # one per app, made on the UI thread by the first service
    if _relay is None:
        _relay = _Relay()
        _relay.call.connect(lambda function: function())
    return _relay


def call_on_ui_thread(function: Callable[[], None]) -> None:
    """From any thread: call `function` soon on the UI thread (where a RenderService was
    made). `function` must itself check that what it touches still exists."""
    try:
        _the_relay().call.emit(function)
    except RuntimeError:  # the app is exiting: nobody waits for it
        pass


class RenderService(QObject):
    """Runs render jobs in up to `workers` warm worker processes.

    Signals:
        finished(int, object): a live job's id and its result.
        failed(int, str): a live job's id and why: "timeout", or the error's text.
    """

    finished = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None, workers: int = 2,
                 processes: bool = True) -> None:
        super().__init__(parent)
        self._size = max(1, workers)
        self._workers: list[Any] = []
        self._queue: deque[tuple[int, Job, float]] = deque()
        self._live: set[int] = set()
        self._next_id = 0
        self._closed = False
        self._false_starts = 0  # workers that ended before they were ready, in a row
        self._threads = not processes or bool(getattr(sys, "frozen", False))
        if self._threads and processes:
            log.info("a frozen app: render jobs run in threads")
        self._context = multiprocessing.get_context("spawn")  # the GUI runs threads: no fork
        self._relay = _the_relay()
        self._relay.arrived.connect(self._on_message)
        self._timer = QTimer(self)
        self._timer.setInterval(50)
        self._timer.timeout.connect(self._check)
        for _ in range(self._size):
            self._spawn()

    # -- public -----------------------------------------------------------------------
    def submit(self, job: Job, budget: float = BUDGET) -> int:
        """Queue `job`; `finished` or `failed` will carry the returned id (unless cancelled).
        `budget` is in seconds from the moment a worker takes the job."""
        self._next_id += 1
        self._live.add(self._next_id)
        self._queue.append((self._next_id, job, budget))
        self._dispatch()
        return self._next_id

    def cancel(self, job_id: int) -> None:
        """Nothing more is said about `job_id`; a worker still on it is replaced once it is
        needed, or at its deadline."""
        self._live.discard(job_id)
        self._queue = deque(entry for entry in self._queue if entry[0] != job_id)

    def busy(self) -> bool:
        """Whether a live job is queued or running."""
        return bool(self._live)

    def uses_threads(self) -> bool:
        """Whether jobs run in threads (worker processes could not start)."""
        return self._threads

    def close(self) -> None:
        """Kill every worker now (the app is closing: nothing waits for a job)."""
        if self._closed:
            return
        self._closed = True
        self._relay.arrived.disconnect(self._on_message)
        self._timer.stop()
        self._queue.clear()
        self._live.clear()
        for worker in self._workers:
            worker.kill()
        self._workers = []

    # -- workers ----------------------------------------------------------------------
    def _spawn(self) -> None:
        if self._closed:
            return
        if not self._threads:
            try:
                self._workers.append(_ProcessWorker(self._context, self._deliver))
                return
            except (OSError, RuntimeError, ValueError, pickle.PicklingError) as exc:
                self._use_threads(f"worker processes cannot start ({exc})")
        self._workers.append(_ThreadWorker(self._deliver))

    def _use_threads(self, why: str) -> None:
        log.warning("%s; rendering in threads instead", why)
        self._threads = True
        for worker in self._workers:
            worker.kill()
        self._workers = []

    def _replace(self, worker: Any) -> None:
        worker.kill()
        if worker in self._workers:
            self._workers.remove(worker)
        self._spawn()

    def _deliver(self, worker: Any, message: tuple[str, int, Any]) -> None:
        """From a reader (or job) thread: hand the message to the UI thread."""
        try:
            self._relay.arrived.emit(worker, message)
        except RuntimeError:  # the app is exiting: nobody waits for it
            pass

    def _on_message(self, worker: Any, message: tuple[str, int, Any]) -> None:
        kind, job_id, value = message
        if self._closed or worker not in self._workers:
            return  # a replaced worker's last words
        if kind == "ready":
            worker.ready = True
            self._false_starts = 0
        elif kind == "exit":
            self._workers.remove(worker)
            if worker.job in self._live:
                self._live.discard(worker.job)
                self.failed.emit(worker.job, "the render worker stopped")
            if not worker.ready:
                self._false_starts += 1
                if self._false_starts >= 3:
                    self._use_threads("worker processes end as they start")
            self._spawn()
        elif job_id == worker.job:
            worker.job = None
            if job_id in self._live:
                self._live.discard(job_id)
                if kind == "done":
                    self.finished.emit(job_id, value)
                else:
                    log.error("render job failed: %s", value)
                    self.failed.emit(job_id, str(value).strip().splitlines()[-1][:300])
        self._dispatch()

    def _dispatch(self) -> None:
        while self._queue and not self._closed:
            worker = next((w for w in self._workers if w.ready and w.job is None), None)
            if worker is None:
                if self._threads:
                    self._workers.append(_ThreadWorker(self._deliver))
                    continue
                break
            job_id, job, budget = self._queue.popleft()
            worker.job, worker.since, worker.deadline = job_id, time.monotonic(), time.monotonic() + budget
            try:
                worker.send(job_id, job)
            except (OSError, ValueError):  # it died just now; its reader reports the exit
                self._queue.appendleft((job_id, job, budget))
                worker.job = None
                worker.ready = False
                break
        if self._threads:  # one idle thread worker is enough
            idle = [w for w in self._workers if w.job is None]
            for worker in idle[1:]:
                self._workers.remove(worker)
        if not self._timer.isActive() and any(w.job is not None or not w.ready for w in self._workers):
            self._timer.start()

    def _check(self) -> None:
        """Every 50 ms while anything runs: enforce deadlines, replace stuck workers."""
        now = time.monotonic()
        waiting = bool(self._queue)
        for worker in list(self._workers):
            if worker.job is None:
                if not worker.ready and now - worker.started > START_TIMEOUT:
                    self._use_threads(f"a worker process did not start in {START_TIMEOUT:.0f} s")
                    self._spawn()
                    break
                continue
            live = worker.job in self._live
            if now > worker.deadline or (not live and waiting and now - worker.since > STALE_AFTER):
                if live:
                    self._live.discard(worker.job)
                    self.failed.emit(worker.job, "timeout")
                self._replace(worker)
        self._dispatch()
        if not self._queue and all(w.job is None and w.ready for w in self._workers):
            self._timer.stop()
