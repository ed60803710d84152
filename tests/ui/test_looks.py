"""Issue 16, looks: dark icons and track, theme check marks, tab counts, the window title,
the Outline following the section read, code blocks' first line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon, QPalette
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js
from tests.ui.conftest_video import sample_video  # noqa: F401 - fixture
from tests.ui.vaults import ts
from viewer.ui.actions import sync_checks


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    sections = "\n\n".join(f"## Section {i}\n\n" + f"Words of section {i} go on. " * 80
                           for i in range(12))
    (root / "main.md").write_text(
        f"---\ntitle: Main Note\nvideoId: AAAAAAAAAAA\n---\n\nStart {ts('00:00:05')}.\n\n"
        f"```\nfirst = 1\nsecond = 2\n```\n\n{sections}\n")
    (root / "a.md").write_text("---\ntitle: A\n---\n\nSee [[main]].\n")
    (root / "b.md").write_text(f"---\ntitle: B\n---\n\nAlso [[Main Note]] and a bad {ts("77:zz")}.\n")
    return root


def lightness(icon: QIcon, mode: QIcon.Mode) -> float:
    image = icon.pixmap(16, 16, mode).toImage()
    values = [QColor(image.pixelColor(x, y)) for x in range(image.width())
              for y in range(image.height())]
    opaque = [c.lightness() for c in values if c.alpha() > 200]
    assert opaque
    return sum(opaque) / len(opaque)


def test_dark_theme_icons_track_and_check_marks(make_window: WindowFactory, qtbot: QtBot,
                                                vault: Path) -> None:
    window = make_window(vault, note="main.md")
    window.apply_theme("dark", store=True)
    controls = window.video.controls
    qtbot.waitUntil(lambda: lightness(controls.play_button.icon(), QIcon.Mode.Normal) > 150)
    for button in (controls.play_button, controls.mute_button):
        normal = lightness(button.icon(), QIcon.Mode.Normal)
        disabled = lightness(button.icon(), QIcon.Mode.Disabled)
        assert normal > 150 and disabled < normal - 40 and disabled < 150, (normal, disabled)
    background = window.video.palette().color(QPalette.ColorRole.Window).lightness()
    track = window.video.timeline.palette().color(QPalette.ColorRole.Mid).lightness()
    assert abs(track - background) < 60, (track, background)  # not a bright grey bar
    sync_checks(window)
    checked = {n: window.actions_by_id[f"view.theme_{n}"].isChecked()
               for n in ("system", "light", "dark")}
    assert checked == {"system": False, "light": False, "dark": True}
    window.apply_theme("light", store=True)
    sync_checks(window)
    assert window.actions_by_id["view.theme_light"].isChecked()
    assert not window.actions_by_id["view.theme_dark"].isChecked()


def test_tabs_title_outline_and_code(make_window: WindowFactory, qtbot: QtBot,
                                     vault: Path) -> None:
    window = make_window(vault, note="main.md")
    assert window.windowTitle().startswith("Main Note — ")
    qtbot.waitUntil(lambda: window.backlinks_dock.windowTitle() == "Backlinks 2", timeout=5000)
    qtbot.waitUntil(lambda: window.problems_dock.windowTitle().startswith("Problems "),
                    timeout=5000)
    # The Outline follows the section being read.
    run_js(qtbot, window.view, "document.querySelectorAll('#page-content h2')[7].scrollIntoView()")
    qtbot.waitUntil(lambda: window.outline.currentRow() == 7, timeout=5000)
    # A code block's first line starts where the others do.
    assert run_js(qtbot, window.view,
                  "getComputedStyle(document.querySelector('pre code')).paddingLeft") == "0px"


def test_a_local_video_shows_its_first_frame(make_window: WindowFactory, qtbot: QtBot,
                                             tmp_path: Path, sample_video: Path) -> None:  # noqa: F811
    from PySide6.QtMultimedia import QMediaPlayer

    from tests.ui.conftest_video import VIDEO_ID

    root = tmp_path / "local"
    (root / "media").mkdir(parents=True)
    shutil.copy(sample_video, root / "media" / f"{VIDEO_ID}.mp4")
    (root / "lesson.md").write_text(f"---\ntitle: Lesson\nvideoId: {VIDEO_ID}\n---\n\nA {ts('00:00:03')}.\n")
    window = make_window(root, note="lesson.md")
    player = window.video.local_player().media_player()
    # Paused at 0, not stopped: a stopped player draws black until Play.
    qtbot.waitUntil(lambda: player.playbackState() == QMediaPlayer.PlaybackState.PausedState,
                    timeout=8000)
    sink = window.video.local_player()._video_item.videoSink()
    qtbot.waitUntil(lambda: sink.videoFrame().isValid(), timeout=8000)
    assert player.position() == 0
