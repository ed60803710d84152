"""Render a parsed note (or a snippet) to a safe HTML fragment for the note pane."""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from markdown import Markdown

from viewer.core.note import Note
from viewer.core.parser import scan_body
from viewer.render.embeds import EmbedContext, add_block_spans, add_embed_spans
from viewer.render.markdown_ext import LecternExtension, new_markdown
from viewer.render.sanitize import clean_html
from viewer.render.source import TOKEN_OPEN, TOKEN_RE, SourceBuilder
from viewer.render.spans import add_fragment_spans, add_note_spans

log = logging.getLogger("lectern.render")

_local = threading.local()


@dataclass(frozen=True)
class RenderedNote:
    """A note rendered for the note pane.

    Attributes:
        html: The body fragment (no `<html>`/`<head>`), already sanitised.
        headings: (level, text, anchor id) of each heading in the fragment, in order: the
            same as `note.headings`, unless a heading line was swallowed by other markup
            (e.g. a timestamp anchor spanning lines), whose id then is not in the page.
        plain_reason: Why the note is shown as plain text ("" when it is formatted), for
            the Problems panel, e.g. "too large to format (1.4 MB; the limit is 1.2 MB)".
    """

    html: str
    headings: list[tuple[int, str, str]]
    plain_reason: str = ""


def render_note(note: Note, link_kind: Callable[[str], str],
                embeds: EmbedContext | None = None) -> RenderedNote:
    """Render a parsed note's body to a safe HTML fragment.

    Wiki links, timestamps and headings are the ones the parser found (`note.links`,
    `note.timestamps`, `note.bad_timestamps`, `note.headings`): chip `data-ts="n"` is
    `note.timestamps[n]`. The `From: [[channel]]` line at the top is left out. Never raises
    for any note; if Markdown itself fails, the text is shown escaped in a `<pre>`.

    Args:
        note: A parsed note.
        link_kind: Maps a target slug to "note" or "topic" (the link's CSS class); asked
            once per distinct target, before conversion.
        embeds: The resolved embeds (`viewer.render.embeds`); None shows every embed as
            missing.

    Returns:
        The fragment and the headings it carries ids for.
    """
    reason = too_large_reason(note)
    if reason:
        # A backstop: rendering is linear in the note (tests/core/test_growth_render.py),
        # but hostile markup costs ~5 s per MB, and a multi-megabyte note far more.
        log.warning("%s is %s", note.path, reason)
        return RenderedNote(clean_html(_plain_fallback(
            note.body, f"This note is {reason}; its text is shown as written.")), [], reason)
    builder = SourceBuilder(note.body)
    add_note_spans(builder, note, link_kind)
    add_block_spans(builder, note)
    if note.embeds:
        context = embeds or EmbedContext("", {})
        if context.render is None:
            context.render = lambda part, inner: render_note(part, link_kind, inner).html
        add_embed_spans(builder, note, context)
    try:
        body_html, headings = _convert(builder)
    except RecursionError:  # thousands of nested lists
        log.error("could not format %s: nested too deeply", note.path)  # no 1000-frame trace
        return RenderedNote(clean_html(_plain_fallback(note.body)), [],
                            "could not be formatted: nested too deeply")
    except Exception as exc:  # a note must always show, even if Markdown chokes
        log.exception("could not render %s; showing its text", note.path)
        return RenderedNote(clean_html(_plain_fallback(note.body)), [],
                            f"could not be formatted ({type(exc).__name__})")
    return RenderedNote(clean_html(body_html), headings)


def too_large_reason(note: Note) -> str:
    """Why `render_note` shows `note` as plain text for its size ("" if it formats it):
    over MAX_RENDER_CHARS characters, or over MAX_RENDER_SPANS links and timestamps."""
    if len(note.body) > MAX_RENDER_CHARS:
        return (f"too large to format ({len(note.body):,} characters; the limit is "
                f"{MAX_RENDER_CHARS:,})")
    spans = len(note.links) + len(note.timestamps)
    if spans > MAX_RENDER_SPANS:
        return (f"too large to format ({spans:,} links and timestamps; the limit is "
                f"{MAX_RENDER_SPANS:,})")
    return ""


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
    add_fragment_spans(builder, snippet)
    try:
        fragment, _ = _convert(builder)
    except Exception:  # never fail a backlink list over one snippet
        log.exception("could not render a snippet; showing its text")
        return html.escape(text)
    fragment = clean_html(fragment).strip()
    if fragment.startswith("<p>") and fragment.endswith("</p>") and fragment.count("<p>") == 1:
        fragment = fragment[3:-4]
    return fragment


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


def _plain_fallback(body: str, why: str = "This note could not be formatted; its text is "
                                          "shown as written.") -> str:
    return f'<p class="render-error">{html.escape(why)}</p><pre>{html.escape(body)}</pre>'


# Beyond these a note is shown as plain text (real notes are 4-15 KB with ~60 spans); below
# them rendering takes time linear in the note. Issue 15: a 1 MB transcript of 10,000
# chips formats (in under a second; bench).
MAX_RENDER_CHARS = 1_200_000
MAX_RENDER_SPANS = 20_000
