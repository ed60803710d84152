"""A first build of the search index uses a rollback journal, then turns to WAL (issue 14)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from viewer.core.cache import Cache
from viewer.core.search import SearchIndex
from viewer.core.search_text import search_doc
from viewer.core.vault import LoadStats, _read, iter_load


def journal(file: Path) -> str:
    db = sqlite3.connect(file)
    try:
        return db.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        db.close()


def test_a_first_build_journals_lightly_then_turns_to_wal(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "a.md").write_text("# Alpha\n\nZanzibar lies here.\n", encoding="utf-8")
    index = SearchIndex(root, tmp_path / "cache")
    index.update([search_doc(*_read(root, "a.md"))])
    db = index._connection(create=False)
    assert db is not None
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "truncate"
    assert [h.path for h in index.search("zanzibar").hits] == ["a.md"]
    index.built()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    index.close()
    again = SearchIndex(root, tmp_path / "cache")  # an existing index opens in WAL
    again.update([search_doc(*_read(root, "a.md"))])
    assert [h.path for h in again.search("zanzibar").hits] == ["a.md"]
    again.close()
    assert journal(again.file) == "wal"


def test_a_whole_vault_load_leaves_a_wal_index(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    for i in range(5):
        (root / f"n{i}.md").write_text(f"# Note {i}\n\nQuokka number {i}.\n", encoding="utf-8")
    cache = Cache(root, tmp_path / "cache")
    try:
        for _ in iter_load(root, cache, LoadStats(), workers=1):
            pass
    finally:
        cache.close()
    index = SearchIndex(root, tmp_path / "cache")
    assert journal(index.file) == "wal"
    assert len(index.search("quokka").hits) == 5
    index.close()
