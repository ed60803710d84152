"""What a parsed note is: its metadata, links, timestamps, headings and problems."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, frozen=True)
class Problem:
    """Something wrong in a note, with its 1-based line in the file (0: the whole file)."""

    line: int
    message: str


@dataclass(slots=True)
class Link:
    """A wiki link `[[raw#heading|label]]`; `start`/`end` are offsets in the body."""

    target: str
    raw: str
    label: str | None
    heading: str | None
    start: int
    end: int

    @property
    def text(self) -> str:
        """What the link shows: its label, else the target as written (a bare slug such as
        `border_dispute` reads "border dispute")."""
        return self.label or readable_target(self.raw) or (self.heading or "")


def readable_target(raw: str) -> str:
    """A link target as a reader should see it: slugs get their spaces back."""
    return raw.replace("_", " ") if "_" in raw and " " not in raw else raw


@dataclass(slots=True)
class Timestamp:
    """A time in a video: a `yt-timestamp` anchor or a YouTube URL carrying a time."""

    seconds: int
    video_id: str | None
    start: int
    end: int
    kind: str  # "anchor" | "url" | "chapter" (`0:00 Intro` at a line start) | "iframe"
    label: str = ""


@dataclass(slots=True, frozen=True)
class BadTimestamp:
    """A timestamp anchor whose time could not be read (rendered as flagged text)."""

    raw: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Embed:
    """An embed: `![[target#heading|size]]` or `![alt](path)`. Not a link and not a topic.

    `raw` is the target as written (percent-decoded for `![alt](path)`), without its
    heading; `width`/`height` in CSS pixels from `|300` or `|300x200`; `start`/`end` are
    body offsets of the whole span, `!` included.
    """

    raw: str
    heading: str | None
    width: int | None
    height: int | None
    alt: str
    start: int
    end: int
    markdown: bool = False  # written as ![alt](path)


@dataclass(slots=True, frozen=True)
class BlockId:
    """A block reference target `^block-id` at a line end: hidden, and an anchor there."""

    id: str
    start: int
    end: int


@dataclass(slots=True, frozen=True)
class Heading:
    """A markdown heading; `anchor` is the id it gets in the rendered page."""

    level: int
    text: str
    anchor: str
    start: int


@dataclass(slots=True)
class Note:
    """One parsed note. `path` is vault-relative (posix); offsets are into `body`."""

    path: str
    title: str
    slug: str
    video_id: str | None = None
    video_field: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    channel: str | None = None
    channel_label: str | None = None
    body: str = ""
    body_line: int = 1
    links: list[Link] = field(default_factory=list)
    timestamps: list[Timestamp] = field(default_factory=list)
    bad_timestamps: list[BadTimestamp] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    embeds: list[Embed] = field(default_factory=list)
    block_ids: list[BlockId] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    size: int = 0
    mtime_ns: int = 0
    # What is computed from the note on demand and kept with it (`viewer.core.context`'s
    # blocks and sentence breaks); not part of its value.
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, offset: int) -> int:
        """The 1-based file line of a body offset."""
        return self.body_line + self.body.count("\n", 0, offset)
