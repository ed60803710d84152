"""Issue 16, layout and place together: whatever moves the note column's edges (the tree
folded away or shown, the window resized, the video moved under the note) keeps the passage
at the top of the view where it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js, wait_painted
from tests.ui.test_layout import settle, vault  # noqa: F401  (fixture)
from viewer.ui.layout import NOTE_MIN_EM, NOTE_MIN_PX

TOP_BLOCK = """(function () {
  const blocks = document.querySelectorAll('#page-content p, #page-content h2');
  for (const block of blocks) {
    if (block.getBoundingClientRect().bottom > 1) return block.textContent.slice(0, 14);
  }
  return '';
})()"""


def _at_part(qtbot: QtBot, window: object, part: int) -> str:
    view = window.view  # type: ignore[attr-defined]
    run_js(qtbot, view, f"document.querySelectorAll('#page-content h2')[{part}].scrollIntoView()")
    qtbot.wait(400)
    top = run_js(qtbot, view, TOP_BLOCK)
    assert top.startswith(f"Part {part}"), top
    return str(top)


def test_tree_toggle_keeps_the_passage(make_window: WindowFactory, qtbot: QtBot,
                                       vault: Path) -> None:  # noqa: F811
    window = make_window(vault, note="long.md")
    window.resize(640, 800)
    settle(qtbot)
    wait_painted(qtbot, window)
    window.layout_plan.toggle_tree()  # shown in a window too narrow for it
    settle(qtbot)
    qtbot.wait(300)
    before = _at_part(qtbot, window, 20)
    window.layout_plan.toggle_tree()  # folded away again: the column widens
    settle(qtbot)
    qtbot.wait(500)
    assert run_js(qtbot, window.view, TOP_BLOCK) == before


def test_resizes_keep_the_passage(make_window: WindowFactory, qtbot: QtBot,
                                  vault: Path) -> None:  # noqa: F811
    window = make_window(vault, note="long.md")
    window.resize(1600, 900)
    settle(qtbot)
    wait_painted(qtbot, window)
    before = _at_part(qtbot, window, 20)
    for width in (1280, 960, 800, 640, 1600) * 3:  # the jump came about one time in four
        window.resize(width, 900)
        settle(qtbot)
        qtbot.wait(400)
        assert run_js(qtbot, window.view, TOP_BLOCK) == before, width


def test_zoomed_text_keeps_forty_em(make_window: WindowFactory, qtbot: QtBot,
                                    vault: Path) -> None:  # noqa: F811
    """Zoomed in, an em is wider: the column widens with it (the tree folds, then the video
    moves under), and comes back when the zoom is reset."""
    window = make_window(vault, note="long.md")
    window.resize(1280, 900)
    settle(qtbot)
    assert window.layout_plan.tree_shown()
    for _ in range(3):
        window.zoom(+1)
    settle(qtbot)
    factor = window.view.zoomFactor()
    assert factor > 1.3
    assert window.view.width() >= NOTE_MIN_PX * factor - 2, (window.view.width(), factor)
    em = run_js(qtbot, window.view,
                "parseFloat(getComputedStyle(document.getElementById('page-content')).fontSize)")
    assert window.view.width() / factor / em >= NOTE_MIN_EM - 0.5
    window.zoom(0)
    settle(qtbot)
    assert window.layout_plan.tree_shown() and window.view.width() >= NOTE_MIN_PX


def test_video_under_the_note_leaves_the_note_its_share(make_window: WindowFactory, qtbot: QtBot,
                                                        vault: Path) -> None:  # noqa: F811
    """Shrunk at once from wide to narrow and short (the video goes under the note), and then
    only shorter: the note keeps the larger part of the height (it once got 0 px)."""
    window = make_window(vault, note="long.md")
    for width, height in ((1280, 900), (800, 600), (800, 480), (640, 900), (640, 560)):
        window.resize(width, height)
        settle(qtbot)
        assert not window.layout_plan.current.side_by_side or width > 900
        note, video = window.view.height(), window.video.height()
        if not window.layout_plan.current.side_by_side:
            assert note >= 0.39 * (note + video), (width, height, note, video)
            assert video >= min(180, (note + video) // 2) - 1, (width, height, note, video)


def test_ctrl_wheel_zoom_is_the_same_zoom(make_window: WindowFactory, qtbot: QtBot,
                                          qsettings: QSettings,
                                          vault: Path) -> None:  # noqa: F811
    """Ctrl+wheel over the page zooms through Chromium, not window.zoom: the column still
    widens to 40 em of the zoomed text and the zoom is remembered."""
    window = make_window(vault, note="long.md")
    window.resize(1280, 900)
    settle(qtbot)
    target = window.view.focusProxy() or window.view
    centre = QPointF(target.width() / 2, target.height() / 2)
    for _ in range(3):
        event = QWheelEvent(centre, target.mapToGlobal(centre), QPoint(0, 0), QPoint(0, 120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(target, event)
        qtbot.wait(100)
    qtbot.waitUntil(lambda: window.view.zoomFactor() > 1.2, timeout=5000)
    settle(qtbot)
    factor = window.view.zoomFactor()
    assert window.view.width() >= NOTE_MIN_PX * factor - 2, (window.view.width(), factor)
    assert abs(float(qsettings.value("view/zoom")) - factor) < 0.01  # type: ignore[arg-type]


def test_a_saved_zoom_survives_the_page_load(make_window: WindowFactory, qtbot: QtBot,
                                             qsettings: QSettings,
                                             vault: Path) -> None:  # noqa: F811
    qsettings.setValue("view/zoom", 1.5)
    window = make_window(vault, note="long.md")
    window.resize(1600, 900)
    settle(qtbot)
    qtbot.wait(300)
    assert abs(window.view.zoomFactor() - 1.5) < 0.01
    assert abs(float(qsettings.value("view/zoom")) - 1.5) < 0.01  # type: ignore[arg-type]
    assert window.layout_plan.note_px == round(NOTE_MIN_PX * 1.5)
