"""Obsidian callouts: a blockquote whose first line is `[!type] Title` (`-` folded, `+` open).

    > [!warning]- Folded
    > Body text

becomes `<details class="callout callout-warning"><summary class="callout-title">Folded
</summary><div class="callout-content"><p>Body text</p></div></details>`; without `-`/`+` a
`<div>` with a `<div class="callout-title">`. Folding needs no script (`<details>`).
Types and aliases are those of Obsidian's help (https://help.obsidian.md/callouts); an
unknown type is styled as a note and titled with its own name, as there. A blockquote that
starts a callout is never merged into the quote before it (Python-Markdown merges
consecutive quotes; Obsidian shows two callouts), and nothing merges into a callout. One
pass over the tree: linear.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Alias -> the type whose colour and icon it takes (Obsidian's help, "Supported types").
CALLOUT_TYPES: dict[str, str] = {
    "note": "note",
    "abstract": "abstract", "summary": "abstract", "tldr": "abstract",
    "info": "info",
    "todo": "todo",
    "tip": "tip", "hint": "tip", "important": "tip",
    "success": "success", "check": "success", "done": "success",
    "question": "question", "help": "question", "faq": "question",
    "warning": "warning", "caution": "warning", "attention": "warning",
    "failure": "failure", "fail": "failure", "missing": "failure",
    "danger": "danger", "error": "danger",
    "bug": "bug",
    "example": "example",
    "quote": "quote", "cite": "quote",
}
_HEADER = re.compile(r"\[!([A-Za-z][\w-]{0,40})\]([+-]?)[ \t]*([^\n]*)(?:\n|\Z)")
# A quote block whose first quoted line opens a callout.
_STARTS_CALLOUT = re.compile(r"(?:^|\n)[ ]{0,3}>[ ]?[ ]{0,3}\[![A-Za-z]")


class CalloutExtension(Extension):
    """Callout blocks (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Replace the blockquote processor and add the callout tree processor."""
        md.parser.blockprocessors.register(_CalloutQuotes(md.parser), "quote", 20)
        # Before inline processing (20), while a paragraph's text is still its source.
        md.treeprocessors.register(_Callouts(md), "lectern_callouts", 26)


class _CalloutQuotes(BlockQuoteProcessor):
    """Python-Markdown's blockquotes, but a callout starts a quote of its own."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        """Upstream `BlockQuoteProcessor.run` (3.11.3), but for the sibling test."""
        block = blocks.pop(0)
        m = self.RE.search(block)
        starts_callout = False
        if m:
            before = block[:m.start()]
            self.parser.parseBlocks(parent, [before])
            starts_callout = _STARTS_CALLOUT.match(block, m.start()) is not None
            block = "\n".join(self.clean(line) for line in block[m.start():].split("\n"))
        sibling = self.lastChild(parent)
        if (sibling is not None and sibling.tag == "blockquote" and not starts_callout
                and not _is_callout(sibling)):
            quote = sibling
        else:
            quote = etree.SubElement(parent, "blockquote")
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, block)
        self.parser.state.reset()


def _is_callout(quote: etree.Element) -> bool:
    """Whether a parsed blockquote opens with a callout line (nothing merges into it)."""
    first = quote[0] if len(quote) else None
    return (first is not None and first.tag == "p" and first.text is not None
            and _HEADER.match(first.text) is not None)


class _Callouts(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for quote in [element for element in root.iter("blockquote")]:
            first = quote[0] if len(quote) else None
            if first is None or first.tag != "p" or not first.text:
                continue
            header = _HEADER.match(first.text)
            if header is not None:
                _to_callout(self.md, quote, first, header)


def _to_callout(md: Markdown, quote: etree.Element, first: etree.Element,
                header: re.Match[str]) -> None:
    name, fold, title = header.group(1).lower(), header.group(2), header.group(3).strip()
    kind = CALLOUT_TYPES.get(name, "note")
    rest = first.text[header.end():] if first.text else ""  # type: ignore[index]
    children = list(quote)[1:]
    first_children = list(first)  # none before inline processing, but keep any
    quote.clear()
    quote.tag = "details" if fold else "div"
    quote.set("class", f"callout callout-{kind}")
    if fold == "+":
        quote.set("open", "open")
    heading = etree.SubElement(quote, "summary" if fold else "div", {"class": "callout-title"})
    heading.text = title or name[:1].upper() + name[1:]
    if not (rest.strip() or first_children or children):
        return
    content = etree.SubElement(quote, "div", {"class": "callout-content"})
    if first_children:
        paragraph = etree.SubElement(content, "p")
        paragraph.text = rest
        paragraph.extend(first_children)
    elif rest.strip():
        # The lines under the title were one paragraph with it: read them as blocks again
        # (a list right under the title is a list, as in Obsidian).
        md.parser.parseChunk(content, rest)
    content.extend(children)
