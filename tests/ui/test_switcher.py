"""The quick switcher (Ctrl+O): ordering, kinds shown, recent notes first, keyboard only
(issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, wait_painted
from viewer.core.vault import load_index
from viewer.ui.switcher_data import Choices

NOTES = {
    "git.md": "---\ntitle: Git\naliases: [version control]\nvideoId: GGGGGGGGGGG\n---\n"
              "From: [[Tom Lectures]] <br/>\n\nSee [[git internals]] and [[gitlab]].\n",
    "git-basics.md": "---\ntitle: Git basics for beginners\n---\nFrom: [[Tom Lectures]] <br/>\n\nx\n",
    "digital.md": "---\ntitle: Digital gardens\n---\nx\n",
    "mexico.md": "---\ntitle: México city\n---\nx\n",
}


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for name, text in NOTES.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def choices(vault: Path) -> Choices:
    index, _ = load_index(vault, None, workers=0)
    return Choices(index.generation, list(index.records()),
                   [(c.slug, c.label) for c in index.channels()], index.topics())


def test_exact_title_first_then_kinds(vault: Path) -> None:
    ranked = choices(vault).rank("git").choices
    assert (ranked[0].text, ranked[0].kind) == ("Git", "note")
    kinds = {(c.text, c.kind) for c in ranked}
    assert ("Git basics for beginners", "note") in kinds
    assert ("git internals", "topic") in kinds
    assert (choices(vault).rank("version").choices[0].kind, "alias") == ("alias", "alias")
    assert choices(vault).rank("GGGGGGG").choices[0].kind == "video"
    assert choices(vault).rank("tom lect").choices[0].kind == "channel"
    assert choices(vault).rank("mexico").choices[0].text == "México city"  # diacritics fold
    assert choices(vault).rank("gti basics").choices[0].text == "Git basics for beginners"  # typo


def test_narrowing_gives_what_a_fresh_query_gives(vault: Path) -> None:
    data = choices(vault)
    first = data.rank("dig")
    assert [c.text for c in data.rank("digit", previous=first).choices] == \
        [c.text for c in data.rank("digit").choices]


def test_switcher_in_the_window(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Digital gardens")
    window.open_note("mexico.md")
    wait_painted(qtbot, window)
    switcher = window.switcher
    window.actions_by_id["go.switcher"].trigger()
    assert switcher.isVisible()
    qtbot.waitUntil(switcher.box.hasFocus, timeout=3000)  # a window of its own: activated
    rows = switcher.rows()  # empty box: recent notes, the latest first
    assert [r[0] for r in rows[:2]] == ["México city", "Digital gardens"]
    assert all(side == "recent note" for _t, side in rows)
    with qtbot.waitSignal(switcher.ranked, timeout=5000):
        qtbot.keyClicks(switcher.box, "git")
    qtbot.waitUntil(lambda: bool(switcher.rows()) and switcher.rows()[0][0] == "Git", timeout=5000)
    rows = switcher.rows()
    assert rows[0] == ("Git", "note")
    assert ("git internals", "topic · 1 mention") in rows
    # Down then Ctrl+Enter opens the second row and keeps the switcher open
    qtbot.keyClick(switcher.box, Qt.Key.Key_Down)
    second = switcher.list.currentItem().text(0)
    qtbot.keyClick(switcher.box, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert switcher.isVisible()
    if second == "Git basics for beginners":
        wait_painted(qtbot, window)
        assert page_text(qtbot, window.view, "#page-title") == second
    # Up, Enter: the first row opens and the switcher closes
    qtbot.keyClick(switcher.box, Qt.Key.Key_Up)
    qtbot.keyClick(switcher.box, Qt.Key.Key_Return)
    assert not switcher.isVisible()
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Git"
    # Esc closes without opening anything
    window.actions_by_id["go.switcher"].trigger()
    qtbot.keyClick(switcher.box, Qt.Key.Key_Escape)
    assert not switcher.isVisible()
    assert QApplication.focusWidget() is not switcher.box


def test_open_folder_moved_to_ctrl_shift_o(make_window: WindowFactory, vault: Path) -> None:
    window = make_window(vault)
    keys = {a.objectName(): [k.toString() for k in a.shortcuts()]
            for a in window.actions_by_id.values()}
    assert keys["go.switcher"] == ["Ctrl+O"]
    assert keys["file.open_folder"] == ["Ctrl+Shift+O"]


def test_pasted_page_over_long_titles_is_bounded() -> None:
    """A 10 KB query over 600 titles of 10 KB took 4.3 s of the switcher's worker (WRatio of
    the whole texts); the query and the text scored are cut, the whole text still filters."""
    import random
    import time
    from types import SimpleNamespace

    rnd = random.Random(1)
    notes = [SimpleNamespace(title="Long " + "".join(rnd.choice("xy") for _ in range(10_240)),
                             aliases=(), path=f"n{i}.md", video_id=None) for i in range(600)]
    data = Choices(1, notes, [], [])  # type: ignore[arg-type]
    started = time.thread_time()
    ranked = data.rank("long " + "x" * 10_240)
    assert time.thread_time() - started < 1.0
    assert ranked.choices and ranked.choices[0].kind == "note"
    assert data.rank("long " + notes[7].title[5:40]).choices[0].key == "n7.md"
