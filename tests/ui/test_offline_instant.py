"""Offline means instant (issue 12): once YouTube is known to be unreachable, each video
shows the offline card at once, the controls stay off until a player is ready, and
YouTube is tried again when the network comes back.

"Offline" here is the YouTube stand-in answering 404 for the IFrame API script (what a
failed load looks like to the page); "back online" is the stand-in serving it again.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from tests.ui.conftest_video import (  # noqa: F401 - fixtures are found by name
    VIDEO_ID,
    PaneFactory,
    make_pane,
    settings,
)
from tests.ui.test_video_youtube import RedirectToStandin, standin  # noqa: F401
from tests.ui.youtube_standin.server import StandinServer
from viewer.ui.network import NetworkStatus
from viewer.ui.video import VideoPane

OTHER_ID = "dQw4w9WgXcQ"


def transport_enabled(pane: VideoPane) -> list[bool]:
    controls = pane.controls
    return [w.isEnabled() for w in (controls.play_button, controls.back_button,
                                    controls.forward_button, controls.speed_box)]


@pytest.fixture
def failed_pane(qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer,  # noqa: F811
                monkeypatch: pytest.MonkeyPatch) -> Iterator[VideoPane]:
    """A pane (system says "online") whose first YouTube load failed: the API script 404s."""
    monkeypatch.setattr(standin, "missing", {"/iframe_api"})
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    profile.setUrlRequestInterceptor(RedirectToStandin(standin.port, profile))
    pane.show_video(VIDEO_ID, None, "First")
    assert pane.source_kind() == "youtube"
    assert transport_enabled(pane) == [False] * 4  # loading: nothing to play yet
    assert pane.controls.copy_button.isEnabled()
    with qtbot.waitSignal(pane.status_message, timeout=15_000) as status:
        pass
    assert "YouTube could not be reached" in str(status.args[0])
    assert transport_enabled(pane) == [False] * 4
    yield pane


def test_next_video_after_a_failed_load_shows_the_card_at_once(
    qtbot: QtBot, failed_pane: VideoPane
) -> None:
    pane = failed_pane
    for video_id in (OTHER_ID, VIDEO_ID):  # a new video, then Back to the one seen
        started = time.perf_counter()
        pane.show_video(video_id, None, "Next")
        qtbot.waitUntil(pane.offline_card.isVisible, timeout=1000)
        elapsed = time.perf_counter() - started
        assert elapsed < 1.0, elapsed
        assert pane.source_kind() == "offline"
        assert "offline" in pane.offline_card.visible_text()
        assert transport_enabled(pane) == [False] * 4
        assert pane.controls.copy_button.isEnabled()
        pane.seek(video_id, 65)  # a timestamp click while offline: still the card
        assert pane.source_kind() == "offline"
        assert "Clicked time: 1:05" in pane.offline_card.visible_text()


def test_reachability_back_loads_the_player(
    qtbot: QtBot, failed_pane: VideoPane, standin: StandinServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pane = failed_pane
    pane.show_video(OTHER_ID, None, "Next")
    assert pane.source_kind() == "offline"
    monkeypatch.setattr(standin, "missing", set())
    pane.network.reachability_changed()  # what QNetworkInformation reports
    assert pane.source_kind() == "youtube"
    player = pane.youtube_player()
    qtbot.waitUntil(player.is_ready, timeout=15_000)
    assert pane.stack.currentWidget() is player
    assert transport_enabled(pane) == [True] * 4
    assert pane.current_video() == OTHER_ID


def test_a_later_video_tries_youtube_behind_the_card(
    qtbot: QtBot, failed_pane: VideoPane, standin: StandinServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pane = failed_pane
    pane.network.retry_after = 0.0  # "some time" has passed
    monkeypatch.setattr(standin, "missing", set())
    pane.show_video(OTHER_ID, None, "Next")
    assert pane.source_kind() == "offline"  # the card first, at once
    assert pane.offline_card.isVisible()
    assert transport_enabled(pane) == [False] * 4
    qtbot.waitUntil(lambda: pane.source_kind() == "youtube", timeout=15_000)
    assert pane.youtube_player().is_ready()
    assert pane.stack.currentWidget() is pane.youtube_player()
    assert transport_enabled(pane) == [True] * 4
    assert not pane.network.known_unreachable()


def test_network_status_rules() -> None:
    now = [100.0]
    up = [True]
    owner = QObject()
    status = NetworkStatus(lambda: up[0], parent=owner, clock=lambda: now[0])
    assert not status.known_unreachable()
    status.note_failure()
    assert status.known_unreachable()
    assert not status.retry_due()  # just failed
    now[0] += status.retry_after
    assert status.retry_due()
    assert not status.retry_due()  # one try per period
    status.note_success()
    assert not status.known_unreachable()
    up[0] = False
    assert status.known_unreachable() and not status.retry_due()
    backs: list[bool] = []
    status.back_online.connect(lambda: backs.append(True))
    status.reachability_changed()  # still down: nothing
    assert backs == []
    status.note_failure()
    up[0] = True
    status.reachability_changed()
    assert backs == [True] and not status.known_unreachable()
