"""The video pane offline with no local file: a card with the clicked time and the fix."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.conftest_video import (  # noqa: F401 - fixtures are found by name
    VIDEO_ID,
    PaneFactory,
    UrlCatcher,
    make_pane,
    settings,
    url_catcher,
)
from viewer.ui.video import Marker, VideoPane


def test_offline_card_shows_the_clicked_time_and_the_fix(
    qtbot: QtBot, make_pane: PaneFactory, url_catcher: UrlCatcher  # noqa: F811
) -> None:
    pane = make_pane(online=lambda: False)
    pane.seek(VIDEO_ID, 131)
    assert pane.source_kind() == "offline"
    assert pane.current_video() == VIDEO_ID
    card = pane.offline_card
    assert card.isVisible()
    text = card.visible_text()
    assert "offline" in text
    assert "Clicked time: 2:11" in text
    assert f"media/{VIDEO_ID}.mp4" in text
    assert pane.position_ms() == 131_000
    assert pane.copy_link() == f"https://youtu.be/{VIDEO_ID}?t=131"

    button = card.button()
    assert button.isVisible() and button.text() == "Open in browser at this time"
    button.click()
    assert url_catcher.urls == [f"https://youtu.be/{VIDEO_ID}?t=131"]
    assert pane._youtube is None and pane._local is None  # nothing was started
    assert not pane.controls.play_button.isEnabled()
    assert pane.controls.copy_button.isEnabled()


def test_offline_timeline_click_updates_the_card(
    qtbot: QtBot, make_pane: PaneFactory  # noqa: F811
) -> None:
    pane = make_pane(online=lambda: False)
    pane.show_video(VIDEO_ID, None, "Talk")
    assert "Start at: 0:00" in pane.offline_card.visible_text()
    pane.set_markers([Marker(71, "a.md", 0, "One.")], [Marker(300, "b.md", 2, "Two.")])
    other = next(i for i in pane.timeline.marker_items() if not i.own)
    with qtbot.waitSignal(pane.marker_activated) as activated:
        QTest.mouseClick(pane.timeline, Qt.MouseButton.LeftButton, pos=QPoint(int(other.x), 10))
    assert activated.args == ["b.md", 300]
    assert "Clicked time: 5:00" in pane.offline_card.visible_text()


def test_default_online_check_answers(settings: QSettings) -> None:  # noqa: F811
    pane = VideoPane(settings)  # QNetworkInformation if a backend loads, else "online"
    try:
        assert isinstance(pane._online(), bool)
    finally:
        pane.deleteLater()
