"""Every mention of a target across the vault, grouped by channel and video: the data of a
topic page."""

from __future__ import annotations

from dataclasses import dataclass, field

from viewer.core.context import link_contexts
from viewer.core.index import LinkIndex
from viewer.core.store import NoteStore


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


def topic_mentions(index: LinkIndex, store: NoteStore, targets: set[str]) -> list[MentionGroup]:
    """Mentions of any slug in `targets`, grouped by (channel, video), sorted by channel,
    then video title; inside a group by note and document order."""
    sources: set[str] = set()
    for target in targets:
        sources.update(index.mentions(target))
    groups: dict[tuple[str, str | None], MentionGroup] = {}
    channel_labels = {c.slug: c.label for c in index.channels()}
    for path in sorted(sources):
        note = store.get(path)
        ts_index = {id(t): i for i, t in enumerate(note.timestamps)}
        channel = channel_labels.get(note.channel or "", note.channel_label or "No channel")
        key = (channel, note.video_id)
        group = groups.get(key)
        if group is None:
            group = groups[key] = MentionGroup(channel, note.video_id,
                                               _video_title(index, note.video_id, note.title))
        for link, context in link_contexts(note):
            if link.target not in targets:
                continue
            stamp = context.timestamp
            group.mentions.append(Mention(
                path, note.title, link.text, link.raw, context.sentence,
                context.heading.text if context.heading else None,
                context.heading.anchor if context.heading else None,
                stamp.seconds if stamp else None, stamp.video_id if stamp else None,
                ts_index.get(id(stamp)) if stamp else None))
    ordered = sorted(groups.values(), key=lambda g: (g.channel.lower(), g.video_title.lower()))
    return [g for g in ordered if g.mentions]


def _video_title(index: LinkIndex, video_id: str | None, fallback: str) -> str:
    """A video is shown by the title of its first note."""
    if not video_id:
        return fallback
    paths = index.notes_of_video(video_id)
    record = index.note(paths[0]) if paths else None
    return record.title if record else fallback


def topic_title(slug: str, groups: list[MentionGroup]) -> str:
    """How to title a topic: the target as most often written when someone wrote it as a
    title ("Curl in vector fields"), else the slug with spaces."""
    counts: dict[str, int] = {}
    for group in groups:
        for mention in group.mentions:
            if mention.written and mention.written != slug:
                counts[mention.written] = counts.get(mention.written, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda w: counts[w])
    text = slug.replace("_", " ")
    return text[:1].upper() + text[1:]
