"""The Python-Markdown set-up for notes: tokens back to markup, no raw HTML, safe links.

Raw HTML is switched off (tags in a note are escaped and show as text), `<br>` is the one
tag read as markup, headings the parser found get its anchor ids, and every link and image
URL is checked before serialisation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, AtomicString

from viewer.core.timecode import format_time
from viewer.render.blocks import linearise_blocks
from viewer.render.brackets import linearise_links
from viewer.render.fences import linearise_fences
from viewer.render.flavour import flavour_extensions
from viewer.render.inline import linearise_inline, register_lookbehind
from viewer.render.lists import SplitLists
from viewer.render.sanitize import is_safe_href
from viewer.render.source import (
    TOKEN_OPEN,
    TOKEN_RE,
    BadToken,
    BlockToken,
    ChipToken,
    EmbedToken,
    HeadingToken,
    LinkToken,
    ListStart,
    SourceBuilder,
    TextToken,
    neutralise,
)

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_IMAGE_SCHEMES = ("http:", "https:")


class LecternExtension(Extension):
    """Per-Markdown-instance state: the tokens of the text being converted.

    The renderer sets `builder` before each conversion and reads `headings` after it.
    """

    def __init__(self) -> None:
        """Create the extension with no text loaded."""
        super().__init__()
        self.builder: SourceBuilder | None = None
        self.headings: list[tuple[int, str, str]] = []
        self.md: Markdown | None = None

    def payloads(self) -> list[object]:
        """The token payloads of the text being converted, by token number."""
        return [] if self.builder is None else [token.payload for token in self.builder.tokens]

    def extendMarkdown(self, md: Markdown) -> None:
        """Disable raw HTML and register the token, `<br>`, heading and link processors."""
        self.md = md
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After code spans (190): tokens inside code stay source text. After links and
        # images (160, 150): a token inside a URL stays a token, and `_SafeUrls` puts its
        # source text back.
        md.inlinePatterns.register(_TokenInline(TOKEN_RE.pattern, self), "lectern_token", 145)
        md.inlinePatterns.register(_BreakInline(r"(?i:<br[ \t]*/?>)", md), "lectern_br", 90)
        # Before inline processing (20), while a heading's text still starts with its token.
        md.treeprocessors.register(_HeadingIds(md, self), "lectern_headings", 30)
        # After the footnotes' section (50) and callouts (26) are made, before task lists
        # (25) read the items' first words.
        md.treeprocessors.register(SplitLists(md, self.payloads), "lectern_lists", 25.5)
        # After the footnotes' section is made (50), before inline processing (20).
        md.treeprocessors.register(_FootnoteBlockEnd(md, self), "lectern_footnote_blocks", 40)
        # After `unescape` (0), so hrefs are final when they are checked.
        md.treeprocessors.register(_SafeUrls(md, self), "lectern_urls", -10)
        linearise_links(md)
        linearise_inline(md)
        linearise_blocks(md)
        linearise_fences(md)
        register_lookbehind(_TokenInline, None, "")
        register_lookbehind(_BreakInline, None, "")


def new_markdown() -> tuple[Markdown, LecternExtension]:
    """A Markdown instance for notes and its Lectern extension (not thread-safe: one per thread)."""
    extension = LecternExtension()
    flavour, configs = flavour_extensions()
    md = Markdown(
        extensions=[*flavour, extension],  # ours last: it makes the others' work linear
        extension_configs=configs,
        output_format="html",
    )
    return md, extension


def chip_element(token: ChipToken) -> etree.Element:
    """`<a class="ts" href="lectern://seek/<id>/<s>" data-ts data-seconds title>M:SS</a>`."""
    shown = format_time(token.seconds)
    video = token.video_id or "-"
    chip = etree.Element("a", {
        "class": "ts" if token.video_id else "ts novideo",
        "href": f"lectern://seek/{video}/{token.seconds}",
        "data-ts": str(token.index),
        "data-seconds": str(token.seconds),
        "title": f"Play at {shown}",
    })
    chip.text = AtomicString(shown)
    return chip


def token_element(payload: object) -> etree.Element | str | None:
    """The markup for an inline token (None: this token is not inline, leave it).

    Text in payloads comes from the parser's view of the raw note, so it is neutralised
    here: a label must not carry something that reads as a token later.
    """
    if isinstance(payload, LinkToken):
        link = etree.Element("a", {
            "class": f"wikilink {payload.kind}",
            "href": payload.href,
            "data-target": payload.target,
        })
        link.text = AtomicString(neutralise(payload.label))
        return link
    if isinstance(payload, ChipToken):
        chip = chip_element(payload)
        if not payload.label:
            return chip
        wrapper = etree.Element("span", {"class": "ts-ref"})
        wrapper.text = AtomicString(neutralise(payload.label) + " ")
        wrapper.append(chip)
        return wrapper
    if isinstance(payload, BadToken):
        bad = etree.Element("span", {"class": "ts bad", "title": "Unreadable timestamp"})
        bad.text = AtomicString(f"[{neutralise(payload.raw)}]")
        return bad
    if isinstance(payload, TextToken):
        return neutralise(payload.text)
    if isinstance(payload, BlockToken):
        return etree.Element("span", {"class": "block-ref", "id": "^" + payload.id})
    if isinstance(payload, ListStart):
        return ""  # not where `SplitLists` looks (an item Markdown read as text): nothing
    return None


class _TokenInline(InlineProcessor):
    def __init__(self, pattern: str, extension: LecternExtension) -> None:
        super().__init__(pattern)
        self.extension = extension

    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | str | None, int | None, int | None]:
        builder = self.extension.builder
        index = int(m.group(1))
        if builder is None or index >= len(builder.tokens):
            return None, None, None
        payload = builder.tokens[index].payload
        if isinstance(payload, EmbedToken) and self.extension.md is not None:
            # Our own HTML (`viewer.render.embeds`): raw, past the tree processors.
            return self.extension.md.htmlStash.store(payload.html), m.start(0), m.end(0)
        node = token_element(payload)
        if node is None:
            return None, None, None
        return node, m.start(0), m.end(0)


class _BreakInline(InlineProcessor):
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        return etree.Element("br"), m.start(0), m.end(0)


class _HeadingIds(Treeprocessor):
    def __init__(self, md: Markdown, extension: LecternExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        builder = self.extension.builder
        headings = self.extension.headings
        headings.clear()
        if builder is None:
            return
        for element in root.iter():
            if element.tag not in _HEADING_TAGS or not element.text:
                continue
            match = TOKEN_RE.match(element.text)
            if not match or int(match.group(1)) >= len(builder.tokens):
                continue
            payload = builder.tokens[int(match.group(1))].payload
            if isinstance(payload, HeadingToken):
                element.set("id", payload.anchor)
                element.text = element.text[match.end():]
                headings.append((payload.level, payload.text, payload.anchor))


class _FootnoteBlockEnd(Treeprocessor):
    """A footnote ending with a block of ours (fenced code, `viewer.render.nested_fences`):
    upstream appends its back link to that last paragraph, which then is no longer the
    block's alone and keeps a `<p>` around the `<pre>`. The link goes into a paragraph of
    its own, as upstream does after any other last block."""

    def __init__(self, md: Markdown, extension: LecternExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        builder = self.extension.builder
        if builder is None:
            return
        items = [li for div in root.iter("div") if div.get("class") == "footnote"
                 for li in div.iter("li")]
        for li in items:
            last = li[-1] if len(li) else None
            if last is None or last.tag != "p" or len(last) != 1 or not last.text:
                continue
            text = last.text.removesuffix(NBSP_PLACEHOLDER).strip()
            match = TOKEN_RE.fullmatch(text)
            if (match is None or int(match.group(1)) >= len(builder.tokens)
                    or not isinstance(builder.tokens[int(match.group(1))].payload, EmbedToken)):
                continue
            last.text = text
            backlink = last[0]
            last.remove(backlink)
            etree.SubElement(li, "p").append(backlink)


class _SafeUrls(Treeprocessor):
    def __init__(self, md: Markdown, extension: LecternExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        builder = self.extension.builder
        for element in root.iter():
            if builder is not None:
                for name, value in element.items():
                    if value and TOKEN_OPEN in value:
                        element.set(name, builder.restore(value))
            if element.tag == "a":
                _check_link(element)
            elif element.tag == "img":
                _image_to_link(element)


def _check_link(element: etree.Element) -> None:
    href = element.get("href")
    if href is None:
        return
    if (element.get("class") or "").split(" ")[0] in _OWN_LINK_CLASSES:
        return  # the renderer's own wiki links and chips (notes cannot set classes)
    # Automatic mail links are entity-obfuscated with Markdown's own `&` marker. The href
    # itself stays as Markdown wrote it (its serialiser escapes it right).
    if is_safe_href(href.replace(AMP_SUBSTITUTE, "&")):
        return
    element.tag = "span"
    del element.attrib["href"]
    element.set("class", "link-blocked")


_OWN_LINK_CLASSES = frozenset({"wikilink", "ts"})


def _image_to_link(element: etree.Element) -> None:
    """Images never load from a note: a link to the image (alt text shown) instead."""
    src = element.get("src") or ""
    alt = element.get("alt") or ""
    title = element.get("title")
    element.attrib.clear()
    if is_safe_href(src) and src.strip().lower().startswith(_IMAGE_SCHEMES):
        element.tag = "a"
        element.set("class", "image")
        element.set("href", src)
    else:
        element.tag = "span"
        element.set("class", "image link-blocked")
    if title:
        element.set("title", title)
    element.text = alt or "image"
