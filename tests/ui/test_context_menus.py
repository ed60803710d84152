"""Right-click menus on chips, wiki links, the page and tree rows (issue 16)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.vaults import make_vault
from viewer.ui.context_menus import PageSpot, menu_text, page_menu, tree_menu


def labels(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions()]


def trigger(menu: QMenu, text: str) -> None:
    next(a for a in menu.actions() if a.text().startswith(text)).trigger()


def test_chip_menu_plays_and_copies_the_time(make_window: WindowFactory, qtbot: QtBot,
                                             tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    menu = page_menu(window, PageSpot("lectern://seek/AAAAAAAAAAA/72"))
    shown = labels(menu)
    assert shown[0] == "Play from 1:12" and "Copy Link at 1:12" in shown
    assert shown[-4:] == ["Copy", "Select All", "", "Open Note in External Editor"]
    assert not menu.actions()[shown.index("Copy")].isEnabled()  # nothing selected: nothing to copy
    trigger(menu, "Copy Link at")
    assert QGuiApplication.clipboard().text() == "https://youtu.be/AAAAAAAAAAA?t=72"
    trigger(menu, "Play from")
    assert window.video.position_ms() == 72_000
    menu.deleteLater()


def test_wiki_link_menu_opens_and_copies(make_window: WindowFactory, qtbot: QtBot,
                                         tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    menu = page_menu(window, PageSpot("lectern://open/beta_notes#Second%20part", "some text"))
    assert labels(menu)[:2] == ["Open", "Copy Link [[beta_notes#Second part]]"]
    assert next(a for a in menu.actions() if a.text() == "Copy").isEnabled()  # a selection
    trigger(menu, "Copy Link")
    assert QGuiApplication.clipboard().text() == "[[beta_notes#Second part]]"
    before = window.view._token
    trigger(menu, "Open")
    qtbot.waitUntil(lambda: window.view._token > before, timeout=5000)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"
    assert menu_text("R&D " + "x" * 80).startswith("R&&D ")
    menu.deleteLater()


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup, offscreen
def test_right_click_on_a_chip_shows_its_menu(make_window: WindowFactory, qtbot: QtBot,
                                              tmp_path: Path) -> None:
    """The real path: a right click in the page, QtWebEngine's request, our menu."""
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    box = run_js(qtbot, window.view, "(function(){const r=document.querySelector('a.ts')"
                 ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];})()")
    target = window.view.focusProxy()
    point = QPointF(box[0] * window.view.zoomFactor(), box[1] * window.view.zoomFactor())
    for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
        QApplication.sendEvent(target, QMouseEvent(kind, point, target.mapToGlobal(point),
                                                   Qt.MouseButton.RightButton,
                                                   Qt.MouseButton.RightButton if kind ==
                                                   QEvent.Type.MouseButtonPress else
                                                   Qt.MouseButton.NoButton,
                                                   Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: any(isinstance(w, QMenu) and w.isVisible()
                                for w in QApplication.topLevelWidgets()), timeout=5000)
    menu = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible())
    assert labels(menu)[0] == "Play from 0:05"
    menu.close()


def test_tree_row_menu(make_window: WindowFactory, qtbot: QtBot, tmp_path: Path,
                       monkeypatch: Any) -> None:
    vault = make_vault(tmp_path / "vault")
    window = make_window(vault, note="Alpha Study")
    node = window.model.find_note("gamma.txt").internalPointer()
    menu = tree_menu(window, node)
    assert menu is not None
    assert labels(menu) == ["Open", "Open in External Editor", "Reveal in File Manager", "Copy Path"]
    trigger(menu, "Copy Path")
    assert QGuiApplication.clipboard().text() == str(vault.resolve() / "gamma.txt")
    out = tmp_path / "edited.txt"
    monkeypatch.setenv("VISUAL", f"sh -c 'printf %s \"$0\" > {out}'")
    trigger(menu, "Open in External Editor")
    qtbot.waitUntil(out.exists, timeout=5000)
    qtbot.waitUntil(lambda: out.read_text() == str(vault.resolve() / "gamma.txt"), timeout=5000)
    assert tree_menu(window, window.model.group_index("channels").internalPointer()) is None
    menu.deleteLater()
