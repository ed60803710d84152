"""yt-dlp downloads under media/ found in the real window, also when they arrive while the
vault is open (one scan per load, then a folder at a time) (issue 17)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture

VID = "8sGHxZkZReo"


def test_download_arriving_while_open_is_played(qtbot: QtBot, make_window: WindowFactory,
                                                tmp_path: Path, sample_video: Path) -> None:  # noqa: F811
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    (root / "lesson.md").write_text(f"---\ntitle: Lesson\nvideoId: {VID}\n---\n\nText.\n")
    window = make_window(root, note="Lesson")
    qtbot.waitUntil(lambda: window.media.scan is not None, timeout=10000)
    assert window.video.source_kind() != "local"
    folder = root / "media" / "Some channel"
    folder.mkdir()
    target = folder / f"Lesson — part 1 [{VID}].mp4"
    shutil.copy(sample_video, target)
    (folder / f"Lesson — part 1 [{VID}].en.vtt").write_text(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nnew words\n")
    qtbot.waitUntil(lambda: window.media.scan.video(VID) == target, timeout=10000)
    # The open note's video was not playing: the file takes over at once.
    qtbot.waitUntil(lambda: window.video.source_kind() == "local", timeout=10000)
    assert window.video.local_player().source_path() == target
    qtbot.waitUntil(lambda: window.study.panel.model.rowCount() == 1, timeout=10000)
