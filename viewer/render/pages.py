"""Payloads for the note page: a rendered note with its header, and generated topic pages.

Qt-free; the note view sends these to the page as JSON.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from viewer.core.index import LinkIndex
from viewer.core.mentions import MentionGroup
from viewer.core.note import Note
from viewer.core.timecode import format_time


def _open_href(slug: str, anchor: str | None = None) -> str:
    href = "lectern://open/" + quote(slug, safe="")
    return href + "#" + quote(anchor, safe="") if anchor else href


def _chip(video_id: str | None, seconds: int, ts_index: int | None = None) -> str:
    data = f' data-seconds="{seconds}"' + (f' data-ts="{ts_index}"' if ts_index is not None else "")
    return (f'<a class="ts" href="lectern://seek/{escape(video_id or "-")}/{seconds}"{data} '
            f'title="Play at {format_time(seconds)}">{format_time(seconds)}</a>')


def note_payload(note: Note, index: LinkIndex, html: str) -> dict[str, Any]:
    """The payload of a rendered note: header (channel, video, file) and body HTML."""
    meta = []
    if note.channel:
        meta.append(f'<a class="channel" href="{_open_href(note.channel)}">'
                    f'{escape(note.channel_label or note.channel)}</a>')
    if note.video_id:
        others = len(index.notes_of_video(note.video_id)) - 1
        extra = f" · {others} other note{'s' if others != 1 else ''}" if others > 0 else ""
        meta.append(f'<a class="video" href="lectern://seek/{escape(note.video_id)}/0" '
                    f'title="Play from the start">▶ {escape(note.video_id)}</a>{extra}')
    meta.append(f'<span class="path">{escape(note.path)}</span>')
    backlinks = len(index.backlinks(note.path)) if note.path in index else 0
    if backlinks:
        meta.append(f"{backlinks} backlink{'s' if backlinks != 1 else ''}")
    if note.problems:
        meta.append(f'<span class="problems" title="{escape(_problems(note))}">'
                    f"⚠ {len(note.problems)} problem{'s' if len(note.problems) != 1 else ''}</span>")
    return {"kind": "Note", "title": note.title, "html": html,
            "meta_html": '<span class="sep">·</span>'.join(meta)}


def _problems(note: Note) -> str:
    return "\n".join(f"line {p.line}: {p.message}" if p.line else p.message for p in note.problems)


def topic_payload(slug: str, title: str, groups: list[MentionGroup],
                  note_path: str | None) -> dict[str, Any]:
    """A topic page: every mention across the vault, grouped by channel and video."""
    total = sum(len(g.mentions) for g in groups)
    notes = len({m.path for g in groups for m in g.mentions})
    parts = [(f'<p class="summary">{total} mention{"s" if total != 1 else ""} in {notes} '
              f'note{"s" if notes != 1 else ""} across {len({g.video_id for g in groups})} '
              f'video{"s" if len({g.video_id for g in groups}) != 1 else ""}.')]
    if note_path:
        parts.append(f' <a class="wikilink note" href="{_open_href(slug)}">Open the note</a>')
    else:
        parts.append(" No note has this title yet.")
    parts.append("</p>")
    if not groups:
        parts.append('<p class="empty">Nothing links here.</p>')
    channel = None
    for group in groups:
        if group.channel != channel:
            if channel is not None:
                parts.append("</section>")
            channel = group.channel
            parts.append(f'<section class="group"><h2>{escape(channel)}</h2>')
        video = (f' <span class="summary">· {escape(group.video_id)}</span>' if group.video_id else "")
        parts.append(f"<h3>{escape(group.video_title)}{video}</h3>")
        for m in group.mentions:
            chip = _chip(m.video_id, m.seconds) if m.seconds is not None else ""
            where = [(f'<a href="{_open_href(m.path, m.heading_anchor)}" '
                      f'data-path="{escape(m.path)}">{escape(m.note_title)}</a>')]
            if m.heading:
                where.append(escape(m.heading))
            parts.append(f'<div class="mention"><div class="sentence">{escape(m.sentence)} {chip}'
                         f'</div><div class="where">{" › ".join(where)}</div></div>')
    if channel is not None:
        parts.append("</section>")
    return {"kind": "Topic" if not note_path else "Topic · mentions of a note", "title": title,
            "html": "".join(parts),
            "meta_html": f'<span class="path">[[{escape(slug)}]]</span>'}
