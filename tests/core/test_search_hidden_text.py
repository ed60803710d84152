"""Full-text search finds what the page shows: text inside Obsidian comments (`%% %%`) and
HTML comments (`<!-- -->`), which the page hides (issue 15), is not found (issue 14)."""

from __future__ import annotations

from pathlib import Path

from tests.core.test_search import load, write
from viewer.core.search import SearchIndex

BODY = (
    "Visible words about Yerevan. %% private gyumri note %%\n\n"
    "<!-- draft: vanadzor\nspanning lines -->\n\n"
    "%%\nwhole block about dilijan\n%%\n\n"
    "`code with %% kapan %% inside` and a stamp "
    '<a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a> near sevan.\n'
)


def test_comments_are_not_found_but_shown_text_and_code_are(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    write(root, "note.md", "Hidden text", BODY)
    load(root, tmp_path / "cache")
    index = SearchIndex(root, tmp_path / "cache")
    try:
        def paths(query: str) -> list[str]:
            return [hit.path for hit in index.search(query).hits]

        for hidden in ("gyumri", "vanadzor", "spanning", "dilijan", "draft"):
            assert paths(hidden) == [], hidden
        for shown in ("Yerevan", "kapan", "sevan"):  # text, code (not a comment), after
            assert paths(shown) == ["note.md"], shown
        # the stamp after the comments still belongs to its passage
        snippet = index.search("sevan").hits[0].snippets[0]
        assert snippet.seconds == 65
    finally:
        index.close()
