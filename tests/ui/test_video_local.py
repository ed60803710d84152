"""The video pane on a local file: real QMediaPlayer, real video made by ffmpeg."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest_video import (  # noqa: F401 - fixtures are found by name
    VIDEO_ID,
    PaneFactory,
    make_pane,
    sample_video,
    settings,
)
from viewer.ui.video import Marker, VideoPane
from viewer.ui.video.local_player import LocalPlayer


def media_of(pane: VideoPane) -> QMediaPlayer:
    player = pane.local_player()
    assert isinstance(player, LocalPlayer)
    return player.media_player()


def loaded(qtbot: QtBot, pane: VideoPane, video: Path) -> QMediaPlayer:
    pane.show_video(VIDEO_ID, video, "Test pattern")
    media = media_of(pane)
    qtbot.waitUntil(lambda: media.duration() > 0 and pane.local_player().is_ready(), timeout=5000)
    return media


def distinct_colors(image: QImage, step: int = 3) -> int:
    colors = {image.pixel(x, y) for x in range(0, image.width(), step)
              for y in range(0, image.height(), step)}
    return len(colors)


def test_seek_lands_on_the_timestamp_and_plays(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    pane.show_video(VIDEO_ID, sample_video, "Test pattern")
    assert pane.source_kind() == "local"
    assert pane.current_video() == VIDEO_ID
    media = media_of(pane)
    assert media.playbackState() != QMediaPlayer.PlaybackState.PlayingState  # no autoplay

    pane.seek(VIDEO_ID, 12, sample_video)

    qtbot.waitUntil(lambda: abs(media.position() - 12_000) < 500, timeout=5000)
    qtbot.waitUntil(lambda: media.playbackState() == QMediaPlayer.PlaybackState.PlayingState)
    assert abs(pane.position_ms() - 12_000) < 1000
    assert pane.controls.time_label.text() in {"0:12 / 0:20", "0:13 / 0:20"}


def test_seek_before_load_waits_for_the_media(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    pane.seek(VIDEO_ID, 7, sample_video)  # loads the video first, then seeks
    media = media_of(pane)
    qtbot.waitUntil(lambda: abs(media.position() - 7000) < 500, timeout=5000)


def test_the_picture_is_visible(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    loaded(qtbot, pane, sample_video)
    pane.seek(VIDEO_ID, 3, sample_video)
    surface = pane.local_player()
    qtbot.waitUntil(lambda: distinct_colors(surface.grab().toImage()) > 8, timeout=5000)


def test_keyboard_controls(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    media = loaded(qtbot, pane, sample_video)
    playing = QMediaPlayer.PlaybackState.PlayingState

    QTest.keyClick(pane, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: media.playbackState() == playing)
    QTest.keyClick(pane, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: media.playbackState() != playing)

    start = media.position()
    QTest.keyClick(pane, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: media.position() >= start + 9500)
    QTest.keyClick(pane, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: abs(media.position() - start) < 500)

    QTest.keyClick(pane, Qt.Key.Key_Greater, Qt.KeyboardModifier.ShiftModifier)
    assert media.playbackRate() == pytest.approx(1.25)
    QTest.keyClick(pane, Qt.Key.Key_Less, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(pane, Qt.Key.Key_Less, Qt.KeyboardModifier.ShiftModifier)
    assert media.playbackRate() == pytest.approx(0.75)
    for _ in range(5):
        QTest.keyClick(pane, Qt.Key.Key_Less, Qt.KeyboardModifier.ShiftModifier)
    assert media.playbackRate() == pytest.approx(0.5)  # never below 0.5x
    assert pane.controls.speed_box.currentText() == "0.5×"


def test_timeline_has_one_marker_per_timestamp(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    loaded(qtbot, pane, sample_video)
    own = [Marker(2, "a.md", 0, "Opening."), Marker(9, "a.md", 1, "Middle."),
           Marker(15, "a.md", 2, "Late."), Marker(25, "a.md", 3, "Beyond the end.")]
    others = [Marker(5, "b.md", 0, "Elsewhere."), Marker(30, "c.md", 4, "Also beyond.")]
    pane.set_markers(own, others)

    items = pane.timeline.marker_items()
    assert sorted((i.marker.seconds, i.own) for i in items) == sorted(
        [(m.seconds, True) for m in own] + [(m.seconds, False) for m in others]
    )
    past = {i.marker.seconds for i in items if i.past_end}
    assert past == {25, 30}
    xs = {i.marker.seconds: i.x for i in items}
    assert xs[2] < xs[5] < xs[9] < xs[15] < xs[25]
    assert xs[25] == xs[30]  # both in the overflow zone at the right end
    assert xs[25] > pane.timeline.x_for_ms(20_000)

    image = pane.timeline.grab().toImage()
    assert distinct_colors(image, step=1) > 3
    hover = next(i for i in items if i.marker.seconds == 25)
    assert "past the end of this video (0:20)" in pane.timeline.tooltip_text(hover)


def test_clicking_another_notes_marker_seeks_and_activates(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    media = loaded(qtbot, pane, sample_video)
    pane.set_markers([Marker(2, "a.md", 0, "Own.")], [Marker(14, "b/other.md", 3, "Other.")])
    other = next(i for i in pane.timeline.marker_items() if not i.own)

    with qtbot.waitSignal(pane.marker_activated) as activated:
        QTest.mouseClick(pane.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(other.x), 10))
    assert activated.args == ["b/other.md", 14]
    qtbot.waitUntil(lambda: abs(media.position() - 14_000) < 500, timeout=5000)

    own = next(i for i in pane.timeline.marker_items() if i.own)
    with qtbot.assertNotEmitted(pane.marker_activated):
        QTest.mouseClick(pane.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(own.x), 10))
    qtbot.waitUntil(lambda: abs(media.position() - 2000) < 500, timeout=5000)


def test_timestamp_past_the_end_is_flagged_not_clamped(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    media = loaded(qtbot, pane, sample_video)
    with qtbot.waitSignal(pane.status_message) as status:
        pane.seek(VIDEO_ID, 754, sample_video)
    assert status.args == ["timestamp 12:34 is past the end of this video (0:20)"]
    assert pane.header.notice.isVisible()
    assert media.position() < 1000
    assert media.playbackState() != QMediaPlayer.PlaybackState.PlayingState


def test_position_is_remembered_and_offered(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path,  # noqa: F811
    settings: QSettings,  # noqa: F811
) -> None:
    pane = make_pane()
    media = loaded(qtbot, pane, sample_video)
    assert not pane.header.resume_button.isVisible()
    pane.seek(VIDEO_ID, 12, sample_video)
    qtbot.waitUntil(lambda: abs(media.position() - 12_000) < 500, timeout=5000)
    QTest.keyClick(pane, Qt.Key.Key_K)  # pause: the position is saved
    qtbot.waitUntil(lambda: media.playbackState() != QMediaPlayer.PlaybackState.PlayingState)
    assert settings.value(f"video/resume/{VIDEO_ID}", type=int) in (12, 13)

    again = make_pane()
    again_media = loaded(qtbot, again, sample_video)
    button = again.header.resume_button
    assert button.isVisible()
    assert button.text() in ("Resume at 0:12", "Resume at 0:13")
    button.click()
    qtbot.waitUntil(lambda: again_media.position() >= 11_500, timeout=5000)
    assert not button.isVisible()


def test_copy_link_at_current_time(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    media = loaded(qtbot, pane, sample_video)
    pane.seek(VIDEO_ID, 12, sample_video)
    qtbot.waitUntil(lambda: abs(media.position() - 12_000) < 500, timeout=5000)
    media.pause()
    media.setPosition(12_400)
    qtbot.waitUntil(lambda: media.position() // 1000 == 12)
    link = pane.copy_link()
    assert link == f"https://youtu.be/{VIDEO_ID}?t=12"
    assert QGuiApplication.clipboard().text() == link
    pane.controls.copy_button.click()
    assert QGuiApplication.clipboard().text() == link


def test_position_changed_is_throttled(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    loaded(qtbot, pane, sample_video)
    seen: list[tuple[str, int]] = []
    pane.position_changed.connect(lambda vid, ms: seen.append((vid, ms)))
    pane.seek(VIDEO_ID, 1, sample_video)
    qtbot.wait(1500)
    assert 5 <= len(seen) <= 17, seen  # <= ~10/s over 1.5 s
    assert all(vid == VIDEO_ID for vid, _ in seen)
    assert seen[-1][1] > seen[0][1]


def test_follow_toggle(
    qtbot: QtBot, make_pane: PaneFactory, settings: QSettings  # noqa: F811
) -> None:
    pane = make_pane()
    assert pane.follow_mode() is True
    with qtbot.waitSignal(pane.follow_changed) as changed:
        pane.controls.follow_button.click()
    assert changed.args == [False]
    assert pane.follow_mode() is False
    assert settings.value("video/follow", type=bool) is False
    assert make_pane().follow_mode() is False


def test_no_video_and_bad_id(qtbot: QtBot, make_pane: PaneFactory) -> None:  # noqa: F811
    pane = make_pane(online=lambda: True)
    pane.show_video(None, None)
    assert pane.source_kind() == "none"
    assert "This note has no video" in pane.message_card.visible_text()

    with qtbot.waitSignal(pane.status_message):
        pane.show_video("not-an-id", None)
    assert pane.source_kind() == "none"
    assert "not a valid YouTube video id" in pane.message_card.visible_text()
    assert pane.copy_link() == ""
    assert pane._youtube is None  # bad ids never reach YouTube


def test_local_file_without_video_id(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    pane = make_pane()
    pane.show_video(None, sample_video)
    assert pane.source_kind() == "local"
    assert pane.current_video() is None
    pane.set_markers([Marker(6, "a.md", 0, "Six.")], [])
    media = media_of(pane)
    qtbot.waitUntil(lambda: pane.timeline.duration_ms() == 20_000, timeout=5000)
    item = pane.timeline.marker_items()[0]
    QTest.mouseClick(pane.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(item.x), 10))
    qtbot.waitUntil(lambda: abs(media.position() - 6000) < 500, timeout=5000)


def test_many_qt_calls_do_not_exhaust_none(
    qtbot: QtBot, make_pane: PaneFactory, sample_video: Path  # noqa: F811
) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per void call (see qtfix)."""
    pane = make_pane()
    loaded(qtbot, pane, sample_video)
    for n in range(100_000):
        pane.controls.set_time(n, 20_000)  # setText: a void call
        pane.timeline.set_position(n % 20_000)  # update(): another
    for _ in range(2000):
        pane.status_message.emit("x")  # emit() returns True: the same leak
    assert sys.getrefcount(None) > 1000 and sys.getrefcount(True) > 100


def test_audio_only_file_plays_and_says_so(
    qtbot: QtBot, make_pane: PaneFactory, tmp_path: Path  # noqa: F811
) -> None:
    audio = tmp_path / f"{VIDEO_ID}.m4a"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "sine=frequency=440:duration=8", str(audio)],
        check=True, timeout=60,
    )
    pane = make_pane()
    pane.seek(VIDEO_ID, 5, audio)
    media = media_of(pane)
    qtbot.waitUntil(lambda: abs(media.position() - 5000) < 500, timeout=5000)
    assert pane.local_player().audio_only_text() == f"♪  Audio only: {audio.name}"
