"""Fenced code that Python-Markdown's `fenced_code` does not see: inside quotes and callouts
(`> ```js`), inside list items (an indented fence), inside footnote definitions (indented
4 spaces), or indented 1-3 spaces at the top level.

Python-Markdown reads a fence only at column 0 outside any container, so these blocks came
out as inline code with the language word in it (`<code>python x = 1</code>`). Obsidian
(CommonMark) reads them as code blocks. Each such block is replaced by a token holding the
finished `<pre><code>` (coloured as top-level fences are, `flavour.code_block_html`).

Rules, after CommonMark's: the opening line is a quote prefix, indentation, then a run of 3+
backticks or tildes (an info string after backticks holds no backtick); the block ends at a
line of the same quote depth holding a run of the same character at least as long, or, when
no such line comes, where its container ends (a line of another quote depth, or in a list a
non-blank line indented less than the fence), as CommonMark ends an unclosed fence. Lines of
code lose their quote prefix and up to the fence's indentation. One forward pass: linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from viewer.render.flavour import code_block_html
from viewer.render.source import EmbedToken, SourceBuilder

Span = tuple[int, int, Callable[[], str]]

_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_OPENING = re.compile(r"([ \t]*)(`{3,}|~{3,})(.*)")
_ITEM = re.compile(r"[ \t]{0,3}(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)")
# A footnote definition (Python-Markdown's footnotes: its text goes on in lines indented
# 4 spaces, where a fence is the footnote's code block, as in Obsidian).
_FOOTNOTE = re.compile(r"[ ]{0,3}\[\^[^\]\s]{1,100}\]:")


def indent_width(lead: str) -> int:
    """Columns of leading whitespace, tabs to the next multiple of 4 (CommonMark)."""
    column = 0
    for char in lead:
        column = column + 4 - column % 4 if char == "\t" else column + 1
    return column


def _dedent(line: str, columns: int) -> str:
    """`line` without up to `columns` columns of leading spaces or tabs."""
    index = column = 0
    while index < len(line) and line[index] in " \t" and column < columns:
        column = column + 4 - column % 4 if line[index] == "\t" else column + 1
        index += 1
    return line[index:]


def nested_fence_spans(builder: SourceBuilder) -> tuple[list[Span], list[int]]:
    """A span for each fenced block in a quote, a list item or indented 1-3 spaces, replaced
    by a token of its rendered HTML (in a quote: set apart by blank quote lines, so the
    block is not inside a paragraph).

    Args:
        builder: The builder of the note; its body is read and its tokens are made.

    Returns:
        (start, end, replacement) spans, in order; and the offsets of the tokens' lines
        outside quotes, whose text is the token (so the list passes, which read the body
        with code blanked, must see them as text lines to indent).
    """
    body = builder.body
    if "```" not in body and "~~~" not in body:
        return [], []
    token_lines: list[int] = []
    starts = [0]
    for index, char in enumerate(body):  # line starts (str.find would be no faster here)
        if char == "\n":
            starts.append(index + 1)
    ends = [s - 1 for s in starts[1:]] + [len(body)]
    count = len(starts)
    spans: list[Span] = []
    in_list = False
    in_footnote = False
    blank_before = False
    top_fence = ""  # inside a column-0 fence Python-Markdown reads: its fence
    unclosed: set[str] = set()  # column-0 fences with no closing line further on
    index = 0
    while index < count:
        line = body[starts[index]:ends[index]]
        if top_fence:
            if line.rstrip(" ") == top_fence:
                top_fence = ""
            index += 1
            continue
        if line[:3] in ("```", "~~~"):
            run = len(line) - len(line.lstrip(line[0]))
            fence = line[:run]
            if fence not in unclosed:
                top_fence = _closed_top_fence(body, ends[index], fence)
                if not top_fence:
                    unclosed.add(fence)
            index += 1
            continue
        prefix = _QUOTE_PREFIX.match(line) if ">" in line[:4 * 8] else None
        depth = prefix.group().count(">") if prefix else 0
        rest = line[prefix.end():] if prefix else line
        if not rest.strip():
            blank_before = True
            index += 1
            continue
        if _ITEM.match(rest):
            in_list = True
        elif blank_before and not depth and rest[0] not in " \t":
            in_list = in_footnote = False
        if not depth and rest[0] in " [" and _FOOTNOTE.match(rest):
            in_list, in_footnote = False, True
        after_blank, blank_before = blank_before, False
        opening = _OPENING.fullmatch(rest)
        if opening is None or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            index += 1
            continue
        lead = indent_width(opening.group(1))
        in_note = in_footnote and not in_list and 4 <= lead < 8  # a footnote's own fence
        if not depth and (lead == 0 or (lead >= 4 and not in_list and not in_note)):
            index += 1  # column 0: Python-Markdown's; 4+ outside a list: indented code
            continue
        last, closed = _block_end(body, starts, ends, index, depth, lead, opening.group(2),
                                  in_list or in_note)
        code_lines = [_dedent(_strip_quote(body[starts[k]:ends[k]], depth), lead)
                      for k in range(index + 1, last)]
        code = "".join(text + "\n" for text in code_lines)
        end = ends[last] if closed else ends[last - 1]
        html = code_block_html(opening.group(3).strip(), code)
        spans.append(_span(builder, starts[index], end, prefix.group() if prefix else "",
                           opening.group(1), html, after_blank or in_note))
        if not prefix:
            token_lines.append(starts[index] + len(opening.group(1)))
        index = last + 1 if closed else last
    return spans, token_lines


def _span(builder: SourceBuilder, line_start: int, end: int, prefix: str, lead: str,
          html: str, own_block: bool) -> Span:
    body = builder.body
    line_end = body.find("\n", end + 1)
    next_line = body[end + 1:line_end if line_end >= 0 else len(body)]
    if not prefix:  # keep the indentation that puts the block in its list item
        start = line_start + len(lead)
        # After a blank line (and in a footnote, always) the block is a paragraph of its
        # own in Markdown's reading, which would take the next line (`2. two`) in as
        # text: a blank line ends it.
        tail = "\n" if own_block and next_line.strip() else ""
        return start, end, lambda: builder.token(EmbedToken(html), start, end) + tail
    quote = prefix.rstrip()
    start = line_start - 1 if line_start else line_start
    # A blank quote line after the block only if the quote goes on (at the quote's end it
    # would leave a line break in the block's paragraph, which then wraps the <pre>).
    goes_on = next_line.startswith(quote) and next_line[len(quote):].strip() != ""
    after = f"\n{quote}" if goes_on else ""

    def replace() -> str:
        token = builder.token(EmbedToken(html), line_start, end)
        before = "\n" if line_start else ""
        return f"{before}{quote}\n{prefix}{lead}{token}{after}"

    return start, end, replace


def _strip_quote(line: str, depth: int) -> str:
    """`line` without its first `depth` quote markers (and one space after each)."""
    if not depth:
        return line
    prefix = _QUOTE_PREFIX.match(line)
    if prefix is None:
        return line
    index = 0
    for _ in range(depth):
        index = line.index(">", index) + 1
        if line[index:index + 1] == " ":
            index += 1
    return line[index:]


def _block_end(body: str, starts: list[int], ends: list[int], opening: int, depth: int,
               lead: int, fence: str, in_list: bool) -> tuple[int, bool]:
    """(index of the closing line, True), or (index of the first line after the container,
    False) for a fence that is never closed."""
    char, run = fence[0], len(fence)
    index = opening + 1
    while index < len(starts):
        line = body[starts[index]:ends[index]]
        prefix = _QUOTE_PREFIX.match(line) if ">" in line[:4 * 8] else None
        line_depth = prefix.group().count(">") if prefix else 0
        if line_depth < depth:
            return index, False
        rest = _strip_quote(line, depth)
        stripped = rest.lstrip(" \t")
        indent = indent_width(rest[:len(rest) - len(stripped)])
        if stripped and in_list and not depth and indent < lead:
            return index, False
        if (stripped.startswith(char * run) and indent <= lead + 3
                and not stripped.rstrip(" \t").strip(char)):
            return index, True
        index += 1
    return index, False


def _closed_top_fence(body: str, line_end: int, fence: str) -> str:
    """`fence` if Python-Markdown reads the column-0 fence of the line ending at `line_end`
    as a block (a later line holding exactly `fence`, then spaces), else "". A fence found
    unclosed stays unclosed further on (the caller remembers it): linear."""
    closing = body.find("\n" + fence, line_end)
    while closing >= 0:
        line_end = body.find("\n", closing + 1)
        line = body[closing + 1:line_end if line_end >= 0 else len(body)]
        if line.rstrip(" ") == fence:
            return fence
        closing = body.find("\n" + fence, closing + 1)
    return ""
