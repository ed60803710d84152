"""Full-text search over a vault (issue 14): SQLite FTS5, beside the parse cache, Qt-free.

Public API (stable; the search panel, the quick switcher's text mode and `lectern search`
use it):

- `SearchIndex(vault_root, directory=None)`: the search database of one vault, in
  `directory` or else `viewer.core.cache.cache_dir()` (which honours $LECTERN_CACHE_DIR),
  named after the vault like the parse cache. Safe to use from several threads: each thread
  gets its own connection (WAL: a reader never waits for the loader's writes; during the
  first build of a new file, a rollback journal: a reader may wait out one batch's commit).
  - `.search(query, limit=50) -> SearchResult`: ranked notes for what the user typed, in
    the query language of `viewer.core.search_query`. Never raises for any `query` str
    and never shows an FTS5 error: a query that cannot match says why in `message`.
  - `.update(upserts: Iterable[SearchDoc], removals: Iterable[str])`: the writer; called
    by `viewer.core.vault.iter_load` note by note as files are parsed (a UI never needs
    to call it). `.known()`: path -> (size, mtime_ns) of every indexed note.
  - `.close()`: close every connection.
  - `.problem`: why the index was rebuilt or is off (for messages), else None.
- `SearchResult(hits, message, truncated)`: `hits` best first; `message` a plain sentence
  ("No notes match “x”.", "… was ignored") or None; `truncated`: more notes matched than
  `limit`.
- `NoteHit(path, title, score, snippets)`: `path` vault-relative; `score` >= 0, higher is
  better (bm25, title x10, aliases x8, headings x4 over body text). A query matching over
  WINDOW notes is ranked roughly, in bounded time (title matches first; `message` says so;
  see `_ranked`).
- `Snippet(segments, heading, seconds, video_id, line, match_text)`: up to three per note,
  in document order. `segments`: [(plain text, is_match)], to be escaped by whoever shows
  them; `heading`: the heading the passage stands under (None before the first); `seconds`:
  the passage's timestamp (the next one in its block after the match, else the last before
  it; None if the block has none); `video_id`: that timestamp's video (None when the note
  has no video); `line`: 1-based file line of the snippet's first match; `match_text`: the
  first matched words as written in the note (for find-in-page highlighting). A note that
  matched only by title, alias, tag, channel, video, link target or path has no snippets.

A damaged or old database (not SQLite, another schema version, missing tables) is deleted
and rebuilt empty, never fatal; the next load refills it from the files (`known()` says what
is missing). Indexing is done by the parse workers (`search_text.search_doc`) and written
here in the loader's thread, so editing one note re-indexes that note only.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sqlite3
import threading
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from viewer.core.cache import _int64, _key, _kind, _path, cache_dir
from viewer.core.search_query import CompiledQuery, compile_query
from viewer.core.search_snippets import Snippet, snippets
from viewer.core.search_text import MATCH_CLOSE, MATCH_OPEN, SearchDoc, cjk_words

__all__ = ["NoteHit", "SearchDoc", "SearchIndex", "SearchResult", "Snippet"]

log = logging.getLogger("lectern.search")
SCHEMA_VERSION = "search-3"  # 3: comments (%% %%, <!-- -->) not indexed
WINDOW = 500  # matches ranked exactly; a query matching more ranks the first WINDOW of them
# (by rowid) and the best WINDOW title matches: time bounded whatever it matches
TITLE_HITS = 10  # best title matches added to a WINDOW ranking
HASH_BYTES = 16 << 20  # FTS5 pending-terms limit (its default: 1 MB)
AUTOMERGE = 8  # segments merged at once (FTS5's default: 4)
# FTS5 columns in order, with their bm25 weights (a title hit outranks a body hit).
COLUMNS = (("title", 10.0), ("aliases", 8.0), ("headings", 4.0), ("body", 1.0),
           ("channel", 2.0), ("videos", 2.0), ("tags", 3.0), ("links", 1.0), ("path", 1.0))


@dataclass(frozen=True)
class NoteHit:
    """A note that matched; see the module docstring."""

    path: str
    title: str
    score: float
    snippets: list[Snippet] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    """What a search found; see the module docstring."""

    hits: list[NoteHit]
    message: str | None = None
    truncated: bool = False


class _Damaged(Exception):
    """A database, but not laid out as this version writes it."""


class SearchIndex:
    """The full-text index of one vault; see the module docstring."""

    def __init__(self, vault_root: Path, directory: Path | None = None) -> None:
        root = str(Path(vault_root).resolve())
        digest = hashlib.sha1(root.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        self.file = (directory or cache_dir()) / f"search-{digest}.sqlite3"
        self.problem: str | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._rebuilt = False
        self._off = False
        self._building = False  # this object made the file: a first build (see _open)

    # -- connections -------------------------------------------------------------------
    def _connection(self, create: bool) -> sqlite3.Connection | None:
        """This thread's connection; reopened when the file was replaced (a rebuild by
        another connection). None when there is no usable index (and `create` is False,
        or it cannot be made)."""
        if self._off:
            return None
        try:
            stat = os.stat(self.file)
            identity: tuple[int, int] | None = (stat.st_dev, stat.st_ino)
        except OSError:
            identity = None
        held = getattr(self._local, "db", None)
        if held is not None and held[1] == identity and identity is not None:
            return held[0]
        if held is not None:
            self._drop(held[0])
            self._local.db = None
        if identity is None and not create:
            return None
        try:
            db = self._open()
        except (_Damaged, sqlite3.Error, OSError) as exc:
            if not create or not self._rebuild(exc):
                return None
            try:
                db = self._open()
            except (_Damaged, sqlite3.Error, OSError) as again:
                self._off = True
                self.problem = f"search index damaged ({exc}); rebuilding it failed: {again}"
                log.warning("%s (%s)", self.problem, self.file)
                return None
        stat = os.stat(self.file)
        self._local.db = (db, (stat.st_dev, stat.st_ino))
        with self._lock:
            self._connections.append(db)
        return db

    def _open(self) -> sqlite3.Connection:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.file, timeout=2.0, check_same_thread=False)
        try:
            # A brand-new file is filled by a first build: a rollback journal (crash-safe for
            # a crash of the app; of the machine, the damaged index is rebuilt) costs a cold
            # build far less than WAL, whose checkpoints copy every page again. WAL, where a
            # reader never waits for the writer, once `built` (or on the next open).
            if self._building or db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                self._building = True
                db.execute("PRAGMA journal_mode=TRUNCATE")
                db.execute("PRAGMA synchronous=OFF")
            else:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            self._prepare(db)
        except BaseException:
            db.close()
            raise
        return db

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Create the tables, or check that they are this version's.

        Raises:
            _Damaged: another schema version, or tables missing.
        """
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        if not tables:
            columns = ", ".join(name for name, _ in COLUMNS)
            weights = ", ".join(str(weight) for _, weight in COLUMNS)
            with db:
                db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
                db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL,"
                           " size INTEGER, mtime_ns INTEGER, title TEXT, extra BLOB)")
                db.execute(f"CREATE VIRTUAL TABLE docs USING fts5({columns},"
                           " tokenize='unicode61 remove_diacritics 2')")
                db.execute("INSERT INTO docs(docs, rank) VALUES ('rank', ?)", (f"bm25({weights})",))
                # Pending terms are flushed to a new segment when they pass this many bytes:
                # with FTS5's 1 MB most of a cold build went to merging small segments.
                db.execute("INSERT INTO docs(docs, rank) VALUES ('hashsize', ?)", (HASH_BYTES,))
                # Each load batch's commit writes a segment; merging them 8 at a time instead
                # of FTS5's 4 rewrites the data fewer times (cold 50k-note build: writer CPU
                # -12%) for about as many segments in the end.
                db.execute("INSERT INTO docs(docs, rank) VALUES ('automerge', ?)", (AUTOMERGE,))
                # Titles and aliases alone: their doclists stay short, so the best title hits
                # of a query matching most notes are found fast (see _ranked).
                db.execute("CREATE VIRTUAL TABLE titles USING fts5(title, aliases,"
                           " tokenize='unicode61 remove_diacritics 2')")
                db.execute("INSERT INTO titles(titles, rank) VALUES ('rank', ?)",
                           (f"bm25({COLUMNS[0][1]}, {COLUMNS[1][1]})",))
                db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            return
        if not {"meta", "notes", "docs", "titles"} <= tables:
            raise _Damaged("tables missing")
        row = db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None or row[0] != SCHEMA_VERSION:
            raise _Damaged(f"schema {row[0] if row else None}, not {SCHEMA_VERSION}")
        db.execute("SELECT count(*) FROM notes").fetchone()

    def _rebuild(self, exc: BaseException) -> bool:
        """Delete a damaged database so that it is made again: True, or False (and off for
        the rest of this object's life) when this object rebuilt it once already."""
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            self.problem = f"search index busy ({exc}); not updated this time"
            return False
        if self._rebuilt:
            self._off = True
            self.problem = f"search index damaged again ({exc}); search is off"
            log.warning("%s (%s)", self.problem, self.file)
            return False
        self._rebuilt = True
        self.problem = f"search index damaged or old ({exc}): rebuilt"
        log.warning("%s (%s)", self.problem, self.file)
        self.close()
        for suffix in ("", "-wal", "-shm"):
            try:
                Path(str(self.file) + suffix).unlink(missing_ok=True)
            except OSError:
                pass
        return True

    def _drop(self, db: sqlite3.Connection) -> None:
        with self._lock:
            if db in self._connections:
                self._connections.remove(db)
        db.close()

    def built(self) -> None:
        """End a first build (see `_open`): the calling thread's connection turns the file to
        WAL (the others follow it on their next read). Never raises."""
        if not self._building:
            return
        self._building = False
        db = self._connection(create=False)
        if db is None:
            return
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.Error as exc:  # busy: the next open turns it to WAL
            log.debug("search index not turned to WAL yet: %s", exc)

    def release(self) -> None:
        """Close the calling thread's connection (a thread that is about to end)."""
        held = getattr(self._local, "db", None)
        if held is not None:
            self._local.db = None
            self._drop(held[0])

    def close(self) -> None:
        """Close every connection (of every thread)."""
        with self._lock:
            connections, self._connections = self._connections, []
        for db in connections:
            try:
                db.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()

    # -- writing -----------------------------------------------------------------------
    def known(self, paths: list[str] | None = None) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) of every note in the index, or of those of `paths`
        (creating the index if need be)."""
        db = self._connection(create=True)
        if db is None:
            return {}
        select = "SELECT path, size, mtime_ns FROM notes"
        try:
            if paths is None:
                rows = db.execute(select).fetchall()
            else:
                keys = [k for k in map(_key, paths) if k is not None]
                rows = []
                for i in range(0, len(keys), 500):
                    chunk = keys[i:i + 500]
                    rows += db.execute(f"{select} WHERE path IN ({','.join('?' * len(chunk))})",
                                       chunk).fetchall()
            return {path: (size, mtime) for key, size, mtime in rows
                    if (path := key if type(key) is str else _path(key)) is not None}
        except sqlite3.Error as exc:
            self._failed(exc)
            return {}

    def update(self, upserts: Iterable[SearchDoc] = (), removals: Iterable[str] = ()) -> None:
        """Index `upserts` (replacing their paths' rows) and drop `removals`, in one
        transaction. Never raises: a database that fails is rebuilt (see the module doc)."""
        db = self._connection(create=True)
        if db is None:
            return
        docs = list(upserts)
        try:
            db.execute(f"PRAGMA synchronous={'OFF' if self._building else 'NORMAL'}")
        except sqlite3.Error:
            pass
        gone = [(key,) for key in map(_key, [*removals, *(d.path for d in docs)]) if key is not None]
        for clean in (False, True):
            try:
                with db:
                    # Only the rows there are (in a build: none), looked up 500 paths a query:
                    # a DELETE per path cost a cold 50k-note build ~0.25 s of writer CPU.
                    ids = [(rowid,) for rowid in _ids(db, gone)]
                    if ids:
                        db.executemany("DELETE FROM docs WHERE rowid=?", ids)
                        db.executemany("DELETE FROM titles WHERE rowid=?", ids)
                        db.executemany("DELETE FROM notes WHERE id=?", ids)
                    start = db.execute("SELECT coalesce(max(id), 0) FROM notes").fetchone()[0]
                    rows, texts = _rows(docs, start + 1, clean)
                    db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)", rows)
                    db.executemany("INSERT INTO docs(rowid, title, aliases, headings, body,"
                                   " channel, videos, tags, links, path)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", texts)
                    db.executemany("INSERT INTO titles(rowid, title, aliases) VALUES (?, ?, ?)",
                                   [text[:3] for text in texts])
                return
            except UnicodeEncodeError:  # a lone surrogate (a file name that is not UTF-8)
                continue
            except sqlite3.Error as exc:
                self._failed(exc)
                return

    def _failed(self, exc: sqlite3.Error) -> None:
        kind = _kind(exc)
        if kind != "damaged":
            self.problem = f"search index {'busy' if kind == 'locked' else 'unusable'} ({exc});" \
                           " not updated this time"
            log.warning("%s (%s)", self.problem, self.file)
            return
        if self._rebuild(exc):
            self._connection(create=True)

    # -- searching ---------------------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> SearchResult:
        """The notes matching `query`, best first, at most `limit` (>= 1) of them."""
        compiled = compile_query(query if isinstance(query, str) else str(query))
        notes = list(compiled.notes)
        if compiled.match is None:
            text = " ".join(query.split())[:80] if isinstance(query, str) else ""
            message = "Type a word to search for." if not text else (
                f"Nothing to search for in “{text}”.")
            return SearchResult([], " ".join([message, *_sentences(notes)]))
        db = self._connection(create=False)
        if db is None:
            return SearchResult([], self.problem and "Search is unavailable: the index is "
                                "being rebuilt." or "The search index is not built yet.")
        limit = max(1, min(int(limit), 10_000))
        try:
            rows, truncated, approximate = _ranked(db, compiled, limit)
            hits = self._hits(db, rows)
        except (sqlite3.Error, ValueError, OverflowError) as exc:  # never shown to the user
            log.debug("search %r (%s) failed: %s", query, compiled.match, exc)
            return SearchResult([], " ".join(["No notes match this search.", *_sentences(notes)]))
        if not hits:
            shown = " ".join(query.split())[:80]
            notes.insert(0, f"No notes match “{shown}”.")
            return SearchResult([], " ".join(_sentences(notes)))
        if approximate:
            notes.insert(0, f"Over {WINDOW:,} notes match: title matches first, the rest"
                            " roughly ranked; more words narrow the search")
        return SearchResult(hits, " ".join(_sentences(notes)) or None, truncated)

    def _hits(self, db: sqlite3.Connection, rows: list[tuple[int, float, str]]) -> list[NoteHit]:
        if not rows:
            return []
        ids = [rowid for rowid, _, _ in rows]
        notes = {row[0]: row[1:] for row in db.execute(
            f"SELECT id, path, title, extra FROM notes WHERE id IN ({','.join('?' * len(ids))})",
            ids)}
        hits = []
        for rowid, rank, body in rows:
            if rowid not in notes:
                continue
            key, title, extra = notes[rowid]
            path = _path(key)
            if path is None:
                continue
            try:
                body_line, stamps_bytes, stamp_videos, video_id = marshal.loads(extra)
                stamps = array("i")
                stamps.frombytes(stamps_bytes)
                found = snippets(body or "", body_line, stamps, dict(stamp_videos), video_id)
            except Exception:  # noqa: BLE001 - a damaged row: the hit without snippets
                log.debug("no snippets for %s", path, exc_info=True)
                found = []
            hits.append(NoteHit(path, title, -rank, found))
        return hits


_SELECT = "SELECT rowid, rank, highlight(docs, 3, ?, ?) FROM docs WHERE docs MATCH ?"
_UNRANKED = "SELECT rowid, 0.0, highlight(docs, 3, ?, ?) FROM docs WHERE docs MATCH ?"


def _ranked(db: sqlite3.Connection, compiled: CompiledQuery,
            limit: int) -> tuple[list[tuple[int, float, str]], bool, bool]:
    """(rowid, rank, highlighted body) of the best `limit` matches, whether more matched,
    and whether the order is approximate.

    FTS5 ranks every match (bm25 reads each one's column sizes, and a phrase's weight needs
    the phrase found in every note holding its words), so a common word took 300 ms at 50k
    notes. Up to WINDOW matches are ranked exactly. Beyond, the work stays bounded: the
    TITLE_HITS best title matches come first (from the small `titles` table, among its first
    WINDOW matches; only where a title match is a match and there is no prefix, whose
    expansion a per-note query would repeat), then, for single words, the best of the first
    WINDOW matches by rowid, or for phrases and prefixes simply the first ones.
    """
    match, marks = compiled.match, (MATCH_OPEN, MATCH_CLOSE)
    first = db.execute("SELECT rowid FROM docs WHERE docs MATCH ? LIMIT ?",
                       (match, WINDOW + 1)).fetchall()
    if len(first) <= WINDOW:
        rows = db.execute(_SELECT + " ORDER BY rank LIMIT ?", (*marks, match, limit + 1)).fetchall()
        return rows[:limit], len(rows) > limit, False
    titles = compiled.titles
    top: list[tuple[int, float, str]] = []
    if titles is not None and not compiled.prefix:
        some = db.execute("SELECT rowid FROM titles WHERE titles MATCH ? LIMIT ?",
                          (titles, WINDOW + 1)).fetchall()
        bound = some[-1][0] if len(some) > WINDOW else (1 << 62)
        for rowid, rank in db.execute("SELECT rowid, rank FROM titles WHERE titles MATCH ?"
                                      " AND rowid <= ? ORDER BY rank LIMIT ?",
                                      (titles, bound, min(limit, TITLE_HITS))).fetchall():
            for found, _, body in db.execute(_UNRANKED + " AND rowid = ?", (*marks, match, rowid)):
                top.append((found, rank * 100, body))  # scores above any body match's
    if compiled.single_words:
        rest = db.execute(_SELECT + " AND rowid <= ? ORDER BY rank LIMIT ?",
                          (*marks, match, first[-1][0], limit)).fetchall()
    else:
        rest = db.execute(_UNRANKED + " LIMIT ?", (*marks, match, limit)).fetchall()
    have = {rowid for rowid, _, _ in top}
    return (top + [row for row in rest if row[0] not in have])[:limit], True, True


def _ids(db: sqlite3.Connection, keys: list[tuple[str | bytes]]) -> list[int]:
    """Row ids of the notes stored under `keys` ((path key,) tuples), if any."""
    if not keys or not db.execute("SELECT 1 FROM notes LIMIT 1").fetchone():
        return []
    found: list[int] = []
    for i in range(0, len(keys), 500):
        chunk = [key for (key,) in keys[i:i + 500]]
        found += [rowid for (rowid,) in db.execute(
            f"SELECT id FROM notes WHERE path IN ({','.join('?' * len(chunk))})", chunk)]
    return found


def _text(text: str) -> str:
    """`text` as SQLite text can hold it: lone surrogates become U+FFFD."""
    if text.isascii():
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _rows(docs: list[SearchDoc], first: int, clean: bool) -> tuple[list[tuple[object, ...]],
                                                                    list[tuple[object, ...]]]:
    """Rows of the notes and docs tables for `docs`, numbered from `first`; with `clean`,
    every text made storable (see `_text`)."""
    def fix(text: str) -> str:
        return _text(cjk_words(text)) if clean else cjk_words(text)

    rows, texts = [], []
    for number, doc in enumerate(docs, first):
        key = _key(doc.path)
        if key is None:
            continue
        extra = marshal.dumps((doc.body_line, doc.stamps.tobytes(), doc.stamp_videos,
                               doc.video_id))
        size = doc.size if _int64(doc.size) else -1
        mtime_ns = doc.mtime_ns if _int64(doc.mtime_ns) else -1
        rows.append((number, key, size, mtime_ns, _text(doc.title) if clean else doc.title,
                     extra))
        body = _text(doc.body) if clean else doc.body
        texts.append((number, fix(doc.title), fix("\n".join(doc.aliases)), doc.headings,
                      body, fix(doc.channel), " ".join(doc.videos),
                      fix("\n".join(doc.tags)), fix("\n".join(doc.links)), _text(doc.path)))
    return rows, texts


def _sentences(notes: list[str]) -> list[str]:
    return [note[0].upper() + note[1:] + ("" if note.endswith(".") else ".") for note in notes]
