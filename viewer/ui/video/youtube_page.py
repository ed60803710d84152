"""The web side of the YouTube player: its profile, its locked-down page and its bridge.

The page is `resources/player/player.html`, loaded with `setHtml` under the base URL
`APP_ORIGIN + "/player"`. YouTube refuses embeds without a referrer or from an opaque
origin (errors 150/152/153); a page loaded that way has a real https origin and sends
`Referer: APP_ORIGIN/` to the embed. The origin must not be YouTube's own (that is refused
too); it is the app's reverse-DNS id, `org.lectern.viewer`, which names no real host, so
it claims no one else's site and nothing is ever fetched from it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
)

from viewer import resources
from viewer.ui import external
from viewer.core.timecode import YOUTUBE_HOSTS
from viewer.ui.page_object import PageObject, qwebchannel_js

log = logging.getLogger("lectern.video")
js_log = logging.getLogger("lectern.video.js")

APP_ID = "org.lectern.viewer"
APP_ORIGIN = f"https://{APP_ID}"
PLAYER_URL_STR = f"{APP_ORIGIN}/player"
# Hosts the player's iframe may show: YouTube's embed hosts.
EMBED_HOSTS = YOUTUBE_HOSTS | {"www.youtube-nocookie.com", "youtube-nocookie.com"}


class PlayerBridge(PageObject):
    """The whole contract between Python and `resources/player/player.js`.

    YouTube's script runs in the same page and can call these slots too: what they carry is
    untrusted (numbers are checked by the player, strings are never shown).

    Python calls the page by emitting the `do_*` signals; the page calls the slots, which
    re-emit them as the Python-side signals below. Arguments travel as JSON through
    QWebChannel, never pasted into code.

    Signals:
        do_load(str video_id, int start_seconds, bool autoplay): page: cue or load a video.
        do_seek(float seconds): page: seekTo(seconds, true).
        do_play(): page: playVideo().
        do_pause(): page: pauseVideo().
        do_rate(float rate): page: setPlaybackRate(rate).
        do_volume(int volume): page: setVolume(0-100).
        do_mute(bool muted): page: mute() or unMute().
        page_loaded(): the page's script runs and listens to the do_* signals.
        player_loaded(float duration): the YouTube player is ready (duration in seconds).
        state_reported(int state): a YT.PlayerState value.
        progress_reported(float seconds, float duration): position while playing.
        error_reported(int code): a YouTube player error code.
        api_unreachable(str reason): the IFrame API script could not be loaded (the reason
            comes from the page: for the log only).
    """

    do_load = Signal(str, int, bool)
    do_seek = Signal(float)
    do_play = Signal()
    do_pause = Signal()
    do_rate = Signal(float)
    do_volume = Signal(int)
    do_mute = Signal(bool)

    page_loaded = Signal()
    player_loaded = Signal(float)
    state_reported = Signal(int)
    progress_reported = Signal(float, float)
    error_reported = Signal(int)
    api_unreachable = Signal(str)

    @Slot()
    def page_ready(self) -> None:
        """Called by the page once it listens."""
        self.page_loaded.emit()

    @Slot(float)
    def player_ready(self, duration: float) -> None:
        """Called by the page when the YouTube player is ready."""
        self.player_loaded.emit(duration)

    @Slot(int)
    def state_changed(self, state: int) -> None:
        """Called by the page on a YouTube state change."""
        self.state_reported.emit(state)

    @Slot(float, float)
    def progress(self, seconds: float, duration: float) -> None:
        """Called by the page about 4 times a second while playing."""
        self.progress_reported.emit(seconds, duration)

    @Slot(int)
    def player_error(self, code: int) -> None:
        """Called by the page on a YouTube player error."""
        self.error_reported.emit(code)

    @Slot(str)
    def api_failed(self, reason: str) -> None:
        """Called by the page when the IFrame API script fails to load."""
        self.api_unreachable.emit(reason)


def make_profile(parent: QObject) -> QWebEngineProfile:
    """An off-the-record profile for the player alone (tests put their interceptor on it)."""
    profile = QWebEngineProfile(parent)
    settings = profile.settings()
    settings.setAttribute(QWebEngineSettings.WebAttribute.AutoLoadIconsForPage, False)
    settings.setAttribute(QWebEngineSettings.WebAttribute.PlaybackRequiresUserGesture, False)
    settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
    settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
    settings.setAttribute(QWebEngineSettings.WebAttribute.FocusOnNavigationEnabled, False)
    return profile


def _script(name: str, source: str, point: QWebEngineScript.InjectionPoint) -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName(name)
    script.setSourceCode(source)
    script.setInjectionPoint(point)
    script.setWorldId(QWebEngineScript.ScriptWorldId.MainWorld)
    script.setRunsOnSubFrames(False)
    return script


class PlayerPage(QWebEnginePage):
    """The player page: our HTML and script, YouTube's iframe, nothing else.

    Navigation is deny-by-default: the main frame only ever shows our page (YouTube links
    that want it open in the system browser instead); subframes may show YouTube's embed
    hosts (and where those redirect); links that want a new window open in the system
    browser when the user clicked them. Console messages go to the `lectern.video.js`
    logger (errors as errors, so tests can fail on them).
    """

    def __init__(self, profile: QWebEngineProfile, bridge: PlayerBridge, parent: QObject) -> None:
        super().__init__(profile, parent)
        self._channel = QWebChannel(self)
        self._channel.registerObject("bridge", bridge)
        self.setWebChannel(self._channel)
        scripts = self.scripts()
        points = QWebEngineScript.InjectionPoint
        scripts.insert(_script("qwebchannel", qwebchannel_js(), points.DocumentCreation))
        scripts.insert(
            _script(
                "lectern-player",
                resources.read_text("player/player.js"),
                points.DocumentReady,
            )
        )
        self.newWindowRequested.connect(self._on_new_window)

    def load_player(self) -> None:
        """(Re)load the player page under our https origin."""
        self.setHtml(resources.read_text("player/player.html"), QUrl(PLAYER_URL_STR))

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if is_main_frame:
            # setHtml arrives as a data: URL (Chromium refuses pages navigating to data:).
            if url.scheme() == "data":
                return True
            log.info("player page: refused main-frame navigation to %s", url.toString()[:200])
            # YouTube's links that leave the embed (target=_top) go to the browser; a script
            # in the page (YouTube's API shares it) cannot send the user anywhere else.
            if url.scheme() == "https" and url.host().lower() in YOUTUBE_HOSTS:
                external.open_url(url)
            return False
        if url.host().lower() in EMBED_HOSTS or url.scheme() == "about":
            return True
        # A redirect of an embed we allowed is the embed host's own decision.
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeRedirect:
            return True
        log.info("player page: refused frame navigation to %s", url.toString())
        return False

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        levels = QWebEnginePage.JavaScriptConsoleMessageLevel
        py_level = {
            levels.InfoMessageLevel: logging.DEBUG,
            levels.WarningMessageLevel: logging.WARNING,
            levels.ErrorMessageLevel: logging.ERROR,
        }.get(level, logging.INFO)
        js_log.log(py_level, "%s (%s:%d)", message, source, line)

    def _on_new_window(self, request: QWebEngineNewWindowRequest) -> None:
        url = request.requestedUrl()
        if not request.isUserInitiated():  # a script's window.open, not a click
            log.info("player page: refused a window for %s", url.toString()[:200])
        elif url.scheme() in ("http", "https"):
            log.info("opening %s in the browser", url.toString())
            external.open_url(url)
