"""Keep Python-Markdown's block parsing linear in the size of a block.

Several block processors (`#` headings, rules, setext headings) take one line off the
front of a block and put the rest back as a new block, and every processor is asked again
about the rest. Tests that read the whole block then cost its length per line: the
table extension's `test` split and stripped every line of the block to look at the first
two (a block of 50,000 `#` lines took 39 s). Here it reads only the lines it needs.
(`viewer.render.line_blocks` keeps such blocks short in the first place.)
"""

from __future__ import annotations

import itertools
import types
import xml.etree.ElementTree as etree
from collections import deque
from collections.abc import Iterator

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.extensions.tables import PIPE_LEFT, PIPE_NONE, PIPE_RIGHT, TableProcessor


def linearise_blocks(md: Markdown) -> None:
    """Give `md`'s table processor a test that reads only the lines it needs, and its
    block parser a list of blocks that pops from the front in constant time."""
    for processor in md.parser.blockprocessors:
        if isinstance(processor, TableProcessor):
            processor.test = types.MethodType(_table_test, processor)  # type: ignore[method-assign]
    parser = md.parser

    def parse_chunk(_self: BlockParser, parent: etree.Element, text: str) -> None:
        parser.parseBlocks(parent, _Blocks(text.split("\n\n")))  # type: ignore[arg-type]

    parser.parseChunk = types.MethodType(parse_chunk, parser)  # type: ignore[method-assign]


class _Blocks(deque[str]):
    """The blocks of a chunk. Block processors use `blocks[0]`, `blocks.pop(0)` and
    `blocks.insert(0, rest)`: on a list, each pop moves every other block (a note of
    200,000 blank-line-separated blocks spent 8 s there)."""

    def pop(self, index: int = -1) -> str:  # type: ignore[override]
        if index == 0:
            return self.popleft()
        if index == -1:
            return super().pop()
        item = self[index]
        del self[index]
        return item


def _rows(block: str) -> Iterator[str]:
    """`row.strip(' ') for row in block.split('\\n')`, one row at a time."""
    start = 0
    while True:
        end = block.find("\n", start)
        if end < 0:
            yield block[start:].strip(" ")
            return
        yield block[start:end].strip(" ")
        start = end + 1


def _table_test(self: TableProcessor, parent: etree.Element, block: str) -> bool:
    """Upstream `TableProcessor.test` (3.11.3), same answer and side effects.

    Upstream checks every row of a one-column table for a pipe before the separator row;
    both must hold, so the separator (one row) is checked first and the rows only then.
    """
    if "\n" not in block:
        return False
    rows = _rows(block)
    header0 = next(rows)
    row1 = next(rows)
    self.border = PIPE_NONE
    if header0.startswith("|"):
        self.border |= PIPE_LEFT
    if self.RE_END_BORDER.search(header0) is not None:
        self.border |= PIPE_RIGHT
    row0_len = len(self._split_row(header0))
    is_table = row0_len > 1
    one_column = not is_table and row0_len == 1 and bool(self.border)
    if not (is_table or one_column):
        return False
    separator = self._split_row(row1)
    if not (len(separator) == row0_len and set("".join(separator)) <= set("|:- ")):
        return False
    if one_column:
        for row in itertools.chain((row1,), rows):
            if not (row.startswith("|") or self.RE_END_BORDER.search(row) is not None):
                return False
    self.separator = separator
    return True
