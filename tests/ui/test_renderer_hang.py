"""A note page whose renderer hangs is said so and restarted (issue 11), with a real SIGSTOP."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, wait_painted
from tests.ui.vaults import make_vault
from viewer.ui import page_watchdog

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="POSIX signals")


def test_hung_renderer_is_announced_and_restarted(make_window: WindowFactory, qtbot: QtBot,
                                                 tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    view = window.view
    pid = view.page().renderProcessPid()
    assert pid > 0
    os.kill(pid, signal.SIGSTOP)
    try:
        window.open_note("sub/beta.md")
        # The notice comes within the watchdog's time, while the old note is still shown.
        qtbot.waitUntil(view.watchdog.is_alarmed, timeout=page_watchdog.HANG_MS + 5000)
        notice = view.watchdog.notice
        assert notice.text() == page_watchdog.RESTARTING
        assert notice.geometry().intersects(view.rect())
        # The hung renderer is replaced and the note asked for is shown.
        qtbot.waitUntil(lambda: view.page().renderProcessPid() not in (0, pid), timeout=15000)
        wait_painted(qtbot, window)
        assert page_text(qtbot, view, "#page-title") == "Beta Notes"
        assert not view.watchdog.is_alarmed()
    finally:
        try:
            os.kill(pid, signal.SIGKILL)  # never leave a stopped process behind
        except ProcessLookupError:
            pass


def test_no_alarm_when_pages_paint(make_window: WindowFactory, qtbot: QtBot,
                                   tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    pid = window.view.page().renderProcessPid()
    for path in ("sub/beta.md", "alpha.md", "sub/beta.md"):
        window.open_note(path)
        wait_painted(qtbot, window)
    qtbot.wait(page_watchdog.HANG_MS + 500)
    assert not window.view.watchdog.is_alarmed()
    assert window.view.page().renderProcessPid() == pid
