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
import stat as stat_module
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from viewer.core.cache import Cache
from viewer.core.index import LinkIndex, no_gc
from viewer.core.note import Note, Problem
from viewer.core.parser import MAX_BYTES, index_record, parse_file
from viewer.core.record import NoteRecord

log = logging.getLogger("lectern.vault")
NOTE_SUFFIXES = (".md", ".txt")
PARALLEL_MIN = 400  # fewer changed files than this are parsed in-process
CHUNK = 256
BATCH = 4096  # records per batch handed to the index
STORE_EVERY = 2048  # parsed records per cache transaction
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # not on Windows, where FIFOs are not files anyway
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


@dataclass
class LoadStats:
    """What a load did: files found, parsed anew, taken from the cache, removed."""

    files: int = 0
    parsed: int = 0
    cached: int = 0
    removed: int = 0
    seconds: float = 0.0


def scan(root: Path) -> dict[str, tuple[int, int]]:
    """Every note file under `root` (hidden folders and files skipped): path -> (size, mtime_ns)."""
    found: dict[str, tuple[int, int]] = {}
    root_str = os.fspath(root)
    stack = [(root_str, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, prefix + name + "/"))
                elif name.endswith(NOTE_SUFFIXES) and entry.is_file() and (
                        not entry.is_symlink() or inside(root, entry.path)):
                    stat = entry.stat()
                    found[prefix + name] = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                continue
    return found


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
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return _read_start(handle, stat.st_size), stat
    finally:
        os.close(fd)


def _unreadable(exc: OSError) -> Problem:
    return Problem(0, f"cannot read the file: {exc.strerror or exc}")


def _read_start(handle: BinaryIO, size: int) -> bytes:
    """The whole file, or of a huge one its start (read(n) with a large n would allocate n
    bytes for every small note)."""
    return handle.read() if size <= MAX_BYTES else handle.read(MAX_BYTES + 1)


def inside(root: Path, full: str | Path) -> bool:
    """Whether `full` (symlinks resolved) lies inside the vault folder `root`."""
    try:
        return Path(full).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def is_note_file(root: Path, path: str) -> bool:
    """Whether vault-relative `path` names a note file inside the vault."""
    full = Path(root) / path
    return path.endswith(NOTE_SUFFIXES) and inside(root, full) and full.is_file()


def read_record(root: Path, path: str) -> NoteRecord:
    """Read one file into what the index keeps of it."""
    full = os.path.join(root, path)
    if os.path.islink(full) and not inside(root, full):  # swapped for a link since the scan
        return NoteRecord.from_note(read_note(root, path))
    try:
        data, stat = read_regular(full)
    except OSError:
        return NoteRecord.from_note(read_note(root, path))
    return index_record(path, data, size=stat.st_size, mtime_ns=stat.st_mtime_ns)


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


def _parse_chunk(root: str, paths: list[str]) -> list[bytes]:
    """Worker: parse files, return marshalled record tuples."""
    folder = Path(root)
    return [marshal.dumps(read_record(folder, p).to_tuple()) for p in paths]


def iter_load(root: Path, cache: Cache | None, stats: LoadStats | None = None,
              known: dict[str, tuple[int, int]] | None = None,
              workers: int | None = None) -> Iterator[tuple[list[NoteRecord], list[str]]]:
    """Yield (records to upsert, paths to remove) batches that bring an index to the vault.

    `known` maps the paths already in the index to their (size, mtime_ns); for a fresh
    index leave it None. Unchanged cached files are never read.
    """
    stats = stats if stats is not None else LoadStats()
    started = time.perf_counter()
    on_disk = scan(root)
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
    to_parse: list[str] = []
    reuse: list[tuple[str, bytes]] = []
    for path, (size, mtime_ns) in on_disk.items():
        if known.get(path) == (size, mtime_ns):
            continue
        entry = cached.get(path)
        if entry is not None and entry[0] == size and entry[1] == mtime_ns:
            reuse.append((path, entry[2]))
        else:
            to_parse.append(path)
    del cached
    stats.cached = len(reuse)
    for i in range(0, len(reuse), BATCH):
        with no_gc():
            batch, broken = _decode_cached(reuse[i:i + BATCH])
        if broken:  # a damaged cache row: read that file again rather than stop
            stats.cached -= len(broken)
            to_parse.extend(broken)
            if cache is not None:
                cache.problem = f"{len(broken)} damaged cache entries read again"
        yield batch, []
    if removed:
        yield [], removed
    stats.removed = len(removed)
    if cache is not None and stale_cache:
        cache.store([], stale_cache)
    rows: list[tuple[str, int, int, bytes]] = []
    for blobs in _parse_all(root, to_parse, workers):
        with no_gc():
            records = [NoteRecord.from_tuple(marshal.loads(b)) for b in blobs]
        rows.extend((r.path, r.size, r.mtime_ns, b) for r, b in zip(records, blobs))
        if cache is not None and len(rows) >= STORE_EVERY:  # while the workers parse on
            cache.store(rows)
            rows = []
        stats.parsed += len(records)
        yield records, []
    if cache is not None and rows:
        cache.store(rows)
    stats.seconds = time.perf_counter() - started


def _parse_all(root: Path, paths: list[str], workers: int | None) -> Iterator[list[bytes]]:
    if not paths:
        return
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(paths) < PARALLEL_MIN:
        for i in range(0, len(paths), CHUNK):
            yield _parse_chunk(os.fspath(root), paths[i:i + CHUNK])
        return
    # fork is fast but unsafe once threads run (a GUI); then spawn.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(64, min(CHUNK, len(paths) // (workers * 4) or 1))
    chunks = [paths[i:i + chunk] for i in range(0, len(paths), chunk)]
    done = 0
    try:
        pool = ProcessPoolExecutor(workers, mp_context=context)
        try:
            futures = [pool.submit(_parse_chunk, os.fspath(root), c) for c in chunks]
            for future in futures:
                yield future.result()
                done += 1
        finally:  # also when the consumer stops early: drop the chunks not started
            pool.shutdown(wait=True, cancel_futures=True)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        # No worker processes here (a frozen app without freeze_support, a sandbox): parse
        # the rest in this process rather than fail.
        log.warning("worker processes unavailable (%s); parsing in-process", exc)
        for rest in chunks[done:]:
            yield _parse_chunk(os.fspath(root), rest)


def load_index(root: Path, cache: Cache | None = None, workers: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> tuple[LinkIndex, LoadStats]:
    """Load a whole vault into a new LinkIndex (the command-line path)."""
    index = LinkIndex()
    stats = LoadStats()
    for upserts, removals in iter_load(root, cache, stats, workers=workers):
        index.apply(upserts, removals, notify=False)
        if progress:
            progress(len(index), stats.files)
    return index, stats
