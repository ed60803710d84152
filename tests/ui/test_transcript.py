"""The Transcript panel end to end in the real window, on a real video played by the real
QMediaPlayer: yt-dlp names found, a cue click seeks, the highlight follows playback,
captions are drawn over the picture and C toggles them (issue 17)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture
from tests.ui.vaults import ts
from viewer.ui.actions import trigger

VID = "8sGHxZkZReo"
TITLE = "Ünïcødé [draft] talk — 講演"


def vtt(lang: str) -> str:
    cues = [f"\n00:00:{s:02d}.000 --> 00:00:{s + 2:02d}.000\n<i>{lang}</i> cue at {s} s\n"
            for s in range(0, 20, 2)]
    return "WEBVTT\n" + "".join(cues)


@pytest.fixture
def study_vault(tmp_path: Path, sample_video: Path) -> Path:  # noqa: F811
    root = tmp_path / "vault"
    talks = root / "media" / "talks"
    talks.mkdir(parents=True)
    shutil.copy(sample_video, talks / f"{TITLE} [{VID}].mp4")
    (talks / f"{TITLE} [{VID}].en.vtt").write_text(vtt("en"))
    (talks / f"{TITLE} [{VID}].de.srt").write_text(
        "1\n00:00:00,000 --> 00:00:20,000\nGerman\n")
    (root / "lesson.md").write_text(f"""---
title: Lesson
videoId: {VID}
---

Early point {ts("00:00:04")}.

Later point {ts("00:00:12")}.
""")
    return root


def shown(qtbot: QtBot, window: object) -> None:
    study = window.study  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.video.source_kind() == "local", timeout=10000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: study.transcript is not None, timeout=10000)
    qtbot.waitUntil(lambda: window.video.local_player().is_ready(), timeout=10000)  # type: ignore[attr-defined]


def test_ytdlp_named_video_and_its_transcript(qtbot: QtBot, make_window: WindowFactory,
                                               study_vault: Path) -> None:
    window = make_window(study_vault, note="Lesson")
    shown(qtbot, window)
    player = window.video.local_player()
    assert player.source_path().name == f"{TITLE} [{VID}].mp4"
    study = window.study
    assert [s.file.lang for s in study.sources if s.file] in (["en", "de"], ["de", "en"])
    panel = study.panel
    assert panel.model.rowCount() == 10
    assert panel.model.data(panel.model.index(2)) == "0:04  en cue at 4 s"
    # The note's own timestamps (4 s and 12 s) are marked in the margin.
    assert panel.model.marked == {2, 6}


def test_cue_click_seeks_and_highlight_follows(qtbot: QtBot, make_window: WindowFactory,
                                               study_vault: Path) -> None:
    window = make_window(study_vault, note="Lesson")
    shown(qtbot, window)
    study = window.study
    window.study.dock.show()
    window.study.dock.raise_()
    panel = study.panel
    media = window.video.local_player().media_player()
    rect = panel.list.visualRect(panel.model.index(5))
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: 10_000 <= media.position() < 11_500, timeout=5000)
    qtbot.waitUntil(window.video.is_playing, timeout=5000)
    # While playing, the highlight moves on with the player (checked against it each time).
    qtbot.waitUntil(lambda: panel.current_row() == 6, timeout=5000)
    lags = []
    while len(lags) < 5:
        qtbot.wait(20)
        row = panel.current_row()
        expected = media.position() // 2000
        lags.append(row == expected)
    assert sum(lags) >= 3
    # Captions drawn over the picture; C hides them.
    qtbot.waitUntil(lambda: "cue at" in study.caption_text(), timeout=3000)
    trigger(window, "play.captions")
    assert study.caption_text() == ""
    trigger(window, "play.captions")
    qtbot.waitUntil(lambda: "cue at" in study.caption_text(), timeout=3000)


def test_copy_with_timestamp_link(qtbot: QtBot, make_window: WindowFactory,
                                  study_vault: Path) -> None:
    window = make_window(study_vault, note="Lesson")
    shown(qtbot, window)
    panel = window.study.panel
    selection = panel.list.selectionModel()
    for row in (1, 2):
        selection.select(panel.model.index(row), selection.SelectionFlag.Select)
    text = panel.copy_selection()
    assert text == ('<a class="yt-timestamp" data-t="00:00:02">[00:00:02]</a> en cue at 2 s\n'
                    '<a class="yt-timestamp" data-t="00:00:04">[00:00:04]</a> en cue at 4 s')
    assert QGuiApplication.clipboard().text() == text


def test_language_menu_switches_transcript(qtbot: QtBot, make_window: WindowFactory,
                                           study_vault: Path) -> None:
    window = make_window(study_vault, note="Lesson")
    shown(qtbot, window)
    study = window.study
    german = next(i for i, s in enumerate(study.sources) if s.file and s.file.lang == "de")
    study.choose_source(german)
    qtbot.waitUntil(lambda: study.panel.model.rowCount() == 1, timeout=5000)
    assert study.panel.model.data(study.panel.model.index(0)) == "0:00  German"


def test_caption_text_is_never_markup(qtbot: QtBot, tmp_path: Path) -> None:
    from viewer.core.captions import parse_captions
    from viewer.ui.transcript_panel import TranscriptPanel

    hostile = ("WEBVTT\n\n00:01.000 --> 00:02.000\n&lt;img src=x&gt; &lt;b&gt;bold&lt;/b&gt;\n\n"
               "00:02.000 --> 00:03.000\n<i>fine</i>\n")
    panel = TranscriptPanel()
    qtbot.addWidget(panel)
    panel.set_transcript(parse_captions(hostile, "vtt"))
    index = panel.model.index(0)
    assert index.data() == "0:01  <img src=x> <b>bold</b>"  # shown as typed, plain
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img src=x&gt;" in tip


def test_a_note_without_video_says_so(qtbot: QtBot, make_window: WindowFactory,
                                      study_vault: Path) -> None:
    """Seen in the real window: a note with no video at all was told "No captions for this
    video: put a .vtt … in media/"."""
    from viewer.ui.video.study import NO_VIDEO

    (study_vault / "plain.md").write_text("---\ntitle: Plain\n---\nNo video here.\n")
    window = make_window(study_vault, note="Plain")
    panel = window.study.panel
    qtbot.waitUntil(lambda: panel.message.text() == NO_VIDEO, timeout=5000)
