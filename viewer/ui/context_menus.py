"""Right-click menus: on the page (a timestamp chip, a wiki link, a web link, anywhere) and on
tree rows. The page's menu reads what was clicked from QWebEngineView's own context-menu
request (`lastContextMenuRequest`: link URL, selection), not from page script.

Labels that quote note text are plain text in Qt menus (an `&` would become a mnemonic, so
it is doubled); titles are capped.
"""

from __future__ import annotations

import logging
import os
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWebEngineCore import QWebEnginePage
from PySide6.QtWidgets import QMenu

from viewer.core.timecode import format_time, is_video_id, youtube_url
from viewer.ui.listing_view import LISTING_KINDS, open_listing
from viewer.ui.tree_model import KIND_ROLE
from viewer.ui.external import open_or_copy, open_url

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.window")


@dataclass(frozen=True)
class PageSpot:
    """What the pointer was on when the page's menu was asked for."""

    link_url_str: str = ""
    selected_text: str = ""


def menu_text(text: str, limit: int = 60) -> str:
    """Note text as a menu label: capped, and `&` kept literal (not a mnemonic)."""
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[:limit - 1] + "…"
    return text.replace("&", "&&")


def _copy(window: MainWindow, text: str, what: str) -> None:
    QGuiApplication.clipboard().setText(text)
    window.statusBar().showMessage(f"Copied {what}", 5000)


def page_menu(window: MainWindow, spot: PageSpot) -> QMenu:
    """The page's menu for `spot`: a chip plays or copies its time; a wiki link opens or
    copies; a web link opens in the browser or copies; then Copy, Select All and "Open in
    External Editor" for the note shown."""
    menu = QMenu(window.view)
    url = QUrl(spot.link_url_str) if spot.link_url_str else QUrl()
    parts = [p for p in url.path(QUrl.ComponentFormattingOption.FullyEncoded).split("/") if p]
    if url.scheme() == "lectern" and url.host() == "seek" and len(parts) == 2 and parts[1].isdigit():
        video_id, seconds = ("" if parts[0] == "-" else unquote(parts[0])), int(parts[1])
        when = format_time(seconds)
        menu.addAction(f"Play from {when}", lambda: window.seek(video_id, seconds))
        menu.addAction("Play This Passage", lambda: window.study.play_chip(video_id, seconds))
        copy = menu.addAction(f"Copy Link at {when}",
                              lambda: _copy(window, youtube_url(video_id, seconds), "the link"))
        copy.setEnabled(is_video_id(video_id))
        menu.addSeparator()
    elif url.scheme() == "lectern" and url.host() == "open" and parts:
        target = QUrl.fromPercentEncoding(parts[0].encode())
        anchor = QUrl.fromPercentEncoding(url.fragment().encode())
        menu.addAction("Open", lambda: window.open_target(target, anchor))
        written = f"[[{target}#{anchor}]]" if anchor else f"[[{target}]]"
        menu.addAction(f"Copy Link {menu_text(written)}", lambda: _copy(window, written, written))
        menu.addSeparator()
    elif url.scheme() in ("http", "https", "mailto"):
        link = url.toString()
        menu.addAction("Open in Browser", lambda: _open_web(window, link))
        menu.addAction("Copy Link Address", lambda: _copy(window, link, "the link address"))
        menu.addSeparator()
    copy_action = menu.addAction("Copy", lambda: window.view.triggerPageAction(
        QWebEnginePage.WebAction.Copy))
    copy_action.setEnabled(bool(spot.selected_text))
    menu.addAction("Select All", lambda: window.view.triggerPageAction(
        QWebEnginePage.WebAction.SelectAll))
    note = window._note
    if note is not None and window.vault is not None:
        menu.addSeparator()
        path = window.vault / note.path
        menu.addAction("Open Note in External Editor", lambda: open_in_editor(window, path))
    return menu


def _open_web(window: MainWindow, link: str) -> None:
    opened, words = open_or_copy(link)
    if not opened:
        window.statusBar().showMessage(words, 10000)


def open_in_editor(window: MainWindow, path: Path) -> bool:
    """Open `path` in $VISUAL or $EDITOR if set, else with the desktop's default application;
    says in the status bar when neither can be started."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    started = False
    try:
        command = shlex.split(editor)
    except ValueError:
        command = []
    if command:
        try:
            from viewer.ui.external import start_detached
        except ImportError:  # pragma: no cover - the launcher ships with the app
            start_detached = None  # type: ignore[assignment]
        if start_detached is not None:
            started = start_detached(command[0], [*command[1:], str(path)])
    if not started:
        started = open_url(QUrl.fromLocalFile(str(path)).toString())
    window.statusBar().showMessage(
        f"Opened {path.name} in {command[0] if command and started else 'your editor'}"
        if started else f"No editor could be started for {path}: set $VISUAL or $EDITOR.", 8000)
    return started


def reveal(window: MainWindow, path: Path) -> bool:
    """Show `path`'s folder in the file manager."""
    folder = path if path.is_dir() else path.parent
    ok = open_url(QUrl.fromLocalFile(str(folder)).toString())
    if not ok:
        window.statusBar().showMessage(f"No file manager could be started for {folder}", 8000)
    return ok


def tree_menu(window: MainWindow, node: Any) -> QMenu | None:
    """The menu of a tree row: open it; for notes and folders also reveal, copy the path and
    (notes) open in the external editor."""
    if node is None or node.kind in ("group", "root", "empty") or window.vault is None:
        return None
    menu = QMenu(window.tree)
    kind, key = node.kind, node.key
    if kind == "note":
        menu.addAction("Open", lambda: window.open_note(key))
    elif kind == "topic":
        menu.addAction("Open Topic Page", lambda: window.open_topic(key))
    elif kind in LISTING_KINDS:
        menu.addAction("Open Page", lambda: open_listing(window, kind, key))
    if kind in ("note", "folder"):
        full = window.vault / key
        if kind == "note":
            menu.addAction("Open in External Editor", lambda: open_in_editor(window, full))
        menu.addAction("Reveal in File Manager", lambda: reveal(window, full))
        menu.addAction("Copy Path", lambda: _copy(window, str(full), str(full)))
    return menu


def install_menus(window: MainWindow) -> None:
    """Right-click menus on the note page and the tree of `window`."""
    view = window.view
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def on_page(pos: QPoint) -> None:
        request = view.lastContextMenuRequest()
        spot = PageSpot(request.linkUrl().toString() if request is not None else "",
                        request.selectedText() if request is not None else "")
        menu = page_menu(window, spot)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(view.mapToGlobal(pos))

    view.customContextMenuRequested.connect(on_page)
    tree = window.tree
    tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def on_tree(pos: QPoint) -> None:
        index = tree.indexAt(pos)
        node = index.internalPointer() if index.isValid() and index.data(KIND_ROLE) else None
        menu = tree_menu(window, node)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(tree.viewport().mapToGlobal(pos))

    tree.customContextMenuRequested.connect(on_tree)
