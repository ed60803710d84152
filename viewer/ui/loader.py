"""Indexing off the UI thread: batches of records are handed to the UI thread, which is the
index's one writer."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from viewer.core.cache import Cache
from viewer.core.record import NoteRecord
from viewer.core.vault import LoadStats, Stop, iter_load

log = logging.getLogger("lectern.loader")


class IndexLoader(QObject):
    """Reads a vault in a thread.

    Signals:
        batch_ready(object, object): records to upsert, paths to remove.
        progress(int, int): records delivered so far, files in the vault.
        finished(object): the LoadStats.
        failed(str): the load stopped with this message.
    """

    batch_ready = Signal(object, object)
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, root: Path, cache: Cache | None,
                 known: list[NoteRecord] | None = None, only: list[str] | None = None) -> None:
        super().__init__()
        self._root = root
        self._cache = cache
        self._known = known
        self._only = only
        self._stop = Stop()
        self._thread = threading.Thread(target=self._run, name="lectern-index", daemon=True)

    def start(self) -> None:
        """Start reading."""
        self._thread.start()

    def cancel(self) -> None:
        """Stop now: no more signals, worker processes killed; never waits for a parse (the
        thread, a daemon, ends at its next check)."""
        self._stop.set()

    def _run(self) -> None:
        stats = LoadStats()
        delivered = 0
        known = None if self._known is None else {r.path: (r.size, r.mtime_ns) for r in self._known}
        try:
            for upserts, removals in iter_load(self._root, self._cache, stats, known=known,
                                                 stop=self._stop, only=self._only):
                if self._stop.is_set():
                    return
                delivered += len(upserts)
                self.batch_ready.emit(upserts, removals)
                self.progress.emit(delivered, stats.files)
        except Exception as exc:
            log.exception("indexing %s failed", self._root)
            self.failed.emit(f"Indexing stopped: {exc}")
            return
        finally:
            if self._cache is not None:  # its connection is this thread's alone
                self._cache.close()
        if not self._stop.is_set():
            self.finished.emit(stats)
