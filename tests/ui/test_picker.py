"""The pick list under the quick switcher and the palette: whole rows only (issue 14)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from viewer.ui.picker import MAX_ROWS, Picker


@pytest.mark.parametrize("count", [1, 3, MAX_ROWS, 200])
def test_list_shows_whole_rows_only(qtbot: QtBot, count: int) -> None:
    """Seen in the real window: a sliver of a 17th row under the 16th (4 px of slack)."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(1200, 800)
    parent.show()
    picker = Picker(parent, "Go to…")
    picker.popup()
    picker.set_rows([(f"row {i}", f"topic · {i} mentions", i) for i in range(count)])
    qtbot.waitUntil(lambda: picker.list.viewport().height() > 0)
    row = picker.list.visualItemRect(picker.list.topLevelItem(0)).height()
    assert picker.list.viewport().height() == row * min(count, MAX_ROWS)
    picker.hide()
