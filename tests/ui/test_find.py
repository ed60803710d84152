"""Find in the note (Ctrl+F): match count, Enter / Shift+Enter, Esc (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.vaults import make_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


def test_find_in_note_counts_and_steps(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Beta Notes")
    bar = window.find_bar
    window.actions_by_id["go.find"].trigger()
    assert bar.isVisible() and bar.box.hasFocus()
    with qtbot.waitSignal(bar.counted, timeout=5000):
        qtbot.keyClicks(bar.box, "in particular")
    qtbot.waitUntil(lambda: bar.count.text() == "1 of 75", timeout=5000)
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == "2 of 75", timeout=5000)
    qtbot.keyClick(bar.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.count.text() == "3 of 75", timeout=5000)
    qtbot.keyClick(bar.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bar.count.text() == "2 of 75", timeout=5000)
    bar.box.setText("no such words here")
    qtbot.waitUntil(lambda: bar.count.text() == "No matches", timeout=5000)
    qtbot.keyClick(bar.box, Qt.Key.Key_Escape)
    assert not bar.isVisible() and bar.count.text() == ""


def test_shortcuts_work_from_the_note_page(make_window: WindowFactory, qtbot: QtBot,
                                           vault: Path) -> None:
    window = make_window(vault, note="Beta Notes")
    page = window.view.focusProxy() or window.view
    page.setFocus()
    qtbot.waitUntil(page.hasFocus, timeout=3000)
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.find_bar.isVisible(), timeout=3000)
    qtbot.keyClick(window.find_bar.box, Qt.Key.Key_Escape)
    qtbot.waitUntil(page.hasFocus, timeout=3000)  # the keyboard is the page's again
    qtbot.keyClick(page, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.switcher.isVisible(), timeout=3000)
