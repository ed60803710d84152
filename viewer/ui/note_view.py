"""The note pane: a locked-down QWebEngineView showing rendered notes and topic pages.

Python talks to the page only through `Bridge` (a QWebChannel object). The page's own code
(`resources/page/note.js`, with qwebchannel.js) runs in an isolated JavaScript world: the
page's main world runs no script at all (its CSP says `script-src 'none'`), and a script
that ever ran there could neither see the bridge nor fake a user's click. Our link kinds
navigate and `NotePage.acceptNavigationRequest` turns them into signals; web links open in
the system browser only when note.js reports a real (trusted) click through the bridge;
every other navigation is refused.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from viewer import resources
from viewer.ui import external
from viewer.ui.page_object import PageObject, qwebchannel_js
from viewer.ui.page_watchdog import PageWatchdog
from viewer.ui.scheme import PAGE_URL, install_handler

log = logging.getLogger("lectern.page")
js_log = logging.getLogger("lectern.js")
# The isolated world our page code runs in (the page's main world runs none).
PAGE_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
# Web links a real click may open in the system browser.
EXTERNAL_SCHEMES = ("http", "https", "mailto")


class Bridge(PageObject):
    """The whole contract between Python and the note page.

    Signals:
        render_requested(str): JSON payload of a note or topic page to show.
        highlight_requested(int, bool): highlight the passage of timestamp n (-1: none); scroll?
        scroll_requested(str): scroll to a heading anchor.
        theme_requested(str): "light" or "dark".
        duration_requested(int): the video's length in seconds: chips past it are flagged.
        ready(): the page is loaded and listening.
        painted(int): the payload with this token is in the DOM and painted.
        more_requested(int): a topic page's "Show more" button: pages shown so far.
        link_clicked(str): the user clicked a web link (URL string, not yet checked).
        match_requested(str, str): mark and scroll to the first `text` of the page, preferring
            the block that holds the passage `context` (a search hit).
        scrolled(int, int, str): scrolling paused on payload `token`: its scroll offset in
            CSS px, and the id of the heading of the section at the top ("" before any).
        math_requested(): the page shows math and has no KaTeX yet (issue 15).
    """

    render_requested = Signal(str)
    highlight_requested = Signal(int, bool)
    scroll_requested = Signal(str)
    theme_requested = Signal(str)
    duration_requested = Signal(int)
    ready = Signal()
    painted = Signal(int)
    more_requested = Signal(int)
    link_clicked = Signal(str)
    match_requested = Signal(str, str)
    scrolled = Signal(int, int, str)
    math_requested = Signal()

    @Slot()
    def math_wanted(self) -> None:
        """Called by the page, once per load, when a note has math to typeset."""
        self.math_requested.emit()

    @Slot()
    def page_ready(self) -> None:
        """Called by the page once its channel is connected."""
        self.ready.emit()

    @Slot(int)
    def show_more(self, pages: int) -> None:
        """Called by a topic page's "Show more" button."""
        self.more_requested.emit(pages)

    @Slot(int)
    def rendered(self, token: int) -> None:
        """Called by the page two animation frames after it showed payload `token`."""
        self.painted.emit(token)

    @Slot(int, int, str)
    def scrolled_to(self, token: int, y: int, heading: str) -> None:
        """Called by the page when scrolling pauses (and once a payload is painted)."""
        self.scrolled.emit(token, y, heading)

    @Slot(str)
    def open_link(self, url_str: str) -> None:
        """Called by the page for a trusted click on a web link (note.js checks isTrusted;
        only our isolated world holds the bridge)."""
        self.link_clicked.emit(url_str)


class _LocalOnly(QWebEngineUrlRequestInterceptor):
    """Blocks every subresource that is not ours: notes never load remote content."""

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        if info.requestUrl().scheme() not in ("lectern", "qrc", "data"):
            info.block(True)


class NotePage(QWebEnginePage):
    """Deny-by-default navigation.

    Signals:
        open_requested(str, str): a wiki link: target slug, heading ("" if none).
        seek_requested(str, int): a timestamp chip: video id ("" if none), seconds.
        console_error(str): a JavaScript error in the page.
    """

    open_requested = Signal(str, str)
    seek_requested = Signal(str, int)
    console_error = Signal(str)

    def acceptNavigationRequest(  # type: ignore[override]  # Qt always passes a QUrl
            self, url: QUrl, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool) -> bool:
        if url.scheme() == "lectern":
            if url.host() == "app" and url.path() == PAGE_URL.path():
                return nav_type != QWebEnginePage.NavigationType.NavigationTypeLinkClicked
            if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
                self._our_link(url)
            return False
        # Web links never open from a navigation: a script can make those (location.href,
        # a synthetic a.click()); real clicks come through `Bridge.open_link` instead.
        log.info("refused navigation to %s", url.toString()[:200])
        return False

    def _our_link(self, url: QUrl) -> None:
        encoded = url.path(QUrl.ComponentFormattingOption.FullyEncoded)
        parts = [p for p in encoded.split("/") if p]
        if url.host() == "open" and parts:
            self.open_requested.emit(QUrl.fromPercentEncoding(parts[0].encode()),
                                     QUrl.fromPercentEncoding(url.fragment().encode()))
        elif url.host() == "seek" and len(parts) == 2 and parts[1].isdigit():
            self.seek_requested.emit("" if parts[0] == "-" else parts[0], int(parts[1]))

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel,
                                 message: str, line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            js_log.error("%s:%d: %s", source, line, message)
            self.console_error.emit(message)
        else:
            js_log.debug("%s:%d: %s", source, line, message)

    def createWindow(  # type: ignore[override]  # None (nullptr) is what refuses a window
            self, _type: QWebEnginePage.WebWindowType) -> None:
        return None  # no pop-ups


def _script(name: str, source: str, point: QWebEngineScript.InjectionPoint) -> QWebEngineScript:
    script = QWebEngineScript()
    script.setName(name)
    script.setSourceCode(source)
    script.setInjectionPoint(point)
    script.setWorldId(PAGE_WORLD)
    script.setRunsOnSubFrames(False)
    return script


def _page_scripts() -> list[QWebEngineScript]:
    """qwebchannel.js and note.js, for our isolated world."""
    points = QWebEngineScript.InjectionPoint
    return [_script("qwebchannel", qwebchannel_js(), points.DocumentCreation),
            _script("lectern-note", resources.read_text("page/note.js"), points.DocumentReady)]


def open_external(url_str: str) -> bool:
    """Open a web link the user clicked in the system browser; False if it is not one.

    Only http, https and mailto URLs are opened (others are logged and dropped).
    """
    url = QUrl(url_str)
    if not url.isValid() or url.scheme() not in EXTERNAL_SCHEMES:
        log.info("refused to open %s", url_str[:200])
        return False
    external.open_url(url)  # in the user's environment, not the bundle's
    return True


def note_profile(parent: QObject) -> QWebEngineProfile:
    """An off-the-record profile for note pages: our scheme, no remote loads, no disk."""
    profile = QWebEngineProfile(parent)
    install_handler(profile, profile)
    interceptor = _LocalOnly(profile)
    profile.setUrlRequestInterceptor(interceptor)
    settings = profile.settings()
    off = (QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls,
           QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls,
           QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows,
           QWebEngineSettings.WebAttribute.PluginsEnabled,
           QWebEngineSettings.WebAttribute.PdfViewerEnabled,
           QWebEngineSettings.WebAttribute.HyperlinkAuditingEnabled,
           QWebEngineSettings.WebAttribute.XSSAuditingEnabled)
    for attribute in off:
        settings.setAttribute(attribute, False)
    return profile


class NoteView(QWebEngineView):
    """Shows payloads (see `show_payload`); queues them until the page is ready. A crashed
    renderer is reloaded with the latest payload; a hung one is killed first (`watchdog`).

    Signals:
        open_requested(str, str), seek_requested(str, int): from the page's links.
        painted(int): payload `token` is painted.
        history_requested(int): mouse back (-1) or forward (+1) button over the page.
    """

    open_requested = Signal(str, str)
    seek_requested = Signal(str, int)
    painted = Signal(int)
    history_requested = Signal(int)

    def __init__(self, profile: QWebEngineProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._page = NotePage(profile, self)
        self.setPage(self._page)
        for script in _page_scripts():
            self._page.scripts().insert(script)
        self.bridge = Bridge(self)
        channel = QWebChannel(self._page)
        channel.registerObject("bridge", self.bridge)
        self._page.setWebChannel(channel, PAGE_WORLD)
        self._ready = False
        self._pending: list[tuple[Any, ...]] = []
        self._token = 0
        self._last_payload: dict[str, Any] | None = None
        self._theme = "light"
        self.last_painted = 0
        self.watchdog = PageWatchdog(self)
        self.bridge.ready.connect(self._on_ready)
        self.bridge.painted.connect(self._on_painted)
        self.bridge.link_clicked.connect(open_external)
        self.bridge.math_requested.connect(self._load_math)
        self._page.open_requested.connect(self.open_requested)
        self._page.seek_requested.connect(self.seek_requested)
        self._page.renderProcessTerminated.connect(self._on_crash)
        self.setContextMenuPolicy(self.contextMenuPolicy().NoContextMenu)
        self.load(PAGE_URL)

    def childEvent(self, event: QChildEvent) -> None:
        # The page's render widget gets the mouse events: watch each one added.
        if event.added() and isinstance(event.child(), QWidget):
            event.child().installEventFilter(self)
        super().childEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            button = event.button()  # type: ignore[attr-defined]
            if button in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
                self.history_requested.emit(-1 if button == Qt.MouseButton.BackButton else 1)
                return True
        return False

    def is_ready(self) -> bool:
        """Whether the page listens."""
        return self._ready

    def show_payload(self, payload: dict[str, Any]) -> int:
        """Show a note or topic page. Payload keys: kind, title, meta_html, html, anchor,
        ts_index, duration; scroll (CSS px: a visit's place) or find (a problem's line: dict
        of header, bad, text, anchor). Returns the token `painted` will carry."""
        return self._show(payload, restart=False)

    def _show(self, payload: dict[str, Any], restart: bool) -> int:
        self._token += 1
        payload = {**payload, "token": self._token}
        self._last_payload = payload
        payload_json = json.dumps(payload)
        self._send(self.bridge.render_requested, payload_json)
        self.watchdog.sent(self._token, restart, len(payload_json))
        return self._token

    def highlight(self, index: int, scroll: bool = True) -> None:
        """Highlight the passage of timestamp `index` (document order); -1 clears."""
        self._send(self.bridge.highlight_requested, index, scroll)

    def highlight_match(self, text: str, context: str = "") -> None:
        """Mark the first `text` on the page (in the block holding `context`, if one does)
        and scroll it to the middle of the view; a later page or match clears the mark."""
        self._send(self.bridge.match_requested, text, context)

    def scroll_to(self, anchor: str) -> None:
        """Scroll to a heading anchor."""
        self._send(self.bridge.scroll_requested, anchor)

    def flag_past(self, seconds: int) -> None:
        """Flag the chips whose time lies past the end of the video (`seconds` long)."""
        self._send(self.bridge.duration_requested, seconds)

    def set_theme(self, theme: str) -> None:
        """"light" or "dark"."""
        self._theme = theme
        self._send(self.bridge.theme_requested, theme)

    def _load_math(self) -> None:
        # KaTeX (vendored, resources/katex) into our world only for pages with math; the
        # page typesets once it is there (note.js `lecternTypeset`).
        source = resources.read_text("katex/katex.min.js")
        self._page.runJavaScript(source + "\n;window.lecternTypeset && window.lecternTypeset();",
                                 PAGE_WORLD)

    def _on_painted(self, token: int) -> None:
        self.last_painted = max(self.last_painted, token)
        self.watchdog.painted(token)
        self.painted.emit(token)

    def _send(self, signal: Any, *args: Any) -> None:
        if self._ready:
            signal.emit(*args)
        else:
            self._pending.append((signal, args))

    def _on_ready(self) -> None:
        self._ready = True
        pending, self._pending = self._pending, []
        self.bridge.theme_requested.emit(self._theme)
        renders = [p for p in pending if p[0] is self.bridge.render_requested]
        for signal, args in pending:
            if signal is self.bridge.render_requested and (signal, args) != renders[-1]:
                continue  # only the latest page matters
            signal.emit(*args)

    def _on_crash(self, status: QWebEnginePage.RenderProcessTerminationStatus, code: int) -> None:
        log.warning("note page renderer ended (%s, %d); reloading", status, code)
        self._ready = False
        self._pending = []
        self.load(PAGE_URL)
        if self._last_payload is not None:  # shown again, with a new token, once it is up
            payload = {k: v for k, v in self._last_payload.items() if k != "token"}
            self._show({**payload, "keep": False}, restart=True)
