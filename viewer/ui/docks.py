"""The side panels' docks: tabbed under the panes, their visibility remembered."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget
from shiboken6 import isValid

from viewer.ui import settings as prefs


def add_docks(window: QMainWindow, settings: QSettings,
              panels: list[tuple[str, QWidget, str]]) -> list[QDockWidget]:
    """Dock (title, widget, settings key) panels as tabs at the bottom; the first on top."""
    docks: list[QDockWidget] = []
    for title, widget, key in panels:
        dock = QDockWidget(title, window)
        dock.setObjectName(key.replace("/", "_"))
        dock.setWidget(widget)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        dock.setVisible(prefs.get(settings, key))
        # The action, not visibilityChanged: a dock behind another tab is not "closed".
        dock.toggleViewAction().toggled.connect(partial(_store, window, settings, key))
        if docks:
            window.tabifyDockWidget(docks[0], dock)
        docks.append(dock)
    docks[0].raise_()
    window.resizeDocks([docks[0]], [170], Qt.Orientation.Vertical)
    return docks


def _store(window: QMainWindow, settings: QSettings, key: str, on: bool) -> None:
    # Docks are hidden while a window is deleted: that is not the user closing them.
    if isValid(window) and window.isVisible():
        prefs.put(settings, key, on)
