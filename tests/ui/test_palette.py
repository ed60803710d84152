"""The command palette (Ctrl+P) and the shortcuts dialog (F1) come from the one actions list
that builds the menus (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.vaults import make_vault
from viewer.ui.actions import ACTIONS, shortcut_text
from viewer.ui.palette import palette_specs
from viewer.ui.shortcuts import ShortcutsDialog, shortcut_rows


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


def test_menus_palette_and_f1_share_one_list(make_window: WindowFactory, qtbot: QtBot,
                                             vault: Path) -> None:
    window = make_window(vault)
    # every action with a run is in a menu (or the palette), with the list's shortcuts
    for spec in ACTIONS:
        if spec.fill is not None:
            continue
        action = window.actions_by_id[spec.id]
        if spec.keys and not spec.pane_keys:
            assert [k.toString() for k in action.shortcuts()] == \
                [QKeySequence(k).toString() for k in spec.keys], spec.id
    menu_ids = {a.objectName() for m in window.menuBar().actions() if m.menu()
                for a in m.menu().findChildren(QAction) if a.objectName()}
    assert {s.id for s in ACTIONS if s.menu and s.fill is None} <= menu_ids | {
        a.objectName() for a in window.findChildren(QAction)}
    # the palette lists every command with its shortcut
    palette = window.command_palette
    window.actions_by_id["view.palette"].trigger()
    assert palette.isVisible()
    qtbot.waitUntil(palette.box.hasFocus, timeout=3000)  # a window of its own: activated
    rows = [(text.removeprefix("\u2713 "), keys) for text, keys in palette.rows()]
    assert rows == [(s.title, shortcut_text(s)) for s in palette_specs()]
    assert ("Go: Quick Switcher", "Ctrl+O") in rows and ("Playback: Play/Pause", "Space, K") in rows
    # F1 lists every shortcut of the same list
    window.actions_by_id["help.shortcuts"].trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.rows() == shortcut_rows()
    assert len(dialog.rows()) == sum(1 for s in ACTIONS if s.keys)
    assert ("Help", "Keyboard Shortcuts", "F1") in dialog.rows()
    dialog.close()


def test_palette_runs_a_command(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault)
    palette = window.command_palette
    before = window.view.zoomFactor()
    window.actions_by_id["view.palette"].trigger()
    qtbot.keyClicks(palette.box, "zoom in")
    assert palette.rows()[0][0] == "View: Zoom In"
    qtbot.keyClick(palette.box, Qt.Key.Key_Return)
    assert not palette.isVisible()
    qtbot.waitUntil(lambda: window.view.zoomFactor() > before, timeout=2000)
    # a fuzzy name (a typo) still finds it; nothing at all says so
    window.actions_by_id["view.palette"].trigger()
    palette.box.setText("zom out")
    assert palette.rows()[0][0] == "View: Zoom Out"
    palette.box.setText("qqqqqqqq")
    assert palette.rows() == [] and palette.status.text().startswith("No command matches")
    qtbot.keyClick(palette.box, Qt.Key.Key_Escape)
    assert not palette.isVisible()


def test_palette_lists_no_far_fetched_names(make_window: WindowFactory, qtbot: QtBot,
                                            vault: Path) -> None:
    """Seen in the real window: "dark" listed Open Folder, Back, Forward and the frame steps
    (WRatio 51) under Theme: Dark; a typo still finds its command."""
    window = make_window(vault)
    palette = window.command_palette
    window.actions_by_id["view.palette"].trigger()
    palette.box.setText("dark")
    assert [text.removeprefix("\u2713 ") for text, _k in palette.rows()] == ["Theme: Dark"]
    palette.box.setText("back")
    titles = [text.removeprefix("\u2713 ") for text, _k in palette.rows()]
    assert titles[0] == "Go: Back" and "Theme: Dark" not in titles
    palette.box.setText("fulscreen")
    assert palette.rows()[0][0] == "Playback: Video Full Screen"
    qtbot.keyClick(palette.box, Qt.Key.Key_Escape)
