"""The parse cache: NoteRecords in SQLite in the user cache dir, keyed by vault path.

Never fatal. A cache locked by another Lectern is left alone for this load; a cache that
cannot be read as expected (not a database, tables of another shape, a view where a table
belongs, unreadable rows) is deleted and rebuilt, at most once per run; one that cannot be
opened or written at all (no space, read-only folder) is skipped. `Cache.problem` says which.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from viewer.core.record import RECORD_VERSION

log = logging.getLogger("lectern.cache")
SCHEMA_VERSION = f"1.{RECORD_VERSION}"
# (column, is primary key) of each table, as PRAGMA table_info reports them.
META_COLUMNS = [("key", 1), ("value", 0)]
NOTES_COLUMNS = [("path", 1), ("size", 0), ("mtime_ns", 0), ("data", 0)]
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
# Errors of the disk or the folder, not of the file's content: deleting it would not help.
_UNUSABLE = {sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR,
             sqlite3.SQLITE_FULL, sqlite3.SQLITE_PERM, sqlite3.SQLITE_NOMEM}
_rebuilt: set[str] = set()  # cache files rebuilt in this run: the second damage turns it off
_rebuilt_lock = threading.Lock()


def cache_dir() -> Path:
    """Where caches live: $LECTERN_CACHE_DIR, else the platform's user cache dir."""
    override = os.environ.get("LECTERN_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("lectern", False))


class _Damaged(Exception):
    """The file is a database, but not laid out as this version writes it."""


def _kind(exc: BaseException) -> str:
    """'locked', 'unusable' (the disk or folder) or 'damaged' (the file's content)."""
    if isinstance(exc, OSError):
        return "unusable"
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and (code & 0xFF) in _LOCKED:
        return "locked"
    if code is not None and (code & 0xFF) in _UNUSABLE:
        return "unusable"
    if isinstance(exc, sqlite3.ProgrammingError):  # used after close(): a cancelled load
        return "unusable"
    return "damaged"


def _key(path: str) -> str | bytes | None:
    """`path` as SQLite can hold it: text, or the bytes of a name that is not UTF-8 (which
    os.fsdecode spells with surrogate escapes, and SQLite text cannot hold); None if neither."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return None


def _int64(value: object) -> bool:
    return type(value) is int and INT64_MIN <= value <= INT64_MAX


def _path(key: object) -> str | None:
    """The path a stored key stands for (None for a value this code never writes)."""
    if isinstance(key, str):
        return key
    if isinstance(key, bytes):
        return key.decode("utf-8", "surrogateescape")
    return None


def _columns(db: sqlite3.Connection, table: str) -> list[tuple[str, int]]:
    return [(row[1], row[5]) for row in db.execute(f"PRAGMA table_info({table})")]


def _describe(columns: list[tuple[str, int]]) -> str:
    return ", ".join(name for name, _pk in columns) or "none"


class Cache:
    """Cached note records of one vault: path -> (size, mtime_ns, marshalled record).

    Paths are vault-relative strings as `os.scandir` gives them (a name that is not UTF-8
    carries surrogate escapes); they are stored as text, or as bytes when not UTF-8.
    """

    def __init__(self, vault_root: Path, directory: Path | None = None) -> None:
        self.vault_root = str(Path(vault_root).resolve())
        digest = hashlib.sha1(self.vault_root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.file = (directory or cache_dir()) / f"vault-{digest}.sqlite3"
        self.problem: str | None = None  # why the cache was rebuilt or is off, for messages
        self._db: sqlite3.Connection | None = None
        self._off = False  # damaged again after a rebuild: not used for the rest of the run

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self._off:
            return self._db
        try:
            self._db = self._open()
        except (_Damaged, sqlite3.Error, OSError) as exc:
            if self._not_used(exc, "not used this time") or not self._damaged(exc):
                return None
            try:
                self._db = self._open()
            except (_Damaged, sqlite3.Error, OSError) as again:
                self._off = True
                self.problem = f"cache damaged ({exc}); rebuilding it failed: {again}"
                log.warning("%s (%s)", self.problem, self.file)
        return self._db

    def _not_used(self, exc: BaseException, what: str) -> bool:
        """Note a locked or unusable cache (True); False when `exc` means damage."""
        kind = _kind(exc)
        if kind == "locked":
            self.problem = f"cache locked by another Lectern ({exc}); {what}"
        elif kind == "unusable":
            self.problem = f"cache cannot be used ({exc}); {what}"
        else:
            return False
        log.warning("%s (%s)", self.problem, self.file)
        return True

    def _damaged(self, exc: BaseException) -> bool:
        """Delete a damaged cache so that it is rebuilt: True, or False (and off for the rest
        of the run) when this run rebuilt it once already."""
        self.close()
        with _rebuilt_lock:
            again = str(self.file) in _rebuilt
            _rebuilt.add(str(self.file))
        if again:
            self._off = True
            self.problem = f"cache damaged again ({exc}); not used until Lectern restarts"
        else:
            self.problem = f"cache damaged ({exc}): rebuilt"
            self._remove_files()
        log.warning("%s (%s)", self.problem, self.file)
        return not again

    def _open(self) -> sqlite3.Connection:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.file, timeout=0.5, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._prepare(db)
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Check the tables' layout, create what is missing, drop rows of another version.

        Raises:
            _Damaged: a table of another shape, or a view or index where a table belongs.
        """
        kinds = dict(db.execute("SELECT lower(name), type FROM sqlite_master"
                                " WHERE lower(name) IN ('meta', 'notes')"))
        if db.execute("SELECT 1 FROM sqlite_master WHERE type='trigger'").fetchone():
            raise _Damaged("it holds triggers")
        for table, expected in (("meta", META_COLUMNS), ("notes", NOTES_COLUMNS)):
            if kinds.get(table, "table") != "table":
                raise _Damaged(f"'{table}' is a {kinds[table]}, not a table")
        if "meta" in kinds and _columns(db, "meta") != META_COLUMNS:
            raise _Damaged(f"the meta table has columns ({_describe(_columns(db, 'meta'))}),"
                           f" not ({_describe(META_COLUMNS)})")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            if row is not None:
                self.problem = f"cache of version {row[0]} replaced"
            db.execute("DROP TABLE IF EXISTS notes")
        elif "notes" in kinds and _columns(db, "notes") != NOTES_COLUMNS:
            raise _Damaged(f"the notes table has columns ({_describe(_columns(db, 'notes'))}),"
                           f" not ({_describe(NOTES_COLUMNS)})")
        db.execute("CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, size INTEGER,"
                   " mtime_ns INTEGER, data BLOB)")
        vault = _key(self.vault_root) or self.vault_root.encode("utf-8", "surrogatepass")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?), ('vault', ?)",
                   (SCHEMA_VERSION, vault))
        db.commit()
        db.execute("SELECT count(*) FROM notes").fetchone()

    def load(self, paths: list[str] | None = None) -> dict[str, tuple[int, int, bytes]]:
        """Cached entries, all or those of `paths`: path -> (size, mtime_ns, data).

        Rows of the wrong types are left out (their files are read again).
        """
        db = self._connect()
        if db is None:
            return {}
        select = "SELECT path, size, mtime_ns, data FROM notes"
        try:
            if paths is None:
                return self._entries(db.execute(select))
            keys = [k for k in map(_key, paths) if k is not None]
            found: dict[str, tuple[int, int, bytes]] = {}
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                found.update(self._entries(
                    db.execute(f"{select} WHERE path IN ({','.join('?' * len(chunk))})", chunk)))
            return found
        except sqlite3.Error as exc:
            if not self._not_used(exc, "not read this time"):
                self._damaged(exc)
            return {}

    @staticmethod
    def _entries(rows: Iterable[tuple[object, ...]]) -> dict[str, tuple[int, int, bytes]]:
        found: dict[str, tuple[int, int, bytes]] = {}
        for key, size, mtime_ns, data in rows:  # a warm 50k-note open reads every row
            path = key if type(key) is str else _path(key)
            if (path is not None and type(size) is int and type(mtime_ns) is int
                    and type(data) is bytes):
                found[path] = (size, mtime_ns, data)
        return found

    def store(self, rows: Iterable[tuple[str, int, int, bytes]], removals: Iterable[str] = ()) -> None:
        """Write (path, size, mtime_ns, data) rows and drop `removals`, in one transaction.

        A row SQLite cannot hold (a path with unpaired surrogates, a size or time beyond 64
        bits) is not cached; its file is read again next time.
        """
        db = self._connect()
        if db is None:
            return
        storable = ((key, size, mtime_ns, data) for key, size, mtime_ns, data in
                    ((_key(p), s, m, d) for p, s, m, d in rows)
                    if key is not None and _int64(size) and _int64(mtime_ns))
        gone = ((key,) for key in map(_key, removals) if key is not None)
        try:
            with db:
                db.executemany("DELETE FROM notes WHERE path=?", gone)
                db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)", storable)
        except sqlite3.Error as exc:
            if not self._not_used(exc, "not written this time"):
                self._damaged(exc)

    def _remove_files(self) -> None:
        """Delete the database and its WAL files (a stale WAL must not outlive its file)."""
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(str(self.file) + suffix).unlink(missing_ok=True)
            except OSError:
                pass

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
