"""Tests leave nothing behind: no files in the working tree (the session fixture in
tests/conftest.py fails the run otherwise), no user settings or cache touched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from tests.conftest import REPO, SESSION_HOME, stray_files
from viewer.core.cache import cache_dir
from viewer.ui.settings import config_dir


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def test_stray_files_finds_what_a_run_leaves(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / ".gitignore").write_text("*.png\n.venv/\n")
    (repo / "kept.txt").write_text("x")
    _git(repo, "add", ".gitignore", "kept.txt")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x")
    assert stray_files(repo) == set()
    (repo / "c").mkdir()
    (repo / "c" / "vault-1.sqlite3").write_bytes(b"x")  # what a misdirected Cache writes
    (repo / "shot.png").write_bytes(b"x")  # ignored, yet left behind
    for tool in (".venv", "__pycache__", "pkg.egg-info"):
        (repo / tool).mkdir()
        (repo / tool / "f").write_text("x")
    (repo / "new_module.py").write_text("")  # someone editing the tree meanwhile
    assert stray_files(repo) == {"c/vault-1.sqlite3", "shot.png"}
    assert stray_files(tmp_path / "not-a-repo") is None


def test_the_repository_holds_no_stray_caches() -> None:
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files"], capture_output=True,
                            text=True, timeout=60, check=False)
    if listed.returncode != 0:
        pytest.skip("not a git work tree")
    files = listed.stdout.splitlines()
    assert not [f for f in files if f.endswith((".sqlite3", "-wal", "-shm"))]
    assert not [f for f in files if f.split("/")[0] in ("c", "c4")]


def _inside(path: str | Path, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_user_settings_and_cache_lead_into_throwaway_folders(tmp_path: Path) -> None:
    assert _inside(config_dir(), tmp_path) and _inside(cache_dir(), tmp_path)
    qt_places = [QStandardPaths.writableLocation(kind) for kind in (
        QStandardPaths.StandardLocation.ConfigLocation,
        QStandardPaths.StandardLocation.GenericConfigLocation,
        QStandardPaths.StandardLocation.CacheLocation,
        QStandardPaths.StandardLocation.GenericCacheLocation,
        QStandardPaths.StandardLocation.AppDataLocation,
        QStandardPaths.StandardLocation.GenericDataLocation)]
    assert all(_inside(p, SESSION_HOME) for p in qt_places), qt_places
    native = QSettings("Lectern", "Lectern").fileName()  # a QSettings made without a file
    assert _inside(native, SESSION_HOME), native
    child = subprocess.run(
        [sys.executable, "-c", "import platformdirs as p; from viewer.core.cache import "
         "cache_dir; from viewer.ui.settings import config_dir; print(config_dir()); "
         "print(cache_dir()); print(p.user_config_dir('lectern')); print(p.user_cache_dir())"],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=True,
        env={**os.environ})
    places = child.stdout.splitlines()
    assert len(places) == 4 and all(_inside(p, tmp_path) or _inside(p, SESSION_HOME)
                                    for p in places), places
