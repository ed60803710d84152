"""Prepares note and topic pages for the window off the UI thread, one opening at a time.

The window asks for a page (`open_note`, `open_topic`, `show_more`) and shows what comes
back (`note_ready`, `topic_ready`). A newer request supersedes an older one, whose result is
dropped. A note that takes longer than the budget is shown as plain text with the reason,
and listed in `slow_notes` for the Problems panel.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.core.index import LinkIndex
from viewer.core.mentions import (
    PAGE_SIZE,
    TopicSource,
    mention_starts,
    page_slice,
    topic_sources,
    topic_title,
)
from viewer.core.note import Note
from viewer.core.attachments import plan_embeds
from viewer.core.slug import slugify
from viewer.render.jobs import NoteJob, NoteResult, TopicJob, TopicResult, plain_text_html
from viewer.render.pages import TopicSummary, notice_payload, topic_payload
from viewer.render.renderer import RenderedNote
from viewer.ui.render_worker import BUDGET, RenderService, call_on_ui_thread

log = logging.getLogger("lectern.window")
LOADING_AFTER_MS = 150  # a page not ready by then shows "Loading…"
SLOW_TEXT = "This note took too long to format; its text is shown as written."


@dataclass(frozen=True)
class NoteOpening:
    """A note to show: where to scroll, and whether this reloads the shown note."""

    path: str
    anchor: str = ""
    ts_seconds: int | None = None
    keep_scroll: bool = False


@dataclass(frozen=True)
class TopicOpening:
    """A topic page to show, with `pages` pages of mentions; `keep`: a reload (scroll kept)."""

    slug: str
    pages: int = 1
    keep: bool = False


Opening = NoteOpening | TopicOpening


@dataclass
class _Topic:
    """The topic page on screen (or being prepared): what the index said, pages so far."""

    slug: str
    note_path: str | None
    targets: frozenset[str]
    sources: list[TopicSource]
    starts: list[int]
    summary: TopicSummary
    title: str = ""
    html: list[str] = field(default_factory=list)  # the HTML of each answer so far
    pages: int = 0  # pages of PAGE_SIZE mentions those answers cover


class PageLoader(QObject):
    """Runs the window's page requests on a `RenderService`.

    Signals:
        note_ready(object, object, object): NoteOpening, parsed Note, RenderedNote.
        topic_ready(object, object): TopicOpening, the page's payload (dict).
        loading(object): the opening still being prepared LOADING_AFTER_MS after it was asked.
        slow_notes_changed(): `slow_notes` changed.
    """

    note_ready = Signal(object, object, object)
    topic_ready = Signal(object, object)
    loading = Signal(object)
    slow_notes_changed = Signal()

    def __init__(self, index: LinkIndex, parent: QObject | None = None,
                 budget: float = BUDGET) -> None:
        super().__init__(parent)
        self.index = index
        self.root = ""
        self.budget = budget
        self.slow_notes: dict[str, str] = {}  # path -> why it is shown as plain text
        self.service = RenderService(self)
        self.service.finished.connect(self._on_finished)
        self.service.failed.connect(self._on_failed)
        self._opening: Opening | None = None
        self._job = 0
        self._more_job = 0
        self._topic: _Topic | None = None
        self._request = 0  # counts openings: a topic ordered on a thread for an older one is dropped
        self._closed = False
        self._loading = QTimer(self, singleShot=True, interval=LOADING_AFTER_MS)
        self._loading.timeout.connect(self._on_loading)

    # -- requests ---------------------------------------------------------------------
    def set_root(self, root: str) -> None:
        """A new vault: forget what was asked and what was slow."""
        self.root = root
        self._cancel()
        self._topic = None
        if self.slow_notes:
            self.slow_notes.clear()
            self.slow_notes_changed.emit()

    def open_note(self, opening: NoteOpening) -> None:
        """Prepare a note: `note_ready` follows (plain text if it overruns the budget)."""
        record = self.index.note(opening.path)
        # The index knows the note's distinct targets: resolving them is all the UI does.
        kinds = {t: ("note" if self.index.resolve(t) is not None else "topic")
                 for t in (record.targets if record else ())}
        embeds, embedded_kinds = plan_embeds(self.index, opening.path) if record else ({}, {})
        self._start(opening, NoteJob(self.root, opening.path, {**embedded_kinds, **kinds}, embeds))

    def open_topic(self, opening: TopicOpening) -> None:
        """Prepare a topic page with `opening.pages` pages: `topic_ready` follows.

        The linking notes are ordered on a thread (50,000 of them take ~0.3 s of CPU), then
        a worker reads the notes of the first pages.
        """
        self._start(opening, None)
        request, index, slug = self._request, self.index, opening.slug

        def order() -> None:
            generation = index.generation
            try:
                topic: _Topic | str = _topic_of(index, slug)
            except RuntimeError as exc:  # the index changed under us: it is asked again then
                if index.generation != generation:
                    return
                topic = str(exc)
            except Exception as exc:  # noqa: BLE001 - shown on the page, not lost in a thread
                log.exception("could not list the mentions of %s", slug)
                topic = str(exc)
            call_on_ui_thread(lambda: self._on_ordered(request, opening, topic))

        threading.Thread(target=order, name="lectern-topic", daemon=True).start()

    def _on_ordered(self, request: int, opening: TopicOpening, topic: _Topic | str) -> None:
        if self._closed or request != self._request:
            return  # superseded
        if isinstance(topic, str):
            self._finish()
            self.topic_ready.emit(opening, notice_payload(
                "Topic", opening.slug, f"This topic page could not be prepared ({topic}).",
                "render-error"))
            return
        self._topic = topic
        self._job = self.service.submit(self._topic_job(0, PAGE_SIZE * max(1, opening.pages)),
                                        self.budget)

    def show_more(self, page: int) -> None:
        """The page's "Show more" button (`page`: pages shown): the topic on screen again with
        one more page, its scroll kept. Only the new page's notes are read."""
        topic = self._topic
        if topic is None or self._opening is not None or self._more_job or page != topic.pages:
            return  # an old button, a double click, or a page still coming
        self._more_job = self.service.submit(self._topic_job(topic.pages * PAGE_SIZE, PAGE_SIZE),
                                             self.budget)

    def retry(self) -> None:
        """Ask again for the opening in progress (the index changed meanwhile)."""
        opening = self._opening
        if isinstance(opening, NoteOpening):
            self.open_note(opening)
        elif isinstance(opening, TopicOpening):
            self.open_topic(opening)

    def cancel(self) -> None:
        """Drop the opening in progress (the window shows another kind of page)."""
        self._request += 1
        self._cancel()

    def pending(self) -> Opening | None:
        """The opening being prepared, if any."""
        return self._opening

    def preparing(self) -> bool:
        """Whether a page or a "Show more" is being prepared."""
        return self._opening is not None or bool(self._more_job)

    def topic_pages(self, slug: str) -> int:
        """How many pages of topic `slug` are on screen (1 if another page is)."""
        topic = self._topic
        return max(1, topic.pages) if topic is not None and topic.slug == slug else 1

    def close(self) -> None:
        """Stop every worker (the window closes)."""
        self._closed = True
        self._loading.stop()
        self.service.close()

    # -- internals --------------------------------------------------------------------
    def _topic_job(self, first: int, limit: int) -> TopicJob:
        assert self._topic is not None
        page = page_slice(self._topic.sources, self._topic.starts, first, limit)
        return TopicJob(self.root, self._topic.targets, page)

    def _start(self, opening: Opening, job: NoteJob | None) -> None:
        self._cancel()
        self._request += 1
        self._opening = opening
        if job is not None:
            self._job = self.service.submit(job, self.budget)
        reload = (opening.keep_scroll if isinstance(opening, NoteOpening) else opening.keep)
        if not reload:
            self._loading.start()

    def _cancel(self) -> None:
        for job in (self._job, self._more_job):
            if job:
                self.service.cancel(job)
        self._job = self._more_job = 0
        self._opening = None
        self._loading.stop()

    def _on_loading(self) -> None:
        if self._opening is not None:
            self.loading.emit(self._opening)

    def _on_finished(self, job_id: int, result: object) -> None:
        if job_id == self._job and isinstance(result, NoteResult):
            opening = self._finish()
            assert isinstance(opening, NoteOpening)
            # Shown as plain text (too large, or Markdown failed): the Problems panel says why.
            reason = result.rendered.plain_reason
            if reason:
                changed = self.slow_notes.get(opening.path) != f"{reason}; shown as plain text"
                self.slow_notes[opening.path] = f"{reason}; shown as plain text"
            else:
                changed = self.slow_notes.pop(opening.path, None) is not None
            if changed:
                self.slow_notes_changed.emit()
            self.note_ready.emit(opening, result.note, result.rendered)
        elif job_id == self._job and isinstance(result, TopicResult) and self._topic is not None:
            opening = self._finish()
            assert isinstance(opening, TopicOpening)
            topic = self._topic
            record = self.index.note(topic.note_path) if topic.note_path else None
            topic.title = record.title if record else topic_title(topic.slug, result.groups)
            topic.html, topic.pages = [result.html], max(1, opening.pages)
            self.topic_ready.emit(opening, self._topic_payload())
        elif job_id == self._more_job and isinstance(result, TopicResult) and self._topic:
            self._more_job = 0
            topic = self._topic
            topic.html.append(result.html)
            topic.pages += 1
            self.topic_ready.emit(TopicOpening(topic.slug, topic.pages, True), self._topic_payload())

    def _on_failed(self, job_id: int, why: str) -> None:
        if job_id == self._more_job:
            self._more_job = 0
            log.warning("the next page of a topic failed: %s", why)
            if self._topic is not None:  # the page again, its button ready for another try
                self.topic_ready.emit(TopicOpening(self._topic.slug, self._topic.pages, True),
                                      self._topic_payload())
            return
        if job_id != self._job:
            return
        opening = self._finish()
        if isinstance(opening, NoteOpening):
            reason = SLOW_TEXT if why == "timeout" else \
                "This note could not be formatted; its text is shown as written."
            log.warning("%s: %s", opening.path, "over the time budget" if why == "timeout" else why)
            self.slow_notes[opening.path] = ("took too long to format; shown as plain text"
                                             if why == "timeout" else f"could not be formatted ({why})")
            self.slow_notes_changed.emit()
            html = plain_text_html(self.root, opening.path, reason)
            self.note_ready.emit(opening, self._bare_note(opening.path), RenderedNote(html, []))
        elif isinstance(opening, TopicOpening):
            text = ("This topic page took too long to prepare." if why == "timeout"
                    else f"This topic page could not be prepared ({why}).")
            self.topic_ready.emit(opening, notice_payload("Topic", opening.slug, text, "render-error"))

    def _finish(self) -> Opening | None:
        opening, self._opening, self._job = self._opening, None, 0
        self._loading.stop()
        return opening

    def _bare_note(self, path: str) -> Note:
        """The note as the index knows it, without its body (it could not be parsed in time)."""
        record = self.index.note(path)
        if record is None:
            return Note(path=path, title=path.rsplit("/", 1)[-1], slug=slugify(path))
        return Note(path=path, title=record.title, slug=record.slug, video_id=record.video_id,
                    video_field=record.video_field, channel=record.channel,
                    channel_label=record.channel_label, size=record.size)

    def _topic_payload(self) -> dict[str, Any]:
        topic = self._topic
        assert topic is not None
        shown = min(topic.pages * PAGE_SIZE, topic.summary.mentions)  # by the index's counts
        return topic_payload(topic.slug, topic.title, topic.summary, topic.html, shown,
                             topic.note_path, topic.pages)


def _topic_of(index: LinkIndex, slug: str) -> _Topic:
    """What the index says about topic `slug` (called on a thread: reads the index only)."""
    note_path = index.resolve(slug)
    targets = index.topic_targets(slug)
    sources = topic_sources(index, targets)
    summary = TopicSummary(sum(s.count for s in sources), len(sources),
                           len({s.video_id for s in sources}))
    return _Topic(slug, note_path, targets, sources, mention_starts(sources), summary)
