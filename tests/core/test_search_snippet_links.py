"""Search snippets never show a wiki link cut in two (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_search import load, write
from viewer.core.search import SearchIndex

# A paragraph of the generated vault (bench/vaultgen.py) that showed the fault.
LINE = ("As it stands, Haskell continues to rely on [[the_borrow_checker_in_closures | checker]]"
        " to retain what it still has. Critics argue that "
        "[[why_the_borrow_checker_matters_for_memory_management | memory management]] overstates"
        " the role of continuous integration and of [[type_inference_in_2022 | inference]]. "
        "One way to think about [[memory_management | memory management]] is as a kind of "
        "recursion:\n")


@pytest.mark.parametrize("lead", ["", "x", "xx xx", "xxx xxx xxx", "xxxx " * 6, "xxxx " * 12])
def test_a_window_edge_inside_a_link_keeps_the_whole_label(tmp_path: Path, lead: str) -> None:
    """Seen in the window: "…checker]] to retain what it still has" (the text cleaned around
    a match began inside `[[the_borrow_checker_in_closures | checker]]`)."""
    root = tmp_path / "v"
    write(root, "a.md", "A", lead + LINE)
    load(root, tmp_path / "c")
    [snippet] = SearchIndex(root, tmp_path / "c").search('"memory management"').hits[0].snippets
    text = snippet.text
    assert "[[" not in text and "]]" not in text and "|" not in text, text
    assert "_" not in text, text
