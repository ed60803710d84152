"""Playing passages on the real QMediaPlayer in the real window: a passage plays from a
timestamp and stops at the next one; loops; A-B with [ and ]; frame steps while paused;
an embedded subtitle track of an mkv made by ffmpeg (issue 17)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture
from tests.ui.vaults import ts
from viewer.ui.actions import trigger
from viewer.ui.video.passage import passage_bounds

VID = "8sGHxZkZReo"


def test_passage_bounds() -> None:
    assert passage_bounds([12, 4, 6], 5000, 20_000) == (4000, 6000)
    assert passage_bounds([12, 4, 6], 4000, 20_000) == (4000, 6000)
    assert passage_bounds([12, 4, 6], 13_000, 20_000) == (12_000, 20_000)
    assert passage_bounds([12, 4, 6], 1000, 20_000) == (0, 4000)
    assert passage_bounds([], 1000, 0) == (0, 60_000)


@pytest.fixture
def passage_vault(tmp_path: Path, sample_video: Path) -> Path:  # noqa: F811
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    shutil.copy(sample_video, root / "media" / f"Lesson [{VID}].mp4")
    (root / "lesson.md").write_text(f"""---
title: Lesson
videoId: {VID}
---

First {ts("00:00:04")}. Second {ts("00:00:06")}. Third {ts("00:00:15")}.
""")
    return root


def ready(qtbot: QtBot, window: object) -> object:
    qtbot.waitUntil(lambda: window.video.source_kind() == "local", timeout=10000)  # type: ignore[attr-defined]
    player = window.video.local_player()  # type: ignore[attr-defined]
    qtbot.waitUntil(player.is_ready, timeout=10000)
    return player


def test_passage_plays_and_stops_at_its_end(qtbot: QtBot, make_window: WindowFactory,
                                            passage_vault: Path) -> None:
    window = make_window(passage_vault, note="Lesson")
    player = ready(qtbot, window)
    media = player.media_player()
    player.seek_ms(4500)
    qtbot.waitUntil(lambda: media.position() >= 4400, timeout=3000)
    study = window.study
    with qtbot.waitSignal(study.passages.ended, timeout=6000) as ended:
        trigger(window, "play.passage")
        qtbot.waitUntil(lambda: 4000 <= media.position() < 4600 and player.is_playing(),
                        timeout=3000)
    assert ended.args == [6000]
    assert not player.is_playing()
    assert 6000 <= media.position() <= 6100
    assert study.passages.overshoot_ms and max(study.passages.overshoot_ms) <= 100


def test_loop_and_ab_and_frame_steps(qtbot: QtBot, make_window: WindowFactory,
                                     passage_vault: Path) -> None:
    window = make_window(passage_vault, note="Lesson")
    player = ready(qtbot, window)
    media = player.media_player()
    passages = window.study.passages
    # A-B: [ at 2 s, ] at 3 s loops 2-3 s.
    player.seek_ms(2000)
    qtbot.waitUntil(lambda: media.position() >= 1900, timeout=3000)
    trigger(window, "play.mark_a")
    player.seek_ms(3000)
    qtbot.waitUntil(lambda: media.position() >= 2900, timeout=3000)
    trigger(window, "play.mark_b")
    assert (passages.start_ms, passages.end_ms, passages.loop) == (2000, 3000, True)
    qtbot.waitUntil(lambda: len(passages.overshoot_ms) >= 2, timeout=6000)
    assert player.is_playing() and 1900 <= media.position() <= 3100
    assert max(passages.overshoot_ms) <= 100
    # Frame steps pause and move one frame (the file is 10 fps: 100 ms).
    trigger(window, "play.frame_forward")
    assert not player.is_playing()
    before = media.position()
    trigger(window, "play.frame_forward")
    trigger(window, "play.frame_forward")
    assert media.position() == before + 200
    trigger(window, "play.frame_back")
    assert media.position() == before + 100


@pytest.fixture(scope="session")
def subtitled_mkv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 6 s mkv with a German SubRip track inside, made by ffmpeg."""
    folder = tmp_path_factory.mktemp("mkv")
    (folder / "in.srt").write_text("1\n00:00:00,000 --> 00:00:06,000\nINSIDE THE FILE\n")
    out = folder / f"Subtitled [{VID}].mkv"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "testsrc=duration=6:size=160x120:rate=10", "-i", str(folder / "in.srt"),
         "-map", "0", "-map", "1", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:s", "srt",
         "-metadata:s:s:0", "language=deu", str(out)],
        check=True, timeout=60)
    return out


def test_subtitle_track_inside_an_mkv(qtbot: QtBot, make_window: WindowFactory,
                                      tmp_path: Path, subtitled_mkv: Path) -> None:
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    shutil.copy(subtitled_mkv, root / "media" / subtitled_mkv.name)
    (root / "n.md").write_text(f"---\ntitle: N\nvideoId: {VID}\n---\nAt {ts('00:00:01')}.\n")
    window = make_window(root, note="N")
    player = ready(qtbot, window)
    study = window.study
    qtbot.waitUntil(lambda: any(s.track >= 0 for s in study.sources), timeout=5000)
    assert study.source is not None and study.source.track == 0
    media = player.media_player()
    qtbot.waitUntil(lambda: media.activeSubtitleTrack() == 0, timeout=3000)
    player.play()
    sink = player._video_item.videoSink()
    qtbot.waitUntil(lambda: sink.subtitleText() == "INSIDE THE FILE", timeout=5000)
    trigger(window, "play.captions")  # C: off
    assert media.activeSubtitleTrack() == -1
    trigger(window, "play.captions")
    assert media.activeSubtitleTrack() == 0


def test_chip_menu_plays_its_passage(qtbot: QtBot, make_window: WindowFactory,
                                     passage_vault: Path) -> None:
    window = make_window(passage_vault, note="Lesson")
    player = ready(qtbot, window)
    media = player.media_player()
    from viewer.ui.context_menus import PageSpot, page_menu

    spot = PageSpot(link_url_str=f"lectern://seek/{VID}/4")
    menu = page_menu(window, spot)
    action = next(a for a in menu.actions() if a.text() == "Play This Passage")
    with qtbot.waitSignal(window.study.passages.ended, timeout=8000) as ended:
        action.trigger()
    assert ended.args == [6000]
    assert 6000 <= media.position() <= 6100
    menu.deleteLater()


def test_keys_work_in_the_window(qtbot: QtBot, make_window: WindowFactory,
                                 passage_vault: Path) -> None:
    from PySide6.QtCore import Qt

    window = make_window(passage_vault, note="Lesson")
    player = ready(qtbot, window)
    media = player.media_player()
    player.seek_ms(2000)
    qtbot.waitUntil(lambda: media.position() == 2000, timeout=3000)
    window.video.setFocus()
    qtbot.keyClick(window.video, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: media.position() == 2100, timeout=3000)
    qtbot.keyClick(window.video, Qt.Key.Key_Comma)
    qtbot.waitUntil(lambda: media.position() == 2000, timeout=3000)
    before = window.study.captions_on
    qtbot.keyClick(window.video, Qt.Key.Key_C)
    assert window.study.captions_on is not before
    qtbot.keyClick(window.video, Qt.Key.Key_BracketLeft)
    assert window.study.passages.a_ms == 2000
    player.seek_ms(2500)
    qtbot.waitUntil(lambda: media.position() == 2500, timeout=3000)
    qtbot.keyClick(window.video, Qt.Key.Key_BracketRight)
    assert (window.study.passages.start_ms, window.study.passages.end_ms) == (2000, 2500)
    window.study.passages.clear()
    qtbot.keyClick(window.video, Qt.Key.Key_P)
    assert (window.study.passages.start_ms, window.study.passages.end_ms) == (0, 4000)
    window.study.passages.clear()
    player.pause()
