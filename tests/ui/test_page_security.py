"""The note page's edges (issue 12): the scheme answers every request, only real user
clicks open anything, and the page's bridge cannot be torn down from the page."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtWebEngineCore import QWebEngineHttpRequest, QWebEnginePage, QWebEngineProfile
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.conftest_video import UrlCatcher, url_catcher  # noqa: F401 - a fixture
from tests.ui.conftest_video import VIDEO_ID, PaneFactory, make_pane, settings  # noqa: F401
from tests.ui.test_video_youtube import RedirectToStandin, ready_player, standin  # noqa: F401
from tests.ui.vaults import make_vault
from tests.ui.youtube_standin.server import StandinServer
from viewer.ui.note_view import PAGE_WORLD, note_profile, open_external
from viewer.ui.scheme import resource_name


@pytest.fixture
def profile() -> Iterator[QWebEngineProfile]:
    owner = QObject()
    yield note_profile(owner)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


BAD_URLS = [
    "lectern://app/page/note.css%00x",
    "lectern://app/page/../../pyproject.toml",
    "lectern://app/page/%2e%2e/%2e%2e/pyproject.toml",
    "lectern://app/page/%2E%2E%2F%2E%2E%2Fpyproject.toml",
    "lectern://app/" + "a/" * 30_000 + "x.css",
    "lectern://app/page/note%20.css",
    "lectern://app/page/",
    "lectern://app/",
    "lectern://app/page/no_such.css",
    "lectern://app/qwebchannel.js",  # pages get it injected, never by URL
    "lectern://evil/page/note.css",
    "lectern://open/page/note.css",
]


@pytest.mark.parametrize("url_str", BAD_URLS)
def test_bad_resource_urls_fail_cleanly(qtbot: QtBot, profile: QWebEngineProfile,
                                        url_str: str) -> None:
    page = QWebEnginePage(profile)
    with qtbot.waitSignal(page.loadFinished, timeout=10_000) as finished:
        page.load(QUrl(url_str))
    assert finished.args == [False]
    page.deleteLater()


def test_non_get_is_refused(qtbot: QtBot, profile: QWebEngineProfile) -> None:
    page = QWebEnginePage(profile)
    request = QWebEngineHttpRequest(QUrl("lectern://app/page/note.css"),
                                    QWebEngineHttpRequest.Method.Post)
    with qtbot.waitSignal(page.loadFinished, timeout=10_000) as finished:
        page.load(request)
    assert finished.args == [False]
    page.deleteLater()


def test_good_resource_url_loads(qtbot: QtBot, profile: QWebEngineProfile) -> None:
    page = QWebEnginePage(profile)
    with qtbot.waitSignal(page.loadFinished, timeout=10_000) as finished:
        page.load(QUrl("lectern://app/page/note.css"))
    assert finished.args == [True]
    page.deleteLater()


def test_resource_name_rules() -> None:
    assert resource_name(QUrl("lectern://app/page/note.css?x=1#y")) == "page/note.css"
    for url_str in BAD_URLS[:8]:
        assert resource_name(QUrl(url_str)) is None, url_str


# -- clicks: only a real one opens a web link --------------------------------------------

def real_click(qtbot: QtBot, view: Any, selector: str) -> None:
    """A real mouse click (through Qt's input, as a user's) at the element's centre."""
    rect = run_js(qtbot, view, f"""(function() {{
        const e = document.querySelector({selector!r});
        e.scrollIntoView({{block: "center"}});
        const r = e.getBoundingClientRect();
        return [r.left + r.width / 2, r.top + r.height / 2];
    }})()""")
    zoom = view.zoomFactor()
    target = view.focusProxy() or view
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(int(rect[0] * zoom), int(rect[1] * zoom)))


LINK = 'a[href="https://example.com/page"]'


def test_only_a_real_click_opens_a_web_link(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path,
        url_catcher: UrlCatcher, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    view = window.view
    caplog.set_level(logging.INFO, logger="lectern.page")
    # What a script in the page could try (notes cannot run script; the test injects it).
    run_js(qtbot, view, f"document.querySelector({LINK!r}).click()")
    run_js(qtbot, view, "setTimeout(function () {"
                        " location.href = 'https://example.org/timer'; }, 0)")
    run_js(qtbot, view, "setTimeout(function () { window.open('https://example.org/w'); }, 0)")
    run_js(qtbot, view, "(function () { const a = document.createElement('a');"
                        " a.href = 'https://example.org/made'; document.body.append(a);"
                        " a.click(); })()")
    run_js(qtbot, view, f"document.querySelector({LINK!r}).dispatchEvent("
                        "new MouseEvent('click', {bubbles: true, cancelable: true}))")
    # The timer's navigation did reach Python, and was refused.
    qtbot.waitUntil(lambda: "refused navigation to https://example.org/timer" in caplog.text,
                    timeout=5000)
    qtbot.wait(1000)
    assert url_catcher.urls == []
    assert page_text(qtbot, view, "#page-title") == "Alpha Study"  # nothing navigated
    # The bridge is not in the page's world: a page script cannot call open_link.
    assert run_js(qtbot, view, "typeof qt") == "undefined"

    real_click(qtbot, view, LINK)
    qtbot.waitUntil(lambda: url_catcher.urls == ["https://example.com/page"], timeout=5000)
    assert page_text(qtbot, view, "#page-title") == "Alpha Study"


def test_external_opens_only_web_links(url_catcher: UrlCatcher) -> None:  # noqa: F811
    assert not open_external("file:///etc/passwd")
    assert not open_external("javascript:alert(1)")
    assert not open_external("lectern://open/x")
    assert open_external("https://example.com/a")
    assert url_catcher.urls == ["https://example.com/a"]


# -- the bridge ------------------------------------------------------------------------

def test_page_cannot_delete_the_bridge(make_window: WindowFactory, qtbot: QtBot,
                                       tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    view = window.view
    # Even our own world (the only one that sees it) cannot tear the bridge down. A second
    # channel client calls deleteLater. It talks through a proxy transport that moves its
    # call ids to 1e6 and up, so its answers and note.js's (whose ids count from 0 too)
    # never reach the wrong client; everything else still goes to note.js.
    view.page().runJavaScript("""(function () {
        const transport = qt.webChannelTransport, noteClient = transport.onmessage;
        const OFFSET = 1000000;
        const proxy = {
            send: function (text) {
                const data = JSON.parse(text);
                if (typeof data.id === "number") { data.id += OFFSET; }
                transport.send(JSON.stringify(data));
            },
        };
        transport.onmessage = function (message) {
            const data = typeof message.data === "string" ? JSON.parse(message.data) : message.data;
            if (data.type === 10 && typeof data.id === "number" && data.id >= OFFSET) {
                data.id -= OFFSET;
                proxy.onmessage({data: JSON.stringify(data)});
            } else {
                noteClient(message);
            }
        };
        new QWebChannel(proxy, function (channel) {
            channel.objects.bridge.deleteLater(function () { window.deleteCalled = true; });
        });
    })()""", PAGE_WORLD)
    qtbot.waitUntil(lambda: run_js_world(qtbot, view, "window.deleteCalled === true"),
                    timeout=5000)
    qtbot.wait(300)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.open_note("sub/beta.md")
    wait_painted(qtbot, window)
    assert page_text(qtbot, view, "#page-title") == "Beta Notes"


def run_js_world(qtbot: QtBot, view: Any, code: str) -> Any:
    """Run `code` in our page code's isolated world and return its result."""
    box: list[Any] = []
    view.page().runJavaScript(code, PAGE_WORLD, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return box[0]


# -- the YouTube player page: scripts from YouTube's hosts only ------------------------

def test_player_page_runs_youtube_api_but_no_other_script(
        qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer,  # noqa: F811
        caplog: pytest.LogCaptureFixture) -> None:
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    interceptor = RedirectToStandin(standin.port, profile)
    profile.setUrlRequestInterceptor(interceptor)
    pane.show_video(VIDEO_ID, None)
    player = ready_player(qtbot, pane)  # YouTube's API (the stand-in) loaded under the CSP
    page = player.page()
    assert page is not None

    def page_js(code: str) -> Any:
        box: list[Any] = []
        page.runJavaScript(code, 0, box.append)
        qtbot.waitUntil(lambda: bool(box), timeout=5000)
        return box[0]

    page_js("""(function () {
        const inline = document.createElement("script");
        inline.textContent = "window.inlineRan = true;";
        document.head.append(inline);
        const other = document.createElement("script");
        other.src = "https://127.0.0.1:%d/iframe_api";
        other.onerror = function () { window.otherBlocked = true; };
        document.head.append(other);
        return 1;
    })()""" % standin.port)
    qtbot.waitUntil(lambda: page_js("window.otherBlocked === true"), timeout=5000)
    assert page_js("window.inlineRan === true") is False
    assert page_js("(function () { try { eval('1'); return 'ran'; }"
                   " catch (e) { return 'blocked'; } })()") == "blocked"
    refused = [r.getMessage() for r in caplog.records if r.name == "lectern.video.js"
               and "Content Security Policy" in r.getMessage()]
    assert len(refused) >= 2, refused  # the inline script and the other host
    assert not interceptor.blocked


def test_player_page_words_are_not_shown(
        qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer) -> None:  # noqa: F811
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    profile.setUrlRequestInterceptor(RedirectToStandin(standin.port, profile))
    pane.show_video(VIDEO_ID, None)
    player = ready_player(qtbot, pane)
    page = player.page()
    assert page is not None
    # What YouTube's script (it shares the page) could send: odd numbers, words, deleteLater.
    page.runJavaScript("""new QWebChannel(qt.webChannelTransport, function (c) {
        c.objects.bridge.progress(1e308, 1e308);
        c.objects.bridge.player_ready(-1e308);
        c.objects.bridge.api_failed('<img src="/dev/zero">');
        c.objects.bridge.deleteLater();
    });""")
    # Out of reach: the offline card, in its own words (issue 16: one card, one wording).
    qtbot.waitUntil(lambda: "YouTube cannot be reached" in pane.offline_card.visible_text(),
                    timeout=5000)
    assert "<img" not in pane.offline_card.visible_text() + pane.message_card.visible_text()
    qtbot.wait(300)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    pane.seek(VIDEO_ID, 30)  # the bridge is still there: signals still reach the page


def test_player_page_scripts_open_nothing(
        qtbot: QtBot, make_pane: PaneFactory, standin: StandinServer,  # noqa: F811
        url_catcher: UrlCatcher, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    caplog.set_level(logging.INFO, logger="lectern.video")
    pane = make_pane(online=lambda: True)
    profile = pane.player_profile()
    profile.setUrlRequestInterceptor(RedirectToStandin(standin.port, profile))
    pane.show_video(VIDEO_ID, None)
    page = ready_player(qtbot, pane).page()
    assert page is not None
    page.runJavaScript("setTimeout(function () { location.href = 'https://example.org/p'; }, 0);"
                       "window.open('https://www.youtube.com/watch?v=x');")
    qtbot.waitUntil(lambda: "refused main-frame navigation to https://example.org/p"
                    in caplog.text, timeout=5000)
    qtbot.wait(500)
    assert url_catcher.urls == []
