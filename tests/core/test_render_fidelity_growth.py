"""Rendering the Obsidian syntax of issue 15 stays linear in the note (issue 11's rule).

Each construct with an unbounded span (callouts, footnotes, math, comments, highlight and
strike, nested lists, inline footnotes) is rendered at n and 4n characters; linear work
gives ~4x, quadratic 16x, the bound is 6x (`test_growth_render.growth`). Upstream's
footnote numbering was quadratic in the uses of one footnote (17x here before the fix).
"""

from __future__ import annotations

import pytest

from tests.core.test_growth_render import BOUND, growth

KINDS = {
    "callouts": ("> [!info] a *b*\n> c\n\n", 5_000),
    "nested callouts": ("> [!note] a\n> > [!tip]- b\n> > c\n", 15_000),
    "footnote uses and definitions": ("x[^q] \n\n[^q]: y\n", 5_000),
    "footnote references": ("a[^1] ", 20_000),
    "inline footnotes": ("a ^[b *c*] ", 4_000),
    "unclosed inline footnotes": ("^[a ", 30_000),
    "inline footnotes with links and chips": (
        '^[b [[c]] <a class="yt-timestamp" data-t="00:01:02">[01:02]</a>] ', 12_000),
    "inline math": ("$a_1 b_2$ ", 20_000),
    "unclosed math": ("$a ", 90_000),
    "math with escapes": ("$\\{a\\}$ ", 20_000),
    "math blocks": ("$$\na_1\n$$\n\n", 15_000),
    "unclosed math blocks": ("$$\na\n", 10_000),
    "inline comments": ("a %% b %% ", 160_000),
    "comment lines": ("%%\na\n", 10_000),
    "highlight": ("==a== ", 10_000),
    "runs of =": ("=", 100_000),
    "strike": ("~~a~~ ", 10_000),
    "runs of ~": ("~", 100_000),
    "task lists": ("- [ ] a\n- [x] b\n", 10_000),
    "2-space nested lists": ("- a\n  - b\n    - c\n", 10_000),
    "lists in callouts": ("> [!tip] t\n> - a\n>   - b\n\n", 10_000),
    "tables under a paragraph": ("p\n| a | b |\n| - | - |\n| 1 | 2 |\n\n", 10_000),
    "allowed HTML tags": ("<mark>a</mark> <kbd>b</kbd> ", 30_000),
    "details blocks": ("<details>\n<summary>s</summary>\n\nx\n\n</details>\n", 10_000),
    "coloured code": ("```python\ndef f(): pass\n```\n", 10_000),
    "single line breaks": ("a\n", 8_000),
    "html comments": ("a <!-- b --> ", 40_000),
    "unclosed html comments": ("<!-- a ", 40_000),
    "tags with attributes": ("<kbd style=x>a</kbd> <details open x>", 20_000),
    "bullets then numbers": ("- a\n1. b\n", 10_000),
    "fences in list items": ("- a\n  ```js\n  b\n  ```\n", 5_000),
    "fences in footnotes": ("x[^f]\n\n[^f]: t\n    ```js\n    b\n    ```\n", 8_000),
    "unclosed fences in footnotes": ("[^f]: t\n\n    ```\n", 20_000),
    "unclosed fences in quotes": ("> ```a\n", 10_000),
    "quotes under list items": ("- a\n> b\n\n", 10_000),
    "task states": ("- [-] a\n", 10_000),
    "bullet characters switching": ("- a\n* b\n+ c\n", 10_000),
    "nested lists switching kind": ("1. a\n   - b\n   2. c\n", 10_000),
    "lists apart by blank lines": ("- a\n\n* b\n\n", 10_000),
    "parenthesis numbers": ("1) a\n2) b\n   - c\n", 10_000),
    "display math in a line": ("a $$x_1$$ ", 20_000),
    "unclosed display math": ("$$a ", 40_000),
}


@pytest.mark.parametrize(("unit", "size"), list(KINDS.values()), ids=list(KINDS))
def test_obsidian_syntax_renders_in_linear_time(unit: str, size: int) -> None:
    ratio = growth(unit, size)
    assert ratio <= BOUND, f"4x the text took {ratio:.1f}x the time"
