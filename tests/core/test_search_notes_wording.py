"""What the search says about a query keeps the user's words as typed (issue 14)."""

from __future__ import annotations

from pathlib import Path

from tests.core.test_search import load, write
from viewer.core.search import SearchIndex


def test_notes_quote_the_words_typed_without_capitalising_them(tmp_path: Path) -> None:
    """Seen in the window: "t* a*" said "T* needs two letters…" and "title:" said
    "Title: needs a value" (the sentence's capital went to the user's word)."""
    root = tmp_path / "v"
    write(root, "a.md", "A", "tea and toast\n")
    load(root, tmp_path / "c")
    index = SearchIndex(root, tmp_path / "c")
    assert "“t*” needs two letters before the *: searched t." in (index.search("t* tea").message
                                                                   or "")
    assert "“title:” needs a value, e.g. title:word." in (index.search("title:").message or "")
