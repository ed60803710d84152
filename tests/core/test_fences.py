"""The linear fenced-code search gives the regex's own matches (issue 11: unclosed fences)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.fenced_code import FencedBlockPreprocessor

from viewer.render.fences import LinearFenceSearch

REGEX = FencedBlockPreprocessor.FENCED_BLOCK_RE
LINES = st.sampled_from([
    "```", "````", "~~~", "~~~~", "```a", "``` py", "```{.x #y}", "```{bad", "~~~ {.c}",
    '```hl_lines="1 2"', "```hl_lines='1", "   ```", "``` ", "```  ", "x", "", "  ", "a ``` b",
    "```\t", "``", "`````", "~~~a",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=14), st.integers(0, 40))
def test_same_match_as_the_regex(lines: list[str], pos: int) -> None:
    text = "\n".join(lines)
    pos = min(pos, len(text))
    expected = REGEX.search(text, pos)
    got = LinearFenceSearch(REGEX).search(text, pos)
    assert (got and (got.span(), got.groupdict())) == (
        expected and (expected.span(), expected.groupdict()))


def test_the_renderer_uses_it_and_output_is_unchanged() -> None:
    from viewer.core.parser import parse_text
    from viewer.render import render_note

    note = parse_text("x.md", "---\ntitle: X\n---\n\n```py\nx = 1\n```\n\n~~~\n```a\n~~~\n")
    html = render_note(note, lambda slug: "note").html
    assert ('<pre class="highlight"><code class="language-py"><span class="n">x</span> '
            '<span class="o">=</span> <span class="mi">1</span>\n</code></pre>') in html
    assert "<pre><code>```a\n</code></pre>" in html
