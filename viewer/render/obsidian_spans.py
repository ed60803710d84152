"""Obsidian's source rules that Python-Markdown reads differently, as span replacements on
the note body (see `viewer.render.source`): comments, a table right under a paragraph,
inline footnotes, and `<details>`/`<summary>` lines set apart as blocks (lists:
`viewer.render.lists`).

Each pass reads `masked` (the body with code blanked, `viewer.core.parser.mask_code`), so
nothing inside code changes, and each is one forward scan: linear in the note.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

from viewer.core.masking import comments
from viewer.render.source import Replacement, SourceBuilder

Span = tuple[int, int, Replacement]
Move = tuple[int, int, int, int, Callable[[str], str]]

_TABLE_SEPARATOR = re.compile(r"[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_NOT_PARAGRAPH = re.compile(r"[ ]{0,3}(?:[>#|]|(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$))")
_FOOTNOTE_BRACKETS = re.compile(r"\^\[|\[|\]|\n[ \t]*\n")
# Attributes allowed on the line (`flavour._TagInline` drops them but `open`).
_DETAILS_LINE = re.compile(
    r"[ ]{0,3}(?i:(?:<details(?:\s[^<>]*)?>[ \t]*)?<summary(?:\s[^<>]*)?>.*</summary>"
    r"|<details(?:\s[^<>]*)?>|</details>)[ \t]*")
_INLINE_FOOTNOTE_ID = "lectern-inline-"


def comment_spans(masked: str) -> list[Span]:
    """`%% ... %%` comments and HTML comments `<!-- ... -->`, inline or over lines, replaced
    by nothing; found by `viewer.core.masking.comments`, the parser's rule, so what the page
    hides is what the index leaves out."""
    return [(start, end, _empty) for start, end in comments(masked)]


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text`, without its newline."""
    start = 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, len(text)
            return
        yield start, end
        start = end + 1


def table_breaks(masked: str) -> list[Span]:
    """A blank line before a table whose header row follows a paragraph line directly
    (Obsidian reads it as a table; Python-Markdown needs the blank line first)."""
    if "|" not in masked or "\n" not in masked:
        return []
    spans: list[Span] = []
    lines = list(_lines(masked))
    for index in range(2, len(lines)):
        start, end = lines[index]
        if "-" not in masked[start:end] or not _TABLE_SEPARATOR.fullmatch(masked, start, end):
            continue
        header_start, header_end = lines[index - 1]
        above_start, above_end = lines[index - 2]
        above = masked[above_start:above_end]
        if ("|" not in masked[header_start:header_end] or not above.strip()
                or _NOT_PARAGRAPH.match(above)):
            continue
        spans.append((header_start - 1, header_start, _blank_line))
    return spans


def details_breaks(masked: str) -> list[Span]:
    """Blank lines around lines that are only `<details>`, `<summary>...</summary>` or
    `</details>`, so each is a block of its own (as in Obsidian's HTML blocks)."""
    if "<" not in masked or "\n" not in masked:
        return []
    spans: list[Span] = []
    for start, end in _lines(masked):
        if "<" in masked[start:end] and _DETAILS_LINE.fullmatch(masked, start, end):
            if start > 0:
                spans.append((start - 1, start, _blank_line))
            if end < len(masked):
                spans.append((end, end + 1, _blank_line))
    return spans


def inline_footnote_moves(builder: SourceBuilder, masked: str) -> list[Move]:
    """`^[text]` (Obsidian's inline footnote) as a `[^id]` reference, its text (with the
    links, chips and markup in it) appended as the definition: moves for
    `SourceBuilder.add_moves`. Brackets pair within a paragraph; an inline footnote inside
    another is part of its text."""
    if "^[" not in masked:
        return []
    found: list[tuple[int, int]] = []
    stack: list[tuple[int, bool]] = []
    for match in _FOOTNOTE_BRACKETS.finditer(masked):
        token = match.group()
        if token == "]":
            if stack:
                opening, is_note = stack.pop()
                if is_note:
                    found.append((opening, match.end()))
        elif token[0] == "\n":
            stack.clear()
        else:
            stack.append((match.start(), token == "^["))
    found.sort()
    moves: list[Move] = []
    last_end = 0
    for start, end in found:  # inner ones close first: keep the outermost
        if start >= last_end:
            moves.append((start, end, 2, 1, partial(_footnote, builder)))
            last_end = end
    return moves


def _footnote(builder: SourceBuilder, text: str) -> str:
    name = f"{_INLINE_FOOTNOTE_ID}{len(builder.suffix) + 1}"
    builder.suffix.append(f"\n\n[^{name}]: {' '.join(text.split(chr(10)))}")
    return f"[^{name}]"


def _empty() -> str:
    return ""


def _blank_line() -> str:
    return "\n\n"

