"""Render a parsed note (or a snippet) to a safe HTML fragment for the note pane."""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Markdown

from viewer.core.note import Link, Note
from viewer.core.parser import mask_code, scan_body
from viewer.core.slug import slugify
from viewer.render.markdown_ext import LecternExtension, new_markdown
from viewer.render.sanitize import clean_html
from viewer.render.source import (
    TOKEN_OPEN,
    TOKEN_RE,
    BadToken,
    ChipToken,
    HeadingToken,
    LinkToken,
    Replacement,
    SourceBuilder,
    TextToken,
)

log = logging.getLogger("lectern.render")

_FROM_PREFIX = re.compile(r"\s*From:[ \t]*")
_FROM_REST = re.compile(r"[ \t]*(?:<br[ \t]*/?>)?[ \t]*", re.IGNORECASE)
_HEADING_PREFIX = re.compile(r"[ ]{0,3}#{1,6}[ \t]+")
# A bullet or "1." item, which may start a list right under a paragraph line (not at 0).
_LIST_ITEM = re.compile(r"(?<=\n)[ ]{0,3}(?:[*+-]|1[.)])[ \t]+(?=\S)")
_ANY_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+\S")
_SPACES_BEFORE = re.compile(r"[ \t]+\Z")
_local = threading.local()

LinkKind = Callable[[str], str]
Span = tuple[int, int, Replacement]


@dataclass(frozen=True)
class RenderedNote:
    """A note rendered for the note pane.

    Attributes:
        html: The body fragment (no `<html>`/`<head>`), already sanitised.
        headings: (level, text, anchor id) of each heading in the fragment, in order; the
            same as `note.headings` unless a heading was swallowed by other markup.
    """

    html: str
    headings: list[tuple[int, str, str]]


def render_note(note: Note, link_kind: Callable[[str], str]) -> RenderedNote:
    """Render a parsed note's body to a safe HTML fragment.

    Wiki links, timestamps and headings are the ones the parser found (`note.links`,
    `note.timestamps`, `note.bad_timestamps`, `note.headings`): chip `data-ts="n"` is
    `note.timestamps[n]`. The `From: [[channel]]` line at the top is left out.

    Args:
        note: A parsed note.
        link_kind: Maps a target slug to "note" or "topic" (the link's CSS class).

    Returns:
        The fragment and the headings it carries ids for.
    """
    builder = SourceBuilder(note.body)
    _add_note_spans(builder, note, _cached_kinds(link_kind))
    try:
        body_html, headings = _convert(builder)
    except Exception:  # noqa: BLE001 - a note must always show, even if Markdown chokes
        log.exception("could not render %s; showing its text", note.path)
        return RenderedNote(_plain_fallback(note.body), [])
    return RenderedNote(clean_html(body_html), headings)


def render_markdown_fragment(text: str) -> str:
    """Render a Markdown snippet (a sentence for topic pages and backlinks) safely.

    Wiki links become their plain labels, timestamps are dropped. A snippet that is a
    single paragraph comes back without the `<p>` around it.

    Args:
        text: Markdown text, e.g. a sentence or list item of a note.

    Returns:
        A sanitised HTML fragment.
    """
    snippet = Note(path="", title="", slug="", body=text)
    scan_body(snippet)
    builder = SourceBuilder(snippet.body)
    body = builder.body
    dropped: list[Span] = []
    for start, end in sorted([(t.start, t.end) for t in snippet.timestamps]
                             + [(b.start, b.end) for b in snippet.bad_timestamps]):
        gap = _SPACES_BEFORE.search(body, 0, start) if start else None
        if gap and gap.start() and not body[gap.start() - 1].isspace():
            start = gap.start()  # "Russia <a ...>[1:11]</a>." reads "Russia."
        dropped.append((start, end, lambda s=start, e=end: builder.token(TextToken(""), s, e)))
    builder.add_group(dropped)
    builder.add_group([
        (link.start, link.end,
         lambda link=link: builder.token(TextToken(link.text), link.start, link.end))
        for link in snippet.links
    ])
    try:
        fragment, _ = _convert(builder)
    except Exception:  # noqa: BLE001 - never fail a backlink list over one snippet
        log.exception("could not render a snippet; showing its text")
        return html.escape(text)
    fragment = clean_html(fragment).strip()
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        fragment = fragment[3:-4]
    return fragment


def _add_note_spans(builder: SourceBuilder, note: Note, kind_of: LinkKind) -> None:
    """Register the note's spans; earlier groups win where spans overlap."""
    body = builder.body
    from_end = _from_line_end(note)
    if from_end:
        builder.add_group([(0, from_end, _empty)])
    builder.add_group([
        (stamp.start, stamp.end, lambda i=i, s=stamp: builder.token(
            ChipToken(i, s.seconds, s.video_id or note.video_id,
                      s.label if s.kind == "url" else ""), s.start, s.end))
        for i, stamp in enumerate(note.timestamps)
    ])
    builder.add_group([
        (bad.start, bad.end, lambda b=bad: builder.token(BadToken(b.raw), b.start, b.end))
        for bad in note.bad_timestamps
    ])
    heading_spans: list[Span] = []
    for heading in note.headings:
        prefix = _HEADING_PREFIX.match(body, heading.start)
        if not prefix:
            continue
        # Drop the leading spaces the parser allows and set the line apart with blank
        # lines, so Markdown makes a heading of exactly the lines the parser did.
        marker = ("\n" if heading.start else "") + "#" * heading.level + " "
        token = HeadingToken(heading.level, heading.text, heading.anchor)
        heading_spans.append((heading.start, prefix.end(), lambda m=marker, t=token, p=prefix:
                              m + builder.token(t, p.start(), p.start())))
        eol = body.find("\n", prefix.end())
        if eol >= 0:
            heading_spans.append((eol, eol + 1, _blank_line))
    builder.add_group(heading_spans)
    builder.add_group(_list_breaks(body))
    builder.add_group([
        (link.start, link.end,
         lambda link=link: builder.token(_link_token(link, note, kind_of), link.start, link.end))
        for link in note.links
    ])


def _list_breaks(body: str) -> list[Span]:
    """Blank lines before lists that follow a paragraph line directly.

    Notes are written for CommonMark-style readers, where a list may interrupt a
    paragraph; Python-Markdown needs a blank line first or the items stay paragraph text.
    """
    if "\n" not in body:
        return []
    masked = mask_code(body)  # list markers inside code are not lists
    return [(item.start() - 1, item.start(), _blank_line)
            for item in _LIST_ITEM.finditer(masked)
            if _follows_text(body, masked, item.start() - 1)]


def _follows_text(body: str, masked: str, end: int) -> bool:
    """Whether the block ending at the newline `end` has text and no list item."""
    seen_text = False
    while end > 0:
        line = body.rfind("\n", 0, end) + 1
        if not body[line:end].strip():
            break
        if _ANY_ITEM.match(masked, line):
            return False
        seen_text = True
        end = line - 1
    return seen_text


def _link_token(link: Link, note: Note, kind_of: LinkKind) -> LinkToken:
    if not link.target:  # [[#Heading]]: a heading of this note
        anchor = slugify(link.heading or "") or "section"
        return LinkToken(link.text, f"#{anchor}", note.slug, "note")
    href = f"lectern://open/{link.target}"
    if link.heading:
        href += "#" + (slugify(link.heading) or "section")
    return LinkToken(link.text, href, link.target, kind_of(link.target))


def _cached_kinds(link_kind: LinkKind) -> LinkKind:
    """`link_kind` asked once per target; failures and odd answers count as "note"."""
    kinds: dict[str, str] = {}
    failed = False

    def kind_of(target: str) -> str:
        nonlocal failed
        if target not in kinds:
            try:
                kinds[target] = "topic" if link_kind(target) == "topic" else "note"
            except Exception:  # noqa: BLE001 - a lookup failure must not lose the note
                if not failed:
                    log.warning("link_kind(%r) failed; showing links as notes", target,
                                exc_info=True)
                failed = True
                kinds[target] = "note"
        return kinds[target]

    return kind_of


def _from_line_end(note: Note) -> int:
    """End of the `From: [[channel]] <br/>` line at the very top of the body, else 0."""
    if not note.links:
        return 0
    first = note.links[0]
    prefix = _FROM_PREFIX.match(note.body)
    if not prefix or prefix.end() != first.start:
        return 0
    rest = _FROM_REST.match(note.body, first.end)
    return rest.end() if rest else first.end


def _markdown() -> tuple[Markdown, LecternExtension]:
    """This thread's Markdown instance (building one costs far more than a render)."""
    instance: tuple[Markdown, LecternExtension] | None = getattr(_local, "markdown", None)
    if instance is None:
        instance = _local.markdown = new_markdown()
    return instance


def _convert(builder: SourceBuilder) -> tuple[str, list[tuple[int, str, str]]]:
    """Markdown source of `builder` to HTML (not yet sanitised) and the headings found."""
    source = builder.build()
    md, extension = _markdown()
    md.reset()
    extension.builder = builder
    try:
        body_html = md.convert(source)
        headings = list(extension.headings)
    except Exception:
        _local.markdown = None  # its state is unknown now; build a fresh one next time
        raise
    finally:
        extension.builder = None
    if TOKEN_OPEN in body_html:
        # Tokens that landed in code (or where no markup can go) show their source text.
        body_html = TOKEN_RE.sub(lambda m: html.escape(builder.fallback(int(m.group(1)))),
                                 body_html)
    return body_html, headings


def _plain_fallback(body: str) -> str:
    return ('<p class="render-error">This note could not be formatted; '
            f"its text is shown as written.</p><pre>{html.escape(body)}</pre>")


def _empty() -> str:
    return ""


def _blank_line() -> str:
    return "\n\n"
