"""Unresolved link targets summed by topic slug, kept up to date as notes come and go."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from viewer.core.record import NoteRecord
from viewer.core.slug import topic_slug


class TopicCounts:
    """topic slug -> mentions of the linked targets under it that lead to no note.

    Off until the first `update` (so a bulk load pays nothing for it); from then on the
    index calls `touch` for every note it inserts or drops, and `update` re-resolves only
    the targets touched since: a note's own targets (their counts change) and the targets
    its names claim (their resolution can change).
    """

    def __init__(self) -> None:
        self.on = False
        self.counts: dict[str, int] = {}
        self._dangling: dict[str, int] = {}  # unresolved target -> its mentions
        self._dirty: set[str] = set()

    def touch(self, record: NoteRecord, names: tuple[str, ...], mentions: Mapping[str, object],
              by_slug: Mapping[str, set[str]]) -> None:
        """Mark the targets `record` (claiming `names`, as `claims.claimed_names` gives them)
        can change: its targets, the linked keys among its names, the keys under its slugs."""
        dirty = self._dirty
        dirty.update(record.targets)
        slugs = (record.slug, names[1], *names[4::2])
        for name in (*slugs, names[0], names[2], names[3], *names[5::2]):
            if name in mentions:
                dirty.add(name)
        for slug in slugs:
            dirty.update(by_slug.get(slug, ()))

    def update(self, mentions: Mapping[str, Mapping[str, int]],
               resolve: Callable[[str], str | None]) -> None:
        """Bring `counts` up to date: `mentions` maps each linked target to {source path:
        count}, `resolve` gives the note a target leads to. Costs O(targets touched) once on; the
        first time, or when most targets were touched, O(all targets)."""
        if not self.on or len(self._dirty) * 2 > len(mentions):
            self.on, self._dirty = True, set()
            self._dangling, self.counts = dangling, counts = {}, {}
            for target, sources in mentions.items():
                if resolve(target) is None:
                    count = dangling[target] = sum(sources.values())
                    group = topic_slug(target) or target
                    counts[group] = counts.get(group, 0) + count
            return
        dangling, counts = self._dangling, self.counts
        for target in self._dirty:
            old = dangling.pop(target, 0)
            sources = mentions.get(target)
            count = sum(sources.values()) if sources and resolve(target) is None else 0
            if count:
                dangling[target] = count
            if old != count:
                group = topic_slug(target) or target
                total = counts.get(group, 0) - old + count
                if total:
                    counts[group] = total
                else:
                    del counts[group]
        self._dirty = set()
