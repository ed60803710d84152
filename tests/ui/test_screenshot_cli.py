"""`lectern screenshot` names what it could not find and keeps out of the user's settings
(issue 12, "Errors that say what happened")."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.ui.vaults import make_vault
from viewer.core.vault import load_index
from viewer.ui.app import closest_titles, gui_main, note_matches, screenshot_main


def _screenshot(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    return subprocess.run([sys.executable, "-m", "viewer.cli", "screenshot", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=90,
                          check=False)


def test_a_note_that_matches_nothing_is_an_error(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    out = tmp_path / "shot.png"
    result = _screenshot(str(out), str(vault), "--note", "beta note")
    assert result.returncode == 2, result.stderr
    assert "no note or topic matches --note 'beta note'" in result.stderr
    assert "closest titles: 'Beta Notes'" in result.stderr
    assert not out.exists()
    topic = _screenshot(str(out), str(vault), "--note", "shared_topic")  # a topic page is found
    assert topic.returncode == 0, topic.stderr


def test_closest_titles(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    index, _ = load_index(vault)
    assert note_matches(index, vault, "Beta Notes") and note_matches(index, vault, "sub/beta.md")
    assert note_matches(index, vault, "shared topic") and not note_matches(index, vault, "nope")
    assert closest_titles(index, "alpha") == ["Alpha Study"]  # contains it
    assert closest_titles(index, "Gama") == ["Gamma"]  # close by difflib
    assert closest_titles(index, "zzzzqqqq") == []


def test_the_users_settings_are_neither_read_nor_written(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    config = Path(os.environ["LECTERN_CONFIG_DIR"])  # the "user's" settings of this test
    config.mkdir(parents=True)
    ini = config / "lectern.ini"
    ini.write_text(f"[vault]\npath={vault}\n\n[window]\nsize=@Size(300 200)\n")
    before = ini.read_bytes()
    out = tmp_path / "shot.png"
    # No VAULT given: a screenshot does not take the user's last vault (it would find Beta).
    unread = _screenshot(str(out), "--note", "Beta Notes")
    assert unread.returncode == 2, unread.stderr
    written = _screenshot(str(out), str(vault), "--note", "Beta Notes", "--size", "800x500")
    assert written.returncode == 0, written.stderr
    assert ini.read_bytes() == before
    assert sorted(p.name for p in config.iterdir()) == ["lectern.ini"]


def test_an_unreadable_vault_is_said_before_any_window(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """As root nothing is unreadable: os.scandir raises for the vault, as for a normal user."""
    vault = make_vault(tmp_path / "vault")
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if not isinstance(path, int) and os.fspath(path) == os.fspath(vault):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert screenshot_main([str(tmp_path / "shot.png"), str(vault)]) == 2
    assert gui_main([str(vault)]) == 2
    assert gui_main([str(tmp_path / "gone")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"lectern: cannot read the folder {str(vault)!r}: Permission denied"] * 2 + [
        f"lectern: {str(tmp_path / 'gone')!r} is not a folder: it does not exist"]
    assert not (tmp_path / "shot.png").exists()
