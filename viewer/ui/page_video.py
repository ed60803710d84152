"""What the video pane shows for pages that are not one note: the video of a clicked
mention on a topic page, and why a note has no video."""

from __future__ import annotations

from typing import TYPE_CHECKING

from viewer.core.media import find_local_media
from viewer.core.note import Note
from viewer.ui.video import Marker

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

MAX_MARKERS = 400  # another video's timestamps on the timeline, spread over it


def no_video_reason(note: Note) -> str:
    """Why `note` has no video, in words, with what to do ("" when it simply has none)."""
    for problem in note.problems:
        if problem.message.startswith("videoId "):
            return (f"Its {problem.message} (line {problem.line}). A YouTube id is 11 letters, "
                    "digits, “-” or “_”: fix the note's videoId to play its video here.")
    return ""


def video_title(window: MainWindow, video_id: str) -> str:
    """How the video pane heads `video_id` without a note of its own open: the title of
    its first note (by path), else "Video <id>"."""
    paths = window.index.notes_of_video(video_id)
    record = window.index.note(paths[0]) if paths else None
    return record.title if record is not None else f"Video {video_id}"


def seek_from_page(window: MainWindow, video_id: str, seconds: int) -> None:
    """A chip on a topic or listing page: play the mention's video, headed by its note."""
    paths = window.index.notes_of_video(video_id)
    record = window.index.note(paths[0]) if paths else None
    local = None
    if window.vault is not None and record is not None:
        local = find_local_media(window.vault, window.vault / record.path, video_id,
                                 record.video_field, window.media.scan)
    window.video.seek(video_id, seconds, local, video_title(window, video_id))
    # The timeline shows where the vault's notes cite this video (a click opens that note).
    stamps = window.index.video_timestamps(video_id)
    step = max(1, len(stamps) // MAX_MARKERS)
    titles: dict[str, str] = {}
    markers = []
    for stamp in stamps[::step][:MAX_MARKERS]:
        if stamp.path not in titles:
            found = window.index.note(stamp.path)
            titles[stamp.path] = found.title if found is not None else stamp.path
        markers.append(Marker(stamp.seconds, stamp.path, stamp.index, "", titles[stamp.path]))
    window.video.set_markers([], markers)


def show_topic_video(window: MainWindow, words: str = "A topic page has no video of its own",
                     detail: str = "Click a time on the page to play that mention's video.") -> None:
    """A page without a video of its own (a topic, channel or tag page): the pane says how
    to play one rather than keep the previous note's video (one already playing plays on)."""
    if window.video.source_kind() in ("local", "youtube") and window.video.is_playing():
        return
    window.video.show_page("", words, detail)
