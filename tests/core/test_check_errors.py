"""`lectern check` says what happened: unreadable or missing folders, output cut short by its
reader, file names that are not UTF-8 (issue 12, "Errors that say what happened").

The tests run as root, for whom permissions deny no read: an unreadable folder is made by
making `os.scandir` raise PermissionError for that one folder, which is what an unreadable
folder does to a normal user.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.core.test_cache_cli import NOTE, make_vault, run_cli
from viewer import cli
from viewer.core import vault as vault_module
from viewer.core.vault import LoadStats, iter_load, scan


def _deny(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """os.scandir raises PermissionError for `folders`, as for a user without read access."""
    real = os.scandir
    denied = {os.fspath(f) for f in folders}

    def scandir(path: Any = ".") -> Any:
        if not isinstance(path, int) and os.fspath(path) in denied:  # not a folder fd
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_vault_folder_is_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make_vault(tmp_path / "v")
    _deny(monkeypatch, vault)
    assert cli.check([str(vault)]) == 2
    captured = capsys.readouterr()
    assert "cannot read the folder" in captured.err and "Permission denied" in captured.err
    assert "0 problems" not in captured.out and "Notes" not in captured.out


def test_a_missing_vault_folder_is_an_error(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "gone"))
    assert result.returncode == 2 and result.stdout == ""
    assert "does not exist" in result.stderr


def test_a_file_as_the_vault_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "f.md").write_text("x")
    result = run_cli("check", str(tmp_path / "f.md"))
    assert result.returncode == 2 and "is not a folder" in result.stderr


def test_unreadable_subfolders_are_problems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    vault = make_vault(tmp_path / "v")
    (vault / "sub" / "deeper").mkdir()
    _deny(monkeypatch, vault / "sub")
    assert cli.check([str(vault), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["notes"] == 3  # the notes of the readable folders
    assert data["problems"][0] == {"file": "sub", "line": 0,
                                   "message": "cannot read this folder: Permission denied"}
    assert cli.check([str(vault)]) == 1
    assert "  sub: cannot read this folder: Permission denied" in capsys.readouterr().out


def test_scan_reports_unreadable_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault(tmp_path / "v")
    _deny(monkeypatch, vault / "sub")
    errors: list[tuple[str, str]] = []
    found = scan(vault, errors)
    assert sorted(found) == ["n0.md", "n2.md", "n4.md"]
    assert errors == [("sub", "Permission denied")]
    assert scan(vault) == found  # without the list: skipped as before
    stats = LoadStats()
    list(iter_load(vault, None, stats))
    assert stats.unreadable == [("sub", "Permission denied")]
    assert vault_module.scan is scan


def test_output_cut_short_by_its_reader_exits_quietly(tmp_path: Path) -> None:
    vault = tmp_path / "big"
    vault.mkdir()
    for i in range(3000):  # ~170 kB of problem lines: more than a pipe holds
        (vault / f"n{i}.md").write_text(f"---\ntitle: N{i}\nvideoId: nope\n---\nx\n")
    for extra in ([], ["--json"]):
        reader = subprocess.Popen(
            [sys.executable, "-m", "viewer.cli", "check", str(vault), "--no-cache", *extra],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert reader.stdout is not None and reader.stderr is not None
        first = reader.stdout.readline()  # `| head -1`
        reader.stdout.close()
        err = reader.stderr.read().decode()
        reader.stderr.close()
        code = reader.wait(timeout=60)
        assert first.startswith((b"Vault", b"{"))
        assert "Traceback" not in err and "BrokenPipeError" not in err, err
        assert code == 1  # the check's own answer: this vault has problems


def test_names_that_are_not_utf8_print_as_text_and_as_valid_json(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    with open(os.path.join(os.fsencode(vault), b"caf\xe9.md"), "wb") as handle:
        handle.write(NOTE.format(t="Cafe", link="x").replace("8sGHxZkZReo", "nope").encode())
    # A strict stdout (a UTF-8 desktop locale) as well as this machine's C.UTF-8 one.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    text = subprocess.run([sys.executable, "-m", "viewer.cli", "check", str(vault)],
                          cwd=REPO, capture_output=True, env=env, timeout=60, check=False)
    assert text.returncode == 1 and b"Traceback" not in text.stderr
    assert b"caf\xe9.md:3: videoId" in text.stdout  # the name's own bytes, as ls prints it
    as_json = subprocess.run([sys.executable, "-m", "viewer.cli", "check", str(vault), "--json"],
                             cwd=REPO, capture_output=True, env=env, timeout=60, check=False)
    assert as_json.returncode == 1 and b"Traceback" not in as_json.stderr
    data = json.loads(as_json.stdout.decode("utf-8"))  # valid UTF-8 and valid JSON
    assert data["problems"][0]["file"] == os.fsdecode(b"caf\xe9.md")
