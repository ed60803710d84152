"""Obsidian-flavoured Markdown on top of Python-Markdown: which extensions, and the small
processors nobody ships (a few harmless HTML tags, code colours within a bound).

Well-kept extensions do the common syntax (pymdown-extensions: `~~strike~~`, `==mark==`,
task lists, `$math$` in arithmatex's generic mode; Python-Markdown: footnotes, tables,
fenced code). Obsidian's own syntax is in `viewer.render.callouts` (callouts) and
`viewer.render.obsidian_spans` (comments, list indents, line breaks, inline footnotes).
Every processor here works in time linear in its input (tests/core/test_growth_render.py).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import RE_REF_ID, FootnoteExtension, FootnoteInlineProcessor
from markdown.inlinepatterns import InlineProcessor, SubstituteTagInlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.util import AtomicString
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from viewer.render.callouts import CalloutExtension
from viewer.render.inline import register_lookbehind

# Tags a note may write as HTML (issue 15: "harmless"). Their attributes are dropped but
# `<details open>`, as Obsidian's sanitiser drops `onclick`, `style`... and keeps the
# element (escaping the tag would leave its closing tag unmatched). Everything else stays
# escaped text. `[^<>]*` stops at the next `<`: linear.
INLINE_TAGS = ("mark", "sub", "sup", "kbd", "u", "details", "summary")
_TAG_RE = r"(?i:<(/?)(mark|sub|sup|kbd|u|details|summary)(?![\w-])([^<>]*)>)"
_OPEN_ATTRIBUTE = re.compile(r"(?i:(?:^|\s)open(?=[\s=/]|$))")
# Code longer than this is shown uncoloured: Pygments' lexers are regexes whose cost on
# hostile text is only bounded per block (issue 11).
MAX_HIGHLIGHT_CHARS = 20_000
_CODE_BLOCK = re.compile(r'<pre><code class="language-([\w+#.-]{1,40})">(.*)</code></pre>\n?\Z',
                         re.DOTALL)


def flavour_extensions() -> tuple[list[Any], dict[str, dict[str, Any]]]:
    """(extensions, extension_configs) for `markdown.Markdown`, ours included."""
    extensions: list[Any] = [
        "tables", "fenced_code", "sane_lists", "footnotes", "nl2br",
        "pymdownx.tilde", "pymdownx.mark", "pymdownx.tasklist", "pymdownx.arithmatex",
        CalloutExtension(), FlavourExtension(),
    ]
    configs = {
        "tables": {"use_align_attribute": True},
        # Obsidian numbers footnotes in the order they are referenced.
        "footnotes": {"USE_DEFINITION_ORDER": False, "BACKLINK_TITLE": "Back to %d"},
        "pymdownx.tilde": {"subscript": False, "smart_delete": True},
        "pymdownx.mark": {"smart_mark": True},
        "pymdownx.tasklist": {"custom_checkbox": False, "clickable_checkbox": False},
        # Generic: `<span class="arithmatex">\(...\)</span>`, typeset in the page by KaTeX.
        "pymdownx.arithmatex": {"generic": True, "smart_dollar": True},
    }
    return extensions, configs


class FlavourExtension(Extension):
    """The allowed HTML tags and code colours."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the tag pattern, the `<summary>` unwrapping and code highlighting."""
        md.inlinePatterns.register(_TagInline(_TAG_RE, md), "lectern_tags", 90)
        # Before arithmatex's `$...$` (189.9), which read `$$x$$` in a line as `$`, math, `$`.
        md.inlinePatterns.register(_DisplayDollarInline(_DISPLAY_DOLLAR_RE, md),
                                   "lectern_display_dollar", 190)
        # After raw HTML is put back (30): a `<summary>` line is a paragraph of its own.
        md.postprocessors.register(_SummaryUnwrap(md), "lectern_summary", 25)
        # Before raw HTML is put back (30): fenced code is in the stash then.
        md.postprocessors.register(_HighlightCode(md), "lectern_highlight", 35)
        for extension in md.registeredExtensions:
            if isinstance(extension, FootnoteExtension):
                _linear_unique_refs(extension)
        register_lookbehind(_TagInline, None, "")
        register_lookbehind(_DisplayDollarInline, re.compile(r"\\"), "$")  # (?<!\\)
        register_lookbehind(FootnoteInlineProcessor, None, "")
        register_lookbehind(SubstituteTagInlineProcessor, None, "")


class _OrderedIds(list[str]):
    """Upstream's `footnote_order` (3.11.3) with constant-time `in` and `index`: it asks
    `id not in footnote_order` and `footnote_order.index(id)` once per reference, so n
    inline footnotes (each its own id) cost n squared on a plain list. Only `append` is
    used to add (and `!=`, iteration, which the list gives)."""

    def __init__(self) -> None:
        super().__init__()
        self._at: dict[str, int] = {}

    def append(self, item: str) -> None:
        self._at.setdefault(item, len(self))
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._at

    def index(self, item: str, *args: object) -> int:  # type: ignore[override]
        if args:
            return super().index(item, *args)  # type: ignore[arg-type]
        try:
            return self._at[item]
        except KeyError:
            raise ValueError(f"{item!r} is not in list") from None


def _linear_unique_refs(footnotes: FootnoteExtension) -> None:
    """Upstream `unique_ref` (3.11.3) numbers the n-th use of a footnote by trying `fnref2`,
    `fnref3`, ... from the start each time: n uses cost n squared (1,600 took 2 s). Each
    try it skips was taken by an earlier use of the same footnote, so starting from the
    last one given gives the same answer."""
    original_reset = footnotes.reset
    last: dict[str, str] = {}

    def unique_ref(reference: str, found: bool = False) -> str:
        if not found:
            return reference
        separator = footnotes.get_separator()
        candidate = last.get(reference, reference)
        while candidate in footnotes.used_refs:
            ref, rest = candidate.split(separator, 1)
            m = RE_REF_ID.match(ref)
            number = int(m.group(2)) + 1 if m else 2
            candidate = f"{m.group(1) if m else ref}{number}{separator}{rest}"
        footnotes.used_refs.add(candidate)
        footnotes.found_refs[reference] = footnotes.found_refs.get(reference, 0) + 1
        last[reference] = candidate
        return candidate

    def reset() -> None:
        last.clear()
        original_reset()
        footnotes.footnote_order = _OrderedIds()

    footnotes.unique_ref = unique_ref  # type: ignore[method-assign]
    footnotes.reset = reset  # type: ignore[method-assign]
    footnotes.footnote_order = _OrderedIds()


# `$$...$$` inside a line of text: Obsidian typesets it as display math. At most 2,000
# characters and no line break, so a search from each `$$` is bounded (linear overall).
_DISPLAY_DOLLAR_RE = r"(?<!\\)\$\$((?:\\.|[^\\$\n]){1,2000}?)\$\$"


class _DisplayDollarInline(InlineProcessor):
    """`text $$x^2$$ text`: a `span.arithmatex.display` holding `\\(\\displaystyle ...\\)`
    (note.css shows it as a centred block; the page typesets spans in inline mode)."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        element = etree.Element("span", {"class": "arithmatex display"})
        element.text = AtomicString(f"\\(\\displaystyle {m.group(1).strip()}\\)")
        return element, m.start(0), m.end(0)


class _TagInline(InlineProcessor):
    """`<mark>`, `</sub>`, `<details open>`...: the tag, normalised, as raw HTML. The final
    sanitiser (`viewer.render.sanitize`) balances whatever a note leaves open."""

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str, int, int]:
        tag = m.group(2).lower()
        is_open = tag == "details" and not m.group(1) and _OPEN_ATTRIBUTE.search(m.group(3))
        opening = f"<{m.group(1)}{tag}{' open' if is_open else ''}>"
        return self.md.htmlStash.store(opening), m.start(0), m.end(0)


class _SummaryUnwrap(Postprocessor):
    """A `<details>`/`<summary>` line is a paragraph of its own (`obsidian_spans.
    details_breaks`); the `<p>` around it would put the summary in the wrong place."""

    def run(self, text: str) -> str:
        if "<summary>" not in text:
            return text
        return _SUMMARY_LINE.sub(r"\1", text)


_SUMMARY_LINE = re.compile(r"<p>((?:<details(?: open)?>)?<summary>)|(?<=</summary>)</p>")


_FORMATTER = HtmlFormatter(nowrap=True)


class _HighlightCode(Postprocessor):
    """Fenced code with a language Pygments knows, coloured by CSS classes (`note.css`
    holds a light and a dark palette); no inline styles."""

    def run(self, text: str) -> str:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if not isinstance(block, str) or not block.startswith('<pre><code class="language-'):
                continue
            if len(block) > MAX_HIGHLIGHT_CHARS:
                continue
            match = _CODE_BLOCK.match(block)
            if match is None:
                continue
            coloured = _coloured(match.group(1), html.unescape(match.group(2)))
            if coloured is not None:
                blocks[index] = coloured
        return text


def _coloured(language: str, code: str) -> str | None:
    """`<pre class="highlight"><code class="language-x">` with Pygments' classes, or None
    if Pygments has no lexer of that name."""
    try:
        lexer = get_lexer_by_name(language.lower(), stripnl=False)
    except ClassNotFound:
        return None
    coloured = highlight(code, lexer, _FORMATTER)
    if coloured.endswith("\n") and not code.endswith("\n"):
        coloured = coloured[:-1]
    return f'<pre class="highlight"><code class="language-{language}">{coloured}</code></pre>'


_LANGUAGE = re.compile(r"[\w+#.-]{1,40}")


def code_block_html(info: str, code: str) -> str:
    """A fenced block as Python-Markdown's fenced code and `_HighlightCode` make it: the
    first word of the info string as `language-<word>`, coloured when Pygments knows it
    and the block is within MAX_HIGHLIGHT_CHARS.

    Args:
        info: The text after the opening fence (`python`, `js title="x"`, or "").
        code: The code, each line ending with a newline.
    """
    words = info.split()
    language = words[0].lstrip(".{") if words else ""
    if language and _LANGUAGE.fullmatch(language):
        if len(code) <= MAX_HIGHLIGHT_CHARS:
            coloured = _coloured(language, code)
            if coloured is not None:
                return coloured
        return f'<pre><code class="language-{language}">{html.escape(code)}</code></pre>'
    return f"<pre><code>{html.escape(code)}</code></pre>"


def math_in(fragment: str) -> bool:
    """Whether a rendered fragment has math for the page to typeset."""
    return 'class="arithmatex"' in fragment

