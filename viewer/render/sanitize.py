"""The safety rules for rendered notes: which URLs a link may carry, and the final allow-list.

Notes are untrusted. The Markdown pipeline already escapes raw HTML and filters hrefs
(`is_safe_href`); `clean_html` is the second, independent layer run on the finished fragment.
"""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_SCHEMES = frozenset({"lectern", "http", "https", "mailto"})
# Links a note writes itself: never `lectern:` (only the renderer's own links and chips may
# carry it, so a note cannot forge "open this path" or "seek" links).
NOTE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers drop leading/trailing C0 controls and spaces, and tabs/newlines anywhere.
_EDGE = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "pre", "code", "em", "strong", "a", "span", "table", "thead", "tbody", "tr", "th", "td",
    # Issue 15: Obsidian-flavoured Markdown (strike, highlight, task lists, footnotes,
    # callouts, math, code colours) and the harmless HTML a note may write.
    "del", "mark", "input", "sup", "sub", "kbd", "u", "div", "details", "summary",
    "img",  # embeds only (`viewer.render.embeds`): src must be lectern://vault/ (`_attribute`)
}
_ATTRIBUTES = {
    # Classes and ids come only from the renderer (attr_list is off); fenced code can put
    # classes on <pre> and an id on it, so those are not allowed there.
    "a": {"href", "class", "title", "data-target", "data-ts", "data-seconds"},
    "span": {"class", "title", "id"},  # ids: block references `^id` only (`_attribute`)
    "img": {"src", "alt", "width", "height", "class"},
    "code": {"class"},  # always `language-<lang>`: fenced code prefixes the first class
    "p": {"class"},
    "ol": {"start", "class"},
    "ul": {"class"},
    "li": {"class", "id"},  # ids: footnotes only (`_attribute`)
    "sup": {"id"},
    "div": {"class"},
    "pre": {"class"},  # only `highlight`: fenced code's own classes go on <code>
    "details": {"class", "open"},
    "summary": {"class"},
    "input": {"checked"},  # always a disabled checkbox (`set_tag_attribute_values`)
    "th": {"align"},
    "td": {"align"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}


def _relative_url(url_str: str) -> str | None:
    """Keep in-page anchors, drop every other relative URL (paths, `//host/...`)."""
    return url_str if url_str.startswith("#") else None


_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:")
# Classes the renderer gives where Markdown would let a note choose one.
_OWN_CLASSES = {"pre": frozenset({"highlight"})}


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Ids on footnotes are the footnote extension's (`fn:`/`fnref:`, never a page id,
    which has no `:`); `<pre>` keeps only our class."""
    if name == "id" and tag in ("li", "sup"):
        return value if _FOOTNOTE_ID.match(value) else None
    if name == "id" and tag == "span":
        return value if value.startswith("^") else None
    if name == "src" and tag == "img":  # a vault file through our scheme, nothing else
        return value if value.startswith("lectern://vault/") else None
    own = _OWN_CLASSES.get(tag)
    if own is not None and name == "class":
        return value if value in own else None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attribute_filter=_attribute,
    set_tag_attribute_values={"input": {"type": "checkbox", "disabled": "disabled"}},
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    link_rel=None,
    url_schemes=set(ALLOWED_SCHEMES),
    url_relative=_relative_url,
    strip_comments=True,
)


def is_safe_href(value: str | None) -> bool:
    """Whether a link written in a note may keep its URL: `#anchor` or an allowed scheme.

    The check reads the URL as a browser would: entities decoded (Markdown keeps
    `&#106;avascript:` as written), surrounding controls and spaces and inner tabs and
    newlines dropped. Decoding more than a browser would only makes the check stricter.

    Args:
        value: The href or src as Markdown produced it.

    Returns:
        True if the URL may stay.
    """
    if not value:
        return False
    url_str = _TAB_NEWLINE.sub("", html.unescape(value).strip(_EDGE))
    if url_str.startswith("#"):
        return True
    match = _SCHEME.match(url_str)
    return match is not None and match.group(1).lower() in NOTE_SCHEMES


def clean_html(fragment: str) -> str:
    """Pass a rendered fragment through the nh3 allow-list (tags, attributes, URL schemes).

    Args:
        fragment: HTML produced by the renderer.

    Returns:
        The sanitised fragment.
    """
    return _CLEANER.clean(fragment)
