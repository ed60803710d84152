"""Caches that cannot be read as expected are rebuilt with a message that says why, never fatal
(issue 12, "The cache"). Every case is a real SQLite file damaged the way the issue found it."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from tests.core.test_cache_cli import NOTE, make_vault, run_cli
from viewer import cli
from viewer.core import cache as cache_module
from viewer.core.cache import Cache
from viewer.core.vault import load_index

LATIN1_NAME = b"caf\xe9.md"  # a file name that is not UTF-8


def _warm(vault: Path) -> Path:
    """Fill the vault's cache (in $LECTERN_CACHE_DIR) and return its file."""
    cache = Cache(vault)
    load_index(vault, cache)
    cache.close()
    return cache.file


def _damage(file: Path, script: str) -> None:
    db = sqlite3.connect(file)
    db.executescript(script)
    db.close()


def _check(vault: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """`lectern check VAULT --json` in this process (a new run: nothing rebuilt yet)."""
    code = cli.check([str(vault), "--json"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    return json.loads(out)


@pytest.fixture(autouse=True)
def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a fresh run: no cache rebuilt yet."""
    monkeypatch.setattr(cache_module, "_rebuilt", set())


def test_a_file_name_that_is_not_utf8_is_indexed_and_cached(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    with open(os.path.join(os.fsencode(vault), LATIN1_NAME), "wb") as handle:
        handle.write(NOTE.format(t="Cafe", link="n_0").encode())
    path = os.fsdecode(LATIN1_NAME)
    cache = Cache(vault)
    index, stats = load_index(vault, cache)
    cache.close()
    assert index.find("Cafe") == path and stats.parsed == 6 and cache.problem is None
    again = Cache(vault)
    index, stats = load_index(vault, again)
    assert (stats.parsed, stats.cached) == (0, 6) and index.find("Cafe") == path
    assert path in again.load([path])
    again.close()
    os.unlink(os.path.join(os.fsencode(vault), LATIN1_NAME))
    gone = Cache(vault)
    index, _ = load_index(vault, gone)
    assert len(index) == 5 and path not in gone.load() and gone.problem is None
    gone.close()


def test_check_on_a_vault_with_a_non_utf8_name(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    with open(os.path.join(os.fsencode(vault), LATIN1_NAME), "wb") as handle:
        handle.write(NOTE.format(t="Cafe", link="n_0").encode())
    for _ in range(2):  # cold, then from the cache
        result = run_cli("check", str(vault), "--json")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert json.loads(result.stdout)["notes"] == 6


DAMAGES = {
    "notes of another column count": (
        "DROP TABLE notes; CREATE TABLE notes (path TEXT PRIMARY KEY, size INTEGER, data BLOB);"
        " INSERT INTO notes VALUES ('n0.md', 1, x'00'), ('n2.md', 2, x'01');",
        "the notes table has columns (path, size, data)"),
    "meta without its value column": (
        "DROP TABLE meta; CREATE TABLE meta (key TEXT PRIMARY KEY, other TEXT);"
        " INSERT INTO meta VALUES ('schema', 'x');",
        "the meta table has columns (key, other)"),
    "notes replaced by a view": (
        "DROP TABLE notes; CREATE VIEW notes AS SELECT 'n0.md' AS path, 1 AS size,"
        " 2 AS mtime_ns, x'00' AS data;",
        "'notes' is a view, not a table"),
    "not a database": (None, "file is not a database"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_cache_is_rebuilt_and_says_why(
        damage: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make_vault(tmp_path / "v")
    file = _warm(vault)
    script, reason = DAMAGES[damage]
    if script is None:
        for suffix in ("-wal", "-shm"):
            Path(f"{file}{suffix}").unlink(missing_ok=True)
        file.write_bytes(b"not a database " * 500)
    else:
        _damage(file, script)
    first = _check(vault, capsys)
    assert first["notes"] == 5 and first["load"]["parsed"] == 5
    problem = first["cache"]["problem"]
    assert reason in problem and "damaged" in problem and "rebuilt" in problem
    assert "locked" not in problem and "busy" not in problem
    second = _check(vault, capsys)  # the rebuilt cache serves the next run
    assert second["cache"]["problem"] is None
    assert (second["load"]["parsed"], second["load"]["cached"]) == (0, 5)


def test_rows_of_the_wrong_types_are_read_again(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    file = _warm(vault)
    _damage(file, "UPDATE notes SET size='big' WHERE path='n0.md';"
                  " UPDATE notes SET data='text' WHERE path='n2.md';"
                  " INSERT INTO notes VALUES (NULL, 1, 2, x'00'), (7, 1, 2, x'00');")
    cache = Cache(vault)
    index, stats = load_index(vault, cache)
    assert (stats.parsed, stats.cached) == (2, 3) and len(index) == 5
    cache.close()


def test_damaged_twice_in_one_run_is_off_until_restart(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    file = _warm(vault)
    _damage(file, "DROP TABLE notes; CREATE VIEW notes AS SELECT 1 AS path;")
    first = Cache(vault)
    assert len(load_index(vault, first)[0]) == 5 and "rebuilt" in (first.problem or "")
    first.close()
    _damage(file, "DROP TABLE notes; CREATE VIEW notes AS SELECT 1 AS path;")
    second = Cache(vault)
    assert len(load_index(vault, second)[0]) == 5
    assert "damaged again" in (second.problem or "") and "restarts" in (second.problem or "")
    second.close()
    cache_module._rebuilt.clear()  # the next run rebuilds it: never off for good
    third = Cache(vault)
    load_index(vault, third)
    assert "rebuilt" in (third.problem or "")
    third.close()
    fourth = Cache(vault)
    _, stats = load_index(vault, fourth)
    assert fourth.problem is None and stats.cached == 5


def test_locked_is_told_apart_from_damaged(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    file = _warm(vault)
    holder = sqlite3.connect(file)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = Cache(vault)
        index, _ = load_index(vault, cache)
        assert len(index) == 5
        assert "locked by another Lectern" in (cache.problem or "")
        assert "damaged" not in (cache.problem or "")
    finally:
        holder.rollback()
        holder.close()
    assert file.exists()  # left alone, not deleted
    assert Cache(vault).load().keys() == {"n0.md", "n2.md", "n4.md", "sub/n1.md", "sub/n3.md"}


def test_values_sqlite_cannot_hold_are_not_cached(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    cache = Cache(vault)
    cache.store([("a.md", 1, 2**64, b"x"), ("\ud800.md", 1, 2, b"x"), ("b.md", 1, 2, b"y")])
    assert cache.load() == {"b.md": (1, 2, b"y")} and cache.problem is None
    cache.close()


def test_text_output_names_the_cache_problem(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    vault = make_vault(tmp_path / "v")
    _damage(_warm(vault), "DROP TABLE notes; CREATE VIEW notes AS SELECT 1 AS path;")
    assert cli.check([str(vault)]) == 0
    out = capsys.readouterr().out
    assert "Cache" in out and "'notes' is a view, not a table" in out
