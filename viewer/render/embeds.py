"""Embeds on the page: `![[image.png|300]]`, `![alt](media/pic.png)`, `![[Note]]`,
`![[Note#Section]]`, `![[Note#^block]]` (Obsidian's "Embed files").

The worker cannot see the index, so the window resolves every embed before the job starts
(`viewer.core.attachments.plan_embeds`: the note's embeds, and those of the notes it embeds,
a few levels deep) and sends the answers in the job. Here each embed becomes an
`EmbedToken` holding finished HTML:

- a vault image: `<img src="lectern://vault/<path>">`, served by the window's scheme
  handler, which refuses anything outside the vault;
- a note or a section of one: read from disk, rendered with the same renderer, at most
  MAX_DEPTH levels deep, never a note already being embedded (A embeds B embeds A), at most
  MAX_EMBED_CHARS of it and EMBED_BUDGET characters for the whole page;
- anything missing: a broken-embed box (the Problems panel lists it, from the index).

Embedded notes lose their ids and chip indexes (the page's ids and `data-ts` belong to the
host note); their chips still play their own video from the chip's href.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import quote

from viewer.core.attachments import IMAGE_SUFFIXES, suffix
from viewer.core.note import Embed, Note
from viewer.core.parser import scan_body
from viewer.core.slug import heading_anchor, slugify
from viewer.render.source import BlockToken, EmbedToken, SourceBuilder

MAX_DEPTH = 3  # notes inside notes inside notes
MAX_EMBED_CHARS = 50_000  # of one embedded note or section
EMBED_BUDGET = 200_000  # characters of embedded notes on one page
MAX_NOTE_EMBEDS = 40  # note embeds rendered on one page; more show as links

Resolved = dict[tuple[str, str], "tuple[str, str] | None"]
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_HOST_ATTRIBUTES = re.compile(r"""\s(?:id|data-ts)="[^"]*\"""")


@dataclass
class EmbedContext:
    """What rendering embeds needs, shared by a page and the notes embedded in it.

    Attributes:
        root: The vault folder (embedded notes are read from it).
        resolved: (embedding note's path, target as written) -> ("note" | "file", path),
            or None when nothing in the vault has that name. A pair not listed is not
            resolved (shown as missing).
        render: Renders a parsed note with this context (`renderer.render_note`).
        chain: Paths of the notes being embedded around the current one, host first.
        budget: Characters of embedded notes still allowed on the page (shared).
        notes: Note embeds rendered so far on the page (shared).
    """

    root: str
    resolved: Resolved
    render: Callable[[Note, EmbedContext], str] | None = None
    chain: tuple[str, ...] = ()
    budget: list[int] = field(default_factory=lambda: [EMBED_BUDGET])
    notes: list[int] = field(default_factory=lambda: [0])


def add_embed_spans(builder: SourceBuilder, note: Note, context: EmbedContext) -> None:
    """Register a token for each embed of `note` (the `!` included: none is left)."""
    if not note.embeds:
        return
    chain = context.chain or (note.path,)
    inner = EmbedContext(context.root, context.resolved, context.render, chain,
                         context.budget, context.notes)
    builder.add_group([
        (embed.start, embed.end, partial(_token, builder, embed, note.path, inner))
        for embed in note.embeds
    ])


def _token(builder: SourceBuilder, embed: Embed, from_path: str, context: EmbedContext) -> str:
    return builder.token(EmbedToken(embed_html(embed, from_path, context)), embed.start, embed.end)


def embed_html(embed: Embed, from_path: str, context: EmbedContext) -> str:
    """The HTML of one embed of the note at `from_path` (escaped; sanitised later)."""
    target = context.resolved.get((from_path, embed.raw))
    if target is None:
        shown = embed.raw + (f"#{embed.heading}" if embed.heading else "")
        return _missing(shown, "no note or file of that name in the vault")
    kind, path = target
    if kind == "file":
        return _file(embed, path)
    return _note(embed, path, context)


def _missing(raw: str, why: str) -> str:
    return (f'<span class="embed-missing" title="{html.escape(why)}">'
            f"Missing embed: {html.escape(raw)}</span>")


def vault_url(path: str) -> str:
    """The `lectern://vault/...` URL of a vault-relative path (the scheme handler serves
    it from the open vault only)."""
    return "lectern://vault/" + quote(path, safe="/")


def _file(embed: Embed, path: str) -> str:
    name = path.rpartition("/")[2]
    if suffix(path) not in IMAGE_SUFFIXES:
        return f'<span class="embed-file" title="{html.escape(path)}">{html.escape(name)}</span>'
    size = ""
    if embed.width:
        size += f' width="{embed.width}"'
    if embed.height:
        size += f' height="{embed.height}"'
    alt = embed.alt or name
    return (f'<img class="embed-image" src="{html.escape(vault_url(path))}" '
            f'alt="{html.escape(alt)}"{size}>')


def _note(embed: Embed, path: str, context: EmbedContext) -> str:
    label = html.escape(embed.raw + (f" › {embed.heading}" if embed.heading else ""))
    open_link = (f'<a class="wikilink note" href="lectern://open/{quote(path, safe="")}'
                 f'{"#" + quote(heading_anchor(embed.heading), safe="/^") if embed.heading else ""}">'
                 f"{label}</a>")
    if path in context.chain:
        return _stopped(open_link, "embeds itself (a cycle); not shown again")
    if len(context.chain) > MAX_DEPTH:
        return _stopped(open_link, f"more than {MAX_DEPTH} embeds deep; not shown")
    if context.notes[0] >= MAX_NOTE_EMBEDS or context.budget[0] <= 0 or context.render is None:
        return _stopped(open_link, "too many embedded notes on this page; not shown")
    from viewer.core.vault import read_note  # the worker's reader (vault imports the index)

    note = read_note(Path(context.root), path)
    body = note.body if not embed.heading else section(note, embed.heading)
    if body is None:
        return _missing(f"{embed.raw}#{embed.heading}", "the note has no such heading or block")
    limit = min(MAX_EMBED_CHARS, context.budget[0])
    cut = len(body) > limit
    body = body[:limit]
    context.budget[0] -= len(body)
    context.notes[0] += 1
    part = Note(path=note.path, title=note.title, slug=note.slug, video_id=note.video_id,
                body=body, body_line=note.body_line)
    scan_body(part)
    inner = EmbedContext(context.root, context.resolved, context.render,
                         (*context.chain, path), context.budget, context.notes)
    fragment = _TAG.sub(lambda m: _HOST_ATTRIBUTES.sub("", m.group(0)), context.render(part, inner))
    more = '<p class="embed-cut">The rest is not shown here.</p>' if cut else ""
    return (f'<div class="embed-note"><div class="embed-title">{open_link}</div>'
            f"{fragment}{more}</div>")


def _stopped(open_link: str, why: str) -> str:
    return (f'<div class="embed-note embed-stopped"><div class="embed-title">{open_link}</div>'
            f'<p class="embed-why">{html.escape(why)}</p></div>')


def section(note: Note, heading: str) -> str | None:
    """The part of `note.body` under `heading`: a heading (or chain `A#B`) to the next
    heading of its level or above, or `^id`'s block (its paragraph). None if absent."""
    heading = heading.strip()
    body = note.body
    if heading.startswith("^"):
        block = next((b for b in note.block_ids if b.id == heading[1:]), None)
        if block is None:
            return None
        start = body.rfind("\n\n", 0, block.start)
        end = body.find("\n", block.end)
        return body[start + 2 if start >= 0 else 0:end if end >= 0 else len(body)]
    wanted = [slugify(p.strip()) or "section" for p in heading.split("#") if p.strip()]
    at = 0
    for i, head in enumerate(note.headings):
        if slugify(head.text) == wanted[at] or head.anchor == wanted[at]:
            at += 1
            if at == len(wanted):
                end = next((h.start for h in note.headings[i + 1:] if h.level <= head.level),
                           len(body))
                return body[head.start:end].lstrip("\n")
    return None


def add_block_spans(builder: SourceBuilder, note: Note) -> None:
    """Replace each `^block-id` at a line end by an anchor (hidden; `[[Note#^id]]` and
    `![[Note#^id]]` find the block by it)."""
    if note.block_ids:
        builder.add_group([
            (block.start, block.end,
             partial(builder.token, BlockToken(block.id), block.start, block.end))
            for block in note.block_ids
        ])
