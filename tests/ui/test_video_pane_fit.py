"""Issue 16, the video pane under a failed load: a clicked timestamp reaches the card, the
clock, Copy link and Open in browser (YouTube faked by the stand-in answering 404 for its
IFrame API script, as in test_offline_instant.py)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest_video import (  # noqa: F401 - fixtures are found by name
    VIDEO_ID,
    PaneFactory,
    UrlCatcher,
    make_pane,
    settings,
    url_catcher,
)
from tests.ui.test_video_youtube import RedirectToStandin, standin  # noqa: F401
from tests.ui.youtube_standin.server import StandinServer


def test_chip_after_a_failed_load_reaches_the_card(
    qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch, url_catcher: UrlCatcher,  # noqa: F811
) -> None:
    monkeypatch.setattr(standin, "missing", {"/iframe_api"})
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    profile.setUrlRequestInterceptor(RedirectToStandin(standin.port, profile))
    with qtbot.waitSignal(pane.status_message, timeout=15_000) as status:
        pane.show_video(VIDEO_ID, None, "Role of Russia")
    assert "YouTube could not be reached" in str(status.args[0])
    assert pane.source_kind() == "youtube"  # it started loading: not the offline state
    assert "Start at: 0:00" in pane.offline_card.visible_text()

    pane.seek(VIDEO_ID, 131)  # a chip in the note
    assert pane.offline_card.isVisible()
    assert "Clicked time: 2:11" in pane.offline_card.visible_text()
    assert pane.controls.time_label.text().startswith("2:11")
    assert pane.timeline._position_ms == 131_000  # the playhead
    assert pane.copy_link() == f"https://youtu.be/{VIDEO_ID}?t=131"
    assert QGuiApplication.clipboard().text() == f"https://youtu.be/{VIDEO_ID}?t=131"
    pane.offline_card.button().click()
    assert url_catcher.urls == [f"https://youtu.be/{VIDEO_ID}?t=131"]
