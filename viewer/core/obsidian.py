"""Obsidian syntax the parser finds besides links: embeds and block ids.

Rules from Obsidian's help ("Embed files", "Internal links: link to a block"): `![[x]]`
embeds a note, a section (`#Heading`) or a file; `|300` or `|300x200` sizes an image;
`![alt](path)` embeds a vault file written as a relative path; `^block-id` at the end of a
line names that block. Every regex here is linear (issue 11): no run can be rescanned
from another start.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from viewer.core.note import BlockId, Embed

# `![alt](url)`: the label stops at the next bracket, the URL at the next parenthesis, so no
# two starts share a run.
_MD_IMAGE = re.compile(r"!\[([^\[\]\n]*)\]\(([^()\n]*)\)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SIZE = re.compile(r"[ \t]*(\d{1,5})(?:[ \t]*x[ \t]*(\d{1,5}))?[ \t]*")
# Starts only at a caret after white space (or at a line start); the id cannot hold one.
_BLOCK_ID = re.compile(r"(?:(?<=[ \t])|^)\^([A-Za-z0-9-]{1,64})[ \t]*$", re.MULTILINE)
MAX_EMBED_SIZE = 10_000  # px: larger widths are not sizes


def wiki_embed(inner: str, start: int, end: int) -> Embed | None:
    """The embed `![[inner]]` at body[start:end] (`start` at the `!`), None if empty."""
    inner = inner.replace("\\|", "|")
    target, bar, rest = inner.partition("|")
    raw, _, heading = target.partition("#")
    raw = raw.strip().rstrip("\\").strip()
    if not raw and not heading.strip():
        return None
    width, height = _size(rest) if bar else (None, None)
    alt = "" if width or not bar else rest.strip()
    return Embed(raw, heading.strip() or None, width, height, alt, start, end)


def markdown_embeds(masked: str) -> list[Embed]:
    """`![alt](path)` images whose path is a file in the vault (no scheme, not `//host`)."""
    found: list[Embed] = []
    if "![" not in masked:
        return found
    for m in _MD_IMAGE.finditer(masked):
        url = m.group(2).strip()
        if url.startswith("<"):
            url = url[1:].partition(">")[0]
        else:
            url = url.split(None, 1)[0] if url else ""
        if not url or url.startswith(("//", "#")) or _SCHEME.match(url):
            continue
        alt, bar, size = m.group(1).partition("|")
        width, height = _size(size) if bar else (None, None)
        if bar and width is None:
            alt = m.group(1)
        found.append(Embed(unquote(url), None, width, height, alt.strip(), m.start(), m.end(),
                           markdown=True))
    return found


def _size(text: str) -> tuple[int | None, int | None]:
    match = _SIZE.fullmatch(text)
    if not match:
        return None, None
    width = int(match.group(1))
    height = int(match.group(2)) if match.group(2) else None
    if not 0 < width <= MAX_EMBED_SIZE or (height is not None and not 0 < height <= MAX_EMBED_SIZE):
        return None, None
    return width, height


def block_ids(masked: str) -> list[BlockId]:
    """Each `^block-id` ending a line (after a space, or alone on its line)."""
    if "^" not in masked:
        return []
    return [BlockId(m.group(1), m.start(), m.start(1) + len(m.group(1)))
            for m in _BLOCK_ID.finditer(masked)]
