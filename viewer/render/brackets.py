"""Keep Python-Markdown's link parsing linear on hostile text.

For every `[` Python-Markdown's link patterns (`LinkInlineProcessor.getText`) scan forward
until the bracket closes, to the end of the paragraph if it never does: a note of 20 KB of
`[` took 55 s. `getText` here answers from one bracket matching per paragraph string, which
gives the same result (a stack match is what its counting computes, and a `[`'s match
depends only on the text after it). `getLink` (the `(url
"title")` part, whose quote rules are worth keeping) only reads up to the last `)` within a
bounded window.
"""

from __future__ import annotations

import re
import types
from collections import OrderedDict
from collections.abc import Callable

from markdown import Markdown
from markdown.inlinepatterns import LinkInlineProcessor

LINK_WINDOW = 1024  # longest `(url "title")` part read; longer ones stay text
_BRACKET = re.compile(r"[\[\]]")


class _Matches:
    """The closing `]` of each `[` in the last few strings asked about.

    Several: link patterns alternate between a paragraph and the text of a link found in
    it (the inline processor works on each link's text before going on).
    """

    SIZE = 8

    def __init__(self) -> None:
        # Strings are held, so an id is not reused while its entry lives.
        self.entries: OrderedDict[int, tuple[str, dict[int, int]]] = OrderedDict()

    def close_of(self, data: str, opening: int) -> int | None:
        entry = self.entries.get(id(data))
        if entry is None or entry[0] is not data:
            entry = (data, _bracket_matches(data))
            self.entries[id(data)] = entry
            if len(self.entries) > self.SIZE:
                self.entries.popitem(last=False)
        else:
            self.entries.move_to_end(id(data))
        return entry[1].get(opening)


def _bracket_matches(data: str) -> dict[int, int]:
    closes: dict[int, int] = {}
    stack: list[int] = []
    for match in _BRACKET.finditer(data):
        if match.group() == "[":
            stack.append(match.start())
        elif stack:
            closes[stack.pop()] = match.start()
    return closes


def linearise_links(md: Markdown) -> None:
    """Give every link-type inline pattern of `md` the linear `getText`/bounded `getLink`."""
    matches = _Matches()
    for pattern in md.inlinePatterns:
        if isinstance(pattern, LinkInlineProcessor):
            pattern.getText = types.MethodType(_get_text(matches, pattern.getText), pattern)
            pattern.getLink = types.MethodType(_get_link(pattern.getLink), pattern)


def _get_text(
    matches: _Matches, original: Callable[[str, int], tuple[str, int, bool]]
) -> Callable[[LinkInlineProcessor, str, int], tuple[str, int, bool]]:
    def get_text(_self: LinkInlineProcessor, data: str, index: int) -> tuple[str, int, bool]:
        if index < 1 or data[index - 1] != "[":
            return original(data, index)
        close = matches.close_of(data, index - 1)
        if close is None:
            return "", index, False
        return data[index:close], close + 1, True

    return get_text


def _get_link(
    original: Callable[[str, int], tuple[str, str | None, int, bool]]
) -> Callable[[LinkInlineProcessor, str, int], tuple[str, str | None, int, bool]]:
    def get_link(
        _self: LinkInlineProcessor, data: str, index: int
    ) -> tuple[str, str | None, int, bool]:
        # A link can only close at a `)`: nothing after the last one in the window matters,
        # and `getLink` reads nothing before `index` (a slice of the window, not of the
        # paragraph up to it, which would cost the paragraph's length per link).
        close = data.rfind(")", index, index + LINK_WINDOW)
        href, title, end, handled = original(data[index:close + 1] if close >= 0 else "", 0)
        # -1: upstream's end for a title that never closes, kept as it is (an index from
        # the end of the paragraph).
        return href, title, (end + index if end >= 0 else end), handled

    return get_link
