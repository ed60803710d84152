"""Keep Python-Markdown's link parsing linear on hostile text.

For every `[` Python-Markdown's link patterns (`LinkInlineProcessor.getText`) scan forward
until the bracket closes, to the end of the paragraph if it never does: a note of 20 KB of
`[` took 55 s. `getText` here answers from one bracket matching per paragraph string, which
gives the same result (a stack match is what its counting computes). `getLink` (the `(url
"title")` part, whose quote rules are worth keeping) only reads up to the last `)` within a
bounded window.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable

from markdown import Markdown
from markdown.inlinepatterns import LinkInlineProcessor

LINK_WINDOW = 1024  # longest `(url "title")` part read; longer ones stay text
_BRACKET = re.compile(r"[\[\]]")


class _Matches:
    """The closing `]` of each `[` in the last string asked about."""

    def __init__(self) -> None:
        self.data: str | None = None
        self.closes: dict[int, int] = {}

    def close_of(self, data: str, opening: int) -> int | None:
        if data is not self.data:
            self.data, self.closes = data, _bracket_matches(data)
        return self.closes.get(opening)


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
        # A link can only close at a `)`: nothing after the last one in the window matters.
        close = data.rfind(")", index, index + LINK_WINDOW)
        data = data[:close + 1] if close >= 0 else data[:index]
        return original(data, index)

    return get_link
