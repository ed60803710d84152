"""Code blanked out of a note body, so that nothing inside code is read as a link,
timestamp or heading (CommonMark's rule: code spans and fenced blocks are literal); and
comments, which Obsidian hides, blanked too for the parser (`mask_hidden`)."""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from viewer.core.textscan import fenced_blocks

_BACKTICK_RUNS = re.compile(r"(`+)")
_BLANK_LINE_AT = re.compile(r"\n(?=([ \t]*)\n)")  # each "\n" opening a blank line
_COMMENT_OPEN = re.compile(r"%%|<!--")


def mask_code(body: str) -> str:
    """`body` with code blocks and code spans blanked out (same length, same newlines)."""
    if "`" not in body and "~~~" not in body:
        return body
    body = _blank_spans(body, fenced_blocks(body))
    return _blank_spans(body, _code_spans(body)) if "`" in body else body


def mask_hidden(body: str) -> str:
    """`body` with code and comments blanked out (same length, same newlines).

    What the page hides (`%% ... %%`, `<!-- ... -->`: `comments`) holds no links, topics,
    timestamps or headings for the index either (issue 15).
    """
    masked = mask_code(body)
    if "%%" not in masked and "<!--" not in masked:
        return masked
    return _blank_spans(masked, comments(masked))


def hide_comments(body: str) -> str:
    """`body` with its comments blanked and its code kept (same length, same newlines): the
    text the page shows, which is what full-text search may find (issue 15)."""
    if "%%" not in body and "<!--" not in body:
        return body
    spans = comments(mask_code(body))
    return _blank_spans(body, spans) if spans else body


def comments(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each `%% ... %%` comment and HTML comment `<!-- ... -->` in `masked`
    (a body with code blanked: `mask_code`), inline or over lines, sorted and disjoint.

    An unclosed `%%` hides the rest of the note, as in Obsidian
    (https://help.obsidian.md/syntax#Comments); an unclosed `<!--` is text. Whichever opens
    first wins (`%%` inside an HTML comment is hidden with it). One forward scan: linear.
    """
    if "%%" not in masked and "<!--" not in masked:
        return []
    spans: list[tuple[int, int]] = []
    position = 0
    html_closes = True  # whether a `-->` may still come
    for opening in _COMMENT_OPEN.finditer(masked):
        start = opening.start()
        if start < position:
            continue  # inside the comment before
        if opening.group() == "%%":
            close = masked.find("%%", start + 2)
            end = close + 2 if close >= 0 else len(masked)
        else:
            close = masked.find("-->", start + 4) if html_closes else -1
            if close < 0:
                html_closes = False  # none after this `<!--`, so none after later ones
                continue
            end = close + 3
        spans.append((start, end))
        position = end
        if end == len(masked):
            break
    return spans


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
