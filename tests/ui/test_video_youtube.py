"""The video pane on YouTube's IFrame player, with YouTube faked at the network edge only.

YouTube's page-facing hosts resolve to a local HTTPS stand-in (tests/ui/youtube_standin/,
mapped in tests/conftest.py), which records what it was asked for; a
QWebEngineUrlRequestInterceptor on the pane's player profile sends YouTube's other hosts
there too and blocks any other trip to the network. Everything else is real: the page, its
Content-Security-Policy, the bridge, Chromium.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QObject, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from pytestqt.qtbot import QtBot

from tests.conftest import STANDIN_HOSTS as MAPPED_HOSTS
from tests.conftest import STANDIN_PORT
from tests.ui.conftest_video import (  # noqa: F401 - fixtures are found by name
    VIDEO_ID,
    JsConsoleErrors,
    PaneFactory,
    UrlCatcher,
    js_errors_fail,
    make_pane,
    settings,
    url_catcher,
)
from tests.ui.youtube_standin.server import StandinServer
from viewer.ui.video import VideoPane
from viewer.ui.video.youtube_page import APP_ORIGIN, PlayerPage
from viewer.ui.video.youtube_player import YouTubePlayer

STANDIN_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "ytimg.com",
                 "googlevideo.com", "ggpht.com", "google.com", "gstatic.com",
                 "doubleclick.net", "googleapis.com")


class RedirectToStandin(QWebEngineUrlRequestInterceptor):
    """Send YouTube's hosts to the stand-in; block any other trip to the network."""

    def __init__(self, port: int, parent: QObject, missing: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self._port = port
        self._missing = missing  # paths answered with 404
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        if url.scheme() not in ("http", "https") or url.host() == "127.0.0.1":
            return
        host = url.host().lower()
        if host in MAPPED_HOSTS:  # already reaches the stand-in, under its own name
            return
        if any(host == h or host.endswith("." + h) for h in STANDIN_HOSTS):
            target = QUrl(url)
            target.setScheme("https")
            target.setHost("127.0.0.1")
            target.setPort(self._port)
            if url.path() in self._missing:
                target.setPath("/missing" + url.path())
            info.redirect(target)
        else:
            self.blocked.append(url.toString())
            info.block(True)


@pytest.fixture(scope="module")
def standin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandinServer]:
    server = StandinServer(tmp_path_factory.mktemp("standin-cert"), STANDIN_PORT)
    yield server
    server.stop()


@pytest.fixture
def youtube_pane(
    qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer,  # noqa: F811
    js_errors_fail: JsConsoleErrors,  # noqa: F811
) -> Iterator[VideoPane]:
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    interceptor = RedirectToStandin(standin.port, profile)
    profile.setUrlRequestInterceptor(interceptor)
    yield pane
    assert not interceptor.blocked, f"unexpected requests: {interceptor.blocked}"


def ready_player(qtbot: QtBot, pane: VideoPane) -> YouTubePlayer:
    player = pane.youtube_player()
    assert isinstance(player, YouTubePlayer)
    qtbot.waitUntil(player.is_ready, timeout=15_000)
    return player


def js(qtbot: QtBot, pane: VideoPane, code: str) -> object:
    """Run `code` in the player page and return its JSON-decoded result."""
    page = pane.youtube_player().page()  # type: ignore[attr-defined]
    assert page is not None
    results: list[object] = []
    page.runJavaScript(f"JSON.stringify({code})", 0, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    value = results[0]
    return json.loads(value) if isinstance(value, str) and value else None


def standin_calls(qtbot: QtBot, pane: VideoPane) -> list[dict[str, object]]:
    calls = js(qtbot, pane, "window.__standin.calls")
    assert isinstance(calls, list)
    return calls


def test_embed_request_sends_referrer_and_matching_origin(
    qtbot: QtBot, youtube_pane: VideoPane, standin: StandinServer
) -> None:
    pane = youtube_pane
    pane.show_video(VIDEO_ID, None, "Role of Russia")
    assert pane.source_kind() == "youtube"
    ready_player(qtbot, pane)

    api = standin.requests_to("/iframe_api")[-1]
    assert api.headers.get("Referer", "").startswith("https://")
    embed = standin.requests_to(f"/embed/{VIDEO_ID}")[-1]
    referrer = embed.headers.get("Referer", "")
    parts = urlsplit(referrer)
    assert parts.scheme == "https" and parts.netloc, referrer
    origin = f"{parts.scheme}://{parts.netloc}"
    assert origin == APP_ORIGIN
    assert embed.query["origin"] == [origin]
    assert embed.query["widget_referrer"][0].startswith(origin + "/")
    assert embed.query["enablejsapi"] == ["1"]
    assert embed.query["autoplay"] == ["0"]  # show_video does not play


def test_seek_calls_seek_to_and_plays(qtbot: QtBot, youtube_pane: VideoPane) -> None:
    pane = youtube_pane
    pane.show_video(VIDEO_ID, None)
    pane.seek(VIDEO_ID, 131)  # before the player is ready: queued, then sent
    ready_player(qtbot, pane)
    qtbot.waitUntil(lambda: any(c["name"] == "playVideo" for c in standin_calls(qtbot, pane)))
    calls = standin_calls(qtbot, pane)
    names = [c["name"] for c in calls]
    assert {"name": "seekTo", "args": [131, True]} in calls
    assert names.index("seekTo") < names.index("playVideo")
    qtbot.waitUntil(lambda: pane.position_ms() == 131_000)
    assert pane.timeline.duration_ms() == 600_000
    assert pane.copy_link() == f"https://youtu.be/{VIDEO_ID}?t=131"

    with qtbot.waitSignal(pane.status_message) as status:
        pane.seek(VIDEO_ID, 754)
    assert status.args == ["timestamp 12:34 is past the end of this video (10:00)"]
    assert {"name": "seekTo", "args": [754, True]} not in standin_calls(qtbot, pane)


def test_player_error_is_shown_in_words(
    qtbot: QtBot, youtube_pane: VideoPane, url_catcher: UrlCatcher  # noqa: F811
) -> None:
    pane = youtube_pane
    pane.seek(VIDEO_ID, 42)
    ready_player(qtbot, pane)
    qtbot.waitUntil(lambda: pane.position_ms() == 42_000)
    with qtbot.waitSignal(pane.status_message) as status:
        js(qtbot, pane, "window.__standin.fireError(153)")
    assert "YouTube error 153" in str(status.args[0])

    card = pane.message_card
    qtbot.waitUntil(card.isVisible)
    text = card.visible_text()
    assert "could not tell which app embeds it" in text
    assert "(YouTube error 153)" in text
    button = card.button()
    assert button.isVisible() and button.text() == "Open in browser at this time"
    button.click()
    assert url_catcher.urls == [f"https://youtu.be/{VIDEO_ID}?t=42"]


def test_next_video_reuses_the_player(qtbot: QtBot, youtube_pane: VideoPane) -> None:
    pane = youtube_pane
    pane.show_video(VIDEO_ID, None)
    ready_player(qtbot, pane)
    other = "dQw4w9WgXcQ"
    pane.seek(other, 30)
    assert pane.current_video() == other
    qtbot.waitUntil(lambda: any(c["name"] == "playVideo" for c in standin_calls(qtbot, pane)))
    calls = standin_calls(qtbot, pane)
    assert {"name": "cueVideoById", "args": [{"videoId": other, "startSeconds": 0}]} in calls
    assert {"name": "seekTo", "args": [30, True]} in calls


def test_page_navigation_is_deny_by_default(
    qtbot: QtBot, youtube_pane: VideoPane, url_catcher: UrlCatcher  # noqa: F811
) -> None:
    pane = youtube_pane
    pane.show_video(VIDEO_ID, None)
    page = ready_player(qtbot, pane).page()
    assert isinstance(page, PlayerPage)
    link = QWebEnginePage.NavigationType.NavigationTypeLinkClicked
    assert not page.acceptNavigationRequest(QUrl("https://example.org/"), link, True)
    assert url_catcher.urls == []  # a script in the page cannot send the user elsewhere
    watch = f"https://www.youtube.com/watch?v={VIDEO_ID}"
    assert not page.acceptNavigationRequest(QUrl(watch), link, True)
    assert url_catcher.urls == [watch]  # YouTube's own links open in the browser instead
    assert not page.acceptNavigationRequest(QUrl("file:///etc/passwd"), link, False)
    assert page.acceptNavigationRequest(
        QUrl(f"https://www.youtube.com/embed/{VIDEO_ID}"), link, False
    )


def test_offline_never_starts_the_web_engine(make_pane: PaneFactory, tmp_path: Path) -> None:  # noqa: F811
    pane = make_pane(online=lambda: False)
    pane.show_video(VIDEO_ID, tmp_path / "missing.mp4")
    assert pane.source_kind() == "offline"
    assert pane._youtube is None


def test_unreachable_youtube_says_so_and_how_to_watch_offline(
    qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer,  # noqa: F811
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(standin, "missing", {"/iframe_api"})
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    profile.setUrlRequestInterceptor(RedirectToStandin(standin.port, profile))
    with qtbot.waitSignal(pane.status_message, timeout=15_000) as status:
        pane.seek(VIDEO_ID, 131)
    assert "YouTube could not be reached" in str(status.args[0])
    text = pane.offline_card.visible_text()  # one card for offline and out of reach (issue 16)
    assert f"media/{VIDEO_ID}.mp4" in text and "Clicked time: 2:11" in text
    assert "Open in browser at this time" in text
    assert pane.position_ms() == 131_000  # the clicked time, for the browser link
    assert not pane.controls.play_button.isEnabled()
    js_errors = [r.getMessage() for r in caplog.records
                 if r.name == "lectern.video.js" and r.levelname == "ERROR"]
    assert all("404" in m for m in js_errors), js_errors  # only the failed script load
