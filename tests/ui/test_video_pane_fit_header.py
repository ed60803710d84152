"""Issue 16, the video header in a 300 px video pane of the real window: with "Resume at"
and "Local file: …" beside it, the title keeps a readable width; the source gives way."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture
from viewer.ui.layout import VIDEO_MIN_PX
from viewer.ui.video.header import TITLE_READABLE_CHARS

TITLE = "Proper names in the Nagorno-Karabakh peace talks"


def settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)
    QApplication.processEvents()


def test_title_stays_readable_beside_resume_and_file(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, sample_video: Path) -> None:  # noqa: F811
    root = tmp_path / "vault"
    root.mkdir()
    shutil.copy(sample_video, root / "lecture-recording-2024-spring-term.mp4")
    (root / "n.md").write_text(f"---\ntitle: {TITLE}\nvideoId: 8sGHxZkZReo\n"
                               "video: lecture-recording-2024-spring-term.mp4\n---\n\nText.\n")
    window = make_window(root, note="n")
    assert window.video.source_kind() == "local"
    window.resize(1300, 800)
    settle(qtbot)
    window.reading.moveSplitter(window.reading.width() - VIDEO_MIN_PX, 1)  # as a drag would
    settle(qtbot)
    header = window.video.header
    assert window.video.width() <= VIDEO_MIN_PX + 10
    before = (window.reading.sizes(), window.video.stack.geometry(), window.view.geometry())
    header.offer_resume(20)
    settle(qtbot)
    assert header.resume_button.isVisible()
    readable = header.title.fontMetrics().averageCharWidth() * TITLE_READABLE_CHARS
    assert header.title.width() >= readable, (header.title.width(), readable)
    # The file is still told: beside the title (elided), or in the title's tooltip.
    if header.source.isVisible():
        assert header.source.geometry().right() < header.resume_button.geometry().left()
        assert header.title.geometry().right() < header.source.geometry().left()
    else:
        assert "lecture-recording-2024-spring-term.mp4" in header.title.toolTip()
    assert header.title.geometry().right() < header.resume_button.geometry().left()
    assert header.resume_button.geometry().right() <= header.width()
    # The offer moved no pane.
    assert (window.reading.sizes(), window.video.stack.geometry(), window.view.geometry()) == before
