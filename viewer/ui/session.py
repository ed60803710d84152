"""A vault being read: the background loader, the cache, and live reload when files change.

The session is the link index's one writer: batches from the loader thread are applied
here, on the UI thread, and the index tells every pane what changed.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from viewer.core.cache import Cache
from viewer.core.index import LinkIndex
from viewer.core.record import NoteRecord
from viewer.core.vault import LoadStats
from viewer.ui.loader import IndexLoader

log = logging.getLogger("lectern.session")
MAX_WATCHED_FOLDERS = 4000  # inotify watches are a shared, limited resource


class VaultSession(QObject):
    """Loads a vault into `index` and keeps it in step with the files.

    Signals:
        progress(int, int): records delivered, files in the vault (first load only).
        loaded(object, bool): LoadStats, and whether this was the first load of the vault.
        failed(str): the load stopped, in words.
    """

    progress = Signal(int, int)
    loaded = Signal(object, bool)
    failed = Signal(str)

    def __init__(self, index: LinkIndex, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.root: Path | None = None
        self._loader: IndexLoader | None = None
        self._first = True
        self._again = False  # a change came in while a load ran: load once more after it
        self._last_scan = 0.0
        self._folders: set[str] = set()  # folders asked to be watched (for this vault)
        self._new_paths: list[str] = []  # notes added since the last look for new folders
        # What the last full scan could not read, and the cache's trouble (for the window).
        self.unreadable: list[tuple[str, str]] = []
        self.skipped: list[tuple[str, str]] = []
        self.cache_problem: str | None = None
        self._scan: tuple[Cache, bool] | None = None  # the current load's cache, full scan?
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_disk_change)
        self._watcher.fileChanged.connect(self._on_file_change)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.refresh)
        # The open note saved: read that file alone, without a scan of the vault (3 s at 100k).
        self._changed_files: set[str] = set()
        self._file_debounce = QTimer(self, singleShot=True, interval=100)
        self._file_debounce.timeout.connect(self._refresh_files)
        # Folder watches see files come and go, not every in-place edit of a closed note:
        # a light rescan (one stat per file, off the UI thread) catches those.
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh_if_stale)

    def open(self, root: Path) -> None:
        """Forget the current vault and read `root` (from the cache where it can)."""
        self.close()
        self.root = root
        self.index.apply(removals=self.index.paths())
        self._folders = set()
        self._new_paths = []
        self._first = True
        self.unreadable, self.skipped, self.cache_problem = [], [], None
        self._start(known=None)

    def refresh(self, only: list[str] | None = None) -> None:
        """Re-read what changed on disk since the index was built (cheap: a stat per file);
        `only`: just these vault-relative paths."""
        if self.root is None:
            return
        if self._loader is not None:
            self._again = True
            return
        if only is not None:
            records = [r for p in only if (r := self.index.note(p)) is not None]
            self._start(known=records, only=only)
            return
        # A snapshot of the records (a list copy); the loader thread makes the lookup of it,
        # which took 0.2 s of the UI thread per refresh at 100k notes.
        self._start(known=list(self.index.records()))

    def refresh_if_stale(self, seconds: float = 2.0) -> None:
        """Refresh unless the last scan is younger than `seconds` (e.g. on window focus)."""
        if time.monotonic() - self._last_scan > seconds:
            self.refresh()

    def watch_file(self, path: Path) -> None:
        """Also watch one file's content (the open note)."""
        old = self._watcher.files()
        if old:
            self._watcher.removePaths(old)
        if path.is_file():
            self._watcher.addPath(str(path))

    def close(self) -> None:
        """Stop loading and watching; later refreshes do nothing until `open` (a closed
        vault whose folder comes back must not refill the tree of a window showing none)."""
        self.root = None
        self._poll.stop()
        if self._loader is not None:
            self._loader.cancel()
            self._loader = None
        for paths in (self._watcher.files(), self._watcher.directories()):
            if paths:
                self._watcher.removePaths(paths)

    def _start(self, known: list[NoteRecord] | None, only: list[str] | None = None) -> None:
        assert self.root is not None
        if only is None:
            self._last_scan = time.monotonic()
        # Each load has its own cache connection, closed by its thread: a cancelled load
        # that is still finishing never shares one with the next.
        cache = Cache(self.root)
        self._scan = (cache, only is None)
        loader = IndexLoader(self.root, cache, known, only)
        loader.batch_ready.connect(self._on_batch)
        loader.progress.connect(self._on_progress)
        loader.finished.connect(self._on_finished)
        loader.failed.connect(self._on_failed)
        self._loader = loader
        loader.start()

    def _current(self) -> bool:
        """Whether the signal being handled comes from the load that counts."""
        return self._loader is not None and self.sender() is self._loader

    def _on_batch(self, upserts: list[NoteRecord], removals: list[str]) -> None:
        if self._current():
            change = self.index.apply(upserts, removals)
            if change.added:
                self._new_paths.extend(change.added)
            for path in change.removed:  # a folder emptied may go; if it comes back, watch it
                self._folders.discard(str(self.root / path).rsplit("/", 1)[0])

    def _on_progress(self, done: int, total: int) -> None:
        if self._current() and self._first:
            self.progress.emit(done, total)

    def _on_failed(self, text: str) -> None:
        if self._current():
            self._loader = None
            self.failed.emit(text)
            if self._again:
                self._again = False
                self.refresh()

    def _on_finished(self, stats: LoadStats) -> None:
        if not self._current():
            return
        self._loader = None
        if self._scan is not None:
            self.cache_problem = self._scan[0].problem or self.cache_problem
            if self._scan[1]:
                self.unreadable = list(stats.unreadable)
                self.skipped = list(stats.skipped)
        if stats.attachments is not None:  # built by the loader's thread
            self.index.set_attachments(stats.attachments)
        first, self._first = self._first, False
        self._watch_folders()
        self.loaded.emit(stats, first)
        self._poll.start(int(min(30.0, 3.0 + len(self.index) / 1000) * 1000))
        if self._again:
            self._again = False
            self.refresh()

    def _on_disk_change(self, _path: str) -> None:
        self._debounce.start()

    def _on_file_change(self, path: str) -> None:
        if self.root is None:
            return
        try:
            self._changed_files.add(Path(path).relative_to(self.root).as_posix())
        except ValueError:
            self._debounce.start()
            return
        self._file_debounce.start()

    def _refresh_files(self) -> None:
        paths, self._changed_files = sorted(self._changed_files), set()
        if paths:
            self.refresh(only=paths)

    def _watch_folders(self) -> None:
        """Watch the folders of the notes added since the last call (all, after a first
        load): O(new notes · depth), not O(vault) after every refresh."""
        assert self.root is not None
        paths, self._new_paths = self._new_paths, []
        new: set[str] = set()
        if not self._folders:
            new.add(str(self.root))
        for path in paths:
            cut = path.rfind("/")
            while cut > 0:
                folder = str(self.root / path[:cut])
                if folder in self._folders or folder in new:
                    break  # its parents are known too
                new.add(folder)
                cut = path.rfind("/", 0, cut)
        room = MAX_WATCHED_FOLDERS - len(self._folders)
        watched = set(self._watcher.directories())  # at most MAX_WATCHED_FOLDERS
        wanted = [f for f in sorted(new)[:max(0, room)] if f not in watched]
        self._folders.update(new)  # also those beyond the limit: never tried again
        if wanted:
            failed = self._watcher.addPaths(wanted)
            if failed:
                log.info("not watching %d folders (system limit)", len(failed))
