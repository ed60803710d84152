"""The link index: the one in-memory source of truth every pane reads.

One writer (`apply`) re-indexes notes by dropping their rows and inserting them again, then
tells subscribers what changed. Every derived answer depends only on the set of records, so
adding, changing and removing notes leaves the index as a full rebuild would.
"""

from __future__ import annotations

import bisect
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from viewer.core.attachments import NOTE_EXTENSIONS, Attachments, suffix
from viewer.core.claims import Claims, claimed_names
from viewer.core.parser import file_stem
from viewer.core.record import NoteRecord
from viewer.core.slug import link_key, slugify, topic_slug
from viewer.core.index_types import Channel, IndexChange, Passage, VideoStamp  # noqa: F401 - re-exported
from viewer.core.topics import TopicCounts


class LinkIndex:
    """Notes, links, topics, channels and video timestamps of one vault."""

    def __init__(self) -> None:
        self._notes: dict[str, NoteRecord] = {}
        self._titles = Claims()
        self._aliases = Claims()
        self._stems = Claims()
        # Link keys (`slug.link_key`) of titles, aliases, file names and paths: Obsidian's
        # exact-name rule, tried before the slugs above.
        self._title_keys = Claims()
        self._alias_keys = Claims()
        self._stem_keys = Claims()
        self._path_keys = Claims()
        # Where the first four `claimed_names` go (see _claim_maps).
        self._base_maps = (self._title_keys, self._stems, self._stem_keys, self._path_keys)
        self._keys_by_slug: dict[str, set[str]] = {}  # topic slug -> linked keys listed under it
        self._embedders: set[str] = set()  # paths of records with embeds
        self.attachments = Attachments()
        # target -> {source path: count}; a defaultdict makes the hot insert loop one lookup,
        # so readers must use .get() (a plain [] would create entries).
        self._mentions: defaultdict[str, dict[str, int]] = defaultdict(dict)
        self._claimed: dict[str, tuple[str, ...]] = {}  # path -> `claimed_names` of its record
        self._topic_counts = TopicCounts()
        self._troubled: set[str] = set()  # paths of records with problems
        self._channels: dict[str, set[str]] = {}
        self._channel_rows: dict[str, Channel] = {}  # built lazily, dropped per channel
        self._videos: dict[str, set[str]] = {}
        self._tags: dict[str, set[str]] = {}  # tag -> paths of the notes carrying it
        self._loose: set[str] = set()  # paths of notes without a `From:` channel
        self._loose_sorted: tuple[int, list[str]] | None = None  # (generation, sorted paths)
        self._video_stamps: dict[str, list[VideoStamp]] = {}  # built lazily
        self._listeners: list[Callable[[IndexChange], None]] = []
        self.generation = 0
        self._topics: tuple[int, list[tuple[str, int]]] | None = None  # (generation, topics)

    # -- the one writer ---------------------------------------------------------------
    def apply(self, upserts: Iterable[NoteRecord] = (), removals: Iterable[str] = (),
              *, notify: bool = True) -> IndexChange:
        """Insert or replace `upserts`, drop `removals`; notify subscribers once."""
        added: set[str] = set()
        changed: set[str] = set()
        removed: set[str] = set()
        with no_gc():
            self._apply(upserts, removals, added, changed, removed)
        change = IndexChange(frozenset(added), frozenset(changed), frozenset(removed - added))
        if change:
            self.generation += 1
            if notify:
                self._notify(change)
        return change

    def _apply(self, upserts: Iterable[NoteRecord], removals: Iterable[str], added: set[str],
               changed: set[str], removed: set[str]) -> None:
        for path in removals:
            if self._drop(path):
                removed.add(path)
        for record in upserts:
            old = self._notes.get(record.path)
            if old is not None:
                if old == record:
                    continue
                self._drop(record.path)
                changed.add(record.path)
            else:
                added.add(record.path)
            self._insert(record)

    def subscribe(self, callback: Callable[[IndexChange], None]) -> None:
        """Call `callback(change)` after every effective `apply`."""
        self._listeners.append(callback)

    def unsubscribe(self, callback: Callable[[IndexChange], None]) -> None:
        """Stop calling `callback`."""
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _notify(self, change: IndexChange) -> None:
        for callback in list(self._listeners):
            callback(change)

    def _claim_maps(self, record: NoteRecord) -> tuple[Claims, ...]:
        """The maps the `claimed_names` of `record` go to, in their order."""
        return self._base_maps + (self._aliases, self._alias_keys) * len(record.aliases)

    def _insert(self, record: NoteRecord) -> None:
        # The hot loop of a vault load (50k notes: ~1 s of the UI thread's batches): the
        # common cases of Claims.add and dict-of-sets inserts are written out inline.
        path = record.path
        self._notes[path] = record
        if record.problems:
            self._troubled.add(path)
        names = self._claimed[path] = claimed_names(record)
        slug = record.slug
        claims = self._titles
        if slug and (slug in claims._many or claims._one.setdefault(slug, path) is not path):
            claims.add(slug, path)
        for claims, name in zip(self._claim_maps(record) if record.aliases else self._base_maps,
                                names):
            if name:  # Claims.add, its common case inline: a name nobody claims yet
                if name in claims._many or claims._one.setdefault(name, path) is not path:
                    claims.add(name, path)
        if self._topic_counts.on:
            self._topic_counts.touch(record, names, self._mentions, self._keys_by_slug)
        if record.embeds:
            self._embedders.add(path)
        mentions = self._mentions
        by_slug = self._keys_by_slug
        for target, count in zip(record.targets, record.counts):
            sources = mentions[target]
            if not sources:  # a key linked for the first time: list it under its slug
                group = topic_slug(target) or target
                if group != target:  # a bare slug is its own group; readers ask for it so
                    keys = by_slug.get(group)
                    if keys is None:
                        by_slug[group] = {target}
                    else:
                        keys.add(target)
            sources[path] = count
        channel = record.channel
        if channel:
            paths = self._channels.get(channel)
            if paths is None:
                self._channels[channel] = {path}
            else:
                paths.add(path)
            self._channel_rows.pop(channel, None)
        else:
            self._loose.add(path)
        tags = self._tags
        for tag in record.tags:
            paths = tags.get(tag)
            if paths is None:
                tags[tag] = {path}
            else:
                paths.add(path)
        if record.ts_videos:
            videos: Iterable[str] = record.videos()
        else:  # record.videos(), without making a set
            videos = (record.video_id,) if record.video_id else ()
        for video_id in videos:
            paths = self._videos.get(video_id)
            if paths is None:
                self._videos[video_id] = {path}
            else:
                paths.add(path)
            self._video_stamps.pop(video_id, None)

    def _drop(self, path: str) -> bool:
        record = self._notes.pop(path, None)
        if record is None:
            return False
        self._troubled.discard(path)
        self._embedders.discard(path)
        names = self._claimed.pop(path)
        if self._topic_counts.on:
            self._topic_counts.touch(record, names, self._mentions, self._keys_by_slug)
        self._titles.remove(record.slug, path)
        for claims, name in zip(self._claim_maps(record), names):
            if name:
                claims.remove(name, path)
        for target in record.targets:
            sources = self._mentions.get(target)
            if sources is not None:
                sources.pop(path, None)
                if not sources:
                    del self._mentions[target]
                    _discard(self._keys_by_slug, topic_slug(target) or target, target)
        if record.channel:
            _discard(self._channels, record.channel, path)
            self._channel_rows.pop(record.channel, None)
        self._loose.discard(path)
        for tag in record.tags:
            _discard(self._tags, tag, path)
        for video_id in record.videos():
            _discard(self._videos, video_id, path)
            self._video_stamps.pop(video_id, None)
        return True

    # -- notes ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._notes)

    def __contains__(self, path: object) -> bool:
        return path in self._notes

    def note(self, path: str) -> NoteRecord | None:
        """The record of the note at `path`."""
        return self._notes.get(path)

    def paths(self) -> list[str]:
        """Every note path, sorted."""
        return sorted(self._notes)

    def records(self) -> Iterable[NoteRecord]:
        """Every record (in no particular order)."""
        return self._notes.values()

    def resolve(self, target: str) -> str | None:
        """The note a link target leads to, Obsidian's way, then Lectern's slug rule.

        `target` is a link key (`slug.link_key`: "c++", "folder/note") or a slug. Tried in
        turn, each a dict lookup: the exact title, alias or file name (case and Unicode
        form folded); the path from the vault root (without `.md`); then the slug of the
        key's last path part by title, alias, file name. So `[[C++]]` opens the note titled
        "C++" even though "C" has the same slug.
        """
        return (self._title_keys.winner(target) or self._alias_keys.winner(target)
                or self._stem_keys.winner(target) or self._path_keys.winner(target)
                or self._resolve_slug(topic_slug(target) if target else target))

    def _resolve_slug(self, slug: str) -> str | None:
        return self._titles.winner(slug) or self._aliases.winner(slug) or self._stems.winner(slug)

    def find(self, slug_or_title: str) -> str | None:
        """The note for a slug, a title, an alias, a link target or a path."""
        if slug_or_title in self._notes:
            return slug_or_title
        return self.resolve(link_key(slug_or_title))

    def claimed_slugs(self, path: str) -> set[str]:
        """Every slug and linked key that resolves to `path` (the targets of its backlinks)."""
        record = self._notes.get(path)
        if record is None:
            return set()
        stem = file_stem(path)
        slugs = {record.slug, slugify(stem)}
        slugs.update(slugify(a) for a in record.aliases)
        found = {s for s in slugs if s and self.resolve(s) == path}
        keys = {link_key(record.title), link_key(stem), link_key(path)}
        keys.update(link_key(a) for a in record.aliases)
        for slug in slugs:
            keys.update(self._keys_by_slug.get(slug, ()))
        found.update(k for k in keys if k in self._mentions and self.resolve(k) == path)
        return found

    def topic_targets(self, slug: str) -> frozenset[str]:
        """The targets a topic page for `slug` lists: the slug, the linked keys listed under
        it that lead where it leads (nowhere, for a topic), and if it leads to a note, every
        target claimed by that note."""
        leads_to = self.resolve(slug)
        found = {slug}
        found.update(k for k in self._keys_by_slug.get(slug, ()) if self.resolve(k) == leads_to)
        if leads_to is not None:
            found.update(self.claimed_slugs(leads_to))
        return frozenset(found)

    # -- embeds -----------------------------------------------------------------------
    def set_attachments(self, attachments: Attachments) -> None:
        """Replace the vault's non-note files (from a vault scan)."""
        self.attachments = attachments
        self.generation += 1

    def resolve_embed(self, raw: str, from_path: str = "") -> tuple[str, str] | None:
        """("note" | "file", vault-relative path) of what `![[raw]]` or `![](raw)` in the
        note at `from_path` shows, None if nothing. A name with a file extension other than
        a note's is a file first; anything else a note first."""
        ext = suffix(raw)
        if ext and ext not in NOTE_EXTENSIONS:
            found = self.attachments.find(raw, from_path)
            return ("file", found) if found else None
        note = self.resolve(link_key(raw))
        if note is not None:
            return "note", note
        found = self.attachments.find(raw, from_path) if ext else None
        return ("file", found) if found else None

    def embed_counts(self) -> dict[str, int]:
        """{"total", "notes", "files", "missing"}: embeds of every note, by distinct target
        per note (cost follows the notes with embeds)."""
        counts = {"total": 0, "notes": 0, "files": 0, "missing": 0}
        for path in self._embedders:
            for raw, _ in self._notes[path].embeds:
                found = self.resolve_embed(raw, path)
                counts["total"] += 1
                counts[found[0] + "s" if found else "missing"] += 1
        return counts

    # -- links ------------------------------------------------------------------------
    def outgoing(self, path: str) -> list[tuple[str, int, str | None]]:
        """(target, count, resolved note path or None) of each distinct link of a note."""
        record = self._notes.get(path)
        if record is None:
            return []
        return [(t, c, self.resolve(t)) for t, c in zip(record.targets, record.counts)]

    def mentions(self, target: str) -> dict[str, int]:
        """{source path: count} of notes linking to `target`: a link key, or a topic slug
        (then every linked key listed under it that leads where it leads: `[[Topic One]]`
        and `[[topic_one]]` alike)."""
        keys = self._keys_by_slug.get(target)
        if not keys:
            return dict(self._mentions.get(target, {}))
        found: dict[str, int] = {}
        leads_to = self.resolve(target)
        for key in keys | {target}:
            if key in self._mentions and self.resolve(key) == leads_to:
                for source, count in self._mentions[key].items():
                    found[source] = found.get(source, 0) + count
        return found

    def key_mentions(self, key: str) -> dict[str, int]:
        """{source path: count} of notes linking to exactly the link key `key`."""
        return dict(self._mentions.get(key, {}))

    def backlinks(self, path: str) -> dict[str, int]:
        """{source path: count} of the other notes linking to the note at `path` (by any of
        its slugs). A note's links to itself are not backlinks (issue 16)."""
        found: dict[str, int] = {}
        for slug in self.claimed_slugs(path):
            for source, count in self._mentions.get(slug, {}).items():
                found[source] = found.get(source, 0) + count  # each claimed key once
        found.pop(path, None)
        return found

    def targets(self) -> list[str]:
        """Every linked target slug, sorted."""
        return sorted(self._mentions)

    def topics(self) -> list[tuple[str, int]]:
        """Unresolved targets by topic slug (`[[Border dispute]]` and `[[border_dispute]]`
        are one topic) with their mention counts, most mentioned first.

        The first call resolves every target; later ones only the targets that the notes
        inserted or dropped since can have changed (their own targets and those their
        names claim), then sort the topics once per generation."""
        if self._topics is None or self._topics[0] != self.generation:
            self._topic_counts.update(self._mentions, self.resolve)
            found = sorted(self._topic_counts.counts.items(), key=lambda item: (-item[1], item[0]))
            self._topics = (self.generation, found)
        return list(self._topics[1])

    def is_topic(self, target: str) -> bool:
        """Whether a target (a key, or a topic slug) is linked but has no note."""
        if target in self._mentions:
            return self.resolve(target) is None
        return any(self.resolve(k) is None for k in self._keys_by_slug.get(target, ()))

    # -- channels and videos ----------------------------------------------------------
    def channels(self) -> list[Channel]:
        """Channels sorted by label; a label comes from the note with the smallest path.

        Each Channel is kept until one of its notes changes, so after a one-note change this
        costs O(channels), not O(notes). Treat the returned objects as read-only.
        """
        found = []
        rows = self._channel_rows
        for slug, paths in self._channels.items():
            channel = rows.get(slug)
            if channel is None:
                ordered = sorted(paths)
                label = self._notes[ordered[0]].channel_label or slug
                channel = rows[slug] = Channel(slug, label, ordered)
            found.append(channel)
        found.sort(key=lambda c: (c.label.lower(), c.slug))
        return found

    def notes_of_channel(self, channel: str) -> list[str]:
        """Paths of the notes `From:` a channel slug."""
        return sorted(self._channels.get(channel, ()))

    def is_channel(self, slug: str) -> bool:
        """Whether some note is `From:` the channel `slug`."""
        return slug in self._channels

    def notes_without_channel(self) -> list[str]:
        """Paths of the notes without a `From:` channel, sorted; sorted once per generation
        (a tree refresh asks each time). Treat it as read-only."""
        if self._loose_sorted is None or self._loose_sorted[0] != self.generation:
            self._loose_sorted = (self.generation, sorted(self._loose))
        return self._loose_sorted[1]

    def tags(self) -> list[tuple[str, int]]:
        """(tag, how many notes carry it), sorted by tag (case-folded)."""
        return sorted(((t, len(p)) for t, p in self._tags.items()), key=lambda x: (x[0].lower(), x[0]))

    def notes_of_tag(self, tag: str) -> list[str]:
        """Paths of the notes carrying `tag`, sorted."""
        return sorted(self._tags.get(tag, ()))

    def videos(self) -> list[str]:
        """Every video id with a note or a timestamp, sorted."""
        return sorted(self._videos)

    def notes_of_video(self, video_id: str) -> list[str]:
        """Notes whose videoId is `video_id`, sorted by path."""
        return sorted(p for p in self._videos.get(video_id, ()) if self._notes[p].video_id == video_id)

    def notes_citing_video(self, video_id: str) -> list[str]:
        """Notes with a timestamp of `video_id` or whose videoId it is, sorted by path."""
        return sorted(self._videos.get(video_id, ()))

    def video_timestamps(self, video_id: str) -> list[VideoStamp]:
        """Every timestamp of a video across all notes, sorted by time (then path, index)."""
        stamps = self._video_stamps.get(video_id)
        if stamps is None:
            stamps = [VideoStamp(s, path, i) for path in self._videos.get(video_id, ())
                      for s, i in self._notes[path].stamps_of(video_id)]
            stamps.sort(key=lambda v: (v.seconds, v.path, v.index))
            self._video_stamps[video_id] = stamps
        return stamps

    def covering(self, video_id: str, seconds: float) -> list[Passage]:
        """Passages covering time `seconds` of a video: in each note, the stretch from its
        latest timestamp <= seconds to its next later timestamp."""
        found = []
        for path in sorted(self._videos.get(video_id, ())):
            stamps = sorted(self._notes[path].stamps_of(video_id))
            pos = bisect.bisect_right(stamps, (seconds, float("inf"))) - 1
            if pos < 0:
                continue
            start, index = stamps[pos]
            later = [s for s, _ in stamps[pos + 1:] if s > start]
            found.append(Passage(path, index, start, later[0] if later else None))
        return found

    # -- problems and summary ---------------------------------------------------------
    def problems(self) -> list[tuple[str, int, str]]:
        """(path, line, message) of every note problem and every slug claimed twice."""
        # Only notes with problems and contested slugs are visited: a refresh of a 100k-note
        # vault does not walk every record (60 ms on the UI thread).
        found = [(p, line, msg) for p in self._troubled for line, msg in self._notes[p].problems]
        for path in self._embedders:  # missing embeds: known only once the vault is
            for raw, line in self._notes[path].embeds:
                if self.resolve_embed(raw, path) is None:
                    found.append((path, line, f"embed {raw!r}: no note or file of that name "
                                              "in the vault"))
        for slug in self._titles.contested:
            paths = self._titles.paths(slug)
            first = link_key(self._notes[paths[0]].title)
            for loser in paths[1:]:
                if link_key(self._notes[loser].title) != first:
                    continue  # "C" and "C++": each title still reaches its own note
                found.append((loser, 1, (f"title slug {slug!r} is also claimed by "
                                         f"{paths[0]!r}; links to it go there")))
        found.sort()
        return found

    def snapshot(self) -> dict[str, object]:
        """Every derived answer in a canonical form: equal iff two indexes agree."""
        return {
            "notes": {p: r.to_tuple() for p, r in sorted(self._notes.items())},
            "resolved": {t: self.resolve(t) for t in self.targets()},
            "mentions": {t: sorted(s.items()) for t, s in sorted(self._mentions.items())},
            "topics": self.topics(),
            "channels": [(c.slug, c.label, c.paths) for c in self.channels()],
            "videos": {v: self.video_timestamps(v) for v in self.videos()},
            "problems": self.problems(),
        }


@contextmanager
def no_gc() -> Iterator[None]:
    """Bulk inserts make only acyclic objects: the cyclic GC's passes are pure cost."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _discard(mapping: dict[str, set[str]], key: str, path: str) -> None:
    paths = mapping.get(key)
    if paths is not None:
        paths.discard(path)
        if not paths:
            del mapping[key]
