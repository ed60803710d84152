"""What the tree filter matches, computed off the UI thread (no Qt here).

`FilterData` is built once per index generation from a snapshot (the records list, the
channels' labels and the topics): one folded string with a line per note (title, path,
video id, channel label, aliases). `FilterData.match(text)` finds the lines holding the text
with `str.find`, jumping to the next line after each hit, so its cost follows the notes that
match, not every character of the vault; narrowing a filter (typing on) searches only the
notes the shorter filter matched.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from viewer.core.record import NoteRecord

SEP = "\x1f"  # between a note's fields: a filter never spans two of them


def fold(text: str) -> str:
    """Lower case without diacritics ("México" -> "mexico"); a filter and what it searches are
    folded alike."""
    text = text.lower()
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize_filter(text: str) -> str:
    """The filter as matched: folded, runs of white space as one space."""
    return " ".join(fold(text).split())


@dataclass(frozen=True)
class FilterMatch:
    """The notes and topics a filter matches. `text` is the normalized filter ("" = all)."""

    text: str
    generation: int
    paths: frozenset[str] = frozenset()
    by_channel: dict[str, list[str]] = field(default_factory=dict)  # slug -> matching paths
    folders: frozenset[str] = frozenset()  # "a/b/" folders holding a matching note
    topics: list[tuple[str, int]] = field(default_factory=list)  # (slug, mentions)
    line_ids: tuple[int, ...] = ()  # matching notes (FilterData rows), to narrow from

    def empty(self) -> bool:
        """Whether nothing at all matches a non-empty filter."""
        return bool(self.text) and not self.paths and not self.topics


class FilterData:
    """A vault's searchable tree text at one index generation (read-only once built)."""

    def __init__(self, generation: int, records: Sequence[NoteRecord],
                 channel_labels: dict[str, str], topics: Iterable[tuple[str, int]]) -> None:
        self.generation = generation
        self.channel_labels = channel_labels  # slug -> label (the channels' sort and names)
        self.paths = [r.path for r in records]
        self.channels = [r.channel for r in records]
        lines = []
        for r in records:
            label = channel_labels.get(r.channel, "") if r.channel else ""
            lines.append(SEP.join((r.title, r.path, r.video_id or "", label, *r.aliases)))
        self.text = fold("\n".join(lines)) + "\n"
        # Folding may change lengths: find the line starts in the folded text.
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos >= 0:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts
        self.topics = [(slug, count, fold(slug)) for slug, count in topics
                       if slug not in channel_labels]

    def _lines_with(self, needle: str) -> set[int]:
        found: set[int] = set()
        text, starts, find = self.text, self.starts, self.text.find
        pos = find(needle)
        while pos >= 0:
            line = bisect_right(starts, pos) - 1
            found.add(line)
            pos = find(needle, starts[line + 1])  # the next line: one hit per note is enough
        del text
        return found

    def match(self, text: str, previous: FilterMatch | None = None) -> FilterMatch:
        """The notes whose title, path, video id, channel or alias contains `text` (or it with
        spaces as underscores), and the topics whose slug does. `previous`: the match of a
        shorter filter this one extends, to search only within its notes."""
        f = normalize_filter(text)
        if not f:
            return FilterMatch("", self.generation)
        underscored = f.replace(" ", "_")
        if previous is not None and previous.generation == self.generation and previous.text \
                and f.startswith(previous.text):
            ids: set[int] = set()
            for line in previous.line_ids:
                row = self.text[self.starts[line]:self.starts[line + 1]]
                if f in row or underscored in row:
                    ids.add(line)
        else:
            ids = self._lines_with(f)
            if underscored != f:
                ids |= self._lines_with(underscored)
        line_ids = tuple(sorted(ids))
        paths = [self.paths[i] for i in line_ids]
        by_channel: dict[str, list[str]] = {}
        for i in line_ids:
            channel = self.channels[i]
            if channel:
                by_channel.setdefault(channel, []).append(self.paths[i])
        for listed in by_channel.values():
            listed.sort()
        folders: set[str] = set()
        for path in paths:
            cut = path.rfind("/")
            while cut > 0 and path[:cut + 1] not in folders:
                folders.add(path[:cut + 1])
                cut = path.rfind("/", 0, cut)
        topics = [(slug, count) for slug, count, folded in self.topics
                  if f in folded or underscored in folded]
        return FilterMatch(f, self.generation, frozenset(paths), by_channel, frozenset(folders),
                           topics, line_ids)
