"""The search panel (Ctrl+Shift+F) end to end in the real window: type, see results grouped
by note with the match marked, press Enter, and the note pane shows the note scrolled to
the highlighted match (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from viewer.ui.search_results import chip_text, snippet_html


def ts(t: str) -> str:
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


FILLER = "\n\n".join(f"Paragraph {i} says nothing much, over and over, to make the page long."
                     for i in range(80))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "trip.md").write_text(
        f"---\ntitle: Trip notes\nvideoId: TTTTTTTTTTT\n---\n\nStart here {ts('00:00:01')}.\n\n"
        f"{FILLER}\n\n## Armenia\n\nWe reached Yerevan <b>at dawn</b> {ts('00:01:05')} and slept.\n",
        encoding="utf-8")
    (root / "other.md").write_text("---\ntitle: Other\n---\n\nNothing about cities.\n",
                                   encoding="utf-8")
    (root / "hostile.md").write_text(
        "---\ntitle: <img src=x> Yerevan tag\n---\n\nYerevan <i>twice</i> & <b>bold</b>\n",
        encoding="utf-8")
    return root


def test_snippet_html_escapes_note_text() -> None:
    text = snippet_html([("<img src=x> a ", False), ("Yerevan", True), (" & <b>", False)])
    assert "<img" not in text and "&lt;img src=x&gt;" in text
    assert "<b style='background:rgba(255,200,0,0.45)'>Yerevan</b>" in text


def test_type_enter_opens_the_note_at_the_marked_match(make_window: WindowFactory, qtbot: QtBot,
                                                         vault: Path) -> None:
    window = make_window(vault, note="Other")
    panel = window.search_panel
    window.actions_by_id["go.search"].trigger()
    assert window.search_dock.isVisible() and panel.box.hasFocus()
    with qtbot.waitSignal(panel.results_shown, timeout=10000):
        qtbot.keyClicks(panel.box, "yerevan")
    qtbot.waitUntil(lambda: len(panel.passages()) >= 2, timeout=10000)
    rows = panel.passages()
    hit, trip = next((h, s) for h, s in rows if h.path == "trip.md")
    assert trip.heading == "Armenia"
    assert chip_text(trip).endswith("1:05")
    assert "Yerevan</b>" in snippet_html(trip.segments)  # the match marked
    _hit, hostile = next((h, s) for h, s in rows if h.path == "hostile.md")
    assert "<img" not in snippet_html(hostile.segments)
    assert "<i>" not in snippet_html(hostile.segments)
    titles = [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]
    assert "<img src=x> Yerevan tag" in titles  # drawn as plain text, never markup
    assert panel.status.text().startswith("2 notes")
    # the first passage is current; move to the trip's with the arrows, then Enter
    while panel.passages()[panel.current()][0].path != "trip.md":
        qtbot.keyClick(panel.box, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.note_shown, timeout=10000):
        qtbot.keyClick(panel.box, Qt.Key.Key_Return)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Trip notes"
    qtbot.waitUntil(lambda: run_js(qtbot, window.view,
                                   "document.querySelectorAll('mark.search-hit').length") == 1,
                    timeout=5000)
    mark = run_js(qtbot, window.view, """(function () {
        const m = document.querySelector('mark.search-hit');
        const r = m.getBoundingClientRect();
        return {text: m.textContent, top: r.top, height: window.innerHeight,
                scroll: window.scrollY, block: m.closest('p').textContent};
    })()""")
    assert mark["text"] == "Yerevan" and "slept" in mark["block"]
    assert mark["scroll"] > 500  # scrolled down past 80 paragraphs
    assert 0 <= mark["top"] <= mark["height"]  # and the match is in view


def test_hostile_queries_say_so_and_the_chip_plays(make_window: WindowFactory, qtbot: QtBot,
                                                  vault: Path) -> None:
    window = make_window(vault, note="Other")
    panel = window.search_panel
    window.actions_by_id["go.search"].trigger()
    for query in ('"unbalanced', "*", "NEAR(", "zzzzqqq", "a" * 10000):
        panel.box.setText(query)
        qtbot.waitUntil(lambda q=query: panel._shown_query == q, timeout=10000)
        assert panel.status.isVisible() and panel.status.text()
    panel.box.setText("yerevan dawn")
    qtbot.waitUntil(lambda: bool(panel.passages()), timeout=10000)
    point = panel.chip_center(0)
    assert point is not None
    with qtbot.waitSignal(window.note_shown, timeout=10000):
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: window.video.current_video() == "TTTTTTTTTTT", timeout=10000)
