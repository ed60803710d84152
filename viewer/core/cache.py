"""The parse cache: NoteRecords in SQLite in the user cache dir, keyed by vault path.

A corrupt, locked or old-version cache is rebuilt (or, if it cannot be written, skipped);
it is never fatal.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import platformdirs

from viewer.core.record import RECORD_VERSION

log = logging.getLogger("lectern.cache")
SCHEMA_VERSION = f"1.{RECORD_VERSION}"


def cache_dir() -> Path:
    """Where caches live: $LECTERN_CACHE_DIR, else the platform's user cache dir."""
    override = os.environ.get("LECTERN_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("lectern", False))


class Cache:
    """Cached note records of one vault: path -> (size, mtime_ns, marshalled record)."""

    def __init__(self, vault_root: Path, directory: Path | None = None) -> None:
        self.vault_root = str(Path(vault_root).resolve())
        digest = hashlib.sha1(self.vault_root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.file = (directory or cache_dir()) / f"vault-{digest}.sqlite3"
        self.problem: str | None = None  # why the cache was rebuilt or is off, for messages
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None:
            return self._db
        try:
            self._db = self._open()
        except sqlite3.OperationalError as exc:  # locked by another Lectern: leave it be
            log.warning("cache %s busy (%s); not using it this time", self.file, exc)
            self.problem = f"cache off: {exc}"
            self._db = None
        except sqlite3.DatabaseError as exc:
            log.warning("cache %s unusable (%s); rebuilding it", self.file, exc)
            self.problem = f"cache rebuilt: {exc}"
            self._db = None
            try:
                self._remove_files()
                self._db = self._open()
            except (sqlite3.DatabaseError, OSError) as again:
                log.warning("cache off for this session: %s", again)
                self.problem = f"cache off: {again}"
                self._db = None
        except OSError as exc:
            log.warning("cache off for this session: %s", exc)
            self.problem = f"cache off: {exc}"
        return self._db

    def _open(self) -> sqlite3.Connection:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.file, timeout=0.5, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if row is None or row[0] != SCHEMA_VERSION:
                if row is not None:
                    self.problem = f"cache of version {row[0]} replaced"
                db.execute("DROP TABLE IF EXISTS notes")
            db.execute("CREATE TABLE IF NOT EXISTS notes (path TEXT PRIMARY KEY, size INTEGER,"
                       " mtime_ns INTEGER, data BLOB)")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?), ('vault', ?)",
                       (SCHEMA_VERSION, self.vault_root))
            db.commit()
            db.execute("SELECT count(*) FROM notes").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def load(self, paths: list[str] | None = None) -> dict[str, tuple[int, int, bytes]]:
        """Cached entries, all or those of `paths`: path -> (size, mtime_ns, data)."""
        db = self._connect()
        if db is None:
            return {}
        try:
            if paths is None:
                return {p: (s, m, d) for p, s, m, d in db.execute("SELECT * FROM notes")}
            found: dict[str, tuple[int, int, bytes]] = {}
            for i in range(0, len(paths), 500):
                chunk = paths[i:i + 500]
                query = f"SELECT * FROM notes WHERE path IN ({','.join('?' * len(chunk))})"
                found.update({p: (s, m, d) for p, s, m, d in db.execute(query, chunk)})
            return found
        except (sqlite3.OperationalError, sqlite3.ProgrammingError) as exc:
            log.warning("cache not read: %s", exc)  # busy or closed: not corruption
            return {}
        except sqlite3.DatabaseError as exc:
            self._reset(exc)
            return {}

    def store(self, rows: Iterable[tuple[str, int, int, bytes]], removals: Iterable[str] = ()) -> None:
        """Write (path, size, mtime_ns, data) rows and drop `removals`, in one transaction."""
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany("DELETE FROM notes WHERE path=?", ((p,) for p in removals))
                db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)", rows)
        except (sqlite3.OperationalError, sqlite3.ProgrammingError) as exc:
            # Locked by another Lectern, or closed: skip, neither fatal nor corruption.
            log.warning("cache not written: %s", exc)
            self.problem = f"cache not written: {exc}"
        except sqlite3.DatabaseError as exc:
            self._reset(exc)

    def _reset(self, exc: Exception) -> None:
        log.warning("cache %s broken (%s); it will be rebuilt", self.file, exc)
        self.problem = f"cache rebuilt: {exc}"
        self.close()
        self._remove_files()

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
