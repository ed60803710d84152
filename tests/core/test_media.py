"""Local media lookup and the video pane's words: Qt-free."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from viewer.core import media
from viewer.core.media import (
    find_local_media,
    is_past_end,
    past_end_message,
    resume_worth_keeping,
    youtube_error_text,
)

VID = "8sGHxZkZReo"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    (root / "topics").mkdir()
    (root / "topics" / "note.md").write_text("---\nvideoId: 8sGHxZkZReo\n---\n")
    return root


def test_media_dir_by_video_id(vault: Path) -> None:
    (vault / "media" / f"{VID}.webm").write_bytes(b"x")
    found = find_local_media(vault, Path("topics/note.md"), VID, None)
    assert found == vault / "media" / f"{VID}.webm"


def test_extension_order_prefers_mp4(vault: Path) -> None:
    for ext in (".mkv", ".mp4", ".m4a"):
        (vault / "media" / f"{VID}{ext}").write_bytes(b"x")
    assert find_local_media(vault, None, VID, None) == vault / "media" / f"{VID}.mp4"


def test_audio_only_file_is_found(vault: Path) -> None:
    (vault / "media" / f"{VID}.m4a").write_bytes(b"x")
    assert find_local_media(vault, None, VID, None) == vault / "media" / f"{VID}.m4a"


def test_nothing_found(vault: Path) -> None:
    assert find_local_media(vault, Path("topics/note.md"), VID, None) is None
    assert find_local_media(vault, None, None, None) is None


def test_video_field_relative_to_note_wins(vault: Path) -> None:
    (vault / "media" / f"{VID}.mp4").write_bytes(b"x")
    (vault / "topics" / "clip.mkv").write_bytes(b"x")
    found = find_local_media(vault, Path("topics/note.md"), VID, "clip.mkv")
    assert found == vault / "topics" / "clip.mkv"


def test_video_field_with_absolute_note_path(vault: Path) -> None:
    (vault / "topics" / "clip.mkv").write_bytes(b"x")
    found = find_local_media(vault, vault / "topics" / "note.md", None, "clip.mkv")
    assert found == vault / "topics" / "clip.mkv"


def test_video_field_may_climb_inside_the_vault(vault: Path) -> None:
    (vault / "media" / "talk.webm").write_bytes(b"x")
    found = find_local_media(vault, Path("topics/note.md"), None, "../media/talk.webm")
    assert found == vault / "media" / "talk.webm"


def test_missing_video_field_falls_back_to_media_dir(vault: Path) -> None:
    (vault / "media" / f"{VID}.mp4").write_bytes(b"x")
    found = find_local_media(vault, Path("topics/note.md"), VID, "gone.mp4")
    assert found == vault / "media" / f"{VID}.mp4"


def test_video_field_never_escapes_the_vault(vault: Path) -> None:
    secret = vault.parent / "secret.mp4"
    secret.write_bytes(b"x")
    assert find_local_media(vault, Path("topics/note.md"), None, "../../secret.mp4") is None
    assert find_local_media(vault, None, None, "../secret.mp4") is None
    assert find_local_media(vault, None, None, str(secret)) is None


def test_video_field_url_is_not_a_path(vault: Path) -> None:
    url_str = f"https://youtu.be/{VID}"
    assert find_local_media(vault, Path("topics/note.md"), None, url_str) is None


def test_bad_video_id_is_never_a_path(vault: Path) -> None:
    (vault / "media" / "x.mp4").write_bytes(b"x")
    assert find_local_media(vault, None, "../media/x", None) is None
    assert find_local_media(vault, None, "x", None) is None


def test_a_folder_is_not_a_file(vault: Path) -> None:
    (vault / "media" / f"{VID}.mp4").mkdir()
    assert find_local_media(vault, None, VID, None) is None


def test_words() -> None:
    assert past_end_message(754, 600_000) == (
        "timestamp 12:34 is past the end of this video (10:00)"
    )
    assert "153" in youtube_error_text(153)
    assert "referrer" in youtube_error_text(153)
    assert youtube_error_text(999).endswith("(YouTube error 999)")
    assert is_past_end(601, 600_000)
    assert not is_past_end(600, 600_000)
    assert not is_past_end(10_000, 0)
    assert resume_worth_keeping(60_000, 600_000)
    assert not resume_worth_keeping(1000, 600_000)
    assert not resume_worth_keeping(598_000, 600_000)


def test_core_imports_no_qt() -> None:
    code = "import sys, viewer.core.media; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
    assert media.MEDIA_DIR == "media"
