"""Payloads for the note page: a rendered note with its header, and generated topic pages.

Qt-free; the note view sends these to the page as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
import re
from html import escape, unescape
from typing import Any
from urllib.parse import quote

from viewer.core.context import heading_text
from viewer.core.index import LinkIndex
from viewer.core.mentions import PAGE_SIZE, MentionGroup
from viewer.core.note import Note
from viewer.core.timecode import format_time

MAX_SENTENCE = 300  # characters of a mention's sentence on a topic page


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
        meta.append(f'<a class="channel" href="{_open_href("channel:" + note.channel)}" '
                    f'title="Every note of this channel">{escape(note.channel_label or note.channel)}</a>')
    if note.video_id:
        others = len(index.notes_of_video(note.video_id)) - 1
        extra = (f' · <a class="video-page" href="{_open_href("video:" + note.video_id)}">'
                 f'{_plural(others, "other note")}</a>') if others > 0 else ""
        meta.append(f'<a class="video" href="lectern://seek/{escape(note.video_id)}/0" '
                    f'title="Play from the start">▶ {escape(note.video_id)}</a>{extra}')
    meta.append(f'<span class="path">{escape(note.path)}</span>')
    # A note's links to itself are not backlinks.
    backlinks = len(set(index.backlinks(note.path)) - {note.path}) if note.path in index else 0
    if backlinks:
        meta.append(_plural(backlinks, "backlink"))
    if note.aliases:
        meta.append('<span class="aliases" title="Also linked as">also '
                    + ", ".join(f"“{escape(_cap(a, 80))}”" for a in note.aliases[:10])
                    + ("…" if len(note.aliases) > 10 else "") + "</span>")
    if note.tags:
        meta.append('<span class="tags">' + " ".join(
            f'<a class="tag" href="{_open_href("tag:" + t)}">#{escape(_cap(t, 60))}</a>'
            for t in note.tags[:20]) + ("…" if len(note.tags) > 20 else "") + "</span>")
    if note.problems:
        meta.append(f'<span class="problems" title="{escape(_problems(note))}">'
                    f"⚠ {len(note.problems)} problem{'s' if len(note.problems) != 1 else ''}</span>")
    if not html.strip() and note.problems:  # nothing to show: say why on the page itself
        html = "".join(f'<p class="render-error">{escape(line)}</p>'
                       for line in _problems(note, 5).split("\n"))
    return {"kind": "Note", "title": note.title, "html": html,
            "meta_html": '<span class="sep">·</span>'.join(meta)}


def _problems(note: Note, limit: int = 20) -> str:
    """The note's problems for a tooltip: the first `limit` lines, then how many more."""
    lines = [f"line {p.line}: {p.message}" if p.line else p.message for p in note.problems[:limit]]
    if len(note.problems) > limit:
        lines.append(f"… and {len(note.problems) - limit:,} more (see the Problems panel)")
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' if count != 1 else ''}"


def _cap(text: str, limit: int = MAX_SENTENCE) -> str:
    """A sentence as shown on a topic page: at most `limit` characters."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def mentions_html(groups: list[MentionGroup], previous: tuple[str, str | None] | None) -> str:
    """The HTML of one page of a topic's mentions (see `viewer.core.mentions.mentions_page`).

    Each channel is a `<section class="group">` with its `<h2>`; a page continuing the group
    `previous` ended in repeats no heading, so that pages concatenate. Each sentence is
    capped at MAX_SENTENCE characters.
    """
    parts: list[str] = []
    channel = previous[0] if previous else None
    last = previous
    for group in groups:
        if group.channel != channel or not parts:
            if parts:
                parts.append("</section>")
            parts.append('<section class="group">')
            if group.channel != channel:
                parts.append(f'<h2 id="channel-{_id(group.channel)}">{escape(group.channel)}</h2>')
            channel = group.channel
        if (group.channel, group.video_id) != last:
            video = (f' <span class="summary">· {escape(group.video_id)}</span>'
                     if group.video_id else "")
            parts.append(f'<h3 id="video-{_id(group.channel)}-{_id(group.video_id or group.video_title)}">'
                         f"{escape(group.video_title)}{video}</h3>")
        last = (group.channel, group.video_id)
        for m in group.mentions:
            chip = _chip(m.video_id, m.seconds) if m.seconds is not None else ""
            where = [(f'<a href="{_open_href(m.path, m.heading_anchor)}" '
                      f'data-path="{escape(m.path)}">{escape(m.note_title)}</a>')]
            if m.heading:
                where.append(escape(_cap(heading_text(m.heading), 200)))
            parts.append(f'<div class="mention"><div class="sentence">{escape(_cap(m.sentence))} '
                         f'{chip}</div><div class="where">{" › ".join(where)}</div></div>')
    if parts:
        parts.append("</section>")
    return "".join(parts)


def _id(text: str) -> str:
    """A page element id from any text (escaped: quote() leaves no quote or space)."""
    return quote(text[:80], safe="")


_SECTION = re.compile(r'<h([23]) id="([^"<>]*)">([^<]*)')


def page_outline(pages_html: list[str], limit: int = 1000) -> list[tuple[int, str, str]]:
    """(level, text, anchor) of the channel and video headings of a topic page's HTML, for
    the Outline (at most `limit`). Linear in the HTML shown."""
    found: list[tuple[int, str, str]] = []
    for text in pages_html:
        for m in _SECTION.finditer(text):
            found.append((int(m.group(1)) - 1, unescape(m.group(3)).strip(), m.group(2)))
            if len(found) >= limit:
                return found
    return found


@dataclass(frozen=True)
class TopicSummary:
    """What a topic page says about all its mentions (from the index, no note read)."""

    mentions: int
    notes: int
    videos: int


def topic_payload(slug: str, title: str, summary: TopicSummary, pages_html: list[str],
                  shown: int, note_path: str | None, pages: int = 1) -> dict[str, Any]:
    """A topic page: the mentions shown so far (`pages_html`, from `mentions_html`, `pages`
    pages of PAGE_SIZE), and a "Show more" button while `shown` < `summary.mentions`.

    The button carries `data-page="<pages>"`; the page script hands it to the bridge's
    `show_more`.
    """
    parts = [f'<p class="summary">{_plural(summary.mentions, "mention")} in '
             f'{_plural(summary.notes, "note")} across {_plural(summary.videos, "video")}.']
    if note_path:
        parts.append(f' <a class="wikilink note" href="{_open_href(slug)}">Open the note</a>')
    else:
        parts.append(" No note has this title yet.")
    parts.append("</p>")
    if not summary.mentions:
        parts.append('<p class="empty">Nothing links here.</p>')
    parts.append('<div class="topic-mentions">')
    parts.extend(pages_html)
    parts.append("</div>")
    left = summary.mentions - shown
    if left > 0:
        more = min(left, PAGE_SIZE)
        parts.append(f'<p class="more"><button type="button" class="more" '
                     f'data-page="{pages}">Show {more:,} more</button> '
                     f'<span class="summary">{shown:,} of {summary.mentions:,} shown</span></p>')
    return {"kind": "Topic" if not note_path else "Topic · mentions of a note", "title": title,
            "html": "".join(parts),
            "meta_html": f'<span class="path">[[{escape(slug)}]]</span>',
            "outline": page_outline(pages_html),
            "why_no_backlinks": "A topic page: every note linking here is quoted on the page."}


def notice_payload(kind: str, title: str, text: str, css_class: str = "loading") -> dict[str, Any]:
    """A page holding one line of text (e.g. "Loading…" while a note is prepared)."""
    return {"kind": kind, "title": title, "meta_html": "",
            "html": f'<p class="{escape(css_class)}">{escape(text)}</p>'}

