"""The pop-out player: the video pane in its own window and back; the note still drives it;
size and position remembered; F full screen (issue 17)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture
from tests.ui.vaults import ts
from viewer.ui.actions import trigger

VID = "8sGHxZkZReo"


@pytest.fixture
def vault(tmp_path: Path, sample_video: Path) -> Path:  # noqa: F811
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    shutil.copy(sample_video, root / "media" / f"{VID}.mp4")
    (root / "lesson.md").write_text(
        f"---\ntitle: Lesson\nvideoId: {VID}\n---\n\nA point {ts('00:00:05')}.\n")
    return root


def test_pop_out_and_back(qtbot: QtBot, make_window: WindowFactory, vault: Path) -> None:
    window = make_window(vault, note="Lesson")
    qtbot.waitUntil(lambda: window.video.source_kind() == "local", timeout=10000)
    player = window.video.local_player()
    qtbot.waitUntil(player.is_ready, timeout=10000)
    popout = window.study.popout
    home = window.video.parentWidget()
    trigger(window, "play.popout")
    assert popout.is_out()
    frame = popout.frame
    assert window.video.window() is frame and frame.isVisible()
    assert frame.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose) is False
    # The note pane keeps driving the same player.
    window.seek(VID, 5)
    qtbot.waitUntil(lambda: 4900 <= player.media_player().position() < 6000, timeout=5000)
    frame.setGeometry(frame.x(), frame.y(), 520, 400)
    qtbot.waitUntil(lambda: frame.width() == 520, timeout=3000)
    # F: full screen, Escape/F again: back.
    trigger(window, "play.fullscreen")
    qtbot.waitUntil(popout.is_full_screen, timeout=3000)
    trigger(window, "play.fullscreen")
    qtbot.waitUntil(lambda: not popout.is_full_screen(), timeout=3000)
    assert popout.is_out()
    # Closing the pop-out docks the pane back where it was; the size is remembered.
    frame.close()
    assert not popout.is_out()
    assert window.video.parentWidget() is home
    assert window.video.isVisible()
    saved = window.settings.value("video/popout_geometry")
    assert isinstance(saved, QByteArray) and not saved.isEmpty()
    trigger(window, "play.popout")
    qtbot.waitUntil(lambda: popout.frame.width() == 520, timeout=3000)
    trigger(window, "play.on_top")
    assert popout.frame.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    trigger(window, "play.popout")
    assert window.video.parentWidget() is home


def test_f_alone_pops_out_full_screen_and_back(qtbot: QtBot, make_window: WindowFactory,
                                               vault: Path) -> None:
    window = make_window(vault, note="Lesson")
    home = window.video.parentWidget()
    popout = window.study.popout
    trigger(window, "play.fullscreen")
    qtbot.waitUntil(popout.is_full_screen, timeout=3000)
    trigger(window, "play.fullscreen")
    qtbot.waitUntil(lambda: not popout.is_out(), timeout=3000)
    assert window.video.parentWidget() is home
