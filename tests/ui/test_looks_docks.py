"""Issue 16, looks: the side panels share one tab row under the panes, Backlinks in front on
a first start (the Transcript of issue 17 is one more tab behind it), and a restart keeps
the tab the reader chose."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTabBar
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.vaults import make_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path)


def front_tab(window: object) -> str:
    """The title of the dock in front in the window's dock tab row."""
    bars = [bar for bar in window.findChildren(QTabBar)  # type: ignore[attr-defined]
            if any(bar.tabText(i).startswith("Backlinks") for i in range(bar.count()))]
    assert len(bars) == 1, [[b.tabText(i) for i in range(b.count())] for b in bars]
    return bars[0].tabText(bars[0].currentIndex())


def test_backlinks_in_front_and_the_chosen_tab_kept(make_window: WindowFactory, qtbot: QtBot,
                                                    vault: Path, qsettings: QSettings) -> None:
    window = make_window(vault, note="alpha.md")
    tabbed = window.tabifiedDockWidgets(window.backlinks_dock)
    assert window.study.dock in tabbed and window.outline_dock in tabbed
    assert front_tab(window).startswith("Backlinks")
    window.outline_dock.raise_()
    qtbot.wait(50)
    window.close()
    again = make_window(vault, note="alpha.md")
    assert front_tab(again) == "Outline"
