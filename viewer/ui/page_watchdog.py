"""A hung note page is said so and restarted (issue 11: "a crash is handled, a hang is not").

A renderer that stops (SIGSTOP, an endless loop, a deadlock) never reports the payload it
was sent as painted, and QtWebEngine says nothing. `PageWatchdog` notices that: when a
payload sent while the view is visible is not painted within `HANG_MS`, it shows a native
notice over the view and kills the renderer process, so that the view's crash handler
reloads the page and shows the latest payload again (calibre's RestartingWebEngineView
restarts on a crash the same way).
"""

from __future__ import annotations

import logging
import os
import signal

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QLabel

from viewer.ui.plaintext import plain

log = logging.getLogger("lectern.page")

# How long a visible page may take to paint a payload before it counts as hung, plus
# SLOW_MS_PER_MB for each MB of payload (a big page lays out slowly without being hung).
HANG_MS = 5000
SLOW_MS_PER_MB = 2000
# Restarts for one payload before giving up on it (a page slow by itself would loop).
MAX_RESTARTS = 2
RESTARTING = "The page stopped responding. Lectern is restarting it…"
GAVE_UP = ("The page stopped responding again after a restart. "
           "Open another note, or restart Lectern.")


class PageWatchdog(QObject):
    """Watches one view: `sent(token)` when a payload goes out, `painted(token)` when it is
    shown, `restarted()` when the page is reloaded for that payload after a crash."""

    def __init__(self, view: QWebEngineView) -> None:
        super().__init__(view)
        self._view = view
        self._waiting = 0  # the token not painted yet (0: none)
        self._restarts = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(HANG_MS)
        self._timer.timeout.connect(self._on_timeout)
        self.notice = QLabel(RESTARTING, view)
        self.notice.setObjectName("pageNotice")
        plain(self.notice)
        self.notice.setWordWrap(True)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setAutoFillBackground(True)
        self.notice.setStyleSheet("QLabel { padding: 12px; border: 1px solid palette(mid); }")
        self.notice.hide()
        view.installEventFilter(self)

    def sent(self, token: int, restart: bool = False, size: int = 0) -> None:
        """Payload `token` (`size` characters) was sent; `restart`: it is the same page again
        after a crash."""
        if not restart:
            self._restarts = 0
        self._waiting = token
        self._timer.setInterval(HANG_MS + SLOW_MS_PER_MB * size // 1_000_000)
        self._arm()

    def painted(self, token: int) -> None:
        """Payload `token` is on screen: all is well up to it."""
        if token >= self._waiting:
            self._waiting = 0
            self._timer.stop()
            self._restarts = 0
            self.notice.hide()

    def is_alarmed(self) -> bool:
        """Whether the notice is up."""
        return self.notice.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view:
            if event.type() == QEvent.Type.Resize:
                self._place()
            elif event.type() == QEvent.Type.Show and self._waiting:
                self._arm()  # hidden pages may not paint: the clock starts when shown
        return False

    def _arm(self) -> None:
        if self._view.isVisible():
            self._timer.start()

    def _on_timeout(self) -> None:
        if not self._waiting or not self._view.isVisible() or self._view.window().isMinimized():
            return
        page = self._view.page()
        pid = page.renderProcessPid() if page is not None else 0
        if self._restarts >= MAX_RESTARTS or pid <= 0:
            log.error("note page still not painted after %d restarts; giving up", self._restarts)
            self._show(GAVE_UP)
            return
        self._restarts += 1
        log.error("note page renderer %d did not paint in %d ms; killing it", pid,
                  self._timer.interval())
        self._show(RESTARTING)
        try:
            os.kill(pid, signal.SIGKILL)  # the crash handler reloads and shows the page again
        except OSError as error:  # already gone: the crash handler runs anyway
            log.warning("could not kill renderer %d: %s", pid, error)

    def _show(self, words: str) -> None:
        self.notice.setText(words)
        self._place()
        self.notice.show()
        self.notice.raise_()

    def _place(self) -> None:
        width = min(460, max(200, self._view.width() - 40))
        self.notice.setFixedWidth(width)
        self.notice.adjustSize()
        self.notice.move((self._view.width() - width) // 2, 40)
