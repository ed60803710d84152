"""The values the link index answers with (`viewer.core.index` re-exports them)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexChange:
    """What one `apply` did, by vault-relative path."""

    added: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass(frozen=True)
class VideoStamp:
    """A timestamp of a video in some note."""

    seconds: int
    path: str
    index: int  # document index of the timestamp in its note


@dataclass(frozen=True)
class Passage:
    """The stretch of a note covering [start, end) of a video (end None: to the end)."""

    path: str
    index: int
    start: int
    end: int | None


@dataclass
class Channel:
    """A channel: the slug of its `From: [[...]]` target, a label, and its notes."""

    slug: str
    label: str
    paths: list[str] = field(default_factory=list)
