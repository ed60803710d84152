"""What a video page and a channel (or tag) page list, from the link index.

A channel page lists the channel's videos and notes, newest first (by file modification
time: notes carry no date of their own); a video page lists every timestamp of the video
across its notes, in time order, each with its sentence. Both are paged: ordering costs
O(n log n) in the notes listed and runs off the UI thread; a page reads only the notes whose
passages it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from viewer.core.context import context_at
from viewer.core.index import LinkIndex, VideoStamp
from viewer.core.note import Note

PAGE_SIZE = 200  # rows of a listing page


@dataclass(frozen=True)
class ListedNote:
    """A note on a channel page: where it is and what it is about."""

    path: str
    title: str
    video_id: str | None
    mtime_ns: int
    stamps: int  # how many timestamps it holds


@dataclass(frozen=True)
class VideoGroup:
    """The notes of one video on a channel page (a note without a video is a group alone)."""

    video_id: str | None
    notes: tuple[ListedNote, ...]


def newest_first(index: LinkIndex, paths: list[str]) -> list[VideoGroup]:
    """`paths` grouped by video, the group with the newest note first, newest first inside.

    Reads no note: O(n log n) in `paths`. Paths the index does not hold are left out.
    """
    by_video: dict[str, list[ListedNote]] = {}
    groups: list[list[ListedNote]] = []
    for path in paths:
        record = index.note(path)
        if record is None:
            continue
        listed = ListedNote(path, record.title, record.video_id, record.mtime_ns, len(record.ts))
        if record.video_id:
            group = by_video.get(record.video_id)
            if group is None:
                group = by_video[record.video_id] = []
                groups.append(group)
            group.append(listed)
        else:
            groups.append([listed])
    for group in groups:
        group.sort(key=lambda n: (-n.mtime_ns, n.path))
    groups.sort(key=lambda g: (-g[0].mtime_ns, g[0].path))
    return [VideoGroup(g[0].video_id, tuple(g)) for g in groups]


def count_notes(groups: list[VideoGroup]) -> int:
    """How many notes `groups` hold."""
    return sum(len(g.notes) for g in groups)


def first_notes(groups: list[VideoGroup], limit: int) -> list[VideoGroup]:
    """The groups holding the first `limit` notes (the last one cut short)."""
    found: list[VideoGroup] = []
    left = limit
    for group in groups:
        if left <= 0:
            break
        found.append(group if len(group.notes) <= left else VideoGroup(group.video_id,
                                                                        group.notes[:left]))
        left -= len(group.notes)
    return found


@dataclass(frozen=True)
class Passage:
    """One timestamp of a video in some note, with its sentence and heading."""

    seconds: int
    path: str
    index: int  # the timestamp's document index in its note
    note_title: str
    sentence: str
    heading: str | None
    heading_anchor: str | None


def video_stamps(index: LinkIndex, video_id: str) -> list[VideoStamp]:
    """Every timestamp of `video_id` across the vault, by time (then path, position)."""
    return list(index.video_timestamps(video_id))


def passages(read: Callable[[str], Note], stamps: list[VideoStamp]) -> list[Passage]:
    """The passages of `stamps` (a page of `video_stamps`): reads each note once.

    A note that changed since it was indexed and no longer has the timestamp is skipped.
    """
    notes: dict[str, Note] = {}
    found: list[Passage] = []
    for stamp in stamps:
        note = notes.get(stamp.path)
        if note is None:
            note = notes[stamp.path] = read(stamp.path)
        if not 0 <= stamp.index < len(note.timestamps):
            continue
        ts = note.timestamps[stamp.index]
        context = context_at(note, ts.start, ts.end)
        heading = context.heading
        found.append(Passage(ts.seconds, stamp.path, stamp.index, note.title, context.sentence,
                             heading.text if heading else None,
                             heading.anchor if heading else None))
    return found
