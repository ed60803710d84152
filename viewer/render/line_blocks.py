"""Blank lines where Python-Markdown cuts a block anyway, so long blocks stay linear.

Python-Markdown's `#` heading, rule (`***`) and setext (`===`) processors take the lines up
to and including theirs off a block and hand the rest back as a new block; every block
processor is then asked about the rest again, and several search all of it (`#` headings
and rules anywhere in the block), so a block of n such lines costs n times its length:
100 KB of `a` / `===` line pairs took 34 s, of `***` lines 19 s.

Here the note's source gets a blank line at each such cut, which is what the processor
does (the lines before are parsed as a block of their own, the rest becomes the next
block). That only holds where no processor that runs before it takes the line as part of
something else: an indented code block or list continuation (a line of four spaces), a
table (a line with `|`), code or a link the renderer turned into a token. Once a block
has such a line, it is left alone up to its next blank line.
"""

from __future__ import annotations

import bisect
import itertools
import re

from viewer.core.textscan import fenced_blocks
from viewer.render.source import Replacement

Span = tuple[int, int, Replacement]

# Python-Markdown 3.11.3 `HashHeaderProcessor.RE` for one line, no leading spaces.
_HEADING = re.compile(r"#{1,6}(?:\\.|[^\\#]|#+(?=[^#\n]))*?#*")
# `HRProcessor.RE` (its lookahead is an atomic group).
_RULE = re.compile(r"[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|"
                   r"(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*")
# The second line of `SetextHeaderProcessor.RE`.
_UNDERLINE = re.compile(r"(?:=+|-+)[ ]*")
# `BlockQuoteProcessor.RE`, the sane lists' `RE`s, `ReferenceProcessor.RE`.
_QUOTE = re.compile(r"[ ]{0,3}>")
_ITEM = re.compile(r"[ ]{0,3}(?:\d+\.|[*+-])[ ]+")
_REFERENCE = re.compile(
    r'^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$',
    re.MULTILINE)
_UNSURE = re.compile(r"\|")
_LINE_BREAKS = re.compile(r"[\r\x0b\x0c]")


def line_block_breaks(body: str, masked: str, *, start: int, fresh_lines: set[int],
                      heading_lines: set[int], joined: list[tuple[int, int]],
                      tokens: list[tuple[int, int]]) -> list[Span]:
    """Blank lines around `#`/rule lines and after setext headings, where Markdown cuts.

    Args:
        body: The note body the offsets point into.
        masked: `viewer.core.parser.mask_code(body)`.
        start: Offset the rendered text starts at (after a removed `From:` line); the
            block it is in is left alone.
        fresh_lines: Offsets of lines that other spans already set after a blank line.
        heading_lines: Offsets of lines the parser found to be headings (set apart by
            other spans).
        joined: (start, end) of spans that other spans replace across lines.
        tokens: (start, end) of every span other spans replace.

    Returns:
        (offset of a newline, offset + 1, "\\n\\n") spans, in order.
    """
    if "\n" not in body:
        return []
    lines = _classify(body, masked, start, fresh_lines, heading_lines, joined, tokens,
                      fenced_blocks(body) if "`" in body or "~~~" in body else [])
    cuts: list[int] = []  # indexes of lines a blank line goes before
    block_of = [0] * len(lines)  # which block each line is in
    block, first = 0, None
    for index, (position, kind, _) in enumerate(lines):
        if kind in (_BLANK, _OWN) or position in fresh_lines:
            if first is not None:
                _rounds(lines, first, index, cuts)
            block, first = block + 1, None
            if kind in (_BLANK, _OWN):
                block_of[index] = block
                block += 1
                continue
        if first is None:
            first = index
        block_of[index] = block
    if first is not None:
        _rounds(lines, first, len(lines), cuts)
    # Only inside a block: a blank line more at its edge can still add a newline to the
    # code block before it (`EmptyBlockProcessor`).
    breaks = sorted({lines[i][0] - 1 for i in cuts
                     if 0 < i < len(lines) and block_of[i - 1] == block_of[i]})
    return [(at, at + 1, _blank_line) for at in breaks]


_BLANK, _OWN, _HEADING_LINE, _RULE_LINE, _UNDER_LINE, _RULE_UNDER, _UNSURE_LINE, _TEXT = (
    "blank", "own", "heading", "rule", "underline", "rule or underline", "unsure", "text")
_INDENTED, _QUOTE_LINE, _ITEM_LINE, _REFERENCE_LINE = "indented", "quote", "item", "reference"


def _classify(body: str, masked: str, start: int, fresh_lines: set[int],
              heading_lines: set[int], joined: list[tuple[int, int]],
              tokens: list[tuple[int, int]],
              fenced: list[tuple[int, int]]) -> list[tuple[int, str, bool]]:
    """(offset, kind, whether a block may start there) of each line of `body`, as
    Python-Markdown's block parser sees it."""
    joined_spans = sorted(joined)
    joined_starts = [s for s, _ in joined_spans]
    reach = list(itertools.accumulate((e for _, e in joined_spans), max))
    fence_starts = [s for s, _ in fenced]
    fence_reach = list(itertools.accumulate((e for _, e in fenced), max))
    token_spans = sorted(tokens)
    token_starts = [s for s, _ in token_spans]
    token_reach = list(itertools.accumulate((e for _, e in token_spans), max))
    lines: list[tuple[int, str, bool]] = []
    position = 0
    length = len(body)
    while position <= length:
        eol = body.find("\n", position)
        end = length if eol < 0 else eol
        line = body[position:end]
        if "\t" in line:
            line = line.expandtabs(4)  # as Markdown does before reading blocks
        if position < start or _touches(joined_starts, reach, position, end):
            kind = _UNSURE_LINE  # the `From:` line, or lines a token joins
        elif position in heading_lines:
            kind = _OWN  # a block of its own, by the heading spans
        elif not line if position == 0 else not line.strip(" \t"):
            # Python-Markdown's blank line: tabs become spaces, then a line of spaces
            # after a newline is emptied (so not the very first line).
            kind = _BLANK
        elif _LINE_BREAKS.search(line):
            kind = _UNSURE_LINE  # Python-Markdown splits this line differently
        elif not masked[position:end].strip() and _touches(fence_starts, fence_reach,
                                                           position, end):
            # Markdown makes a fenced block a block of its own, if its fences are the same
            # as ours; we cannot tell. (A line inside a code span is read as it is written:
            # Markdown finds blocks before spans.)
            kind = _UNSURE_LINE
        elif line.startswith("    "):
            kind = _INDENTED
        else:
            kind = _kind(body, line, position, end, token_starts, token_reach)
        # A table may start at a line with `|` (tabs are spaces in `line` by now).
        lines.append((position, kind, _UNSURE.search(line) is None))
        if eol < 0:
            break
        position = eol + 1
    return lines


def _kind(body: str, line: str, position: int, end: int, token_starts: list[int],
          token_reach: list[int]) -> str:
    """The kind of a line that is not blank, code or indented."""
    if _HEADING.fullmatch(line):
        return _HEADING_LINE
    if _RULE.fullmatch(line):
        return _RULE_UNDER if _UNDERLINE.fullmatch(line) else _RULE_LINE
    if _UNDERLINE.fullmatch(line):
        return _UNDER_LINE
    if _QUOTE.match(line):
        return _QUOTE_LINE
    if _ITEM.match(line):
        return _ITEM_LINE
    reference = _REFERENCE.match(body, position)
    if reference is not None and "\t" in body[position:end]:
        return _UNSURE_LINE  # read before the tabs are spaces
    if reference is None:
        return _TEXT
    # A definition on this line alone (what follows it on the line after, if taken, is
    # only spaces before the end), else one that goes on (left alone).
    alone = (reference.start(2) < end
             and (reference.group(3) is None or reference.start(3) < end)
             and not body[end:reference.end()].strip())
    if alone and not _touches(token_starts, token_reach, position, end):
        return _REFERENCE_LINE
    return _UNSURE_LINE


def _rounds(lines: list[tuple[int, str, bool]], first: int, last: int, cuts: list[int],
            after_cut: bool = False) -> None:
    """Cuts in the block lines[first:last], as Python-Markdown's rounds make them.

    Each round looks at the rest of the block: a table or a line we cannot read at its
    start ends our work (that processor takes the rest), and so does an indented line,
    unless a heading or rule was cut just before it (then it is a code block, not the
    continuation of a list). Else the first `#` heading anywhere cuts (the lines before
    are a block of their own), else a setext underline as second line, else the first
    rule anywhere, else (unless a list starts the rest or a quote is in it) the first
    link definition.
    """
    # No heading in lines[first:heading_scan), and so on (each scan goes forward only).
    heading_scan = rule_scan = reference_scan = first
    quote_scan = first - 1  # not looked for yet
    while first < last:
        kind = lines[first][1]
        if kind == _INDENTED and after_cut:
            # `CodeBlockProcessor`: the indented lines; the rest is the next round.
            end = first
            while end < last and lines[end][1] == _INDENTED:
                end += 1
            if end < last and lines[end][1] == _UNSURE_LINE:
                return  # may be indented too
            cuts.append(end)
            first, after_cut = end, False
            continue
        if kind in (_UNSURE_LINE, _INDENTED) or not lines[first][2]:
            return  # a table, indented block or code we cannot place may start here
        # 1. The first heading in the rest, unless an unreadable line comes before it.
        at = max(first, heading_scan)
        while at < last and lines[at][1] not in (_HEADING_LINE, _UNSURE_LINE):
            at += 1
        heading_scan = at
        if at < last and lines[at][1] == _HEADING_LINE:
            _rounds(lines, first, at, cuts, after_cut)  # upstream parses these on their own
            cuts.extend((at, at + 1))
            first, after_cut = at + 1, True
            continue
        if at < last:
            return  # an unreadable line might be a heading
        # 2. A setext heading: the first two lines.
        if first + 1 < last and lines[first + 1][1] in (_UNDER_LINE, _RULE_UNDER):
            cuts.append(first + 2)
            first, after_cut = first + 2, True
            continue
        # 3. The first rule in the rest.
        at = max(first, rule_scan)
        while at < last and lines[at][1] not in (_RULE_LINE, _RULE_UNDER):
            at += 1
        rule_scan = at
        if at < last:
            _rounds(lines, first, at, cuts, after_cut)
            cuts.extend((at, at + 1))
            first, after_cut = at + 1, True
            continue
        # 4. A list at the start, or a quote anywhere, takes the rest (its lines lazily).
        if kind == _ITEM_LINE:
            return
        if quote_scan < first:
            quote_scan = first
            while quote_scan < last and lines[quote_scan][1] != _QUOTE_LINE:
                quote_scan += 1
        if quote_scan < last:
            return
        # 5. The first link definition anywhere; the lines before and after are blocks.
        at = max(first, reference_scan)
        while at < last and lines[at][1] != _REFERENCE_LINE:
            at += 1
        reference_scan = at
        if at == last:
            return  # a paragraph
        # `ReferenceProcessor.run` takes the definitions on the lines right after too.
        stop = at + 1
        while stop < last and lines[stop][1] == _REFERENCE_LINE:
            stop += 1
        _rounds(lines, first, at, cuts, after_cut)
        cuts.extend((at, stop))
        first, after_cut = stop, False


def _touches(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end] meets a span; `reach[i]`: the furthest end of spans[:i + 1]."""
    i = bisect.bisect_right(starts, end)
    return i > 0 and reach[i - 1] >= start


def _blank_line() -> str:
    return "\n\n"
