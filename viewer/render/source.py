"""Turn a parsed note's body into Markdown source with placeholder tokens.

The parser already found every link, timestamp and heading (offsets into the body); the
renderer must not find them again with other rules, or the n-th chip would stop being the
n-th `note.timestamps` entry. So each span the parser reported is replaced by a token
`\\ue000<n>\\ue001` (private-use characters Markdown leaves alone; Python-Markdown strips its
own STX/ETX markers from input, so those cannot be used), and the Markdown extension
(`viewer.render.markdown_ext`) turns token n back into markup.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

TOKEN_OPEN = "\ue000"
TOKEN_CLOSE = "\ue001"
TOKEN_RE = re.compile(TOKEN_OPEN + r"(\d+)" + TOKEN_CLOSE)
_NEUTRALISE = {ord(TOKEN_OPEN): "\ufffd", ord(TOKEN_CLOSE): "\ufffd"}  # same length


@dataclass(frozen=True, slots=True)
class LinkToken:
    """A wiki link: `<a class="wikilink {kind}" href data-target>label</a>`."""

    label: str
    href: str
    target: str
    kind: str


@dataclass(frozen=True, slots=True)
class ChipToken:
    """A timestamp chip; `index` is its position in `note.timestamps`."""

    index: int
    seconds: int
    video_id: str | None
    label: str


@dataclass(frozen=True, slots=True)
class BadToken:
    """A timestamp whose time could not be read."""

    raw: str


@dataclass(frozen=True, slots=True)
class HeadingToken:
    """Marks the start of a heading the parser found; carries its id."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class TextToken:
    """Literal text, never read as Markdown (a link label in a fragment)."""

    text: str


@dataclass(frozen=True, slots=True)
class BlockToken:
    """A `^block-id` at a line end: hidden, an anchor `id="^block-id"` in its place."""

    id: str


@dataclass(frozen=True, slots=True)
class EmbedToken:
    """An embed (`viewer.render.embeds`), already rendered to HTML the sanitiser checks."""

    html: str


@dataclass(frozen=True, slots=True)
class ListStart:
    """The item it begins starts a new list (`viewer.render.lists`): `ol` from `number`, or `ul`."""

    ordered: bool
    number: int


Payload = (LinkToken | ChipToken | BadToken | HeadingToken | TextToken | BlockToken | EmbedToken
           | ListStart)


@dataclass(frozen=True, slots=True)
class Token:
    """A placeholder's payload, and the source text to show where markup cannot go
    (inside code, or inside an attribute such as a link URL)."""

    payload: Payload
    fallback: str


Replacement = Callable[[], str]


class MoveStart:
    """The opening delimiter of a moved region (`SourceBuilder.add_moves`)."""

    def __call__(self) -> str:
        return ""


class MoveEnd:
    """The closing delimiter of a moved region: `finish(built text inside)` gives the text
    left in its place (and may append elsewhere, e.g. to the builder's suffix)."""

    def __init__(self, finish: Callable[[str], str]) -> None:
        self.finish = finish

    def __call__(self) -> str:
        return ""


def neutralise(text: str) -> str:
    """`text` with token characters replaced (same length), so a note cannot forge a token."""
    if TOKEN_OPEN in text or TOKEN_CLOSE in text:
        return text.translate(_NEUTRALISE)
    return text


class SourceBuilder:
    """Collects span replacements in priority groups and builds the Markdown source.

    Replacements are called only for spans that survive, so tokens (and any lookups they
    need) are made only for what ends up in the source.
    """

    def __init__(self, body: str) -> None:
        """Start from `body`; token characters already in it are neutralised (same length).

        Args:
            body: The text the span offsets point into.
        """
        self.body = neutralise(body)
        self.tokens: list[Token] = []
        self._starts: list[int] = []
        self._spans: list[tuple[int, int, Replacement]] = []
        # Text replacements append after the body (inline footnotes' definitions).
        self.suffix: list[str] = []

    def token(self, payload: Payload, start: int, end: int) -> str:
        """Register a token for body[start:end] and return its placeholder text."""
        self.tokens.append(Token(payload, self.body[start:end]))
        return f"{TOKEN_OPEN}{len(self.tokens) - 1}{TOKEN_CLOSE}"

    def add_group(self, spans: list[tuple[int, int, Replacement]]) -> None:
        """Add a group of spans, below the groups added before it.

        A span overlapping one already accepted (or an earlier one of its own group) is
        dropped: the earlier group wins.
        """
        accepted, starts = self._spans, self._starts
        kept: list[tuple[int, int, Replacement]] = []
        for span in sorted(spans, key=lambda s: s[0]):
            start, end = span[0], span[1]
            if end <= start or (kept and kept[-1][1] > start):
                continue
            i = bisect.bisect_left(starts, end)
            if i and accepted[i - 1][1] > start:
                continue
            kept.append(span)
        if kept:
            self._spans = sorted(accepted + kept, key=lambda s: s[0])
            self._starts = [s[0] for s in self._spans]

    def add_moves(self, moves: list[tuple[int, int, int, int, Callable[[str], str]]]) -> None:
        """Add regions whose built text leaves the flow, below the groups added before.

        Each move (start, end, head, tail, finish) has delimiters body[start:start+head] and
        body[end-tail:end], replaced by nothing; the text between them is built with the
        spans inside it and handed to `finish`, whose answer takes the region's place (an
        inline footnote's reference, its text appended as the definition). A move is kept
        only if both delimiters are (so no kept span crosses its edges).
        """
        delimiters: list[tuple[int, int, Replacement]] = []
        for start, end, head, tail, finish in moves:
            delimiters += [(start, start + head, MoveStart()),
                           (end - tail, end, MoveEnd(finish))]
        before = {id(span[2]) for span in self._spans}
        self.add_group(delimiters)
        kept = {id(span[2]) for span in self._spans} - before
        orphans = {id(delimiters[i + 1 - 2 * (i % 2)][2]) for i in range(len(delimiters))
                   if id(delimiters[i][2]) not in kept}
        if orphans & kept:  # one delimiter of a pair lost: drop its partner too
            self._spans = [span for span in self._spans if id(span[2]) not in orphans]
            self._starts = [span[0] for span in self._spans]

    def build(self) -> str:
        """The body with every accepted span replaced, then `suffix`."""
        self.suffix.clear()
        body = self.body
        pieces: list[str] = []
        outer: list[list[str]] = []  # the pieces around each open moved region
        position = 0
        for start, end, replace in self._spans:
            pieces.append(body[position:start])
            if isinstance(replace, MoveStart):
                outer.append(pieces)
                pieces = []
            elif isinstance(replace, MoveEnd) and outer:
                inner = "".join(pieces)
                pieces = outer.pop()
                pieces.append(replace.finish(inner))
            else:
                pieces.append(replace())
            position = end
        pieces.append(body[position:])
        pieces.extend(self.suffix)
        return "".join(pieces)

    def restore(self, text: str) -> str:
        """`text` with every token put back as the source text it replaced."""
        if TOKEN_OPEN not in text:
            return text
        return TOKEN_RE.sub(lambda m: self.fallback(int(m.group(1))), text)

    def fallback(self, index: int) -> str:
        """The source text token `index` replaced ("" for an unknown index)."""
        return self.tokens[index].fallback if 0 <= index < len(self.tokens) else ""
