"""A vault load's off switch: ends the load and kills its worker processes at once."""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor


class Stop:
    """A load's off switch, safe from any thread: `set()` ends the load at once and kills
    its worker processes, so neither a cancel nor the app's exit waits for a parse."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def is_set(self) -> bool:
        """Whether the load was stopped."""
        return self._event.is_set()

    def set(self) -> None:
        """Stop the load; kill its workers now."""
        self._event.set()
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            kill_pool(pool)

    def attach(self, pool: ProcessPoolExecutor | None) -> bool:
        """Kill `pool` on a later `set()` (None: no pool now); False if already stopped."""
        with self._lock:
            if self._event.is_set():
                return False
            self._pool = pool
            return True


def kill_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without waiting: queued chunks dropped, running workers killed.

    WORKAROUND: shutdown() cannot end a running task, and Python registers an exit hook
    that joins the pool's manager thread, which waits for its workers: a hung parse kept
    the app from exiting. Python 3.14 has terminate_workers(); before it, `_processes`.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()  # SIGKILL: also ends a stopped or signal-deaf worker
        except (OSError, ValueError, AttributeError):  # already gone
            pass
