"""Transcripts in the full-text search (issue 17): what was said in a video, found by the
words, as a result of its own kind ("said in the video at 12:31"). No Qt here.

Each caption file under `media/` is one document of the search index, under its
vault-relative path (`media/Talk [8sGHxZkZReo].en.vtt`): its body is one block per cue, a
timestamp (STAMP) before the cue's words, so a snippet's `seconds` is the moment the words
were said and its `video_id` the video. The loader leaves these rows alone
(`is_transcript_path`); `index_transcripts` brings them up to date with the media scan.
"""

from __future__ import annotations

import logging
import os
import threading
from array import array
from pathlib import Path

from viewer.core.captions import CaptionProblem, Transcript, read_captions
from viewer.core.media_scan import CaptionFile, is_transcript_path, split_caption_name
from viewer.core.search import SearchIndex
from viewer.core.search_text import _OURS_PATTERN, STAMP, SearchDoc, cjk_words

__all__ = ["index_transcripts", "is_transcript_path", "transcript_doc", "transcript_title"]
log = logging.getLogger("lectern.search")
BATCH = 20  # transcripts per index transaction


def transcript_title(path: str) -> str:
    """How a transcript result is headed: "Said in “Talk” (en)" from its file name."""
    name = path.rsplit("/", 1)[-1]
    stem, _dot, _ext = name.rpartition(".")
    parsed = split_caption_name(name)
    if parsed is not None:
        video_id, lang = parsed
        stem = stem[: -len(lang) - 1] if lang and stem.endswith("." + lang) else stem
        title = stem.removesuffix(f"[{video_id}]").strip() or video_id
        return f"Said in “{title}”" + (f" ({lang})" if lang else "")
    return f"Said in “{stem}”"


def transcript_doc(path: str, size: int, mtime_ns: int, video_id: str | None,
                   transcript: Transcript) -> SearchDoc:
    """The search document of a transcript: one block per cue, its time before its words."""
    parts: list[str] = []
    stamps = array("i")
    for cue in transcript.cues:
        words = _OURS_PATTERN.sub(" ", cue.text.replace("\n", " "))
        parts.append(f"{STAMP} {words}")
        stamps.append(cue.start_ms // 1000)
    body = cjk_words("\n\n".join(parts))
    return SearchDoc(path, size, mtime_ns, transcript_title(path), (), "", body, 1, stamps, (),
                     video_id, "", (video_id,) if video_id else (), (), ())


def index_transcripts(index: SearchIndex, root: Path, captions: list[tuple[str, CaptionFile]],
                      stop: threading.Event | None = None) -> int:
    """Index the caption files (`MediaScan.all_captions()`: (video id, file)) that changed
    since last time, drop those gone. Reads files and parses (call it off the UI thread);
    returns how many were (re)indexed."""
    known = {p: stat for p, stat in index.known().items() if is_transcript_path(p)}
    root_str = os.path.abspath(root)
    on_disk: dict[str, tuple[Path, int, int, str]] = {}
    for video_id, caption in captions:
        try:
            stat = caption.path.stat()
            rel = Path(os.path.relpath(caption.path, root_str)).as_posix()
        except (OSError, ValueError):
            continue
        on_disk[rel] = (caption.path, stat.st_size, stat.st_mtime_ns, video_id)
    gone = [p for p in known if p not in on_disk]
    if gone:
        index.update([], gone)
    docs: list[SearchDoc] = []
    done = 0
    for rel, (path, size, mtime_ns, video_id) in sorted(on_disk.items()):
        if stop is not None and stop.is_set():
            break
        if known.get(rel) == (size, mtime_ns):
            continue
        try:
            transcript = read_captions(path)
        except CaptionProblem as exc:
            log.info("transcript not searchable: %s", exc)
            continue
        docs.append(transcript_doc(rel, size, mtime_ns, video_id, transcript))
        done += 1
        if len(docs) >= BATCH:
            index.update(docs)
            docs = []
    if docs:
        index.update(docs)
    return done
