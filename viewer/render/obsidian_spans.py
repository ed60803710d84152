"""Obsidian's source rules that Python-Markdown reads differently, as span replacements on
the note body (see `viewer.render.source`): comments, list indents, a table right under a
paragraph, inline footnotes, and `<details>`/`<summary>` lines set apart as blocks.

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

_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_MAY_START = frozenset(" \t>*+-0123456789")  # first characters of lines a list can hold
# A list item marker (CommonMark: `-`, `+`, `*`, or 1-9 digits and `.`/`)`), then spaces
# or the end of the line.
_ITEM = re.compile(r"([*+-]|\d{1,9}[.)])(?:([ \t]+)|$)")
_TABLE_SEPARATOR = re.compile(r"[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_NOT_PARAGRAPH = re.compile(r"[ ]{0,3}(?:[>#|]|(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$))")
_FOOTNOTE_BRACKETS = re.compile(r"\^\[|\[|\]|\n[ \t]*\n")
# Attributes allowed on the line (`flavour._TagInline` drops them but `open`).
_DETAILS_LINE = re.compile(
    r"[ ]{0,3}(?i:(?:<details(?:\s[^<>]*)?>[ \t]*)?<summary(?:\s[^<>]*)?>.*</summary>"
    r"|<details(?:\s[^<>]*)?>|</details>)[ \t]*")
_INLINE_FOOTNOTE_ID = "lectern-inline-"
# A task's box holding another character than space or x: Obsidian shows it checked ("You
# can use any character inside the brackets to mark it as complete", help: Task lists).
_TASK_STATE = re.compile(r"\[([^\sxX\]\[\\^])\](?=[ \t])")


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


def _width(lead: str) -> int:
    """Columns of leading whitespace, tabs to the next multiple of 4 (CommonMark)."""
    column = 0
    for char in lead:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def list_indent_spans(masked: str) -> list[Span]:
    """The indent spans of `list_spans` alone."""
    return list_spans(masked)[0]


def list_spans(masked: str) -> tuple[list[Span], list[Span]]:
    """(indent spans, kind breaks) of the lists in a note.

    Kind breaks: a blank line (inside quotes, a `>` line) before a top-level item whose
    sibling just above is of the other kind (`- b` then `1. one`), and before a quote at
    column 0 right under a list item. CommonMark and Obsidian start a
    new list there; Python-Markdown read the ordered items as lazy text of the bullet.

    Indent spans: leading whitespace of nested list lines re-indented to Python-Markdown's
    4 columns; and `x` for the state character of a task written `- [-]`, `- [/]`,
    `- [>]`... (checked in Obsidian).

    Obsidian nests a line under a list item when it is indented at least to the item's
    content column (CommonMark: `- Solid` then `  - Ice`, `1. First` then `   - sub`);
    Python-Markdown wants 4 spaces per level, so 2- and 3-space lists came out flat and
    their numbers restarted. A line at depth d is given 4*d columns plus whatever it is
    indented beyond its parent's content column. Inside quotes and callouts the same,
    after the `>` markers (as Python-Markdown strips them: `>` and one space).
    """
    spans: list[Span] = []
    kind_breaks: list[Span] = []
    task_states: list[Span] = []  # after the line's indent span: merged in order at the end
    stack: list[int] = []  # content columns of the open items, outermost first
    ordered: list[bool] = []  # whether each open item is an ordered one
    blank_before = False
    quotes = 0  # `>` before the lines of the list (lists in quotes and callouts)
    line_start = 0
    for text in masked.split("\n"):
        end = line_start + len(text)
        if not stack and not quotes and text[:1] not in _MAY_START:
            line_start = end + 1  # most lines of most notes: text outside any list
            blank_before = not text.strip()
            continue
        prefix = _QUOTE_PREFIX.match(masked, line_start, end) if ">" in text else None
        start = prefix.end() if prefix else line_start
        depth = masked.count(">", line_start, start)
        if depth != quotes:
            if stack and not quotes and text[:1] == ">" and not blank_before:
                # `- a` then `> [!tip]` at column 0: a quote of its own (CommonMark; in
                # Python-Markdown it was lazy text of the item, so the item held it).
                kind_breaks.append((line_start - 1, line_start, _blank_line))
            stack.clear()
            ordered.clear()
            quotes = depth
        line = masked[start:end]
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            blank_before = True
            line_start = end + 1
            continue
        lead = len(line) - len(stripped)
        width = _width(line[:lead])
        item = _ITEM.match(stripped)
        if item is not None and (stack or width < 4):
            sibling = None
            while stack and width < stack[-1]:
                stack.pop()
                sibling = ordered.pop()
            is_ordered = item.group(1)[0].isdigit()
            state = _TASK_STATE.match(stripped, item.end())
            if state is not None:  # `- [-] cancelled`: checked, as in Obsidian
                at = start + lead + state.start(1)
                task_states.append((at, at + 1, _text("x")))
            # Top-level lists only: a blank line in a nested one would take the lines
            # after it into the nested item (Python-Markdown's indented blocks).
            if (sibling is not None and sibling != is_ordered and not blank_before
                    and not stack):
                kind_breaks.append((line_start - 1, line_start,
                                    _text("\n" + masked[line_start:start].rstrip() + "\n")))
            gap = _width(line[:lead + item.end(1)] + (item.group(2) or " ")) - width
            marker = len(item.group(1))
            # CommonMark: 5 or more spaces after the marker make the content column one past it.
            content = width + (gap if gap - marker <= 4 else marker + 1)
            wanted = 4 * len(stack)
            stack.append(content)
            ordered.append(is_ordered)
        elif stack and blank_before and width == 0:
            stack.clear()  # the list has ended
            ordered.clear()
            blank_before = False
            line_start = end + 1
            continue
        else:
            if blank_before:
                while stack and width < stack[-1]:
                    stack.pop()
                    ordered.pop()
            if not stack or width < stack[-1]:
                blank_before = False
                line_start = end + 1
                continue  # a lazy continuation line, or not in a list: as written
            wanted = 4 * len(stack) + width - stack[-1]
        blank_before = False
        if lead and (wanted != width or "\t" in line[:lead]):
            spans.append((start, start + lead, _text(" " * wanted)))
        line_start = end + 1
    if task_states:
        spans = sorted(spans + task_states, key=lambda span: span[0])
    return spans, kind_breaks


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


def _text(text: str) -> Replacement:
    return lambda: text


def _empty() -> str:
    return ""


def _blank_line() -> str:
    return "\n\n"

