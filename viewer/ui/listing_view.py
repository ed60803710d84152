"""Video, channel and tag pages in the window: prepared off the UI thread, shown in the note
pane with the side panels and the video pane saying what they hold.

A listing is a history place like a note or a topic (`Place("video", id)`, `"channel"`,
`"tag"`); its result is shown only if it is still the current place and no note or topic
is being prepared, so a later click always wins.
"""

from __future__ import annotations

import html
import itertools
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.core.index import LinkIndex
from viewer.core.listing import (
    PAGE_SIZE,
    count_notes,
    first_notes,
    newest_first,
    passages,
    video_stamps,
)
from viewer.core.vault import read_note
from viewer.render.listing_pages import channel_payload, passages_html, video_payload
from viewer.render.pages import notice_payload
from viewer.ui.history import Place
from viewer.ui.page_video import show_topic_video
from viewer.ui.place import window_title
from viewer.ui.render_worker import call_on_ui_thread
from viewer.ui.states import wire_states
from viewer.ui.video import Marker

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.window")
LISTING_KINDS = ("video", "channel", "tag")
LOADING_AFTER_MS = 150
MAX_MARKERS = 2000
_SECTION = re.compile(r'<h([23]) id="([^"<>]*)">(.*?)</h[23]>')
_TAG = re.compile(r"<[^>]*>")
_H3 = re.compile(r"<h3>")


@dataclass(frozen=True)
class ListingOpening:
    """A listing page to show: "video" / "channel" / "tag" and its key ("" for the notes
    without a channel), `pages` pages of PAGE_SIZE rows; `keep`: a reload (scroll kept)."""

    kind: str
    key: str
    pages: int = 1
    keep: bool = False


def split_target(target: str) -> tuple[str, str] | None:
    """("video", id) for a link target "video:<id>" (also "channel:", "tag:"), else None.
    No slug holds a ":", so these never shadow a note."""
    kind, colon, key = target.partition(":")
    return (kind, key) if colon and kind in LISTING_KINDS else None


class ListingLoader(QObject):
    """Prepares listing pages on a thread, the latest request only.

    Signals:
        ready(object, object): ListingOpening, payload (dict) — `outline` rows and `markers`
            ride along in the payload.
        loading(object): the opening is still being prepared LOADING_AFTER_MS later.
    """

    ready = Signal(object, object)
    loading = Signal(object)

    def __init__(self, index: LinkIndex, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.root: Path | None = None
        self._request = 0
        self._opening: ListingOpening | None = None
        self._shown: ListingOpening | None = None
        self._video_pages: dict[tuple[str, int], str] = {}  # (video, page) -> its HTML
        self._timer = QTimer(self, singleShot=True, interval=LOADING_AFTER_MS)
        self._timer.timeout.connect(lambda: self._opening and self.loading.emit(self._opening))

    def open(self, opening: ListingOpening) -> None:
        """Prepare `opening`; `ready` follows unless another request comes first."""
        self._request += 1
        request, index, root = self._request, self.index, self.root
        self._opening = opening
        if not opening.keep:
            self._timer.start()
            self._video_pages.clear()
        cached = dict(self._video_pages)

        def work() -> None:
            for _attempt in range(3):
                try:
                    payload = build(index, root, opening, cached)
                    break
                except RuntimeError:  # the index changed under us: try again
                    continue
                except Exception as exc:  # noqa: BLE001 - shown on the page, not lost
                    log.exception("could not prepare the %s page %r", opening.kind, opening.key)
                    payload = notice_payload(opening.kind.title(), opening.key,
                                             f"This page could not be prepared ({exc}).",
                                             "render-error")
                    break
            else:
                return
            call_on_ui_thread(lambda: self._arrived(request, opening, payload))

        threading.Thread(target=work, name="lectern-listing", daemon=True).start()

    def _arrived(self, request: int, opening: ListingOpening, payload: dict[str, Any]) -> None:
        if request != self._request:
            return
        self._timer.stop()
        self._opening = None
        self._shown = opening
        self._video_pages.update(payload.pop("video_pages", {}))
        self.ready.emit(opening, payload)

    def cancel(self) -> None:
        """Forget the request in progress (a note or topic was asked for)."""
        self._request += 1
        self._opening = None
        self._timer.stop()

    def pending(self) -> ListingOpening | None:
        """The opening being prepared, if any."""
        return self._opening

    def shown(self) -> ListingOpening | None:
        """The listing last shown."""
        return self._shown


def build(index: LinkIndex, root: Path | None, opening: ListingOpening,
          cached: dict[tuple[str, int], str]) -> dict[str, Any]:
    """The payload of a listing page (runs on a thread; reads the index and, for a video
    page, the notes of the passages not shown yet). Raises RuntimeError if the index
    changes meanwhile."""
    kind, key, pages = opening.kind, opening.key, max(1, opening.pages)
    if kind == "video":
        return _video(index, root, key, pages, cached)
    if kind == "tag":
        paths, title, page_kind = index.notes_of_tag(key), f"#{key}", "Tag"
    elif key:
        paths = index.notes_of_channel(key)
        title, page_kind = (_channel_label(index, paths) or key), "Channel"
    else:
        paths, title, page_kind = index.notes_without_channel(), "No channel", "No channel"
    groups = newest_first(index, paths)
    counts: dict[str, int] = {}
    for group in groups:
        if group.video_id:
            counts[group.video_id] = len(group.notes)
    shown = first_notes(groups, pages * PAGE_SIZE)
    payload = channel_payload(page_kind, title, "" if kind == "channel" and not key else
                              (f"[[{key}]]" if kind == "channel" else ""), shown, counts,
                              count_notes(groups), pages)
    payload["html"] = _with_ids(payload["html"])
    payload["outline"] = _outline(payload["html"])
    payload["why_no_backlinks"] = (
        "The notes of this channel link to it with their From: line; they are listed on "
        "the page." if kind == "channel" and key else
        "A generated page: the notes it lists are on the page itself.")
    return payload


def _channel_label(index: LinkIndex, paths: list[str]) -> str | None:
    record = index.note(paths[0]) if paths else None
    return record.channel_label if record is not None else None


def _video(index: LinkIndex, root: Path | None, video_id: str, pages: int,
           cached: dict[tuple[str, int], str]) -> dict[str, Any]:
    stamps = video_stamps(index, video_id)
    notes = [(path, record.title) for path in index.notes_citing_video(video_id)
             if (record := index.note(path)) is not None]
    parts, made = [], {}
    for page in range(pages):
        chunk = stamps[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]
        if not chunk:
            break
        text = cached.get((video_id, page))
        if text is None:
            if root is None:
                break
            text = made[(video_id, page)] = passages_html(
                video_id, passages(lambda path: read_note(root, path), chunk))
        parts.append(text)
    payload = video_payload(video_id, notes, [], len(stamps), pages)
    payload["html"] = payload["html"].replace(
        '<section class="group"><h2>Passages</h2>',
        '<section class="group"><h2>Passages</h2>' + "".join(parts), 1)
    payload["html"] = _with_ids(payload["html"])
    payload["outline"] = [(1, f"Notes on this video ({len(notes):,})", "video-notes"),
                          (1, f"Passages in time order ({len(stamps):,})", "passages")]
    payload["video_pages"] = made
    payload["markers"] = [(s.seconds, s.path, s.index, index.note(s.path))
                          for s in _spread(stamps, MAX_MARKERS)]
    payload["why_no_backlinks"] = "A video page: the notes on this video are listed on the page."
    return payload


def _spread(items: list[Any], limit: int) -> list[Any]:
    if len(items) <= limit:
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def _with_ids(text: str) -> str:
    """Sections get ids the Outline can scroll to ("-" in each: no note heading has one)."""
    counter = itertools.count(1)
    text = text.replace('<ul class="video-notes">', '<ul class="video-notes" id="video-notes">', 1)
    text = text.replace("<h2>Passages</h2>", '<h2 id="passages">Passages</h2>', 1)
    return _H3.sub(lambda _m: f'<h3 id="group-{next(counter)}">', text)


def _outline(text: str) -> list[tuple[int, str, str]]:
    """(level, text, anchor) of the page's `<h2 id>` / `<h3 id>` sections (linear regex)."""
    return [(int(m.group(1)) - 1, html.unescape(_TAG.sub("", m.group(3))).strip(), m.group(2))
            for m in _SECTION.finditer(text)]


# -- the window's side ---------------------------------------------------------------------

def open_listing(window: MainWindow, kind: str, key: str, record: bool = True,
                 pages: int = 1, keep: bool = False) -> None:
    """Show the listing page (kind, key) in `window`; returns at once."""
    if window.store is None:
        return
    window.pages.cancel()
    window.listings.root = window.store.root
    if record:
        window.history.visit(Place(kind, key))
        window._update_history_actions()
    window.listings.open(ListingOpening(kind, key, pages, keep))
    window._select_current()


def show_more(window: MainWindow, page: int) -> None:
    """A listing page's "Show more" (`page` = -pages shown; topic pages count up from 1)."""
    shown = window.listings.shown()
    place = window.history.current()
    if page >= 0 or shown is None or place is None or (place.kind, place.key) != (shown.kind, shown.key):
        return
    window.listings.open(ListingOpening(shown.kind, shown.key, -page + 1, keep=True))


def show_listing(window: MainWindow, opening: ListingOpening, payload: dict[str, Any]) -> None:
    """A listing page arrived: show it if it is still what the window is on."""
    place = window.history.current()
    if place is None or (place.kind, place.key) != (opening.kind, opening.key) \
            or window.pages.pending() is not None:
        return
    outline = payload.pop("outline", [])
    markers = payload.pop("markers", None)
    why = payload.pop("why_no_backlinks", "")
    if opening.keep:
        payload = {**payload, "keep": True}
    window._note = None
    payload = dict(payload)
    window.places.restore(window.history, opening.kind, opening.key, payload)  # Back: where it was
    token = window.view.show_payload(payload)
    window.places.shown(window.history, opening.kind, opening.key, token)
    window.setWindowTitle(window_title(str(payload.get("title") or opening.key), window.vault))
    window.outline.show_headings(outline)
    window.backlinks.show_message(why)
    if opening.kind == "video":
        _show_video_of_page(window, opening.key, markers or [])
    elif not opening.keep:  # a list of notes: no video of its own (a reload keeps it)
        show_topic_video(window, "This page has no video of its own",
                         "Open one of its notes to watch that note's video.")
    _select_row(window, opening.kind, opening.key)
    window.note_shown.emit(f"{opening.kind}:{opening.key}")


def _select_row(window: MainWindow, kind: str, key: str) -> None:
    """Highlight the page's channel or tag row (a scan of that group's rows), else none:
    the tree never keeps highlighting the page shown before."""
    from viewer.ui.tree_model import KEY_ROLE, KIND_ROLE

    model = window.model

    def child(parent: Any, kind: str, key: str) -> Any:
        for row in range(model.rowCount(parent) if parent.isValid() else 0):
            index = model.index(row, 0, parent)
            if index.data(KIND_ROLE) == kind and index.data(KEY_ROLE) == key:
                return index
        return None

    found = None
    if kind in ("channel", "tag"):
        found = child(model.group_index("channels" if kind == "channel" else "tags"), kind, key)
    elif kind == "video":  # under the channel of its first note
        paths = window.index.notes_of_video(key)
        record = window.index.note(paths[0]) if paths else None
        channel = child(model.group_index("channels"), "channel",
                        (record.channel or "") if record is not None else "")
        found = child(channel, "video", key) if channel is not None else None
    if found is not None:
        window.tree.setCurrentIndex(found)
        window.tree.scrollTo(found)
    else:
        window.tree.selectionModel().clear()


def _show_video_of_page(window: MainWindow, video_id: str, markers: list[Any]) -> None:
    """The video pane shows the page's video, with every note's timestamps as its own."""
    paths = window.index.notes_of_video(video_id)
    local = None
    if window.vault is not None and paths:
        from viewer.core.media import find_local_media

        record = window.index.note(paths[0])
        local = find_local_media(window.vault, window.vault / paths[0], video_id,
                                 record.video_field if record is not None else None,
                                 window.media.scan)
    if window.video.current_video() != video_id:
        window.video.show_video(video_id, local, f"Video {video_id}")
    else:
        window.video.header.set_title(f"Video {video_id}")
    window.video.set_markers([Marker(seconds, path, i, "", record.title if record else path)
                              for seconds, path, i, record in markers], [])


def show_listing_loading(window: MainWindow, opening: ListingOpening) -> None:
    """Still preparing after a moment: say so rather than leave the last page up."""
    place = window.history.current()
    if place is not None and (place.kind, place.key) == (opening.kind, opening.key):
        window._note = None
        window.view.show_payload(notice_payload(opening.kind.title(), opening.key, "Loading…"))


def wire_pages(window: MainWindow) -> None:
    """Give `window` its listing loader and connect it: tree rows of videos, channels and
    tags open their pages; a listing page's "Show more" asks for its next page."""
    window.listings = ListingLoader(window.index, window)
    window.listings.ready.connect(lambda opening, payload: show_listing(window, opening, payload))
    window.listings.loading.connect(lambda opening: show_listing_loading(window, opening))
    window.view.bridge.more_requested.connect(lambda page: show_more(window, page))

    def on_row(index: Any) -> None:
        node = index.internalPointer()
        if node is not None and node.kind in LISTING_KINDS:
            place = window.history.current()
            if place is None or (place.kind, place.key) != (node.kind, node.key):
                open_listing(window, node.kind, node.key)

    window.tree.activated.connect(on_row)
    window.tree.clicked.connect(on_row)
    wire_states(window)
    from viewer.ui.context_menus import install_menus  # it opens listings: imported late

    install_menus(window)
