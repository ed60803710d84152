"""The vault's `media/` folder read once: video and caption files by YouTube id. No Qt here.

yt-dlp, the tool most people keep local copies with, names a download
`<title> [<videoId>].<ext>` and its captions `<title> [<videoId>].<lang>.vtt` (or `.srt`)
by default (its output template `%(title)s [%(id)s].%(ext)s`). Lectern's own rule,
`media/<videoId>.<ext>`, is the same without a title. A `MediaScan` lists `media/` and its
subfolders once per vault load and is then kept up to date a folder at a time
(`rescan_folder`), so finding a note's video is a dictionary look-up, not a directory walk.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from viewer.core.timecode import is_video_id

log = logging.getLogger("lectern.video")

MEDIA_DIR = "media"
CAPTION_EXTENSIONS: tuple[str, ...] = (".vtt", ".srt")
# Containers and audio files that Qt's FFmpeg backend plays, in the order we prefer them.
MEDIA_EXTENSIONS: tuple[str, ...] = (
    ".mp4", ".webm", ".mkv", ".m4v", ".mov", ".avi", ".ogv",
    ".m4a", ".mp3", ".opus", ".ogg", ".oga", ".wav", ".flac",
)
MAX_SCANNED_FILES = 200_000  # a media folder is not a whole disk: stop listing past this
MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class CaptionFile:
    """A caption file of a video.

    Attributes:
        path: absolute path of the `.vtt`/`.srt` file.
        lang: the language tag from its name ("en", "de-DE", "en-orig"); "" when the name has
            none (`<title> [<id>].vtt`).
    """

    path: Path
    lang: str


def is_transcript_path(path: str) -> bool:
    """Whether a search-index path is a transcript (a caption file), not a note (issue 17:
    transcripts are searched beside notes; the note loader leaves their rows alone)."""
    return path.lower().endswith(CAPTION_EXTENSIONS)


def id_of_stem(stem: str) -> str | None:
    """The YouTube id a file's name (without extension) names, or None.

    `"Talk [8sGHxZkZReo]"` and `"8sGHxZkZReo"` give `"8sGHxZkZReo"`; only the last
    bracket pair counts, so a title may hold brackets of its own (`"a [b] [8sGHxZkZReo]"`).
    """
    if is_video_id(stem):
        return stem
    if len(stem) >= 13 and stem.endswith("]") and stem[-13] == "[":
        candidate = stem[-12:-1]
        if is_video_id(candidate):
            return candidate
    return None


def split_caption_name(name: str) -> tuple[str, str] | None:
    """(video id, language) of a caption file name, or None if it names no video.

    `"Talk [8sGHxZkZReo].en.vtt"` gives `("8sGHxZkZReo", "en")`; `"8sGHxZkZReo.srt"` gives
    `("8sGHxZkZReo", "")`.
    """
    lower = name.lower()
    ext = next((e for e in CAPTION_EXTENSIONS if lower.endswith(e)), None)
    if ext is None:
        return None
    stem = name[: -len(ext)]
    video_id = id_of_stem(stem)
    if video_id is not None:
        return video_id, ""
    base, dot, lang = stem.rpartition(".")
    if not dot or not _is_lang(lang):
        return None
    video_id = id_of_stem(base)
    return (video_id, lang) if video_id is not None else None


def _is_lang(text: str) -> bool:
    # BCP 47-ish tags and yt-dlp's variants: en, pt-BR, zh-Hans, en-orig, de_DE.
    return 0 < len(text) <= 24 and text[0].isalpha() and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in text
    )


def video_id_of_file(name: str) -> str | None:
    """The YouTube id of a video file name (`"<title> [<id>].mp4"`, `"<id>.mkv"`), or None."""
    stem, ext = os.path.splitext(name)
    if ext.lower() not in MEDIA_EXTENSIONS:
        return None
    return id_of_stem(stem)


class MediaScan:
    """Video and caption files under `<vault>/media`, by YouTube id.

    Built with `MediaScan.scan(root)` (lists `media/` recursively: call it off the UI
    thread); kept current with `rescan_folder` when a folder changes. Look-ups are O(1).
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._videos: dict[str, list[Path]] = {}
        self._captions: dict[str, list[CaptionFile]] = {}
        self._by_folder: dict[str, list[tuple[str, Path | CaptionFile]]] = {}
        self.folders: list[str] = []  # absolute folders listed (to be watched)
        self.truncated = False

    @classmethod
    def scan(cls, root: Path) -> MediaScan:
        """List `<root>/media` and its subfolders (symlinks followed, depth <= MAX_DEPTH)."""
        made = cls(root)
        top = os.path.join(os.path.abspath(root), MEDIA_DIR)
        pending = [(top, 0)] if os.path.isdir(top) else []
        seen: set[tuple[int, int]] = set()
        files = 0
        while pending:
            folder, depth = pending.pop()
            try:
                stat = os.stat(folder)
            except OSError:
                continue
            if (stat.st_dev, stat.st_ino) in seen:  # a symlink loop
                continue
            seen.add((stat.st_dev, stat.st_ino))
            subfolders = made._read_folder(folder)
            files += len(made._by_folder.get(folder, ()))
            if files > MAX_SCANNED_FILES:
                made.truncated = True
                log.warning("media folder holds over %d files: listing stopped", MAX_SCANNED_FILES)
                break
            if depth < MAX_DEPTH:
                pending.extend((sub, depth + 1) for sub in subfolders)
        return made

    def rescan_folder(self, folder: str) -> list[str]:
        """Read one folder again (files came or went); returns its subfolders not yet known
        (the caller lists those with `rescan_folder` too and watches them)."""
        folder = os.path.abspath(folder)
        for video_id, item in self._by_folder.pop(folder, ()):
            if isinstance(item, CaptionFile):
                self._captions[video_id] = [c for c in self._captions.get(video_id, []) if c != item]
            else:
                self._videos[video_id] = [p for p in self._videos.get(video_id, []) if p != item]
        if folder in self.folders:
            self.folders.remove(folder)
        if not os.path.isdir(folder):
            return []
        subs = self._read_folder(folder)
        return [s for s in subs if s not in self._by_folder]

    def _read_folder(self, folder: str) -> list[str]:
        subfolders: list[str] = []
        found: list[tuple[str, Path | CaptionFile]] = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    try:
                        if entry.is_dir():
                            subfolders.append(entry.path)
                            continue
                        if not entry.is_file():
                            continue
                    except OSError:
                        continue
                    video_id = video_id_of_file(entry.name)
                    if video_id is not None:
                        found.append((video_id, Path(entry.path)))
                        continue
                    caption = split_caption_name(entry.name)
                    if caption is not None:
                        found.append((caption[0], CaptionFile(Path(entry.path), caption[1])))
        except OSError as exc:
            log.info("cannot list %s: %s", folder, exc)
            return []
        self.folders.append(folder)
        self._by_folder[folder] = found
        for video_id, item in found:
            if isinstance(item, CaptionFile):
                self._captions.setdefault(video_id, []).append(item)
            else:
                self._videos.setdefault(video_id, []).append(item)
        return subfolders

    def video(self, video_id: str) -> Path | None:
        """The video file of `video_id`: by MEDIA_EXTENSIONS order, then the shortest path."""
        paths = self._videos.get(video_id)
        if not paths:
            return None

        def rank(path: Path) -> tuple[int, int, str]:
            ext = path.suffix.lower()
            order = MEDIA_EXTENSIONS.index(ext) if ext in MEDIA_EXTENSIONS else 99
            return order, len(str(path)), str(path)

        return min(paths, key=rank)

    def captions(self, video_id: str) -> list[CaptionFile]:
        """The caption files of `video_id`, sorted by language then path."""
        return sorted(self._captions.get(video_id, ()), key=lambda c: (c.lang, str(c.path)))

    def all_captions(self) -> list[tuple[str, CaptionFile]]:
        """Every caption file as (video id, file): a copy, for a thread to read."""
        return [(video_id, c) for video_id, files in self._captions.items() for c in files]

    def video_count(self) -> int:
        """How many video ids have a file."""
        return sum(1 for paths in self._videos.values() if paths)


def captions_beside(video_path: Path) -> list[CaptionFile]:
    """Caption files named like `video_path` in its folder (`clip.en.vtt` for `clip.mp4`).

    For a `video:` front-matter file outside `media/`: lists that one folder.
    """
    stem = video_path.stem
    found: list[CaptionFile] = []
    try:
        with os.scandir(video_path.parent) as entries:
            for entry in entries:
                name = entry.name
                lower = name.lower()
                ext = next((e for e in CAPTION_EXTENSIONS if lower.endswith(e)), None)
                if ext is None or not name.startswith(stem):
                    continue
                middle = name[len(stem): -len(ext)]
                if middle == "":
                    found.append(CaptionFile(Path(entry.path), ""))
                elif middle.startswith(".") and _is_lang(middle[1:]):
                    found.append(CaptionFile(Path(entry.path), middle[1:]))
    except OSError:
        return []
    return sorted(found, key=lambda c: (c.lang, str(c.path)))
