"""Every mention of a target across the vault, grouped by channel and video: the data of a
topic page, one page at a time.

`topic_sources` orders the linking notes from the index alone (no note is read); a page
(`mentions_page`) reads only the notes whose mentions it shows, so a page's cost follows
the mentions shown, not the mentions that exist.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from viewer.core.context import context_at
from viewer.core.index import LinkIndex
from viewer.core.note import Note

PAGE_SIZE = 200  # mentions per page of a topic


@dataclass(frozen=True)
class Mention:
    """One link to the target, in its sentence, under its heading, near its timestamp."""

    path: str
    note_title: str
    label: str
    written: str  # the target as written in the link
    sentence: str
    heading: str | None
    heading_anchor: str | None
    seconds: int | None
    video_id: str | None
    ts_index: int | None


@dataclass
class MentionGroup:
    """Mentions from the notes of one channel and video."""

    channel: str
    video_id: str | None
    video_title: str
    mentions: list[Mention] = field(default_factory=list)


class TopicSource(NamedTuple):
    """A note linking to the target, as the index knows it (a tuple: 50k are made at once).

    Attributes:
        path: The note's vault-relative path.
        channel: The label of its channel ("No channel" without one).
        video_id: Its video, or None.
        video_title: Its group's title: the title of the video's first note (by path).
        count: How many of its links lead to the target (per the index).
    """

    path: str
    channel: str
    video_id: str | None
    video_title: str
    count: int

    @property
    def group(self) -> tuple[str, str | None]:
        """The (channel, video) group the note's mentions are shown in."""
        return self.channel, self.video_id


def topic_sources(index: LinkIndex, targets: Iterable[str]) -> list[TopicSource]:
    """The notes linking to any link key in `targets` (`LinkIndex.topic_targets`), in page order: groups sorted by channel
    label, then video title (case-folded); inside a group by path.

    Reads no note: O(n log n) in the linking notes, plus a lookup per distinct channel and
    video.
    """
    counts: dict[str, int] = {}
    for target in targets:
        for path, count in index.key_mentions(target).items():
            counts[path] = counts.get(path, 0) + count
    labels: dict[str, str] = {}
    titles: dict[str, str] = {}
    groups: dict[tuple[str, str | None], tuple[str, list[tuple[str, int]]]] = {}
    for path in sorted(counts):
        record = index.note(path)
        if record is None:
            continue
        if record.channel:
            label = labels.get(record.channel)
            if label is None:
                label = labels[record.channel] = _channel_label(index, record.channel)
        else:
            label = record.channel_label or "No channel"
        key = (label, record.video_id)
        group = groups.get(key)
        if group is None:
            title = record.title
            if record.video_id:
                title = titles.get(record.video_id) or _video_title(index, record.video_id, title)
                titles[record.video_id] = title
            group = groups[key] = (title, [])
        group[1].append((path, counts[path]))
    ordered = sorted(groups.items(), key=lambda item: (item[0][0].lower(), item[1][0].lower()))
    make = TopicSource._make
    return [make((path, label, video_id, title, count))
            for (label, video_id), (title, paths) in ordered for path, count in paths]


def _channel_label(index: LinkIndex, channel: str) -> str:
    """A channel's label comes from its note with the smallest path (as `index.channels`)."""
    paths = index.notes_of_channel(channel)
    record = index.note(paths[0]) if paths else None
    return (record.channel_label if record else None) or channel


def _video_title(index: LinkIndex, video_id: str, fallback: str) -> str:
    """A video is shown by the title of its first note."""
    paths = index.notes_of_video(video_id)
    record = index.note(paths[0]) if paths else None
    return record.title if record else fallback


@dataclass(frozen=True)
class PageSlice:
    """Which linking notes one page of a topic draws on.

    Attributes:
        sources: The notes, in page order.
        skip: Mentions of `sources[0]` shown on earlier pages.
        limit: Mentions to show at most.
        previous: The group the previous page ended in (None on the first page): a page
            continuing it repeats no heading.
    """

    sources: tuple[TopicSource, ...]
    skip: int
    limit: int
    previous: tuple[str, str | None] | None


def page_slice(sources: list[TopicSource], starts: list[int], first: int,
               limit: int = PAGE_SIZE) -> PageSlice:
    """The notes holding mentions [first, first + limit) of a topic.

    Args:
        sources: `topic_sources` of the topic.
        starts: `mention_starts(sources)`: the running count before each source.
        first: The 0-based ordinal of the first mention to show.
        limit: Mentions on the page.

    O(log n + notes on the page).
    """
    begin = max(0, bisect.bisect_right(starts, first) - 1)
    end = bisect.bisect_left(starts, first + limit)
    skip = first - starts[begin] if begin < len(starts) else 0
    previous = None
    if first > 0 and sources:
        previous = sources[begin - 1].group if skip == 0 and begin > 0 else sources[begin].group
    return PageSlice(tuple(sources[begin:end]), skip, limit, previous)


def mention_starts(sources: list[TopicSource]) -> list[int]:
    """The running mention count before each source (for `page_slice`)."""
    return list(itertools.accumulate((s.count for s in sources), initial=0))[:-1]


def mentions_page(read: Callable[[str], Note], page: PageSlice,
                  targets: Iterable[str]) -> list[MentionGroup]:
    """The mentions of one page, grouped: reads the page's notes only.

    Args:
        read: Parses the note at a vault-relative path (e.g. `NoteStore.get`).
        page: From `page_slice`.
        targets: The slugs that lead to the topic.

    Returns:
        Groups in page order. A note that changed since it was indexed gives the mentions
        it has now (a page may then hold a few more or fewer than `page.limit`).
    """
    wanted = set(targets)
    groups: list[MentionGroup] = []
    taken = 0
    for i, source in enumerate(page.sources):
        if taken >= page.limit:
            break
        note = read(source.path)
        links = [link for link in note.links if link.target in wanted]
        start = page.skip if i == 0 else 0
        chosen = links[start:start + page.limit - taken]
        if not chosen:
            continue
        taken += len(chosen)
        if not groups or (groups[-1].channel, groups[-1].video_id) != source.group:
            groups.append(MentionGroup(source.channel, source.video_id, source.video_title))
        ts_index = {id(t): n for n, t in enumerate(note.timestamps)}
        for link in chosen:
            context = context_at(note, link.start, link.end)
            stamp = context.timestamp
            groups[-1].mentions.append(Mention(
                source.path, note.title, link.text, link.raw, context.sentence,
                context.heading.text if context.heading else None,
                context.heading.anchor if context.heading else None,
                stamp.seconds if stamp else None, stamp.video_id if stamp else None,
                ts_index.get(id(stamp)) if stamp else None))
    return groups


def topic_title(slug: str, groups: list[MentionGroup]) -> str:
    """How to title a topic: the target as most often written (in `groups`) when someone
    wrote it as a title ("Curl in vector fields"), else the slug with spaces."""
    counts: dict[str, int] = {}
    for group in groups:
        for mention in group.mentions:
            if mention.written and mention.written != slug:
                counts[mention.written] = counts.get(mention.written, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda w: counts[w])
    text = slug.replace("_", " ")
    return text[:1].upper() + text[1:]
