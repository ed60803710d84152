"""Transcripts in the full-text search, a result kind of their own (issue 17)."""

from __future__ import annotations

import os
from pathlib import Path

from viewer.core.cache import Cache
from viewer.core.media_scan import MediaScan
from viewer.core.search import SearchIndex
from viewer.core.transcript_search import (
    index_transcripts,
    is_transcript_path,
    transcript_title,
)
from viewer.core.vault import LoadStats, iter_load

VID = "8sGHxZkZReo"
NAME = f"Peace talks — 講演 [{VID}].en.vtt"


def load(root: Path, cache_dir: Path) -> None:
    cache = Cache(root, cache_dir)
    try:
        for _batch in iter_load(root, cache, LoadStats(), workers=1):
            pass
    finally:
        cache.close()


def make_vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "media" / "talks").mkdir(parents=True)
    (root / "note.md").write_text(f"---\ntitle: Note\nvideoId: {VID}\n---\n\nNothing said.\n")
    (root / "media" / "talks" / NAME).write_text(
        "WEBVTT\n\n00:12:31.000 --> 00:12:34.000\nthe <i>ceasefire</i> held in Yerevan\n\n"
        "01:40:02.500 --> 01:40:05.000\nnobody expected the treaty\n")
    return root


def test_transcript_words_found_with_their_time(tmp_path: Path) -> None:
    root = make_vault(tmp_path)
    cache_dir = tmp_path / "cache"
    load(root, cache_dir)
    index = SearchIndex(root, cache_dir)
    assert index_transcripts(index, root, MediaScan.scan(root).all_captions()) == 1
    hits = index.search("ceasefire").hits
    assert [h.path for h in hits] == [f"media/talks/{NAME}"]
    hit = hits[0]
    assert is_transcript_path(hit.path) and not is_transcript_path("note.md")
    assert hit.title == "Said in “Peace talks — 講演” (en)"
    (snippet,) = hit.snippets
    assert (snippet.seconds, snippet.video_id) == (12 * 60 + 31, VID)
    assert [s.seconds for s in index.search("treaty").hits[0].snippets] == [6002]
    # The notes' loader keeps transcript rows; a second pass reads nothing again.
    load(root, cache_dir)
    assert index.search("ceasefire").hits
    assert index_transcripts(index, root, MediaScan.scan(root).all_captions()) == 0
    # A changed file is read again; a removed one leaves the index.
    path = root / "media" / "talks" / NAME
    path.write_text(path.read_text().replace("ceasefire", "armistice"))
    os.utime(path, ns=(1, 1))
    assert index_transcripts(index, root, MediaScan.scan(root).all_captions()) == 1
    assert not index.search("ceasefire").hits and index.search("armistice").hits
    path.unlink()
    index_transcripts(index, root, MediaScan.scan(root).all_captions())
    assert not index.search("armistice").hits
    index.close()


def test_titles() -> None:
    assert transcript_title(f"media/x [{VID}].vtt") == "Said in “x”"
    assert transcript_title(f"media/{VID}.de.srt") == f"Said in “{VID}” (de)"
