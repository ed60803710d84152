"""yt-dlp-style media names found by the id in brackets, from one scan of media/ (issue 17)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viewer.core.media import find_captions, find_local_media, order_captions
from viewer.core.media_scan import (
    CaptionFile,
    MediaScan,
    id_of_stem,
    split_caption_name,
    video_id_of_file,
)

VID = "8sGHxZkZReo"
OTHER = "dQw4w9WgXcQ"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "media" / "talks" / "2024").mkdir(parents=True)
    (root / "notes").mkdir()
    (root / "notes" / "n.md").write_text(f"---\nvideoId: {VID}\n---\n")
    return root


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_names() -> None:
    assert id_of_stem(f"Talk [{VID}]") == VID
    assert id_of_stem(VID) == VID
    assert id_of_stem(f"A [draft] about [brackets] [{VID}]") == VID
    assert id_of_stem(f"Talk [{VID}] extra") is None
    assert id_of_stem("Talk [short]") is None
    assert id_of_stem(f"[{VID[:-1]}!]") is None
    assert video_id_of_file(f"Ünïcødé — 講演 [{VID}].webm") == VID
    assert video_id_of_file(f"Talk [{VID}].f137.mp4") is None  # yt-dlp's unmerged part
    assert video_id_of_file(f"Talk [{VID}].mp4.part") is None
    assert video_id_of_file(f"Talk [{VID}].txt") is None
    assert split_caption_name(f"Talk [{VID}].en.vtt") == (VID, "en")
    assert split_caption_name(f"Talk [{VID}].pt-BR.srt") == (VID, "pt-BR")
    assert split_caption_name(f"Talk [{VID}].en-orig.VTT") == (VID, "en-orig")
    assert split_caption_name(f"{VID}.de.vtt") == (VID, "de")
    assert split_caption_name(f"Talk [{VID}].vtt") == (VID, "")
    assert split_caption_name(f"Talk [{VID}].live_chat.json") is None
    assert split_caption_name("Talk.en.vtt") is None
    assert split_caption_name(f"Talk [{VID}].a b.vtt") is None


def test_ytdlp_video_found_anywhere_under_media(vault: Path) -> None:
    video = touch(vault / "media" / "talks" / "2024" / f"Ünïcødé talk [ok] — 講演 [{VID}].mkv")
    scan = MediaScan.scan(vault)
    assert find_local_media(vault, Path("notes/n.md"), VID, None, scan) == video
    assert find_local_media(vault, Path("notes/n.md"), VID, None) is None  # no scan: old rules
    assert find_local_media(vault, None, OTHER, None, scan) is None


def test_old_rules_keep_winning(vault: Path) -> None:
    touch(vault / "media" / f"Talk [{VID}].mp4")
    plain = touch(vault / "media" / f"{VID}.webm")
    field = touch(vault / "notes" / "clip.mkv")
    scan = MediaScan.scan(vault)
    assert find_local_media(vault, Path("notes/n.md"), VID, None, scan) == plain
    assert find_local_media(vault, Path("notes/n.md"), VID, "clip.mkv", scan) == field


def test_extension_order_then_shortest_path(vault: Path) -> None:
    touch(vault / "media" / "talks" / f"Talk [{VID}].mp4")
    touch(vault / "media" / f"Talk [{VID}].webm")
    best = touch(vault / "media" / f"T [{VID}].mp4")
    assert MediaScan.scan(vault).video(VID) == best


def test_captions_in_several_languages(vault: Path) -> None:
    video = touch(vault / "media" / f"My talk [{VID}].mp4")
    names = [f"My talk [{VID}].en.vtt", f"My talk [{VID}].de.vtt", f"My talk [{VID}].pt-BR.srt",
             f"My talk [{VID}].ja.vtt", f"Other [{OTHER}].en.vtt"]
    for name in names:
        touch(vault / "media" / "talks" / name)
    scan = MediaScan.scan(vault)
    found = find_captions(video, VID, scan)
    assert sorted(c.lang for c in found) == ["de", "en", "ja", "pt-BR"]
    ordered = order_captions(found, "de_DE")
    assert [c.lang for c in ordered] == ["de", "en", "ja", "pt-BR"]
    assert [c.lang for c in order_captions(found, "pt_BR")][:2] == ["pt-BR", "en"]
    assert [c.lang for c in order_captions(found, "fr_FR")][0] == "en"


def test_captions_beside_a_video_field_file(vault: Path) -> None:
    video = touch(vault / "notes" / "clip.mp4")
    touch(vault / "notes" / "clip.en.srt")
    touch(vault / "notes" / "clip.vtt")
    touch(vault / "notes" / "clipper.en.vtt")
    found = find_captions(video, None, None)
    assert sorted((c.path.name, c.lang) for c in found) == [("clip.en.srt", "en"),
                                                            ("clip.vtt", "")]


def test_rescan_folder_follows_changes(vault: Path) -> None:
    folder = vault / "media" / "talks"
    scan = MediaScan.scan(vault)
    assert scan.video(VID) is None
    video = touch(folder / f"New [{VID}].opus")
    touch(folder / f"New [{VID}].en.vtt")
    assert scan.rescan_folder(str(folder)) == []  # 2024 is known already
    assert scan.video(VID) == video
    assert [c.lang for c in scan.captions(VID)] == ["en"]
    video.unlink()
    (folder / "new").mkdir()
    assert scan.rescan_folder(str(folder)) == [str(folder / "new")]
    assert scan.video(VID) is None
    assert scan.captions(VID) == [CaptionFile(folder / f"New [{VID}].en.vtt", "en")]


def test_symlink_loop_and_no_media_folder(tmp_path: Path, vault: Path) -> None:
    os.symlink(vault / "media", vault / "media" / "talks" / "loop")
    touch(vault / "media" / f"x [{VID}].mp3")
    assert MediaScan.scan(vault).video(VID) is not None
    assert MediaScan.scan(tmp_path / "nothing").video(VID) is None


def test_lookup_is_not_a_walk(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(300):
        touch(vault / "media" / f"v{i % 7}" / f"Talk {i} [{VID[:-3]}{i:03d}].mp4")
    scan = MediaScan.scan(vault)

    def no_listing(*_args: object) -> None:
        raise AssertionError("a look-up listed a folder")

    monkeypatch.setattr(os, "scandir", no_listing)
    monkeypatch.setattr(os, "listdir", no_listing)
    assert find_local_media(vault, Path("notes/n.md"), f"{VID[:-3]}123", None, scan) is not None
