"""Keep Python-Markdown's fenced code search linear on fences that never close.

`FencedBlockPreprocessor.run` calls `FENCED_BLOCK_RE.search(text, index)`; at every line
that opens a fence the regex's lazy `(?P<code>.*?)` runs to the end of the note looking for
the closing fence, so a note of unclosed fences (`` ```a `` lines repeated) costs the square
of its length (issue 11; 50 KB took 4.7 s). `LinearFenceSearch.search` returns the same match
as the regex (a test holds it to that) but first asks whether a closing line for that fence
exists at all after the opening line, and remembers, per fence, where none is left.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown

_OPENING = re.compile(r"^(?:~{3,}|`{3,})", re.MULTILINE)


class LinearFenceSearch:
    """Stands in for `FencedBlockPreprocessor.FENCED_BLOCK_RE`: `search` gives the same
    match, in time linear in the text (plus one scan per distinct fence string)."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self._regex = regex
        self._closing: dict[str, re.Pattern[str]] = {}

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """The leftmost match of the fenced-block regex at or after `pos`, or None.

        A match can only start where a line starts with three or more backticks or tildes
        (its fence is that whole run: nothing in the regex can take a further fence
        character), and only if a line of exactly that fence (spaces allowed after it)
        comes after the opening line.
        """
        exhausted: set[str] = set()  # fences with no closing line after the current point
        for opening in _OPENING.finditer(text, pos):
            fence = opening.group()
            if fence in exhausted:
                continue
            line_end = text.find("\n", opening.end())
            if line_end < 0:
                return None  # the last line: no code and no closing fence can follow
            closing = self._closing.get(fence)
            if closing is None:
                closing = self._closing[fence] = re.compile(
                    r"\n" + re.escape(fence) + r"[ ]*$", re.MULTILINE)
            if closing.search(text, line_end) is None:
                exhausted.add(fence)
                continue
            match = self._regex.match(text, opening.start())
            if match is not None:
                return match
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._regex, name)


def linearise_fences(md: Markdown) -> None:
    """Give `md`'s fenced-code preprocessor (if registered) the linear search."""
    if "fenced_code_block" in md.preprocessors:
        processor = md.preprocessors["fenced_code_block"]
        processor.FENCED_BLOCK_RE = LinearFenceSearch(type(processor).FENCED_BLOCK_RE)
