"""The vault's media scan, made off the UI thread once per vault load and kept current."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from viewer.core.media_scan import CaptionFile, MediaScan

log = logging.getLogger("lectern.video")
MAX_WATCHED = 500  # media subfolders watched (inotify watches are shared and limited)


class MediaWatch(QObject):
    """Holds `scan`, the `MediaScan` of the open vault (empty until the first listing ends).

    Signals:
        changed(): the scan was made or a watched media folder changed.
        _scanned(object, object): internal, the worker's result (root, MediaScan).
    """

    changed = Signal()
    transcripts_indexed = Signal(int)
    _scanned = Signal(object, object)
    _indexed = Signal(object, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.scan: MediaScan | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_folder)
        self._dirty: set[str] = set()
        self._debounce = QTimer(self, singleShot=True, interval=300)
        self._debounce.timeout.connect(self._rescan_dirty)
        self._scanned.connect(self._on_scanned)
        self._indexed.connect(self._on_indexed)
        self._stop = threading.Event()
        # Transcripts go into the search index once the notes' loader has made it (two
        # connections creating its tables at once make one of them rebuild it).
        self._may_index = False
        self.indexed: int | None = None  # transcripts (re)indexed by the last pass, None: none yet

    def open(self, root: Path) -> None:
        """Forget the previous vault's media and list `root`/media in a thread."""
        self.close()
        self.root = root
        thread = threading.Thread(target=self._work, args=(root,), name="media-scan", daemon=True)
        thread.start()

    def close(self) -> None:
        """Stop watching; the scan is dropped."""
        self._stop.set()
        self._stop = threading.Event()
        self.root, self.scan = None, None
        self._may_index, self.indexed = False, None
        self._dirty.clear()
        folders = self._watcher.directories()
        if folders:
            self._watcher.removePaths(folders)

    def _work(self, root: Path) -> None:
        try:
            scan = MediaScan.scan(root)
        except Exception:  # noqa: BLE001 - a listing that fails leaves the old rules working
            log.exception("media scan of %s failed", root)
            return
        _emit(self._scanned, root, scan)

    def index_when_ready(self) -> None:
        """The notes' search index exists (the vault's first load ended): index transcripts
        now and after each change of the media folders."""
        self._may_index = True
        self._start_indexing()

    def _start_indexing(self) -> None:
        if not self._may_index or self.root is None or self.scan is None:
            return
        root, captions, stop = self.root, self.scan.all_captions(), self._stop
        threading.Thread(target=self._index, args=(root, captions, stop),
                         name="transcript-index", daemon=True).start()

    def _on_indexed(self, root: Path, done: int) -> None:
        if root == self.root:
            self.indexed = done
            self.transcripts_indexed.emit(done)

    def _index(self, root: Path, captions: list[tuple[str, CaptionFile]],
               stop: threading.Event) -> None:
        """Transcripts into the full-text search (in a worker thread)."""
        if stop.is_set():
            return
        from viewer.core.search import SearchIndex
        from viewer.core.transcript_search import index_transcripts

        index = SearchIndex(root)
        try:
            done = index_transcripts(index, root, captions, stop)
        except Exception:  # noqa: BLE001 - search without transcripts, not a crash
            log.exception("indexing transcripts of %s failed", root)
            return
        finally:
            index.close()
        log.info("%d transcripts indexed for search", done)
        _emit(self._indexed, root, done)

    def _on_scanned(self, root: Path, scan: MediaScan) -> None:
        if root != self.root:
            return  # another vault was opened meanwhile
        self.scan = scan
        media = str(root / "media")
        self._watch([media, str(root)] + scan.folders)
        log.info("media scan: %d videos in %d folders", scan.video_count(), len(scan.folders))
        self.changed.emit()
        self._start_indexing()

    def _watch(self, folders: list[str]) -> None:
        have = set(self._watcher.directories())
        room = MAX_WATCHED - len(have)
        wanted = [f for f in folders if f not in have and Path(f).is_dir()][:max(0, room)]
        if wanted:
            self._watcher.addPaths(wanted)

    def _on_folder(self, folder: str) -> None:
        self._dirty.add(folder)
        self._debounce.start()

    def _rescan_dirty(self) -> None:
        # One folder listed per change (new subfolders too): bounded by what changed.
        if self.root is None:
            return
        dirty, self._dirty = sorted(self._dirty), set()
        media = str(self.root / "media")
        if self.scan is None or str(self.root) in dirty and media not in self.scan.folders:
            if Path(media).is_dir():
                self.open(self.root)  # media/ appeared: list it
            return
        pending = [f for f in dirty if f != str(self.root)]
        while pending:
            new = self.scan.rescan_folder(pending.pop())
            self._watch(new)
            pending.extend(new)
        self.changed.emit()
        self._start_indexing()


def _emit(signal: object, *args: object) -> None:
    """Emit from a worker thread; the receiver may be gone (its window closed meanwhile)."""
    try:
        signal.emit(*args)  # type: ignore[attr-defined]
    except RuntimeError:  # "Signal source has been deleted"
        log.debug("result dropped: its receiver is gone")
