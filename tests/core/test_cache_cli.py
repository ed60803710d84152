"""The SQLite cache (reuse, corruption, old versions) and `lectern check`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLE_VAULT
from viewer.core.cache import Cache
from viewer.core.vault import iter_load, load_index

NOTE = "---\ntitle: {t}\nvideoId: 8sGHxZkZReo\n---\nFrom: [[chan]] <br/>\n[[{link}]]\n"


def make_vault(root: Path, n: int = 5) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for i in range(n):
        (root / ("sub" if i % 2 else "") / f"n{i}.md").write_text(NOTE.format(t=f"N {i}", link=f"n_{i + 1}"))
    (root / ".hidden" / "skip.md").write_text(NOTE.format(t="Hidden", link="x"))
    (root / "ignored.pdf").write_bytes(b"%PDF")
    return root


def test_warm_start_reads_only_changed_files(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    index, stats = load_index(vault, Cache(vault, tmp_path / "c"))
    assert (stats.files, stats.parsed, stats.cached) == (5, 5, 0)
    assert "n_5" in dict(index.topics())
    (vault / "n0.md").write_text(NOTE.format(t="N 0 renamed", link="n_5"))
    os.utime(vault / "n0.md", ns=(1, 1))
    (vault / "sub" / "n1.md").unlink()
    warm, stats = load_index(vault, Cache(vault, tmp_path / "c"))
    assert (stats.files, stats.parsed, stats.cached) == (4, 1, 3)
    cold, _ = load_index(vault, None)
    assert warm.snapshot() == cold.snapshot()


def test_incremental_load_into_a_live_index(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    index, _ = load_index(vault, None)
    (vault / "n2.md").unlink()
    (vault / "new.md").write_text(NOTE.format(t="New", link="n_0"))
    known = {p: (r.size, r.mtime_ns) for p, r in ((p, index.note(p)) for p in index.paths())}
    for upserts, removals in iter_load(vault, None, known=known):
        index.apply(upserts, removals)
    assert index.snapshot() == load_index(vault, None)[0].snapshot()


def test_corrupt_and_old_caches_are_rebuilt(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    cache = Cache(vault, tmp_path / "c")
    load_index(vault, cache)
    cache.close()
    cache.file.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(cache.file) + suffix).unlink(missing_ok=True)
    broken = Cache(vault, tmp_path / "c")
    index, stats = load_index(vault, broken)
    assert len(index) == 5 and stats.parsed == 5 and broken.problem
    broken.close()
    db = sqlite3.connect(broken.file)
    db.execute("UPDATE meta SET value='0.0' WHERE key='schema'")
    db.commit()
    db.close()
    old = Cache(vault, tmp_path / "c")
    index, stats = load_index(vault, old)
    assert stats.parsed == 5 and "replaced" in (old.problem or "")


def test_unwritable_cache_dir_is_not_fatal(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = Cache(vault, blocker / "sub")  # a folder below a file cannot exist
    index, _ = load_index(vault, cache)
    assert len(index) == 5 and cache.problem


def test_cache_locked_by_another_writer(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    load_index(vault, Cache(vault, tmp_path / "c"))
    (vault / "n0.md").write_text(NOTE.format(t="Changed", link="x"))
    holder = sqlite3.connect(Cache(vault, tmp_path / "c").file)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache = Cache(vault, tmp_path / "c")
        index, _ = load_index(vault, cache)
        assert index.find("Changed") == "n0.md"
    finally:
        holder.rollback()
        holder.close()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "viewer.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)


def test_check_sample_vault() -> None:
    result = run_cli("check", str(SAMPLE_VAULT), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["notes"] == 1 and data["channels"] == 1 and data["videos"] == 1
    assert data["links"] == {"total": 24, "resolved": 0, "unresolved": 24, "targets": 6}
    assert data["topics"] == 6 and data["timestamps"] == 32 and data["problems"] == []
    text = run_cli("check", str(SAMPLE_VAULT))
    assert "Timestamps  32" in text.stdout and text.returncode == 0


def test_check_reports_problems_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\ntitle: B\nvideoId: nope\n---\nx\n")
    result = run_cli("check", str(tmp_path))
    assert result.returncode == 1
    assert "bad.md:3: videoId 'nope' is not a YouTube video id" in result.stdout


def test_check_usage_errors() -> None:
    assert run_cli("check").returncode == 2
    assert run_cli("check", "/definitely/not/here").returncode == 2


def test_nothing_outside_the_vault_is_read(tmp_path: Path) -> None:
    from viewer.core.vault import read_note, scan

    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nprivate")
    vault = make_vault(tmp_path / "v")
    (vault / "link.md").symlink_to(secret)  # a symlink out of the vault
    (vault / "inner.md").symlink_to(vault / "n0.md")  # a symlink inside it is fine
    (vault / "loop").symlink_to(vault, target_is_directory=True)  # a folder loop
    found = scan(vault)
    assert "link.md" not in found and "inner.md" in found
    assert not any(p.startswith("loop/") for p in found)
    escaped = read_note(vault, "../secret.md")
    assert escaped.body == "" and "outside" in escaped.problems[-1].message


def test_a_damaged_cache_row_is_read_again(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    load_index(vault, Cache(vault, tmp_path / "c"))
    db = sqlite3.connect(Cache(vault, tmp_path / "c").file)
    db.execute("UPDATE notes SET data=? WHERE path='n0.md'", (b"\xe3garbage",))
    db.commit()
    db.close()
    cache = Cache(vault, tmp_path / "c")
    index, stats = load_index(vault, cache)
    assert (stats.parsed, stats.cached) == (1, 4) and "damaged" in (cache.problem or "")
    assert index.snapshot() == load_index(vault, None)[0].snapshot()


def test_a_locked_cache_is_left_alone(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    load_index(vault, Cache(vault, tmp_path / "c"))
    holder = sqlite3.connect(Cache(vault, tmp_path / "c").file)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO notes VALUES ('extra.md', 1, 2, x'00')")
    try:
        busy = Cache(vault, tmp_path / "c")
        busy.store([("n0.md", 1, 1, b"x")])
        assert "cache" in (busy.problem or "")
        holder.commit()  # the other writer's work survives: the file was not deleted
        assert "extra.md" in Cache(vault, tmp_path / "c").load()
    finally:
        holder.close()
