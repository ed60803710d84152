"""Fixtures for the window tests: the real window on a real vault, offscreen."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from viewer.ui.scheme import register_scheme

register_scheme()  # before pytest-qt creates the QApplication


class _JsErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def fail_on_js_errors() -> Iterator[_JsErrors]:
    """A JavaScript console error in any of our pages fails the test."""
    handler = _JsErrors()
    logger = logging.getLogger("lectern.js")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)
    assert not handler.messages, f"JavaScript errors: {handler.messages}"


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    """Settings in tmp_path, never the user's."""
    return QSettings(str(tmp_path / "lectern.ini"), QSettings.Format.IniFormat)


def run_js(qtbot: QtBot, view: Any, code: str) -> Any:
    """Run `code` in the page and return its result."""
    box: dict[str, Any] = {}
    wrapped = f"JSON.stringify((function() {{ return ({code}); }})())"
    view.page().runJavaScript(wrapped, 0, lambda value: box.setdefault("v", value))
    qtbot.waitUntil(lambda: "v" in box, timeout=5000)
    return None if box["v"] in (None, "", "undefined") else json.loads(box["v"])


def page_text(qtbot: QtBot, view: Any, selector: str) -> str:
    """textContent of the first element matching `selector` ('' if none)."""
    return run_js(qtbot, view, f"(document.querySelector({selector!r}) || {{}}).textContent || ''")


WindowFactory = Callable[..., Any]


@pytest.fixture
def make_window(qtbot: QtBot, qsettings: QSettings) -> Iterator[WindowFactory]:
    """Open a MainWindow on a vault and wait until it is indexed and a note is painted."""
    from viewer.ui.window import MainWindow

    windows: list[Any] = []

    def make(vault: Path, note: str | None = None, at: int | None = None,
             online: Callable[[], bool] | None = None) -> MainWindow:
        window = MainWindow(qsettings, online=online or (lambda: False))
        qtbot.addWidget(window)
        window.resize(1300, 800)
        window.show()
        with qtbot.waitSignal(window.index_loaded, timeout=20000):
            window.open_vault(vault, note, at)
        qtbot.waitUntil(lambda: window.view.is_ready(), timeout=10000)
        wait_painted(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.deleteLater()
    # Pages must go before their profiles (QtWebEngine warns otherwise): delete now.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def wait_painted(qtbot: QtBot, window: Any) -> None:
    """Wait until the page has painted the last payload sent to it (pages are prepared off
    the UI thread: first wait until the window has sent it)."""
    qtbot.waitUntil(lambda: not window.preparing(), timeout=10000)
    token = window.view._token
    qtbot.waitUntil(lambda: window.view.last_painted >= token, timeout=10000)
