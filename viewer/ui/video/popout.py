"""The pop-out player: the video pane in a window of its own, and back.

The pane itself moves (it is reparented), so the note pane keeps driving the same player:
chips, follow mode and the transcript work as before. Size and position are remembered.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.video")
GEOMETRY_KEY = "video/popout_geometry"
ON_TOP_KEY = "video/popout_on_top"


class PopOutWindow(QWidget):
    """The top-level window holding the video pane while popped out; closing it docks back."""

    def __init__(self, parent: QWidget, on_close: object) -> None:
        # A child window of the main window: deleted with it, kept above it by the WM.
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Video — Lectern")
        self._on_close = on_close
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()  # the pane goes back to the main window; this window is kept
        self._on_close()  # type: ignore[operator]


class PopOut(QObject):
    """Moves `window.video` between the main window and a PopOutWindow."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.on_top = self.settings.value(ON_TOP_KEY, False) in (True, "true")
        self._home: QSplitter | None = None
        self._home_index = 0
        self._home_sizes: list[int] = []
        self._auto = False  # popped out by F alone: F again docks back
        self.frame: PopOutWindow | None = None
        window.installEventFilter(self)

    def _make_frame(self) -> PopOutWindow:
        frame = PopOutWindow(self.window, self.dock)
        # The main window's commands (C, P, [, ], F, J/K/L...) work in the pop-out too.
        frame.addActions(list(getattr(self.window, "actions_by_id", {}).values()))
        leave = QShortcut(QKeySequence("Escape"), frame)
        leave.activated.connect(self._leave_full_screen)
        return frame

    def is_out(self) -> bool:
        """Whether the pane is in its own window."""
        return self.frame is not None and self.frame.isVisible()

    def is_full_screen(self) -> bool:
        return self.frame is not None and self.frame.isFullScreen()

    def toggle(self) -> None:
        """Pop the video out, or dock it back."""
        if self.is_out():
            self.dock()
        else:
            self.pop_out()

    def pop_out(self) -> None:
        """Move the video pane into its own window (remembered geometry)."""
        if self.is_out():
            return
        pane = self.window.video
        home = pane.parentWidget()
        if isinstance(home, QSplitter):
            self._home, self._home_index = home, home.indexOf(pane)
            self._home_sizes = home.sizes()
        if self.frame is None:
            self.frame = self._make_frame()
        self._apply_on_top()
        layout = self.frame.layout()
        assert layout is not None
        layout.addWidget(pane)
        pane.show()
        saved = self.settings.value(GEOMETRY_KEY)
        if not (isinstance(saved, QByteArray) and self.frame.restoreGeometry(saved)):
            self.frame.resize(max(480, pane.width()), max(360, pane.height()))
        self.frame.show()
        self.frame.activateWindow()
        log.info("video popped out")

    def dock(self) -> None:
        """Put the pane back where it was in the main window."""
        frame = self.frame
        if frame is None or not frame.isVisible():
            return
        if frame.isFullScreen():
            frame.showNormal()
        self.settings.setValue(GEOMETRY_KEY, frame.saveGeometry())
        pane = self.window.video
        home = self._home if self._home is not None else getattr(self.window, "reading", None)
        if isinstance(home, QSplitter):
            home.insertWidget(min(self._home_index, home.count()), pane)
            if self._home_sizes and len(self._home_sizes) == home.count():
                home.setSizes(self._home_sizes)
        pane.show()
        frame.hide()
        self._auto = False
        log.info("video docked back")

    def toggle_full_screen(self) -> None:
        """F: the video full screen (popping it out first), and back."""
        if self.is_full_screen():
            self._leave_full_screen()
            return
        if not self.is_out():
            self.pop_out()
            self._auto = True
        assert self.frame is not None
        self.frame.showFullScreen()

    def _leave_full_screen(self) -> None:
        if self.frame is None or not self.frame.isFullScreen():
            return
        self.frame.showNormal()
        if self._auto:
            self.dock()

    def set_on_top(self, on: bool) -> None:
        """Keep the pop-out above other windows (remembered)."""
        self.on_top = on
        self.settings.setValue(ON_TOP_KEY, on)
        if self.frame is not None:
            shown = self.frame.isVisible()
            self._apply_on_top()
            if shown:
                self.frame.show()

    def _apply_on_top(self) -> None:
        assert self.frame is not None
        self.frame.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, self.on_top)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The main window closing takes the pop-out with it (its geometry kept).
        if watched is self.window and event.type() == QEvent.Type.Close and self.is_out():
            self.dock()
        return False

    def close(self) -> None:
        """Dock back and delete the pop-out window (the main window is going)."""
        self.dock()
        if self.frame is not None:
            self.frame.deleteLater()
            self.frame = None
