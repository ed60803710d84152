"""Code blanked out of a note body, so that nothing inside code is read as a link,
timestamp or heading (CommonMark's rule: code spans and fenced blocks are literal)."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from viewer.core.textscan import fenced_blocks

_BACKTICK_RUNS = re.compile(r"(`+)")
_BLANK_LINE_AT = re.compile(r"\n(?=([ \t]*)\n)")  # each "\n" opening a blank line


def mask_code(body: str) -> str:
    """`body` with code blocks and code spans blanked out (same length, same newlines)."""
    if "`" not in body and "~~~" not in body:
        return body
    body = _blank_spans(body, fenced_blocks(body))
    return _blank_spans(body, _code_spans(body)) if "`" in body else body


def _blank_spans(body: str, spans: list[tuple[int, int]]) -> str:
    """`body` with each of the sorted, disjoint `spans` blanked but for its newlines."""
    if not spans:
        return body
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(body[last:start])
        segment = body[start:end]
        parts.append(_blank(segment) if "\n" in segment else " " * (end - start))
        last = end
    parts.append(body[last:])
    return "".join(parts)


def _blank(text: str) -> str:
    """`text` with every character but newlines made a space."""
    return "\n".join(map(" ".__mul__, map(len, text.split("\n"))))


def _code_spans(body: str) -> list[tuple[int, int]]:
    """Code spans: a run of n backticks up to the next run of exactly n backticks in the
    same paragraph. Linear time, whatever the backticks (hostile notes have millions)."""
    pieces = _BACKTICK_RUNS.split(body)  # text, run, text, run, ..., text
    if len(pieces) < 5:
        return []
    ends = list(accumulate(map(len, pieces)))  # run r spans ends[2r]:ends[2r + 1]
    lengths = list(map(len, pieces[1::2]))
    if len(set(lengths)) == 1:  # index of the next run of the same length
        following = list(range(1, len(lengths))) + [-1]
    else:
        following = [-1] * len(lengths)
        last_of: dict[int, int] = {}
        for i in range(len(lengths) - 1, -1, -1):
            following[i] = last_of.get(lengths[i], -1)
            last_of[lengths[i]] = i
    # Offsets of each "\n" opening a blank line, and of the end of that blank line.
    blank_at = [m.start() for m in _BLANK_LINE_AT.finditer(body)]
    blank_end = [m.end(1) + 1 for m in _BLANK_LINE_AT.finditer(body)] if blank_at else []
    blank_end.append(len(body) + 1)  # a sentinel: never inside a span
    spans: list[tuple[int, int]] = []
    i = 0
    if not blank_at:  # one paragraph: every run with a partner opens a span
        while i < len(lengths):
            j = following[i]
            if j >= 0:
                spans.append((ends[2 * i], ends[2 * j + 1]))
                i = j + 1
            else:
                i += 1
        return spans
    while i < len(lengths):
        j = following[i]
        # Is there a blank line between the two runs? The first one after run i ends first.
        if j >= 0 and blank_end[bisect.bisect_left(blank_at, ends[2 * i + 1])] > ends[2 * j]:
            spans.append((ends[2 * i], ends[2 * j + 1]))
            i = j + 1
        else:
            i += 1
    return spans
