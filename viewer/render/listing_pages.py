"""Payloads of the generated listing pages: a video page (every note on a video, their
passages merged in time order) and a channel or tag page (videos and notes, newest first).

Qt-free. Links are our own kinds: `lectern://open/<path>` opens a note, and targets
`video:<id>`, `channel:<slug>`, `tag:<tag>` open these pages (no slug holds a ":").
A "Show more" button carries `data-page="-<pages shown>"`: negative, so that the topic
page's handler (which counts pages up from 1) never takes it for its own.
"""

from __future__ import annotations

import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from viewer.core.context import heading_text
from viewer.core.listing import PAGE_SIZE, Passage, VideoGroup
from viewer.render.pages import _cap, _chip, _open_href, _plural


def listing_href(kind: str, key: str) -> str:
    """The link opening a listing page: kind "video", "channel" or "tag"."""
    return "lectern://open/" + quote(f"{kind}:{key}", safe="")


def _date(mtime_ns: int) -> str:
    try:
        return datetime.datetime.fromtimestamp(mtime_ns / 1e9).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return ""


def _more(shown: int, total: int, pages: int, what: str) -> str:
    left = total - shown
    if left <= 0:
        return ""
    return (f'<p class="more"><button type="button" class="more" data-page="-{pages}">'
            f"Show {min(left, PAGE_SIZE):,} more</button> "
            f'<span class="summary">{shown:,} of {_plural(total, what)} shown</span></p>')


def _note_row(note: Any, with_video: bool) -> str:
    details = [_date(note.mtime_ns)]
    if with_video and note.video_id:
        details.append(f'<a class="video" href="{listing_href("video", note.video_id)}">'
                       f"▶ {escape(note.video_id)}</a>")
    details.append(_plural(note.stamps, "timestamp") if note.stamps else "no timestamps")
    return (f'<div class="mention listed-note"><div class="sentence">'
            f'<a href="{_open_href(note.path)}" data-path="{escape(note.path)}">'
            f'{escape(_cap(note.title, 200))}</a></div>'
            f'<div class="where">{" · ".join(d for d in details if d)}</div></div>')


def notes_html(groups: list[VideoGroup], counts: dict[str, int]) -> str:
    """The rows of a channel or tag page: a video with several notes under its own heading
    (linking to its video page), any other note as one row. `counts`: notes per video in
    the whole list (a page may show a group cut short)."""
    parts: list[str] = []
    for group in groups:
        several = group.video_id is not None and counts.get(group.video_id, 1) > 1
        if several:
            assert group.video_id is not None
            parts.append(f'<section class="group"><h3><a href="{listing_href("video", group.video_id)}">'
                         f"Video {escape(group.video_id)}</a> "
                         f'<span class="summary">· {_plural(counts[group.video_id], "note")}'
                         f"</span></h3>")
        parts.extend(_note_row(note, not several) for note in group.notes)
        if several:
            parts.append("</section>")
    return "".join(parts)


def channel_payload(kind: str, title: str, key: str, groups: list[VideoGroup],
                    counts: dict[str, int], total: int, pages: int) -> dict[str, Any]:
    """A channel page ("Channel"), the notes without one ("No channel") or a tag page
    ("Tag"): `groups` (from `newest_first`, the first `pages` pages), `total` notes."""
    shown = sum(len(g.notes) for g in groups)
    videos = len(counts)
    lead = {"Channel": "From this channel", "Tag": "Tagged",
            "No channel": "Without a From: line"}.get(kind, "Listed")
    on_videos = f" on {_plural(videos, 'video')}" if videos else ""
    parts = [f'<p class="summary">{lead}: {_plural(total, "note")}{on_videos}, newest first.</p>']
    if kind == "No channel":
        parts.append('<p class="summary">Add a line <code>From: [[channel]]</code> under a '
                     "note's front matter to file it under its channel.</p>")
    if not total:
        parts.append('<p class="empty">No note is listed here any more.</p>')
    parts.append(notes_html(groups, counts))
    parts.append(_more(shown, total, pages, "note"))
    meta = f'<span class="path">{escape(key)}</span>' if key else ""
    return {"kind": kind, "title": title, "html": "".join(parts), "meta_html": meta}


def passages_html(video_id: str, passages: list[Passage]) -> str:
    """Passages in time order, each with its chip, sentence, note and heading."""
    parts = []
    for p in passages:
        where = [f'<a href="{_open_href(p.path, p.heading_anchor)}" data-path="{escape(p.path)}">'
                 f"{escape(_cap(p.note_title, 200))}</a>"]
        if p.heading:
            where.append(escape(_cap(heading_text(p.heading), 200)))
        parts.append(f'<div class="mention passage">{_chip(video_id, p.seconds)} '
                     f'<span class="sentence">{escape(_cap(p.sentence))}</span>'
                     f'<div class="where">{" › ".join(where)}</div></div>')
    return "".join(parts)


def video_payload(video_id: str, notes: list[tuple[str, str]], passages: list[Passage],
                  total: int, pages: int) -> dict[str, Any]:
    """A video page: the notes on it (path, title), then the first `pages` pages of its
    `total` passages in time order."""
    parts = [f'<p class="summary">{_plural(len(notes), "note")} on this video, '
             f'{_plural(total, "timestamp")} in time order. Click a time to play it.</p>']
    if notes:
        parts.append('<ul class="video-notes">')
        parts.extend(f'<li><a href="{_open_href(path)}" data-path="{escape(path)}">'
                     f"{escape(_cap(title, 200))}</a></li>" for path, title in notes)
        parts.append("</ul>")
    if not total:
        parts.append('<p class="empty">No note has a timestamp of this video yet.</p>')
    else:
        parts.append('<section class="group"><h2>Passages</h2>')
        parts.append(passages_html(video_id, passages))
        parts.append("</section>")
    parts.append(_more(min(total, pages * PAGE_SIZE), total, pages, "timestamp"))
    return {"kind": "Video", "title": f"Video {video_id}", "html": "".join(parts),
            "meta_html": (f'<a class="video" href="lectern://seek/{escape(video_id)}/0" '
                          f'title="Play from the start">▶ {escape(video_id)}</a>')}
