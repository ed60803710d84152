"""Work the window hands to a render worker: read, parse and render a note, or one page of a
topic. Qt-free: runs in a worker process (`worker_main`) or, where processes cannot start,
in a thread.

Requests are small (paths and what the index knows); results come back pickled.
"""

from __future__ import annotations

import html
import logging
import os
import pickle
import signal
import stat
import time
import traceback
from dataclasses import dataclass, field, fields
from multiprocessing.connection import Connection
from operator import attrgetter
from pathlib import Path
from typing import Any

from viewer.core.mentions import MentionGroup, PageSlice, mentions_page
from viewer.core.note import BadTimestamp, BlockId, Embed, Heading, Link, Note, Problem, Timestamp
from viewer.core.vault import read_note
from viewer.render.embeds import EmbedContext
from viewer.render.pages import mentions_html
from viewer.render.renderer import RenderedNote, render_note, too_large_reason

log = logging.getLogger("lectern.render")

PLAIN_LIMIT = 200 * 1024  # bytes of a note shown as plain text when it cannot be formatted
# A page larger than this is shown as the note's first PLAIN_LIMIT bytes instead: the page's
# layout (a 1 MB <pre> of short lines took QtWebEngine 31 s) and its transfer follow its size.
MAX_PAGE_HTML = 4_000_000  # a 1 MB transcript of 10,000 chips makes 2.2 MB (issue 15)
# Lines per part of a note shown as text: the page skips the layout of parts out of view
# (one <pre> of 100k short lines took QtWebEngine about 1 s to lay out; its first screen
# of parts takes milliseconds).
PART_LINES = 200
# Tests only: a note whose path ends with this name takes an hour to render (a stand-in for a
# pathological note; read in the worker, which inherits the environment).
SLOW_NOTE_ENV = "LECTERN_TEST_SLOW_NOTE"


@dataclass(frozen=True)
class NoteJob:
    """Read, parse and render one note.

    Attributes:
        root: The vault folder.
        path: The note's vault-relative path.
        kinds: "note" or "topic" for the note's link targets the index knows (the distinct
            targets of its record); a target not listed renders as a topic.
        embeds: What the note's embeds (and those of the notes it embeds) lead to, as the
            index resolved them (`viewer.core.attachments.plan_embeds`).
    """

    root: str
    path: str
    kinds: dict[str, str] = field(default_factory=dict)
    embeds: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)


@dataclass(frozen=True)
class NoteResult:
    """The parsed note (for video, outline, passages) and its rendered body.

    Pickles its note's lists as plain tuples: pickling 66k slotted `Link`s one by one
    took 0.8 s, as tuples 0.03 s (rebuilt on arrival, off the UI thread).
    """

    note: Note
    rendered: RenderedNote

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _unpack_result, (_pack_note(self.note), self.rendered)


# The list fields of a Note and the dataclass of their items.
_NOTE_LISTS: dict[str, type] = {"links": Link, "timestamps": Timestamp,
                                "bad_timestamps": BadTimestamp, "headings": Heading,
                                "embeds": Embed, "block_ids": BlockId, "problems": Problem}
_GETTERS = {name: attrgetter(*(f.name for f in fields(cls))) for name, cls in _NOTE_LISTS.items()}


def _pack_note(note: Note) -> dict[str, Any]:
    packed: dict[str, Any] = {}
    for f in fields(Note):
        value = getattr(note, f.name)
        getter = _GETTERS.get(f.name)
        packed[f.name] = [getter(item) for item in value] if getter else value
    return packed


def _unpack_result(packed: dict[str, Any], rendered: RenderedNote) -> NoteResult:
    for name, cls in _NOTE_LISTS.items():
        packed[name] = [cls(*values) for values in packed[name]]
    return NoteResult(Note(**packed), rendered)


@dataclass(frozen=True)
class TopicJob:
    """One page of a topic's mentions.

    Attributes:
        root: The vault folder.
        targets: The slugs leading to the topic.
        page: Which notes and mentions (`viewer.core.mentions.page_slice`).
    """

    root: str
    targets: frozenset[str]
    page: PageSlice


@dataclass(frozen=True)
class TopicResult:
    """The page's groups (for the title) and their HTML."""

    groups: list[MentionGroup]
    html: str


Job = NoteJob | TopicJob


def run(job: Job) -> NoteResult | TopicResult:
    """Do one job. Raises whatever reading or rendering raises (the caller reports it)."""
    if isinstance(job, NoteJob):
        slow = os.environ.get(SLOW_NOTE_ENV)
        if slow and job.path.endswith(slow):
            time.sleep(3600)
        note = read_note(Path(job.root), job.path)
        kinds = job.kinds
        reason = too_large_reason(note)
        if reason:  # the renderer would escape and sanitise all of it (1 MB of
            # `&amp; ` took 1.6 s), only for the page to be replaced by its first PLAIN_LIMIT
            why = f"This note is {reason}; its text is shown as written."
            return NoteResult(note, RenderedNote(plain_text_html(job.root, job.path, why), [],
                                                 reason))
        rendered = render_note(note, lambda target: kinds.get(target, "topic"),
                               EmbedContext(job.root, job.embeds))
        if len(rendered.html) > MAX_PAGE_HTML:
            reason = (f"too large to show formatted ({_size(len(rendered.html))} of HTML; "
                      f"the limit is {_size(MAX_PAGE_HTML)})")
            why = f"This note is {reason}; its text is shown as written."
            rendered = RenderedNote(plain_text_html(job.root, job.path, why), [], reason)
        elif rendered.plain_reason:
            rendered = RenderedNote(plain_text_html(job.root, job.path, _sentence(
                rendered.plain_reason)), [], rendered.plain_reason)
        return NoteResult(note, rendered)
    root = Path(job.root)
    groups = mentions_page(lambda path: read_note(root, path), job.page, job.targets)
    return TopicResult(groups, mentions_html(groups, job.page.previous))


def _sentence(reason: str) -> str:
    return f"This note {reason}; its text is shown as written."


def worker_main(conn: Connection) -> None:
    """A worker process: answer ("done" | "error", job id, result | text) to each
    (job id, job) read from `conn`, after one ("ready", 0, None). Ends when `conn` closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the app
    try:
        conn.send_bytes(pickle.dumps(("ready", 0, None)))
        while True:
            job_id, job = pickle.loads(conn.recv_bytes())
            conn.send_bytes(answer(job_id, job))
    except (EOFError, OSError, KeyboardInterrupt):
        return


def answer(job_id: int, job: Job) -> bytes:
    """The pickled answer to a job: its result, or the error it raised as text."""
    try:
        reply: tuple[str, int, object] = ("done", job_id, run(job))
        return pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - any failure is the window's to show
        return pickle.dumps(("error", job_id, traceback.format_exc(limit=8)))


def plain_text_html(root: str, path: str, why: str, limit: int = PLAIN_LIMIT) -> str:
    """A note shown as written, for when it could not be formatted in time: `why`, then
    its first `limit` bytes escaped in a `<pre>` (in parts of PART_LINES lines), and how
    much that is of the file.

    Reads at most `limit` + 1 bytes, never blocks (a FIFO or a device is not read), never
    raises: an unreadable file says so.
    """
    parts = [f'<p class="render-error">{html.escape(why)}</p>']
    full = os.path.join(root, path)
    try:
        fd = os.open(full, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError("not a regular file")
            data = os.read(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        parts.append(f"<p>The file cannot be read: {html.escape(str(exc.strerror or exc))}.</p>")
        return "".join(parts)
    text = data[:limit].decode("utf-8", errors="replace")
    if len(data) > limit:
        parts.append(f'<p class="render-error">Showing the first {_size(limit)} of '
                     f"{_size(info.st_size)}.</p>")
    parts.append(f"<pre>{_line_parts(text)}</pre>")
    return "".join(parts)


def _line_parts(text: str, lines: int = PART_LINES) -> str:
    """`text` escaped, in `<span class="part" data-lines="n">` of at most `lines` lines each:
    the page lays out only the parts in view (note.js), not 100k short lines at once."""
    split = text.splitlines(keepends=True)
    return "".join(f'<span class="part" data-lines="{len(split[i:i + lines])}">'
                   f'{html.escape("".join(split[i:i + lines]))}</span>'
                   for i in range(0, len(split), lines))


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{count / 1024:.0f} KB"
