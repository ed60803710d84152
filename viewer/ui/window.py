"""The main window: topic tree | note pane | video pane, all reading one LinkIndex."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
)

from viewer.core.context import passage_at
from viewer.core.index import IndexChange, LinkIndex
from viewer.core.media import find_local_media
from viewer.ui.video.media_watch import MediaWatch
from viewer.ui.video.study import Study
from viewer.core.note import Note
from viewer.core.slug import link_key, slugify, topic_slug
from viewer.core.store import NoteStore
from viewer.core.vault import LoadStats, is_note_file
from viewer.render.pages import note_payload, notice_payload
from viewer.render.renderer import RenderedNote
from viewer.ui import settings as prefs
from viewer.ui.history import History, Place
from viewer.ui.listing_view import LISTING_KINDS, open_listing, split_target
from viewer.ui.page_video import no_video_reason, seek_from_page, show_topic_video
from viewer.ui.layout import restore_window, save_window
from viewer.ui.markers import hover_texts, video_markers
from viewer.ui.note_view import NoteView, note_profile
from viewer.ui.page_loader import NoteOpening, Opening, PageLoader, TopicOpening
from viewer.ui.place import FollowMode, OutlineFollower, PlaceKeeper, select_row, window_title
from viewer.ui.scheme import allow_vault
from viewer.ui.recent import remember_vault
from viewer.ui.session import VaultSession
from viewer.ui.theme import apply_palette, is_dark
from viewer.ui.tree_model import KIND_ROLE
from viewer.ui.tree_nodes import plural
from viewer.ui.vault_errors import VaultErrors, folder_problem
from viewer.ui.window_ui import setup_ui

log = logging.getLogger("lectern.window")
MAX_OUTLINE = 1000  # headings listed in the Outline panel (5,000 rows took 110 ms)


class MainWindow(QMainWindow):
    """Lectern's window over one vault at a time.

    Signals:
        note_shown(str): a note (path) or topic ("topic:<slug>") was sent to the page.
        index_loaded(): the vault finished (re)indexing.
    """

    note_shown = Signal(str)
    index_loaded = Signal()
    view: NoteView  # built by setup_ui; declared here for the timer set up before it

    def __init__(self, settings: Any, online: Any = None) -> None:
        super().__init__()
        self.settings = settings
        self.index = LinkIndex()
        self.vault: Path | None = None
        self.store: NoteStore | None = None
        self.history = History()
        self.places = PlaceKeeper(settings)  # each visit's scroll offset, a problem's line
        self._note: Note | None = None
        self.session = VaultSession(self.index, self)
        self.media = MediaWatch(self)  # media/ listed once per vault load (issue 17)
        self.errors = VaultErrors(self)  # a vault or note that cannot be read, in words
        self._pending_open: tuple[str, str, int | None] | None = None
        self._durations: dict[str, int] = {}  # video id -> seconds, once a player knew it
        self._after_paint: list[Any] = []  # panel updates wait until the note is painted
        self._paint_timeout = QTimer(self, singleShot=True, interval=300)
        self._paint_timeout.timeout.connect(lambda: self._run_after_paint(self.view.last_painted + 10**9))
        self._refresh = QTimer(self, singleShot=True, interval=250)
        self._refresh.timeout.connect(self._refresh_views)
        # Notes and topic pages are read, parsed and rendered in worker processes.
        self.pages = PageLoader(self.index, self)
        self.pages.note_ready.connect(self._show_note)
        self.pages.topic_ready.connect(self._show_topic)
        self.pages.loading.connect(self._show_loading)
        self.pages.slow_notes_changed.connect(self._show_problems)
        self.setWindowTitle("Lectern")
        # The profile must outlive every page using it: parent it to the application.
        self._profile = note_profile(cast(QApplication, QApplication.instance()))
        setup_ui(self, online)
        self.study = Study(self)  # captions, transcript, passages, pop-out (issue 17)
        self.backlinks_dock.raise_()  # in front of the Transcript tab until a saved state says
        self.view.bridge.scrolled.connect(self._on_scrolled)
        self.outline_follower = OutlineFollower(self.outline)
        self.follow = FollowMode(self.video.follow_mode, self.view.highlight)
        self.index.subscribe(self._on_index_change)
        self.session.progress.connect(self._on_progress)
        self.session.loaded.connect(self._on_loaded)
        self.session.failed.connect(self._on_load_failed)
        restore_window(self, settings, self.layout_plan)  # size, docks, pane widths
        self.theme = "system"  # the user's choice: "system", "light" or "dark"
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self._sync_theme())
        self.apply_theme(prefs.get(settings, "view/theme"))
        self.view.setZoomFactor(prefs.get(settings, "view/zoom"))
        self.layout_plan.set_zoom(self.view.zoomFactor())
        self.view.page().zoomFactorChanged.connect(self._zoomed)  # Ctrl+wheel zooms there

    # -- vault ------------------------------------------------------------------------
    def open_vault(self, root: Path, note: str | None = None, at: int | None = None) -> None:
        """Index `root` in the background; open `note` (slug, title or path) when it can.
        A folder that is gone or cannot be listed is said in a dialog instead."""
        root = root.resolve()
        problem = folder_problem(root)
        if problem is not None:
            self.errors.unavailable(root, problem)
            return
        self.vault = root
        allow_vault(self._profile, str(root))  # its embedded images, through lectern://vault/
        self.store = NoteStore(root)
        self.pages.set_root(str(root))
        self.history = History()
        self.places.vault = root
        self._note = None
        remember_vault(self.settings, root)
        self.settings.setValue("vault/path", str(root))
        self.setWindowTitle(f"{root.name} — Lectern")
        last = self.settings.value(prefs.last_note_key(root))
        if not isinstance(last, str) or not is_note_file(root, last):
            last = None  # deleted or renamed since: the vault's first note, not a topic of its name
        target = note or last
        self.progress.setRange(0, 0)
        self.progress.show()
        self.session.open(root)
        self.media.open(root)
        if target and is_note_file(root, target):
            self.open_note(target, ts_seconds=at)  # painted before the index is loaded
            if note is None and at is None and target == last:  # a restart: where it was left
                self.history.set_scroll(self.history.position(), self.places.last_scroll(root) or 0)
            target = None
        self._pending_open = (target, "", at) if target else None

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Indexing {done:,}/{total:,}")

    def _on_loaded(self, stats: LoadStats, first: bool) -> None:
        self.progress.hide()
        if stats.unreadable and self.errors.vault_lost():  # renamed, deleted, locked
            return
        if self._refresh.isActive():  # bring tree and page up to date now, not in a second
            self._refresh.stop()
            self._refresh_views()
        if self.errors.rows_changed():  # folders skipped, the cache rebuilt
            self._show_problems()
        if not first:
            return
        cache = f"; {self.session.cache_problem}" if self.session.cache_problem else ""
        self.statusBar().showMessage(
            f"{plural(len(self.index), 'note')}, {plural(len(self.index.topics()), 'topic')} "
            f"({stats.parsed:,} read, {stats.cached:,} from cache, {stats.seconds:.2f} s){cache}",
            10000)
        if self._pending_open:
            target, anchor, at = self._pending_open
            self._pending_open = None
            self.open_target(target, anchor, at)
        elif self._note is None and self.pages.pending() is None and len(self.index):
            self.open_note(self.index.paths()[0])
        self.index_loaded.emit()

    def _on_load_failed(self, text: str) -> None:
        self.progress.hide()
        if self.errors.vault_lost():
            return
        self.statusBar().showMessage(text)

    def changeEvent(self, event: QEvent) -> None:
        # Back from another editor: pick up what changed (folder watches miss some edits).
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.session.refresh_if_stale()
        super().changeEvent(event)

    def choose_vault(self) -> None:
        """File > Open Folder…"""
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of notes", str(self.vault or Path.home()))
        if folder:
            self.open_vault(Path(folder))

    def _on_index_change(self, change: IndexChange) -> None:
        if self.store is not None:
            self.store.forget(change)
        # While a big vault streams in, refresh the tree and page about once a second.
        self._refresh.setInterval(1000 if self.progress.isVisible() else 250)
        if not self._refresh.isActive():
            self._refresh.start()

    def _refresh_views(self) -> None:
        expanded = self.model.expanded_paths(self.tree)  # a rebuild must not fold the tree
        self.model.rebuild()
        self.model.restore_expanded(self.tree, expanded)
        self._show_problems()
        self._select_current()
        place = self.history.current()
        if self.pages.pending() is not None:
            self.pages.retry()  # what is being opened, with the index as it is now
        elif place and place.kind == "note" and self._note is not None:
            self.open_note(place.key, record=False, keep_scroll=True)
        elif place and place.kind == "topic":
            self.pages.open_topic(TopicOpening(place.key, self.pages.topic_pages(place.key), keep=True))
        elif place and place.kind in LISTING_KINDS and self.listings.pending() is None:
            shown = self.listings.shown()
            open_listing(self, place.kind, place.key, record=False, keep=True,
                         pages=shown.pages if shown and (shown.kind, shown.key) == (place.kind, place.key) else 1)

    def _show_problems(self) -> None:
        """The vault's own problems (folders skipped, cache), the notes shown as plain text
        this session, then the index's problems."""
        extra = [(text, "") for text in self.errors.problem_rows()]
        extra += [(f"{path}  {message}", path)
                  for path, message in sorted(self.pages.slow_notes.items())]
        self.problems.show_problems(self.index, extra)
        count = len(extra) + len(self.index.problems())  # troubled notes only: cheap
        self.problems_dock.setWindowTitle(f"Problems {count:,}" if count else "Problems")

    def preparing(self) -> bool:
        """Whether a note or topic page is still being prepared (shown when it is ready)."""
        return self.pages.preparing()

    # -- navigation -------------------------------------------------------------------
    def open_target(self, target: str, anchor: str = "", at: int | None = None) -> None:
        """A wiki link or a command-line --note: a note if one resolves, else its topic page."""
        if split_target(target):  # "video:<id>", "channel:<slug>", "tag:<tag>" (no slug has ":")
            open_listing(self, *split_target(target))  # type: ignore[misc]
            return
        path = self.index.find(target) if target else (self._note.path if self._note else None)
        if path is None and self.vault is not None and is_note_file(self.vault, target):
            path = target  # a note path while the index is still loading
        if path is not None:
            self.open_note(path, anchor=anchor, ts_seconds=at)
        elif target and self.index.is_channel(slugify(target)):
            open_listing(self, "channel", slugify(target))  # a channel's page, not its From: lines
        elif target:
            self.open_topic(topic_slug(link_key(target)) or slugify(target))

    def open_note(self, path: str, anchor: str = "", ts_seconds: int | None = None,
                  record: bool = True, keep_scroll: bool = False) -> None:
        """Show the note at `path` once a worker has rendered it; scroll to `anchor` or to the
        passage at `ts_seconds`. Returns at once (`note_shown` follows)."""
        if self.store is None:
            return
        self.pages.open_note(NoteOpening(path, anchor, ts_seconds, keep_scroll))
        if record:
            self.history.visit(Place("note", path, anchor))
            if anchor:  # a link naming a heading or block goes there, even on a visit seen before
                self.history.forget_scroll()
            self._update_history_actions()
        if self.vault is not None:
            self.settings.setValue(prefs.last_note_key(self.vault), path)
            self.session.watch_file(self.vault / path)
        self._select_current()

    def _show_loading(self, opening: Opening) -> None:
        """A page not ready after a moment: say so rather than leave the last one up."""
        if isinstance(opening, NoteOpening):
            record = self.index.note(opening.path)
            self._note = None
            self.view.show_payload(notice_payload("Note", record.title if record else opening.path,
                                                  "Loading…"))
        else:
            self.view.show_payload(notice_payload("Topic", opening.slug, "Loading…"))

    def _show_note(self, opening: NoteOpening, note: Note, rendered: RenderedNote) -> None:
        path, ts_seconds = opening.path, opening.ts_seconds
        if self.errors.show_if_gone(path):
            return
        payload = note_payload(note, self.index, rendered.html)
        payload["anchor"] = opening.anchor
        if note.video_id in self._durations:
            payload["duration"] = self._durations[note.video_id]
        ts_index = passage_at(note, ts_seconds) if ts_seconds is not None else -1
        if ts_index >= 0:
            payload["ts_index"] = ts_index
        if opening.keep_scroll and self._note is not None and self._note.path == path:
            payload.pop("anchor")
            payload["keep"] = True
            if ts_index < 0:  # a reload keeps the followed passage
                ts_index = payload["highlight"] = self.follow.kept(self._note, note)
        self.places.restore(self.history, "note", path, payload, note)
        self._note = note
        self.follow.shown(note, ts_index)
        token = self.view.show_payload(payload)
        self.places.shown(self.history, "note", path, token)
        self.setWindowTitle(window_title(note.title, self.vault))
        self.outline.show_headings(rendered.headings[:MAX_OUTLINE])  # a list beyond is unusable
        if len(rendered.headings) > MAX_OUTLINE:
            self.outline.add_row(f"… and {len(rendered.headings) - MAX_OUTLINE:,} more headings")
        self._show_video(note, ts_seconds)
        self._later(token, partial(self._fill_side_panels, note))
        self.note_shown.emit(path)

    def _fill_side_panels(self, note: Note) -> None:
        if self._note is not note:
            return  # another page was shown before this one was painted
        assert self.store is not None
        self.backlinks.show_for(self.index, self.store, note.path)
        count = len(self.index.backlinks(note.path))
        self.backlinks_dock.setWindowTitle(f"Backlinks {count:,}" if count else "Backlinks")
        self._update_markers(note)

    def _later(self, token: int, action: Any) -> None:
        """Run `action` once payload `token` is painted (or 300 ms from now at the latest)."""
        self._after_paint.append((token, action))
        self._paint_timeout.start()

    def _run_after_paint(self, token: int) -> None:
        due = [e for e in self._after_paint if e[0] <= token]
        self._after_paint = [e for e in self._after_paint if e[0] > token]
        for _, action in due:
            action()

    def open_topic(self, slug: str, record: bool = True) -> None:
        """The generated page of the mentions of `slug` across the vault, 200 at a time.
        Returns at once (`note_shown` follows)."""
        if self.store is None:
            return
        self.pages.open_topic(TopicOpening(slug))
        if record:
            self.history.visit(Place("topic", slug))
            self._update_history_actions()
        self._select_current()

    def _show_topic(self, opening: TopicOpening, payload: dict[str, Any]) -> None:
        if opening.keep:
            payload = {**payload, "keep": True}
        self._note = None
        payload = dict(payload)  # the loader's may be cached: scroll is this visit's
        self.places.restore(self.history, "topic", opening.slug, payload)
        outline, why = payload.pop("outline", []), payload.pop("why_no_backlinks", "")
        token = self.view.show_payload(payload)
        self.places.shown(self.history, "topic", opening.slug, token)
        self.setWindowTitle(window_title(str(payload.get("title") or opening.slug), self.vault))
        self.outline.show_headings(outline)  # the page's channels and videos
        self.backlinks.show_message(why)
        if not opening.keep:  # a reload keeps the video a chip started
            show_topic_video(self)
        self.note_shown.emit(f"topic:{opening.slug}")

    def _on_scrolled(self, token: int, y: int, heading: str) -> None:
        """The page paused scrolling: remember the place; the Outline marks the section."""
        self.places.scrolled(self.history, token, y)
        self.outline_follower.show(heading)

    def open_problem(self, path: str, anchor: str) -> None:
        """A row of the Problems panel: its note, scrolled to the line ("line:N") and flashed."""
        line = anchor.removeprefix("line:")
        self.places.find_once(path, int(line) if line.isdigit() else 0)
        if self._note is not None and self._note.path == path:
            self.open_note(path, record=False, keep_scroll=False)
        else:
            self.open_note(path)

    def go_back(self) -> None:
        """Alt+Left."""
        self._go(self.history.back() if self.history.can_back() else None)

    def go_forward(self) -> None:
        """Alt+Right."""
        self._go(self.history.forward() if self.history.can_forward() else None)

    def _go(self, place: Place | None) -> None:
        if place is None:
            return
        if place.kind == "note":
            self.open_note(place.key, anchor=place.anchor, record=False)
        elif place.kind in LISTING_KINDS:
            open_listing(self, place.kind, place.key, record=False)
        else:
            self.open_topic(place.key, record=False)
        self._update_history_actions()

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.history.can_back())
        self.forward_action.setEnabled(self.history.can_forward())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Mouse back/forward buttons (the note view reports its own)."""
        if event.button() == Qt.MouseButton.BackButton:
            self.go_back()
        elif event.button() == Qt.MouseButton.ForwardButton:
            self.go_forward()
        else:
            super().mousePressEvent(event)

    # -- tree -------------------------------------------------------------------------
    def _on_filter(self, text: str) -> None:
        self.model.set_filter(text)
        if text.strip():
            for key in ("channels", "topics", "folders"):
                self.tree.expand(self.model.group_index(key))
        self._select_current()

    def _on_tree_activated(self, index: Any) -> None:
        # The key from the node, not through a QString, which drops the lone surrogates of a
        # file name that is not UTF-8 ("caf\udce9.md" would open "caf.md").
        kind, key = index.data(KIND_ROLE), index.internalPointer().key
        if kind == "note" and (self._note is None or self._note.path != key):
            self.open_note(key)
        elif kind == "topic":
            self.open_topic(key)

    def _select_current(self) -> None:
        select_row(self.tree, self.model, self.index, self.history.current())

    # -- video ------------------------------------------------------------------------
    def _show_video(self, note: Note, ts_seconds: int | None) -> None:
        video_id = note.video_id
        local = self._local_file(note, video_id)
        if video_id != self.video.current_video() or video_id is None:
            self.video.show_video(video_id, local, note.title, why=no_video_reason(note))
        else:  # another note on the same video (e.g. a timeline marker's): its title
            self.video.set_title(note.title)
        if video_id and ts_seconds is not None:
            self.video.seek(video_id, ts_seconds, local)

    def _local_file(self, note: Note, video_id: str | None) -> Path | None:
        if self.vault is None:
            return None
        # The note's `video:` file is its own video's; a chip for another video never plays it.
        field = note.video_field if video_id == note.video_id else None
        return find_local_media(self.vault, self.vault / note.path, video_id, field,
                                self.media.scan)

    def _update_markers(self, note: Note) -> None:
        assert self.store is not None
        self.video.set_markers(*video_markers(note, self.index))
        hover_texts(self.video.timeline).follow(note, self.store.root, self.index)  # on hover

    def seek(self, video_id: str, seconds: int) -> None:
        """A timestamp chip was clicked."""
        if not video_id:
            self.statusBar().showMessage("This note has no valid videoId, so its times cannot play.", 8000)
            return
        note = self._note
        if note is None:  # a topic or listing page: the clicked mention's video
            seek_from_page(self, video_id, seconds)
            return
        local = self._local_file(note, video_id)
        self.video.seek(video_id, seconds, local, note.title if video_id == note.video_id else "")

    def _on_duration(self, video_id: str, ms: int) -> None:
        self._durations[video_id] = ms // 1000
        if self._note is not None and self._note.video_id == video_id:
            self.view.flag_past(ms // 1000)

    def _on_marker(self, path: str, seconds: int) -> None:
        self.open_note(path, ts_seconds=seconds)

    # -- view -------------------------------------------------------------------------
    def apply_theme(self, theme: str, store: bool = False) -> None:
        """"system", "light" or "dark": the widgets' colour scheme and the page's."""
        if store:
            prefs.put(self.settings, "view/theme", theme)
        self.theme = theme
        self._sync_theme()

    def _sync_theme(self) -> None:
        dark = is_dark(self.theme)
        apply_palette(dark)
        self.view.set_theme("dark" if dark else "light")
        self.model.set_dark(dark)
        self.theme_action.blockSignals(True)
        self.theme_action.setChecked(dark)
        self.theme_action.blockSignals(False)

    def zoom(self, step: int) -> None:
        """Text zoom: +1, -1, 0 to reset."""
        factor = 1.0 if step == 0 else min(3.0, max(0.5, self.view.zoomFactor() * (1.1 ** step)))
        self.view.setZoomFactor(factor)
        self._zoomed(factor)

    def _zoomed(self, factor: float) -> None:
        """The page's zoom is `factor` (Ctrl+=, Ctrl+wheel): keep 40 em, remember it."""
        self.layout_plan.set_zoom(factor)
        prefs.put(self.settings, "view/zoom", round(factor, 3))

    def closeEvent(self, event: QCloseEvent) -> None:
        save_window(self, self.settings, self.layout_plan)
        self.video.release_media()
        self.session.close()
        self.pages.close()
        super().closeEvent(event)
