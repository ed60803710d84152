"""Linear-time scans of note text, where a backtracking regex would rescan.

A regex such as `<a\\s[^>]*?...>` tries every `<a ` and from each one runs ahead to the
next `>`: with thousands of `<a ` and no `>` that is quadratic (issue 11). Each scanner
here finds the same matches as the regex it replaces (property tests hold them equal) but
looks at each character a bounded number of times: starts that share the same stopping
character share one verdict, and "next `]` or newline" pointers only move forward.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_FENCE_LINE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n", re.MULTILINE)
# A line of only backticks and tildes, then spaces, starting with three of one of them; the
# group is that line's fence characters ([`~]* after exactly three: no overlapping runs).
_CLOSER_LINE = re.compile(r"^[ \t]{0,3}((?:`{3}|~{3})[`~]*)[ \t]*$", re.MULTILINE)
_A_OPEN = re.compile(r"<a\s", re.IGNORECASE)
_A_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_LABEL_STOP = re.compile(r"[\]\n]")
_PAREN_STOP = re.compile(r"[)\n]")


class NextOf:
    """Position of the next character matching a one-character pattern, at or after a
    position; queries that move forward reuse the last answer, so a sweep is linear."""

    __slots__ = ("_pattern", "_text", "_asked", "_found")

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._pattern, self._text = pattern, text
        self._asked, self._found = len(text) + 1, len(text)

    def at(self, pos: int) -> int:
        """The first match at or after `pos`, else `len(text)`."""
        if not self._asked <= pos <= self._found:
            match = self._pattern.search(self._text, pos)
            self._found = match.start() if match else len(self._text)
        self._asked = pos
        return self._found


def fenced_blocks(body: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block, exactly as the regex
    `^[ \\t]{0,3}(?P<f>`{3,}|~{3,})[^\\n]*\\n.*?^[ \\t]{0,3}(?P=f)[`~]*[ \\t]*$` (MULTILINE,
    DOTALL) finds them, in linear time.

    Rules (CommonMark's, as that regex reads them): an opening line indented by at most 3
    spaces or tabs starts with a run of m >= 3 backticks or tildes; the block ends at the
    first later line holding only backticks and tildes (then spaces) whose leading run of
    the same character is >= m long; failing that, the first with a run >= m-1, and so on
    down to 3. An opening line with no closing line is not code (Python-Markdown, which
    renders the page, agrees); a block ends with its closing line, before its newline.
    """
    # Closing lines first (one pass of the regex engine): notes without any have no block.
    closers = [(m.start(), m.end(), m.group(1)) for m in _CLOSER_LINE.finditer(body)]
    if not closers:
        return []
    runs = [len(fence) - len(fence.lstrip(fence[0])) for _, _, fence in closers]
    # Longest closing run of each character in closers[k:], to know which run to seek.
    longest: list[tuple[int, int]] = [(0, 0)] * (len(closers) + 1)  # (backticks, tildes)
    ticks = tildes = 0
    for k in range(len(closers) - 1, -1, -1):
        if closers[k][2][0] == "`":
            ticks = max(ticks, runs[k])
        else:
            tildes = max(tildes, runs[k])
        longest[k] = (ticks, tildes)
    blocks: list[tuple[int, int]] = []
    pos, k = 0, 0  # k: the first closing line after pos
    last_closer = closers[-1][0]
    while pos <= last_closer:
        opening = _FENCE_LINE.search(body, pos, last_closer)
        if opening is None:
            break
        pos = opening.end()  # the next line
        char, run = opening.group(1)[0], len(opening.group(1))
        while k < len(closers) and closers[k][0] < pos:
            k += 1
        need = min(run, longest[k][0 if char == "`" else 1])
        if need < 3:
            continue
        while not (closers[k][2][0] == char and runs[k] >= need):
            k += 1  # exists by `longest`; the lines passed over are inside the block
        blocks.append((opening.start(), closers[k][1]))
        pos = closers[k][1] + 1
    return blocks


def html_anchors(text: str, tag_ok: Callable[[str, int, int], bool],
                 max_inner: int | None = None) -> list[tuple[int, int, int, int]]:
    """(start, inner start, inner end, end) of each `<a ...>inner</a>` (case-insensitive),
    as the regex `<a\\s<tag>>(?P<inner>[^<]{0,max_inner})</a\\s*>` finds them, where the tag
    (text[tag_start:tag_end], up to the first `>`) is accepted by `tag_ok(text, tag_start,
    tag_end)`. `tag_ok` must accept a tag if it accepts a shorter tail of it (the regexes
    this replaces search the tag); then every `<a ` before the same `>` shares one verdict.
    """
    found: list[tuple[int, int, int, int]] = []
    pos = 0
    while True:
        opening = _A_OPEN.search(text, pos)
        if opening is None:
            return found
        gt = text.find(">", opening.end())
        if gt < 0:
            return found
        pos = gt + 1
        if not tag_ok(text, opening.end(), gt):
            continue
        limit = len(text) if max_inner is None else gt + 2 + max_inner
        lt = text.find("<", gt + 1, limit)
        closing = _A_CLOSE.match(text, lt) if lt >= 0 else None
        if closing is not None:
            found.append((opening.start(), gt + 1, lt, closing.end()))
            pos = closing.end()


def bracket_matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of `pattern`, which starts `\\[[^\\[\\]\\n]*\\]\\(` (a Markdown link up to
    its URL, no bracket in the label), as `pattern.finditer(text)` gives them, trying only
    the last `[` before each `](`: no other can start a label reaching it. Linear when what
    follows the label stops at the next `]` (URL characters and titles here do)."""
    pos = 0
    while True:
        bracket = text.find("](", pos)
        if bracket < 0:
            return
        after = max(text.rfind("]", pos, bracket), text.rfind("\n", pos, bracket)) + 1
        start = text.rfind("[", max(pos, after), bracket)
        match = pattern.match(text, start) if start >= 0 else None
        if match is not None:
            yield match
            pos = match.end()
        else:
            pos = bracket + 1


def sub_markdown_links(text: str, label: Callable[[str], str]) -> str:
    """`re.sub(r"!?\\[([^\\]\\n]*)\\]\\([^)\\n]*\\)", lambda m: label(m.group(1)), text)`
    in linear time (links and images replaced by their labels)."""
    if "](" not in text:
        return text
    stops, closes = NextOf(_LABEL_STOP, text), NextOf(_PAREN_STOP, text)
    parts: list[str] = []
    pos = done = 0
    while True:
        start = text.find("[", pos)
        if start < 0:
            break
        stop = stops.at(start + 1)
        if stop + 1 < len(text) and text[stop] == "]" and text[stop + 1] == "(":
            close = closes.at(stop + 2)
            if close < len(text) and text[close] == ")":
                bang = start > done and text[start - 1] == "!"
                parts += [text[done:start - bang], label(text[start + 1:stop])]
                pos = done = close + 1
                continue
        pos = stop + 1
    parts.append(text[done:])
    return "".join(parts)


def sub_before_last(pattern: re.Pattern[str], text: str, closer: str = ">",
                    rest: re.Pattern[str] | None = None) -> str:
    """`pattern.sub("", text)` in linear time for a pattern whose costly branch is
    `<[^>]*>` (every `<` with no `>` after it would rescan to the end): that branch cannot
    match after the last `closer`, so there only `rest` (the other branches) is applied."""
    last = text.rfind(closer)
    if last < 0 or last == len(text) - 1:
        return pattern.sub("", text) if last >= 0 else (rest.sub("", text) if rest else text)
    tail = text[last + 1:]
    return pattern.sub("", text[:last + 1]) + (rest.sub("", tail) if rest else tail)
