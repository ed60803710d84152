"""A vault on disk: finding note files, and loading them into a LinkIndex through the cache.

Loading yields batches so that a window can apply them between paints; parsing runs in
worker processes when there is enough to parse to pay for them.
"""

from __future__ import annotations

import errno
import logging
import marshal
import multiprocessing
import os
import signal
import stat as stat_module
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from viewer.core.attachments import Attachments
from viewer.core.cache import Cache
from viewer.core.index import LinkIndex, no_gc
from viewer.core.load_stop import Stop, kill_pool  # noqa: F401 - Stop re-exported
from viewer.core.note import Note, Problem
from viewer.core.parser import MAX_BYTES, index_record, parse_file
from viewer.core.record import NoteRecord
from viewer.core.media_scan import is_transcript_path
from viewer.core.search import SearchIndex
from viewer.core.search_text import SearchDoc, search_doc
from viewer.core.search_writer import SearchWriter
from viewer.core.vault_scan import NOTE_SUFFIXES, inside, is_note_file, scan  # noqa: F401 - re-exported

log = logging.getLogger("lectern.vault")
PARALLEL_MIN = 400  # fewer changed files than this are parsed in-process...
IN_PROCESS_BYTES = 2 << 20  # ...when they hold no more than this many bytes
BIG_NOTE = 256 << 10  # a note this big is parsed in a worker process, in a chunk of its own
NOTE_SECONDS = 2.0  # a worker gives up on one note after this (issue 11's per-note budget)
CHUNK = 256
BATCH = 4096  # records per batch handed to the index
STORE_EVERY = 2048  # parsed records per cache transaction
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, where FIFOs are not files anyway
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass
class LoadStats:
    """What a load did: files found, parsed anew, taken from the cache, removed, the
    folders that could not be read as (vault-relative folder, reason), and the note names
    passed over as (vault-relative path, reason): a FIFO or socket named `x.md`, a symlink
    loop, a link leading out of the vault."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    removed: int = 0
    seconds: float = 0.0
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    # The vault's non-note files (embeds), from a whole-vault scan; None after a refresh of
    # some files only. Built in the loading thread, so the window only swaps it in.
    attachments: Attachments | None = None


def read_note(root: Path, path: str) -> Note:
    """Read and parse one note; an unreadable file gives a note with a problem."""
    full = os.path.join(root, path)
    if not inside(root, full):
        note = parse_file(path, b"")
        note.problems.append(Problem(0, "not a note of this vault (outside its folder)"))
        return note
    try:
        data, stat = read_regular(full)
    except OSError as exc:
        note = parse_file(path, b"")
        note.problems.append(_unreadable(exc))
        return note
    return parse_file(path, data, size=stat.st_size, mtime_ns=stat.st_mtime_ns)


class NotRegularFile(OSError):
    """A path names a FIFO, device, socket or folder: reading it could block forever."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)


def read_regular(full: str) -> tuple[bytes, os.stat_result]:
    """The start of a regular file (see `_read_start`) and its fstat, without ever blocking.

    The file is opened with O_NONBLOCK (so a FIFO swapped in for a note opens at once instead
    of waiting for a writer) and refused unless fstat says it is a regular file; the stat
    before the open keeps devices from being opened at all.

    Raises:
        NotRegularFile: `full` is not a regular file (FIFO, device, socket, folder).
        OSError: it cannot be read.
    """
    if not stat_module.S_ISREG(os.stat(full).st_mode):
        raise NotRegularFile(full)
    fd = os.open(full, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    try:
        stat = os.fstat(fd)
        if not stat_module.S_ISREG(stat.st_mode):  # swapped between the stat and the open
            raise NotRegularFile(full)
        return _read_start(fd, stat.st_size), stat
    finally:
        os.close(fd)


def _unreadable(exc: OSError) -> Problem:
    return Problem(0, f"cannot read the file: {exc.strerror or exc}")


def _read_start(fd: int, size: int) -> bytes:
    """The whole file (to its end, should it have grown since `size` was taken), or of a
    huge one its first MAX_BYTES + 1 bytes. os.read, not a file object: that cost ~15 us
    of a note's ~30 us read."""
    limit = MAX_BYTES + 1 if size > MAX_BYTES else None
    parts: list[bytes] = []
    total = 0
    while limit is None or total < limit:
        chunk = os.read(fd, size + 1 if limit is None else limit - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_record(root: Path, path: str) -> NoteRecord:
    """Read one file into what the index keeps of it.

    `path` is one `scan` found (its folders are the vault's own); an absolute path, one with
    `..`, or a symlink leading out of the vault gets read_note's problem, never the file.
    """
    return _read(root, path)[0]


def _read(root: Path, path: str, scanned: list[Any] | None = None
          ) -> tuple[NoteRecord, bytes | None]:
    """read_record's record, and the bytes it was made from (None: the file was not read);
    `scanned`: see `index_record`."""
    full = os.path.join(root, path)
    if (os.path.isabs(path) or ".." in path.replace("\\", "/").split("/")
            or os.path.islink(full)) and not inside(root, full):  # e.g. swapped for a link
        return NoteRecord.from_note(read_note(root, path)), None
    try:
        data, stat = read_regular(full)
    except OSError:
        return NoteRecord.from_note(read_note(root, path)), None
    return index_record(path, data, size=stat.st_size, mtime_ns=stat.st_mtime_ns,
                        scanned=scanned), data


def _blob(folder: Path, path: str, text: bool) -> bytes:
    """A worker's answer for one note: the marshalled record tuple, or with `text` the pair
    (that blob, the note's SearchDoc tuple): the search text is made from the bytes read for
    the record, by the worker that read them."""
    scanned: list[Any] | None = [] if text else None
    record, data = _read(folder, path, scanned)
    blob = marshal.dumps(record.to_tuple())
    return marshal.dumps((blob, search_doc(record, data, scanned).to_tuple())) if text else blob


def _decode_cached(entries: list[tuple[str, bytes]]) -> tuple[list[NoteRecord], list[str]]:
    """Records from cached blobs, and the paths whose blob could not be decoded."""
    records: list[NoteRecord] = []
    broken: list[str] = []
    for path, blob in entries:
        try:
            record = NoteRecord.from_tuple(marshal.loads(blob))
        except Exception:  # noqa: BLE001 - any damage: EOFError, ValueError, TypeError...
            broken.append(path)
            continue
        if record.path == path:
            records.append(record)
        else:
            broken.append(path)
    return records, broken


def _parse_chunk(root: str, paths: list[str], seconds: float = 0.0,
                 text: bool = False) -> list[bytes]:
    """Worker: parse files, return `_blob`s; each note within `seconds` (0: no limit) when
    this runs on a process's main thread (SIGALRM is main-thread only)."""
    folder = Path(root)
    timed = seconds > 0 and hasattr(signal, "setitimer") and (
        threading.current_thread() is threading.main_thread())
    if not timed:
        return [_blob(folder, p, text) for p in paths]
    old = signal.signal(signal.SIGALRM, _alarm)  # once per chunk: two syscalls per note
    try:
        return [_blob_within(folder, p, seconds, text) for p in paths]
    finally:
        signal.signal(signal.SIGALRM, old)


class _TooLong(BaseException):
    """Raised by the alarm inside a parse; a BaseException so `except Exception` in the
    parser cannot swallow it."""


_armed = [False]


def _alarm(_signum: int, _frame: object) -> None:
    if _armed[0]:
        raise _TooLong


def _blob_within(folder: Path, path: str, seconds: float, text: bool) -> bytes:
    """_blob, abandoned after `seconds` for a minimal record with a problem (issue 11: one
    hostile note must not stall the vault). Regex matching checks signals, so the alarm
    interrupts a runaway pattern too. Needs `_alarm` as the SIGALRM handler."""
    _armed[0] = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return _blob(folder, path, text)
    except _TooLong:
        record = too_long_record(folder, path, seconds)
        blob = marshal.dumps(record.to_tuple())
        return marshal.dumps((blob, search_doc(record, None).to_tuple())) if text else blob
    finally:
        _armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def too_long_record(folder: Path, path: str, seconds: float) -> NoteRecord:
    """The record of a note whose parse took over `seconds`: its file name as title, no links."""
    note = parse_file(path, b"")
    try:
        stat = os.stat(os.path.join(folder, path))
        note.size, note.mtime_ns = stat.st_size, stat.st_mtime_ns
    except OSError:
        pass
    note.problems.append(Problem(0, f"took too long to read (over {seconds:g} s); "
                                    "indexed without its links"))
    return NoteRecord.from_note(note)


def iter_load(root: Path, cache: Cache | None, stats: LoadStats | None = None,
              known: dict[str, tuple[int, int]] | None = None,
              workers: int | None = None,
              stop: Stop | None = None,
              only: list[str] | None = None,
              search: SearchIndex | bool = True) -> Iterator[tuple[list[NoteRecord], list[str]]]:
    """Yield (records to upsert, paths to remove) batches that bring an index to the vault.

    `known` maps the paths already in the index to their (size, mtime_ns); for a fresh
    index leave it None. Unchanged cached files are never read. Parsed batches come in
    the order they finish, not the vault's. After `stop.set()` nothing more is yielded.
    `only`: look at just these vault-relative paths (a watched file changed), not the
    whole vault; with it `known` must be given.

    `search`: the full-text index brought to the same files on the way (issue 14); True
    (with a cache): the vault's SearchIndex beside the cache, opened and closed by this
    load. Notes it lacks or holds at another size or time are read again even when the
    cache or `known` has them; the workers make their text from the bytes they read.
    """
    own = search is True and cache is not None
    text = SearchIndex(root, cache.file.parent) if own and cache is not None else (
        search if isinstance(search, SearchIndex) else None)
    # A whole vault read: its search writes beside the parsing (a refresh writes a few).
    writer = SearchWriter(text) if text is not None and known is None and only is None else None
    try:
        yield from _iter_load(root, cache, stats, known, workers, stop, only, text, writer)
    finally:
        if writer is not None:
            writer.finish()
        if own and text is not None:
            text.close()


def _iter_load(root: Path, cache: Cache | None, stats: LoadStats | None,
               known: dict[str, tuple[int, int]] | None, workers: int | None,
               stop: Stop | None, only: list[str] | None,
               search: SearchIndex | None, writer: SearchWriter | None = None
               ) -> Iterator[tuple[list[NoteRecord], list[str]]]:
    stats = stats if stats is not None else LoadStats()
    stop = stop if stop is not None else Stop()
    started = time.perf_counter()
    with no_gc():  # only acyclic objects, and at 50k notes the GC's full passes cost ~0.2 s
        on_disk, stale_cache, known, removed, reuse, to_parse, text_removed = _plan(
            root, cache, stats, known, only, search)
    stats.cached = len(reuse)
    for i in range(0, len(reuse), BATCH):
        with no_gc():
            batch, broken = _decode_cached(reuse[i:i + BATCH])
        if broken:  # a damaged cache row: read that file again rather than stop
            stats.cached -= len(broken)
            to_parse.extend(broken)
            if cache is not None:
                cache.problem = f"{len(broken)} damaged cache entries read again"
        if stop.is_set():
            return
        yield batch, []
    if removed:
        yield [], removed
    stats.removed = len(removed)
    if cache is not None and stale_cache:
        cache.store([], stale_cache)
    if search is not None and text_removed:
        (writer or search).update([], text_removed)
    rows: list[tuple[str, int, int, bytes]] = []
    docs: list[SearchDoc] = []
    sizes = {p: on_disk[p][0] for p in to_parse}
    for blobs in _parse_all(root, to_parse, sizes, workers, stop, search is not None):
        with no_gc():
            if search is not None:
                pairs = [marshal.loads(b) for b in blobs]
                blobs = [blob for blob, _ in pairs]
                docs.extend(SearchDoc.from_tuple(doc) for _, doc in pairs)
            records = [NoteRecord.from_tuple(marshal.loads(b)) for b in blobs]
        rows.extend((r.path, r.size, r.mtime_ns, b) for r, b in zip(records, blobs))
        if cache is not None and len(rows) >= STORE_EVERY:  # while the workers parse on
            cache.store(rows)
            rows = []
        if search is not None and len(docs) >= STORE_EVERY:
            (writer or search).update(docs)
            docs = []
        stats.parsed += len(records)
        yield records, []
    if cache is not None and rows:
        cache.store(rows)
    if search is not None and docs:
        (writer or search).update(docs)
    if writer is not None:
        writer.finish()  # the load is done when the search index is
    stats.seconds = time.perf_counter() - started


def _plan(root: Path, cache: Cache | None, stats: LoadStats,
          known: dict[str, tuple[int, int]] | None, only: list[str] | None,
          search: SearchIndex | None) -> tuple[dict[str, tuple[int, int]], list[str],
                                               dict[str, tuple[int, int]], list[str],
                                               list[tuple[str, bytes]], list[str], list[str]]:
    """What a load does (see `_iter_load`): (notes on disk, paths to drop from the cache,
    `known`, paths removed, cached blobs to reuse, paths to parse, paths whose search rows
    go)."""
    if only is not None:
        on_disk = _stat_notes(root, only)
        known = {p: known[p] for p in only if known is not None and p in known}
    else:
        files: list[str] = []
        on_disk = scan(root, stats.unreadable, stats.skipped, files)
        stats.attachments = Attachments(files)
    stats.files = len(on_disk)
    incremental = known is not None
    known = known or {}
    removed = [p for p in known if p not in on_disk]
    if cache is None:
        cached: dict[str, tuple[int, int, bytes]] = {}
    elif incremental:  # a refresh: look up only what changed, not the whole cache
        cached = cache.load([p for p, stat in on_disk.items() if known.get(p) != stat])
    else:
        cached = cache.load()
    stale_cache = removed if incremental else [p for p in cached if p not in on_disk]
    indexed = {} if search is None else search.known(only)
    stale_text = set() if search is None else {
        p for p, stat in on_disk.items() if indexed.get(p) != stat}
    text_removed = [p for p in indexed if p not in on_disk and not is_transcript_path(p)]
    to_parse: list[str] = []
    reuse: list[tuple[str, bytes]] = []
    for path, (size, mtime_ns) in on_disk.items():
        if known.get(path) == (size, mtime_ns) and path not in stale_text:
            continue
        entry = cached.get(path)
        if (entry is not None and entry[0] == size and entry[1] == mtime_ns
                and path not in stale_text):
            reuse.append((path, entry[2]))
        else:
            to_parse.append(path)
    return on_disk, stale_cache, known, removed, reuse, to_parse, text_removed


def _stat_notes(root: Path, paths: list[str]) -> dict[str, tuple[int, int]]:
    """What `scan` would say of just these paths: path -> (size, mtime_ns) of the note files."""
    found: dict[str, tuple[int, int]] = {}
    for path in paths:
        if any(part.startswith(".") for part in path.split("/")) or not is_note_file(root, path):
            continue
        try:
            stat = os.stat(os.path.join(root, path))
        except OSError:
            continue
        found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def _parse_all(root: Path, paths: list[str], sizes: dict[str, int], workers: int | None,
               stop: Stop, text: bool = False) -> Iterator[list[bytes]]:
    """Parsed chunks, in the order they finish.

    Few small files are parsed right here (a worker costs more than they do). Many files,
    or more than IN_PROCESS_BYTES of them, go to worker processes where each note has
    NOTE_SECONDS: a hostile note then costs its own chunk 2 s, never the UI's GIL or the
    rest of the vault, and a cancel kills the workers. Here a parse cannot be abandoned (no
    signals off the main thread), which is why big files always go to a worker.
    """
    if not paths:
        return
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    big = [p for p in paths if sizes.get(p, 0) > BIG_NOTE]
    if not big and sum(sizes.get(p, 0) for p in paths) <= IN_PROCESS_BYTES and (
            workers <= 1 or len(paths) < PARALLEL_MIN):
        for i in range(0, len(paths), CHUNK):
            if stop.is_set():
                return
            yield _parse_chunk(os.fspath(root), paths[i:i + CHUNK], *((0.0, True) if text else ()))
        return
    # Each big note alone and first, so a slow one runs beside the rest, not before it.
    small = [p for p in paths if sizes.get(p, 0) <= BIG_NOTE]
    workers = max(1, workers)
    chunk = max(64, min(CHUNK, len(small) // (workers * 4) or 1))
    chunks = [[p] for p in big] + [small[i:i + chunk] for i in range(0, len(small), chunk)]
    workers = min(workers, len(chunks))
    extra = (True,) if text else ()  # as before without text (tests stand in for _parse_chunk)
    # fork is fast but unsafe once threads run (a GUI); then spawn.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context = multiprocessing.get_context(method)
    left = set(range(len(chunks)))
    pool: ProcessPoolExecutor | None = None
    try:
        pool = ProcessPoolExecutor(workers, mp_context=context)
        if not stop.attach(pool):
            return
        pending = {pool.submit(_parse_chunk, os.fspath(root), c, NOTE_SECONDS, *extra): i
                   for i, c in enumerate(chunks)}
        while pending:
            finished, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in finished:
                if stop.is_set():
                    return
                blobs = future.result()
                left.discard(pending.pop(future))
                yield blobs
            if stop.is_set():
                return
    except (BrokenProcessPool, CancelledError, OSError, RuntimeError) as exc:
        if stop.is_set():  # killed by the stop itself
            return
        # No worker processes here (a frozen app without freeze_support, a sandbox), or a
        # worker died: parse the rest in this process rather than fail.
        log.warning("worker processes unavailable (%s); parsing in-process", exc)
        for i in sorted(left):
            if stop.is_set():
                return
            yield _parse_chunk(os.fspath(root), chunks[i], *((0.0, True) if text else ()))
    finally:  # also when the consumer stops early: then no parse is waited for
        stop.attach(None)
        if pool is not None:
            if left:
                kill_pool(pool)
            else:  # all done: the workers are idle, joining them takes milliseconds
                # (wait=False left the pool's manager thread racing Python's exit hook:
                # "OSError: Bad file descriptor" printed by `lectern check | head`).
                pool.shutdown(wait=True)


def load_index(root: Path, cache: Cache | None = None, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None,
               search: bool = True) -> tuple[LinkIndex, LoadStats]:
    """Load a whole vault into a new LinkIndex (the command-line path). `search`: bring the
    full-text index up to date on the way, as the window's load does (with a cache only)."""
    index = LinkIndex()
    stats = LoadStats()
    for upserts, removals in iter_load(root, cache, stats, workers=workers, search=search):
        index.apply(upserts, removals, notify=False)
        if progress:
            progress(len(index), stats.files)
    if stats.attachments is not None:
        index.set_attachments(stats.attachments)
    return index, stats
