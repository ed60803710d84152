"""Fixtures for the video pane tests (imported by name from tests/ui/test_video_*.py).

Not named conftest.py on purpose: only the video tests pull these in.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from viewer.ui.video import VideoPane

VIDEO_ID = "8sGHxZkZReo"
VIDEO_SECONDS = 20



@pytest.fixture(scope="session")
def sample_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 20 s, 160x120, 10 fps H.264 video with a 440 Hz tone, made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.fail("ffmpeg is needed for the video tests: apt-get install ffmpeg")
    out = tmp_path_factory.mktemp("media") / f"{VIDEO_ID}.mp4"
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc=duration={VIDEO_SECONDS}:size=160x120:rate=10",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={VIDEO_SECONDS}",
         "-pix_fmt", "yuv420p", "-shortest", str(out)],
        check=True, timeout=60,
    )
    return out


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings in tmp_path, never the user's."""
    return QSettings(str(tmp_path / "lectern.ini"), QSettings.Format.IniFormat)


PaneFactory = Callable[..., VideoPane]


@pytest.fixture
def make_pane(qtbot: QtBot, settings: QSettings) -> Iterator[PaneFactory]:
    """Build a shown, active VideoPane; `online` defaults to "offline".

    pytest-qt closes the panes and calls deleteLater() before this fixture's teardown;
    the teardown then deletes them for real, so that no player page outlives the test
    (QtWebEngine warns at exit about pages alive when their profile goes).
    """

    def make(online: Callable[[], bool] | None = None, size: tuple[int, int] = (640, 480),
             pane_settings: QSettings | None = None) -> VideoPane:
        pane = VideoPane(pane_settings or settings,
                         online=online if online is not None else (lambda: False))
        qtbot.addWidget(pane)
        pane.resize(*size)
        pane.show()
        pane.activateWindow()
        qtbot.waitActive(pane)
        pane.setFocus()
        return pane

    yield make
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


class JsConsoleErrors(logging.Handler):
    """Collects error-level page console messages (logger `lectern.video.js`)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def js_errors_fail() -> Iterator[JsConsoleErrors]:
    """Fail the test if the player page logs a JS error (console.error, exceptions)."""
    handler = JsConsoleErrors()
    js_logger = logging.getLogger("lectern.video.js")
    js_logger.addHandler(handler)
    try:
        yield handler
    finally:
        js_logger.removeHandler(handler)
    assert not handler.messages, f"JS console errors: {handler.messages}"


class UrlCatcher(QObject):
    """Receives the URLs the pane asks the desktop to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open_url(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def url_catcher() -> Iterator[UrlCatcher]:
    """Catches the https URLs the pane asks the desktop to open."""
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open_url")
    yield catcher
    QDesktopServices.unsetUrlHandler("https")
