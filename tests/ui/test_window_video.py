"""Note page and video pane together: real DOM clicks seek the real QMediaPlayer; follow mode."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture
from tests.ui.vaults import ts
from viewer.ui.video.local_player import LocalPlayer

VID = "8sGHxZkZReo"


@pytest.fixture
def video_vault(tmp_path: Path, sample_video: Path) -> Path:  # noqa: F811
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    shutil.copy(sample_video, root / "media" / f"{VID}.mp4")
    (root / "lesson.md").write_text(f"""---
title: Lesson
videoId: {VID}
---

From: [[chan]] <br/>

Late point first {ts("00:00:15")}.

Early point {ts("00:00:04")}.

Middle point {ts("00:00:09")}.

Way past the end {ts("00:05:00")}.
""")
    (root / "other.md").write_text(f"""---
title: Other view
videoId: {VID}
---

Another note on the same video {ts("00:00:12")}.
""")
    return root


def media(window: object):
    player = window.video.local_player()  # type: ignore[attr-defined]
    assert isinstance(player, LocalPlayer)
    return player.media_player()


def active_passage(qtbot: QtBot, window: object) -> str:
    return run_js(qtbot, window.view,  # type: ignore[attr-defined]
                  "(document.querySelector('.passage-active') || {}).textContent || ''").strip()


def test_chip_click_seeks_and_follow_mode_tracks_time(make_window: WindowFactory, qtbot: QtBot,
                                                      video_vault: Path) -> None:
    window = make_window(video_vault, note="Lesson")
    assert window.video.source_kind() == "local"
    # DOM click on the 00:00:09 chip: the real player lands there
    run_js(qtbot, window.view, "document.querySelector('a.ts[data-seconds=\"9\"]').click()")
    player = media(window)
    qtbot.waitUntil(lambda: abs(player.position() - 9000) < 500, timeout=8000)
    # follow mode: the passage of the latest timestamp <= position, by time not document order
    qtbot.waitUntil(lambda: active_passage(qtbot, window).startswith("Middle point"), timeout=5000)
    window.video.seek(VID, 15, None)
    qtbot.waitUntil(lambda: active_passage(qtbot, window).startswith("Late point first"), timeout=5000)
    window.video.seek(VID, 5, None)
    qtbot.waitUntil(lambda: active_passage(qtbot, window).startswith("Early point"), timeout=5000)


def test_timeline_markers_and_past_end(make_window: WindowFactory, qtbot: QtBot,
                                       video_vault: Path) -> None:
    window = make_window(video_vault, note="Lesson")
    qtbot.waitUntil(lambda: len(window.video.timeline.marker_items()) == 5, timeout=5000)
    items = window.video.timeline.marker_items()
    own = sorted(i.marker.seconds for i in items if i.own)
    others = [(i.marker.seconds, i.marker.note_path) for i in items if not i.own]
    assert own == [4, 9, 15, 300]
    assert others == [(12, "other.md")]
    qtbot.waitUntil(lambda: any(i.past_end for i in window.video.timeline.marker_items()), timeout=8000)
    assert [i.marker.seconds for i in window.video.timeline.marker_items() if i.past_end] == [300]
    # the page flags the chip past the end once the duration is known, also after a re-render
    flagged = "Array.from(document.querySelectorAll('a.ts.past-end')).map(e => e.dataset.seconds)"
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, flagged) == ["300"], timeout=5000)
    window.open_note("lesson.md", keep_scroll=True, record=False)
    wait_painted(qtbot, window)
    assert run_js(qtbot, window.view, flagged) == ["300"]


def test_marker_of_another_note_opens_it(make_window: WindowFactory, qtbot: QtBot,
                                         video_vault: Path) -> None:
    window = make_window(video_vault, note="Lesson")
    window.video.marker_activated.emit("other.md", 12)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Other view"


def test_chip_of_a_note_without_local_file_shows_offline_card(make_window: WindowFactory,
                                                              qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "n.md").write_text(f"---\ntitle: N\nvideoId: {VID}\n---\nText {ts('00:01:05')}.\n")
    window = make_window(root, note="N")
    run_js(qtbot, window.view, "document.querySelector('a.ts').click()")
    qtbot.waitUntil(lambda: window.video.source_kind() == "offline", timeout=5000)
    qtbot.waitUntil(lambda: "Clicked time: 1:05" in window.video.offline_card.visible_text())


def test_player_keys_work_while_reading_the_note(make_window: WindowFactory, qtbot: QtBot,
                                                 video_vault: Path) -> None:
    window = make_window(video_vault, note="Lesson")
    player = media(window)
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=8000)
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view.focusProxy() or window.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: window.video.local_player().is_playing(), timeout=5000)
    qtbot.keyClick(window.view.focusProxy() or window.view, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: not window.video.local_player().is_playing(), timeout=5000)
    # letters typed in the filter box stay text
    window.filter_box.setFocus()
    qtbot.keyClicks(window.filter_box, "kl")
    assert window.filter_box.text() == "kl" and not window.video.local_player().is_playing()


def test_reload_keeps_the_followed_passage(make_window: WindowFactory, qtbot: QtBot,
                                           video_vault: Path) -> None:
    window = make_window(video_vault, note="Lesson")
    window.video.seek(VID, 9, None)
    qtbot.waitUntil(lambda: active_passage(qtbot, window).startswith("Middle point"), timeout=5000)
    window.video.local_player().pause()
    (video_vault / "other.md").write_text("---\ntitle: Other view, edited\n---\nChanged.\n")
    window.session.refresh()
    qtbot.waitUntil(lambda: window.index.find("Other view, edited") == "other.md", timeout=8000)
    wait_painted(qtbot, window)
    assert active_passage(qtbot, window).startswith("Middle point")


def test_chip_for_another_video_never_plays_the_notes_own_file(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, sample_video: Path) -> None:  # noqa: F811
    root = tmp_path / "v"
    root.mkdir()
    shutil.copy(sample_video, root / "lecture.mp4")
    (root / "n.md").write_text(f"---\ntitle: N\nvideoId: {VID}\nvideo: lecture.mp4\n---\n"
                               f"Own {ts('00:00:03')}. Other [see](https://youtu.be/bbbbbbbbbbb?t=90).\n")
    window = make_window(root, note="N")
    assert window.video.source_kind() == "local"
    run_js(qtbot, window.view, "document.querySelector('a.ts[href*=bbbbbbbbbbb]').click()")
    qtbot.waitUntil(lambda: window.video.current_video() == "bbbbbbbbbbb", timeout=5000)
    assert window.video.source_kind() == "offline"
