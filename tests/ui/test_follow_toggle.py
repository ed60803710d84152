"""Issue 16, follow mode switched off and on: off clears the highlight (and a reload does not
bring it back); on highlights the passage of the player's position at once, even paused."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js
from tests.ui.test_follow import PASSAGE, vault  # noqa: F401  (fixture)


def marked(qtbot: QtBot, window: object) -> str:
    return str(run_js(qtbot, window.view, PASSAGE) or "").strip()  # type: ignore[attr-defined]


def test_follow_off_and_on_again(make_window: WindowFactory, qtbot: QtBot,
                                 vault: Path) -> None:  # noqa: F811
    window = make_window(vault, note="talk.md")
    window.video.controls.follow_button.setChecked(True)
    assert window.video.follow_mode()
    window.video.position_changed.emit("AAAAAAAAAAA", 125_000)  # 2:05, the player's report
    qtbot.waitUntil(lambda: marked(qtbot, window).startswith("Item one"), timeout=5000)
    window.video.controls.follow_button.setChecked(False)
    qtbot.waitUntil(lambda: marked(qtbot, window) == "", timeout=5000)
    window.open_note("talk.md", record=False, keep_scroll=True)  # a reload (the file changed)
    qtbot.wait(600)
    assert marked(qtbot, window) == ""
    window.seek("AAAAAAAAAAA", 126)  # a chip of the same passage; the player stays paused
    qtbot.wait(300)
    assert marked(qtbot, window) == ""
    window.video.controls.follow_button.setChecked(True)  # no report needed: the position
    qtbot.waitUntil(lambda: marked(qtbot, window).startswith("Item one"), timeout=5000)
