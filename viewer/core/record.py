"""`NoteRecord`: the compact part of a parsed note that the link index and the cache keep.

Contexts, labels and offsets are not kept: they are read again from the file when a pane
shows them (parsing one note takes ~0.1 ms), which keeps a 50k-note index small.
"""

from __future__ import annotations

from array import array
from typing import Any

from viewer.core.note import Note

RECORD_VERSION = 5  # 4: link targets are `slug.link_key`s; embeds. 5: nothing from comments


class NoteRecord:
    """One note as the index sees it. `ts` holds timestamp seconds in document order."""

    __slots__ = (
        "aliases",
        "channel",
        "channel_label",
        "counts",
        "embeds",
        "mtime_ns",
        "path",
        "problems",
        "size",
        "slug",
        "tags",
        "targets",
        "title",
        "ts",
        "ts_videos",
        "video_field",
        "video_id",
    )

    def __init__(self, path: str, size: int, mtime_ns: int, title: str, slug: str,
                 video_id: str | None, video_field: str | None, aliases: tuple[str, ...],
                 tags: tuple[str, ...], channel: str | None, channel_label: str | None,
                 targets: tuple[str, ...], counts: tuple[int, ...], ts: array,
                 ts_videos: tuple[tuple[int, str | None], ...],
                 problems: tuple[tuple[int, str], ...],
                 embeds: tuple[tuple[str, int], ...] = ()) -> None:
        self.path = path
        self.size = size
        self.mtime_ns = mtime_ns
        self.title = title
        self.slug = slug
        self.video_id = video_id
        self.video_field = video_field
        self.aliases = aliases
        self.tags = tags
        self.channel = channel
        self.channel_label = channel_label
        self.targets = targets  # distinct link targets, first appearance order
        self.counts = counts  # how often each target is linked
        self.ts = ts  # array("i") of seconds, document order
        self.ts_videos = ts_videos  # (index, video id) where a timestamp names another video
        self.problems = problems  # (line, message)
        self.embeds = embeds  # (target as written, file line) of distinct embeds, in order

    @classmethod
    def from_note(cls, note: Note) -> NoteRecord:
        """Keep what the index needs of a parsed note."""
        counts: dict[str, int] = {}
        for link in note.links:
            if link.target:
                counts[link.target] = counts.get(link.target, 0) + 1
        stamps = note.timestamps
        ts_videos = tuple((i, t.video_id) for i, t in enumerate(stamps) if t.video_id != note.video_id)
        return cls(note.path, note.size, note.mtime_ns, note.title, note.slug, note.video_id,
                   note.video_field, tuple(note.aliases), tuple(note.tags), note.channel,
                   note.channel_label, tuple(counts), tuple(counts.values()),
                   array("i", [t.seconds for t in stamps]), ts_videos,
                   tuple((p.line, p.message) for p in note.problems), _embeds(note))

    def to_tuple(self) -> tuple[Any, ...]:
        """A marshal-able form (for the cache and for worker processes)."""
        return (self.path, self.size, self.mtime_ns, self.title, self.slug, self.video_id,
                self.video_field, self.aliases, self.tags, self.channel, self.channel_label,
                self.targets, self.counts, self.ts.tobytes(), self.ts_videos, self.problems,
                self.embeds)

    @classmethod
    def from_tuple(cls, data: tuple[Any, ...]) -> NoteRecord:
        """Inverse of `to_tuple`."""
        ts = array("i")
        ts.frombytes(data[13])
        args: tuple[Any, ...] = (*data[:13], ts, *data[14:])
        return cls(*args)

    def videos(self) -> set[str]:
        """Every video this note has or cites with a time."""
        found = {v for _, v in self.ts_videos if v}
        if self.video_id:
            found.add(self.video_id)
        return found

    def stamps_of(self, video_id: str) -> list[tuple[int, int]]:
        """(seconds, document index) of this note's timestamps of `video_id`."""
        if not self.ts_videos:
            return list(zip(self.ts, range(len(self.ts)))) if video_id == self.video_id else []
        other = dict(self.ts_videos)
        return [(s, i) for i, s in enumerate(self.ts) if other.get(i, self.video_id) == video_id]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoteRecord) and self.to_tuple() == other.to_tuple()

    def __repr__(self) -> str:
        return f"NoteRecord({self.path!r}, {self.title!r})"


def _embeds(note: Note) -> tuple[tuple[str, int], ...]:
    """(raw, file line) of the first embed of each distinct target (embeds are in order)."""
    found: dict[str, int] = {}
    line, position = note.body_line, 0
    for embed in note.embeds:
        if embed.raw and embed.raw not in found:
            line += note.body.count("\n", position, embed.start)
            position = embed.start
            found[embed.raw] = line
    return tuple(found.items())
