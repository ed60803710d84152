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

from viewer.render.source import Replacement

Span = tuple[int, int, Replacement]

# Python-Markdown 3.11.3 `HashHeaderProcessor.RE` for one line, no leading spaces.
_HEADING = re.compile(r"#{1,6}(?:\\.|[^\\#]|#+(?=[^#\n]))*?#*")
# `HRProcessor.RE` (its lookahead is an atomic group).
_RULE = re.compile(r"[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|"
                   r"(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*")
# The second line of `SetextHeaderProcessor.RE`.
_UNDERLINE = re.compile(r"(?:=+|-+)[ ]*")
_UNSURE = re.compile(r"[|\t]")
_LINE_BREAKS = re.compile(r"[\r\x0b\x0c]")


def line_block_breaks(body: str, masked: str, *, start: int, fresh_lines: set[int],
                      heading_lines: set[int], joined: list[tuple[int, int]]) -> list[Span]:
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

    Returns:
        (offset of a newline, offset + 1, "\\n\\n") spans, in order.
    """
    if "\n" not in body:
        return []
    lines = _classify(body, masked, start, fresh_lines, heading_lines, joined)
    cuts: list[int] = []  # indexes of lines a blank line goes before
    block_of = [0] * len(lines)  # which block each line is in
    block, first = 0, None
    for index, (position, kind) in enumerate(lines):
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
_INDENTED = "indented"


def _classify(body: str, masked: str, start: int, fresh_lines: set[int],
              heading_lines: set[int], joined: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """(offset, kind) of each line of `body`, as Python-Markdown's block parser sees it."""
    joined_spans = sorted(joined)
    joined_starts = [s for s, _ in joined_spans]
    reach = list(itertools.accumulate((e for _, e in joined_spans), max))
    lines: list[tuple[int, str]] = []
    position = 0
    length = len(body)
    while position <= length:
        eol = body.find("\n", position)
        end = length if eol < 0 else eol
        line = body[position:end]
        if position < start or _touches(joined_starts, reach, position, end):
            kind = _UNSURE_LINE  # the `From:` line, or lines a token joins
        elif position in heading_lines:
            kind = _OWN  # a block of its own, by the heading spans
        elif not line if position == 0 else not line.strip(" \t"):
            # Python-Markdown's blank line: tabs become spaces, then a line of spaces
            # after a newline is emptied (so not the very first line).
            kind = _BLANK
        elif not masked[position:end].strip() or _LINE_BREAKS.search(line):
            kind = _UNSURE_LINE  # code, or lines Python-Markdown splits differently
        elif line.startswith("    "):
            kind = _INDENTED
        elif _UNSURE.search(line):
            kind = _UNSURE_LINE  # a table may start here; a tab may indent it
        elif _HEADING.fullmatch(line):
            kind = _HEADING_LINE
        elif _RULE.fullmatch(line):
            kind = _RULE_UNDER if _UNDERLINE.fullmatch(line) else _RULE_LINE
        elif _UNDERLINE.fullmatch(line):
            kind = _UNDER_LINE
        else:
            kind = _TEXT
        lines.append((position, kind))
        if eol < 0:
            break
        position = eol + 1
    return lines


def _rounds(lines: list[tuple[int, str]], first: int, last: int, cuts: list[int],
            after_cut: bool = False) -> None:
    """Cuts in the block lines[first:last], as Python-Markdown's rounds make them.

    Each round looks at the rest of the block: a table or a line we cannot read at its
    start ends our work (that processor takes the rest), and so does an indented line,
    unless a heading or rule was cut just before it (then it is a code block, not the
    continuation of a list). Else the first `#` heading anywhere cuts (the lines before
    are a block of their own), else a setext underline as second line, else the first
    rule anywhere.
    """
    heading_scan = first  # no heading in lines[first:heading_scan)
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
        if kind in (_UNSURE_LINE, _INDENTED):
            return
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
        at = first
        while at < last and lines[at][1] not in (_RULE_LINE, _RULE_UNDER):
            at += 1
        if at == last:
            return
        _rounds(lines, first, at, cuts, after_cut)
        cuts.extend((at, at + 1))
        first, after_cut = at + 1, True


def _touches(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether [start, end] meets a span; `reach[i]`: the furthest end of spans[:i + 1]."""
    i = bisect.bisect_right(starts, end)
    return i > 0 and reach[i - 1] >= start


def _blank_line() -> str:
    return "\n\n"
