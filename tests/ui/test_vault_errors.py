"""The window says what happened when a vault or note cannot be read (issue 12, "Errors that
say what happened"): a folder deleted, renamed or unreadable, subfolders skipped, a cache
rebuilt, the last note gone, the open note deleted.

The tests run as root, for whom permissions deny no read: an unreadable folder is made by
making `os.scandir` raise PermissionError for it, as it does for a normal user.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, wait_painted
from tests.ui.vaults import make_vault
from viewer.core.cache import Cache
from viewer.ui import settings as prefs
from viewer.ui.recent import fill_recent_menu, recent_vaults
from viewer.ui.vault_errors import REMOVE_FROM_RECENT


def _deny(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """os.scandir raises PermissionError for `folders`, as for a user without read access."""
    real = os.scandir
    denied = {os.fspath(f) for f in folders}

    def scandir(path: Any = ".") -> Any:
        if not isinstance(path, int) and os.fspath(path) in denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def problem_texts(window: Any) -> list[str]:
    return [window.problems.item(i).text() for i in range(window.problems.count())]


def dialog_of(qtbot: QtBot, window: Any) -> QMessageBox:
    qtbot.waitUntil(lambda: window.errors.dialog is not None and window.errors.dialog.isVisible(),
                    timeout=10_000)
    box = window.errors.dialog
    assert isinstance(box, QMessageBox)
    assert not box.isModal()
    return box


def test_open_recent_on_a_deleted_folder_says_so_and_can_forget_it(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    gone = make_vault(tmp_path / "<b>tempvault</b>")
    window = make_window(vault, note="Alpha Study")
    with qtbot.waitSignal(window.index_loaded, timeout=20_000):
        window.open_vault(gone)  # now in the recent list
    with qtbot.waitSignal(window.index_loaded, timeout=20_000):
        window.open_vault(vault, note="Alpha Study")
    shutil.rmtree(gone)
    fill_recent_menu(window.recent_menu, window.settings, window.open_vault)
    action = next(a for a in window.recent_menu.actions() if a.text() == str(gone))
    action.trigger()
    box = dialog_of(qtbot, window)
    assert str(gone) in box.text() and "no longer exists" in box.informativeText()
    for label in box.findChildren(QLabel):  # a folder name is not markup
        if label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    # The open vault stays as it was: its title, tree and notes; nothing of the dead folder.
    assert window.vault == vault.resolve()
    assert window.windowTitle().startswith("vault")
    assert window.index.find("Alpha Study") is not None
    button = next(b for b in box.buttons() if b.text() == REMOVE_FROM_RECENT)
    button.click()
    assert str(gone) not in recent_vaults(window.settings)
    assert str(vault.resolve()) in recent_vaults(window.settings)
    wait_painted(qtbot, window)
    qtbot.wait(300)  # the side panels fill after the paint (panels.py scrolls them later)


def test_the_open_vault_renamed_clears_the_window_and_says_why(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    window = make_window(vault, note="Alpha Study")
    assert window.video.current_video() == "AAAAAAAAAAA"
    assert window.model.rowCount() > 0
    vault.rename(tmp_path / "renamed")
    window.session.refresh()  # what the folder watch or the next focus does
    box = dialog_of(qtbot, window)
    assert "no longer exists" in box.informativeText()
    assert REMOVE_FROM_RECENT in [b.text() for b in box.buttons()]
    # Nothing of the vault stays on screen.
    assert window.vault is None
    assert window.windowTitle() == "Lectern"
    assert window.video.current_video() is None and window.video.source_kind() == "none"
    wait_painted(qtbot, window)
    assert "no longer exists" in page_text(qtbot, window.view, "#page-content")
    qtbot.waitUntil(lambda: all(window.model.rowCount(window.model.group_index(g)) == 0
                                for g in ("folders", "topics")), timeout=5000)
    qtbot.waitUntil(lambda: any("no longer exists" in t for t in problem_texts(window)),
                    timeout=5000)
    assert not any("No problems" in t for t in problem_texts(window))
    assert "no longer exists" in window.statusBar().currentMessage()
    # The folder comes back: the closed vault stays closed (no tree of a vault the window does
    # not show, whose notes would not open) until the user opens it again.
    (tmp_path / "renamed").rename(vault)
    window.session.refresh_if_stale(0)  # what the next focus of the window does
    qtbot.wait(500)
    assert len(window.index) == 0 and window.vault is None
    window.open_vault(vault)
    qtbot.waitUntil(lambda: len(window.index) > 0, timeout=10_000)


def test_an_unreadable_folder_is_said_at_start(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, qsettings: Any) -> None:
    from viewer.ui.window import MainWindow

    vault = make_vault(tmp_path / "vault")
    _deny(monkeypatch, vault.resolve())
    window = MainWindow(qsettings, online=lambda: False)
    qtbot.addWidget(window)
    window.show()
    window.open_vault(vault)
    box = dialog_of(qtbot, window)
    assert "cannot be read: Permission denied" in box.informativeText()
    assert window.vault is None and window.windowTitle() == "Lectern"
    assert REMOVE_FROM_RECENT not in [b.text() for b in box.buttons()]  # never opened
    box.close()
    window.close()


def test_unreadable_subfolders_and_a_rebuilt_cache_are_problems(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault(tmp_path / "vault")
    cache_file = Cache(vault).file
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(b"this is not a database" * 100)
    _deny(monkeypatch, vault.resolve() / "sub")
    window = make_window(vault, note="Alpha Study")
    qtbot.waitUntil(lambda: any("sub/  folder skipped: Permission denied" in t
                                for t in problem_texts(window)), timeout=5000)
    texts = problem_texts(window)
    assert any("(index cache)" in t and "rebuilt" in t for t in texts), texts
    assert not any("No problems" in t for t in texts)
    monkeypatch.undo()  # readable again: the row goes with the next scan
    window.session.refresh()
    qtbot.waitUntil(lambda: not any("sub/" in t for t in problem_texts(window)), timeout=10_000)


def test_a_vanished_last_note_opens_the_first_note_not_a_made_up_topic(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, qsettings: Any) -> None:
    vault = make_vault(tmp_path / "vault")
    qsettings.setValue(prefs.last_note_key(vault.resolve()), "Chan bcyrillic.md")
    window = make_window(vault)
    assert window.history.current() is not None
    assert window.history.current().kind == "note"
    assert window.history.current().key == window.index.paths()[0]
    assert not page_text(qtbot, window.view, "#page-title").lower().startswith("chan")


def test_the_open_note_deleted_says_so_on_the_page(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    hostile = vault / "<img src=x>gone.md"
    hostile.write_text("---\ntitle: Soon Gone\n---\nText.\n")
    window = make_window(vault, note="<img src=x>gone.md")
    assert page_text(qtbot, window.view, "#page-title") == "Soon Gone"
    hostile.unlink()
    window.session.refresh()
    expected = "This note was deleted or moved: <img src=x>gone.md"
    qtbot.waitUntil(lambda: expected in page_text(qtbot, window.view, "#page-content"), timeout=10_000)
    assert page_text(qtbot, window.view, "#page-content img") == ""
    # No other note is highlighted in the tree in its place.
    assert not window.tree.selectionModel().selectedIndexes()
