"""What search does with a note grows linearly with it (issue 11's rule, issue 14's index):
the text the parse workers make of a note, and the snippets cut from a hit. Hostile inputs of
n and 4n characters, CPU time, at most 6x (see test_growth_parse)."""

from __future__ import annotations

from array import array
from collections.abc import Callable

import pytest

from tests.core.test_growth_parse import FRONT, assert_linear, repeat
from viewer.core.parser import index_record
from viewer.core.search_snippets import snippets
from viewer.core.search_text import MATCH_CLOSE, MATCH_OPEN, search_doc

UNITS = ["[[a ", "[[a|b ", "<a ", "< ", "<b>", "# x\n", "`a ", "```\n", "[x](", "**a ",
         '<a class="yt-timestamp" data-t="1">[1]</a>', "https://youtu.be/abcdefghijk?t=5 ",
         "東京 ", "\x0e\x0f\x02\x03 ", "- x\n", "\n\n", "a" * 50 + "\n"]


@pytest.mark.parametrize("unit", UNITS)
def test_search_text_is_linear(unit: str) -> None:
    def work(n: int) -> Callable[[], object]:
        data = repeat(unit, n, FRONT).encode("utf-8")
        record = index_record("n.md", data)
        return lambda: search_doc(record, data)

    assert_linear(work)


@pytest.mark.parametrize("unit", [f"{MATCH_OPEN}w{MATCH_CLOSE} ", f"[[{MATCH_OPEN}a ", "x\n",
                                  f"- {MATCH_OPEN}w{MATCH_CLOSE}\n", "# h\n", "[[a|", "\x0e "])
def test_snippets_are_linear(unit: str) -> None:
    def work(n: int) -> Callable[[], object]:
        marked = repeat(unit, n) + f" {MATCH_OPEN}end{MATCH_CLOSE}"
        return lambda: snippets(marked, 1, array("i", [1, 2, 3]), {}, None)

    assert_linear(work)
