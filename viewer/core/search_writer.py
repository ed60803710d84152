"""Full-text index writes on a thread of their own while a vault loads (issue 14).

FTS5 inserts cost about 110-150 us a note (bench/bench_search.py); done between the
loader's batches they ran after the parse workers instead of beside them, and a cold
load took twice as long. sqlite3 lets go of the GIL while SQLite works, so one writer
thread overlaps them with parsing and with the link index taking its batches.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from viewer.core.search import SearchIndex
from viewer.core.search_text import SearchDoc


class SearchWriter:
    """Queue `SearchIndex.update` calls on one thread, in order.

    `update` returns at once; `finish` waits for every queued write (call it before the
    index is closed). The index's own `update` never raises (a failing database is rebuilt
    or switched off), so nothing is lost by not looking at the results one by one.
    """

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lectern-search")
        self._queued: list[Future[None]] = []

    def update(self, upserts: Iterable[SearchDoc] = (), removals: Iterable[str] = ()) -> None:
        """Queue one `SearchIndex.update` (its arguments copied now)."""
        self._queued = [f for f in self._queued if not f.done()]
        self._queued.append(self._pool.submit(self.index.update, list(upserts), list(removals)))

    def finish(self) -> None:
        """Wait for every queued write, end the index's first build if it was one
        (`SearchIndex.built`), then stop the thread (its connection closed)."""
        if self._queued:
            self._queued.append(self._pool.submit(self.index.built))
            self._queued.append(self._pool.submit(self.index.release))
        self._pool.shutdown(wait=True)
        for future in self._queued:
            future.result()  # re-raises what `update` never should
        self._queued = []
