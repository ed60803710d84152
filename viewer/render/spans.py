"""Which parts of a note body become which tokens (see `viewer.render.source`).

Every span comes from the parser's offsets; the only scanning done here is for layout
(the `From:` line, where a heading line ends, lists that need a blank line before them),
never for links or timestamps.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import partial
from urllib.parse import quote

from viewer.core.note import Link, Note
from viewer.core.parser import mask_code
from viewer.core.slug import heading_anchor, topic_slug
from viewer.render.line_blocks import line_block_breaks
from viewer.render.lists import list_spans
from viewer.render.nested_fences import nested_fence_spans
from viewer.render.obsidian_spans import (
    comment_spans,
    details_breaks,
    inline_footnote_moves,
    table_breaks,
)
from viewer.render.source import (
    BadToken,
    ChipToken,
    HeadingToken,
    LinkToken,
    Replacement,
    SourceBuilder,
    TextToken,
)

log = logging.getLogger("lectern.render")

LinkKind = Callable[[str], str]
Span = tuple[int, int, Replacement]

_FROM_PREFIX = re.compile(r"\s*From:[ \t]*")
_FROM_REST = re.compile(r"[ \t]*(?:<br[ \t]*/?>)?[ \t]*", re.IGNORECASE)
_HEADING_PREFIX = re.compile(r"[ ]{0,3}#{1,6}[ \t]+")
# A bullet or "1." item, which may start a list right under a paragraph line (not at 0).
_LIST_ITEM = re.compile(r"(?<=\n)[ ]{0,3}(?:[*+-]|1[.)])[ \t]+(?=\S)")
_ANY_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]+\S")


def add_note_spans(builder: SourceBuilder, note: Note, link_kind: LinkKind) -> None:
    """Register the spans of a note to render; earlier groups win where spans overlap.

    Args:
        builder: A builder over `note.body`.
        note: The parsed note.
        link_kind: Maps a target slug to "note" or "topic".
    """
    body = builder.body
    kind_of = _cached_kinds(link_kind)
    from_end = from_line_end(note)
    if from_end:
        builder.add_group([(0, from_end, _empty)])
    masked = mask_code(body) if "\n" in body or "`" in body else body
    builder.add_group(comment_spans(masked))
    fence_spans, fence_lines = nested_fence_spans(builder)
    builder.add_group(fence_spans)
    if fence_lines:  # the list passes must see a block's line as text (not blank code)
        pieces, last = [], 0
        for offset in fence_lines:
            pieces += [masked[last:offset], "x"]
            last = offset + 1
        masked = "".join(pieces) + masked[last:]
    builder.add_group([
        (stamp.start, stamp.end, partial(
            builder.token, ChipToken(i, stamp.seconds, stamp.video_id or note.video_id,
                                     stamp.label if stamp.kind == "url" else ""),
            stamp.start, stamp.end))
        for i, stamp in enumerate(note.timestamps)
    ])
    builder.add_group([
        (bad.start, bad.end, partial(builder.token, BadToken(bad.raw), bad.start, bad.end))
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
        heading_spans.append((heading.start, prefix.end(),
                              partial(_heading_start, builder, marker, token, heading.start)))
        eol = body.find("\n", prefix.end())
        if eol >= 0:
            heading_spans.append((eol, eol + 1, _blank_line))
    builder.add_group(heading_spans)
    indents, kind_breaks = list_spans(masked, builder)
    breaks = (list_breaks(body, masked) + table_breaks(masked) + details_breaks(masked)
              + kind_breaks)
    builder.add_group(breaks)
    builder.add_group(indents)
    # Lines the spans above turn into something else, or join to the line before.
    tokens = [(s.start, s.end) for s in (*note.timestamps, *note.bad_timestamps, *note.links)]
    builder.add_group(line_block_breaks(
        body, masked, start=from_end, fresh_lines={b[1] for b in breaks},
        heading_lines={h.start for h in note.headings},
        joined=[(s, e) for s, e in tokens if "\n" in body[s:e]], tokens=tokens))
    builder.add_group([
        (link.start, link.end, partial(_wikilink, builder, link, note, kind_of))
        for link in note.links
    ])
    builder.add_moves(inline_footnote_moves(builder, masked))


def add_fragment_spans(builder: SourceBuilder, snippet: Note) -> None:
    """Register the spans of a snippet: timestamps dropped, wiki links as their labels.

    Args:
        builder: A builder over `snippet.body`.
        snippet: The snippet, scanned by `viewer.core.parser.scan_body`.
    """
    body = builder.body
    if "%%" in body or "<!--" in body:
        builder.add_group(comment_spans(mask_code(body)))
    dropped: list[Span] = []
    for start, end in sorted([(t.start, t.end) for t in snippet.timestamps]
                             + [(b.start, b.end) for b in snippet.bad_timestamps]):
        before = start
        while before > 0 and body[before - 1] in " \t":
            before -= 1
        if 0 < before < start and not body[before - 1].isspace():
            start = before  # "Russia <a ...>[1:11]</a>." reads "Russia."
        # A token, not "": inside code the timestamp stays as written.
        dropped.append((start, end, partial(builder.token, TextToken(""), start, end)))
    builder.add_group(dropped)
    builder.add_group([
        (link.start, link.end, partial(builder.token, TextToken(link.text), link.start, link.end))
        for link in snippet.links
    ])
    # Embeds and block ids are not sentence text: an embed reads as its name, a block id
    # as nothing (issue 15).
    builder.add_group([
        (e.start, e.end, partial(builder.token, TextToken(e.alt or e.raw.rpartition("/")[2]),
                                 e.start, e.end))
        for e in snippet.embeds
    ] + [(b.start, b.end, partial(builder.token, TextToken(""), b.start, b.end))
         for b in snippet.block_ids])


def _heading_start(builder: SourceBuilder, marker: str, heading: HeadingToken, at: int) -> str:
    return marker + builder.token(heading, at, at)


def _wikilink(builder: SourceBuilder, link: Link, note: Note, kind_of: LinkKind) -> str:
    # Called only for links that survive overlaps, so link_kind is asked only for those.
    return builder.token(link_token(link, note, kind_of), link.start, link.end)


def link_token(link: Link, note: Note, kind_of: LinkKind) -> LinkToken:
    """The wiki link markup for `link` of `note`."""
    if not link.target:  # [[#Heading]]: a heading of this note
        anchor = heading_anchor(link.heading or "")
        return LinkToken(link.text, "#" + quote(anchor, safe="/^"), note.slug, "note")
    # Percent-encoded like `pages._open_href`; the note view decodes both parts. The target
    # goes as written (its link key): `[[C++]]` must reach "C++", not the slug "c".
    href = "lectern://open/" + quote(link.target, safe="")
    if link.heading:
        href += "#" + quote(heading_anchor(link.heading), safe="/^")
    return LinkToken(link.text, href, topic_slug(link.target) or "-", kind_of(link.target))


def from_line_end(note: Note) -> int:
    """End of the `From: [[channel]] <br/>` line at the very top of the body, else 0."""
    if not note.links:
        return 0
    first = note.links[0]
    prefix = _FROM_PREFIX.match(note.body)
    if not prefix or prefix.end() != first.start:
        return 0
    rest = _FROM_REST.match(note.body, first.end)
    return rest.end() if rest else first.end


def list_breaks(body: str, masked: str | None = None) -> list[Span]:
    """Blank lines before lists that follow a paragraph line directly.

    Notes are written for CommonMark-style readers, where a list may interrupt a
    paragraph; Python-Markdown needs a blank line first or the items stay paragraph text.
    `masked` is `mask_code(body)` if the caller has it.
    """
    if "\n" not in body:
        return []
    if masked is None:
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


def _cached_kinds(link_kind: LinkKind) -> LinkKind:
    """`link_kind` asked once per target; failures and odd answers count as "note"."""
    kinds: dict[str, str] = {}
    failed = False

    def kind_of(target: str) -> str:
        nonlocal failed
        if target not in kinds:
            try:
                kinds[target] = "topic" if link_kind(target) == "topic" else "note"
            except Exception:  # a lookup failure must not lose the note
                if not failed:
                    log.warning("link_kind(%r) failed; showing links as notes", target,
                                exc_info=True)
                failed = True
                kinds[target] = "note"
        return kinds[target]

    return kind_of


def _empty() -> str:
    return ""


def _blank_line() -> str:
    return "\n\n"
