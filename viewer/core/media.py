"""Where a note's video comes from, and the words the video pane shows. No Qt here.

The video pane plays a local copy of a video when there is one: the note's `video:`
front-matter path (relative to the note's folder), `media/<videoId>.<ext>` in the vault, or
a yt-dlp download `<title> [<videoId>].<ext>` anywhere under `media/` (`media_scan`).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from viewer.core.media_scan import (
    MEDIA_DIR,
    MEDIA_EXTENSIONS,
    CaptionFile,
    MediaScan,
    captions_beside,
)
from viewer.core.timecode import format_time, is_video_id

log = logging.getLogger("lectern.video")


# YouTube IFrame player error codes, in words a user can act on.
YOUTUBE_ERRORS: dict[int, str] = {
    2: "YouTube says this video id is not valid.",
    5: "This video cannot be played in the embedded HTML5 player.",
    100: "This video was not found on YouTube: it was removed or made private.",
    101: "The owner of this video does not allow it to be played outside YouTube.",
    150: "The owner of this video does not allow it to be played outside YouTube.",
    152: "YouTube refused to play this video inside Lectern.",
    153: "YouTube refused the player because it could not tell which app embeds it"
    " (no referrer).",
}


def _inside(root: str, candidate: str) -> bool:
    """Whether normalised path `candidate` is `root` itself or below it."""
    try:
        return os.path.commonpath([root, candidate]) == root
    except ValueError:  # different drives on Windows
        return False


def _looks_like_url(value: str) -> bool:
    return "://" in value or value.startswith(("youtu.be/", "www.", "youtube.com/"))


def find_local_media(
    vault_root: Path,
    note_path: Path | None,
    video_id: str | None,
    video_field: str | None,
    scan: MediaScan | None = None,
) -> Path | None:
    """Return the local video file for a note, or None if there is none.

    The `video:` front-matter value wins when it names an existing file; it is taken
    relative to the note's folder. Otherwise `media/<video_id>.<ext>` in the vault is
    tried for each of `MEDIA_EXTENSIONS`, then (given `scan`) a file named by the id in
    brackets anywhere under `media/` (`<title> [<video_id>].<ext>`, yt-dlp's default). Paths are checked lexically (after resolving
    `..`) to stay inside the vault; symlinks inside the vault are followed on purpose, so
    a user may link `media/` to another drive.

    Args:
        vault_root: The vault folder.
        note_path: The note, absolute or relative to the vault; None if unknown.
        video_id: The note's YouTube id; ignored unless it has the form of one.
        video_field: The note's `video:` front-matter value, if any.
        scan: The vault's media scan (a dictionary look-up); None: the two rules above only.

    Returns:
        The absolute path of an existing file inside the vault, or None.
    """
    root = os.path.normpath(os.path.abspath(vault_root))
    if video_field and isinstance(video_field, str) and not _looks_like_url(video_field):
        if note_path is None:
            note_dir = root
        else:
            note_abs = note_path if note_path.is_absolute() else Path(root) / note_path
            note_dir = os.path.dirname(os.path.normpath(note_abs))
        candidate = os.path.normpath(os.path.join(note_dir, video_field.strip()))
        if not _inside(root, candidate):
            log.warning("video path %r leaves the vault; ignored", video_field)
        elif os.path.isfile(candidate):
            return Path(candidate)
        else:
            log.info("video path %r does not exist", video_field)
    if is_video_id(video_id):
        media_dir = os.path.join(root, MEDIA_DIR)
        for ext in MEDIA_EXTENSIONS:
            candidate = os.path.join(media_dir, f"{video_id}{ext}")
            if os.path.isfile(candidate):
                return Path(candidate)
        if scan is not None:
            found = scan.video(video_id or "")
            if found is not None and os.path.isfile(found):
                return found
    return None


def find_captions(video_path: Path | None, video_id: str | None,
                  scan: MediaScan | None) -> list[CaptionFile]:
    """The caption files of a video: those named by its id under `media/` (from `scan`)
    and those named like `video_path` beside it (`clip.en.vtt` for `clip.mp4`), once each."""
    found: dict[Path, CaptionFile] = {}
    if scan is not None and is_video_id(video_id):
        for caption in scan.captions(video_id or ""):
            found[caption.path] = caption
    if video_path is not None:
        for caption in captions_beside(video_path):
            found.setdefault(caption.path, caption)
    return list(found.values())


def order_captions(captions: list[CaptionFile], user_lang: str) -> list[CaptionFile]:
    """`captions` with the user's language first (`user_lang` "de_DE" matches "de",
    "de-DE"), then English, then the rest by language tag; stable otherwise."""
    want = user_lang.replace("_", "-").lower()
    want_base = want.split("-")[0]

    def rank(caption: CaptionFile) -> tuple[int, str]:
        tag = caption.lang.replace("_", "-").lower()
        base = tag.split("-")[0]
        if want and tag == want:
            return 0, tag
        if want_base and base == want_base:
            return 1, tag
        if base == "en":
            return 2, tag
        return (3 if tag else 4), tag

    return sorted(captions, key=rank)


def suggested_media_path(video_id: str) -> str:
    """The vault-relative path where a user should put a local copy of a video."""
    return f"{MEDIA_DIR}/{video_id}.mp4"


def youtube_error_text(code: int) -> str:
    """The sentence the pane shows for a YouTube player error code."""
    words = YOUTUBE_ERRORS.get(code, "The YouTube player reported an error.")
    return f"{words} (YouTube error {code})"


def past_end_message(seconds: int, duration_ms: int) -> str:
    """The status message for a timestamp beyond the end of a video."""
    return (
        f"timestamp {format_time(seconds)} is past the end of this video "
        f"({format_time(duration_ms // 1000)})"
    )


def is_past_end(seconds: int, duration_ms: int) -> bool:
    """Whether `seconds` lies beyond a known duration (0 means unknown: never past)."""
    return duration_ms > 0 and seconds * 1000 > duration_ms


def resume_key(video_id: str) -> str:
    """The settings key under which the playing position of a video is kept."""
    return f"video/resume/{video_id}"


def resume_worth_keeping(position_ms: int, duration_ms: int) -> bool:
    """Whether a position is worth offering later: not the very start, not the end."""
    if position_ms < 5000:
        return False
    return duration_ms <= 0 or position_ms < duration_ms - 5000
