"""Transcripts in the search panel as their own kind of result: a passage of what was said
plays the video at that moment and shows that transcript (issue 17)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture

VID = "8sGHxZkZReo"


def test_said_in_the_video(qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
                           sample_video: Path) -> None:  # noqa: F811
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    shutil.copy(sample_video, root / "media" / f"Talk [{VID}].mp4")
    (root / "media" / f"Talk [{VID}].en.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nhello\n\n"
        "00:00:12.000 --> 00:00:14.000\nthe zeppelin landed\n")
    (root / "media" / f"Talk [{VID}].de.vtt").write_text(
        "WEBVTT\n\n00:00:05.000 --> 00:00:07.000\nder Zeppelin landete\n")
    (root / "other.md").write_text("---\ntitle: Other\n---\n\nNo video here.\n")
    window = make_window(root, note="Other")
    qtbot.waitUntil(lambda: window.media.indexed == 2, timeout=20000)
    panel = window.search_panel
    window.actions_by_id["go.search"].trigger()
    with qtbot.waitSignal(panel.results_shown, timeout=10000):
        qtbot.keyClicks(panel.box, "zeppelin")
    qtbot.waitUntil(lambda: len(panel.passages()) == 2, timeout=10000)
    titles = {h.title for h, _s in panel.passages()}
    assert titles == {"Said in “Talk” (en)", "Said in “Talk” (de)"}
    number = next(i for i, (h, _s) in enumerate(panel.passages()) if h.path.endswith(".en.vtt"))
    hit, snippet = panel.passages()[number]
    assert snippet.seconds == 12 and snippet.video_id == VID
    panel.activate_passage(number)
    media = window.video.local_player().media_player()
    qtbot.waitUntil(lambda: 12_000 <= media.position() < 14_000, timeout=10000)
    study = window.study
    qtbot.waitUntil(lambda: study.transcript is not None
                    and study.transcript.source == f"Talk [{VID}].en.vtt", timeout=5000)
    # The German passage's chip shows the German transcript.
    number = next(i for i, (h, _s) in enumerate(panel.passages()) if h.path.endswith(".de.vtt"))
    panel.play(*panel.passages()[number])
    qtbot.waitUntil(lambda: study.transcript is not None
                    and study.transcript.source == f"Talk [{VID}].de.vtt", timeout=5000)
    qtbot.waitUntil(lambda: 5_000 <= media.position() < 7_000, timeout=10000)
    assert window.video.source_kind() == "local"


def test_another_videos_transcript_carries_no_marks_of_the_note(
        qtbot: QtBot, make_window: WindowFactory, tmp_path: Path,
        sample_video: Path) -> None:  # noqa: F811
    """Seen in the real window: a transcript found by search, of a video the open note does
    not cite, had the note's timestamps (of its own video) marked in its margin."""
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    shutil.copy(sample_video, root / "media" / f"Talk [{VID}].mp4")
    (root / "media" / f"Talk [{VID}].en.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nhello\n\n"
        "00:00:12.000 --> 00:00:14.000\nthe zeppelin landed\n")
    other = "AAAAAAAAAAA"
    shutil.copy(sample_video, root / "media" / f"Other [{other}].mp4")
    (root / "media" / f"Other [{other}].en.vtt").write_text(
        "WEBVTT\n\n00:00:00.000 --> 00:00:20.000\na platypus all along\n")
    stamp = '<a class="yt-timestamp" data-t="00:00:{s:02d}">[00:00:{s:02d}]</a>'
    (root / "talk.md").write_text(f"---\ntitle: Talk\nvideoId: {VID}\n---\n\n"
                                  f"Hello {stamp.format(s=2)}. Landed {stamp.format(s=12)}.\n")
    window = make_window(root, note="Talk")
    study = window.study
    qtbot.waitUntil(lambda: study.transcript is not None, timeout=10000)
    qtbot.waitUntil(lambda: study.panel.model.marked == {0, 1}, timeout=5000)
    qtbot.waitUntil(lambda: window.media.indexed == 2, timeout=20000)
    panel = window.search_panel
    window.actions_by_id["go.search"].trigger()
    with qtbot.waitSignal(panel.results_shown, timeout=10000):
        qtbot.keyClicks(panel.box, "platypus")
    qtbot.waitUntil(lambda: len(panel.passages()) == 1, timeout=10000)
    panel.activate_passage(0)
    qtbot.waitUntil(lambda: study.transcript is not None
                    and study.transcript.source == f"Other [{other}].en.vtt", timeout=10000)
    assert study.panel.model.marked == set()
