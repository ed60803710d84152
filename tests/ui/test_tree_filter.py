"""The tree filter: matches expanded, video ids and channels matched, an explicit no-match
row, and the keyboard path from the box into the results (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTreeView
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, wait_painted
from tests.ui.vaults import make_vault
from viewer.core.vault import load_index
from viewer.ui.tree_filter import FilterData
from viewer.ui.tree_filter_box import expand_matches
from viewer.ui.tree_model import KIND_ROLE, TreeModel


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


@pytest.fixture
def tree(qtbot: QtBot, vault: Path) -> tuple[QTreeView, TreeModel]:
    index, _stats = load_index(vault, None, workers=0)
    view = QTreeView()
    qtbot.addWidget(view)
    model = TreeModel(index, view)
    view.setModel(model)
    view.resize(300, 600)
    view.show()
    return view, model


def visible_notes(view: QTreeView, model: TreeModel) -> list[tuple[str, str]]:
    """(label, group) of the note rows one can see without clicking, in display order."""
    found, index = [], model.index(0, 0)
    group = ""
    while index.isValid():
        if index.data(KIND_ROLE) == "group":
            group = index.data().split("  (")[0]  # "Channels  (3)" while filtering
        elif index.data(KIND_ROLE) == "note":
            found.append((index.data(), group))
        index = view.indexBelow(index)
    return found


def filtered(view: QTreeView, model: TreeModel, text: str) -> list[tuple[str, str]]:
    model.set_filter(text)
    expand_matches(view, model)
    return visible_notes(view, model)


def test_matches_are_expanded_under_channels_and_folders(tree: tuple[QTreeView, TreeModel]) -> None:
    view, model = tree
    assert ("Beta Notes", "Channels") in filtered(view, model, "beta")
    assert ("beta.md", "Folders") in visible_notes(view, model)  # sub/ opened too


def test_video_ids_and_channel_names_match(tree: tuple[QTreeView, TreeModel]) -> None:
    view, model = tree
    assert [n for n, g in filtered(view, model, "BBBBBBB") if g == "Channels"] == ["Gamma"]
    assert [n for n, g in filtered(view, model, "chan two") if g == "Channels"] == ["Gamma"]
    both = [n for n, g in filtered(view, model, "chan one") if g == "Channels"]
    assert both == ["Alpha Study", "Beta Notes"]


def test_a_filter_matching_nothing_says_so(tree: tuple[QTreeView, TreeModel]) -> None:
    view, model = tree
    assert filtered(view, model, "zzqx") == []
    assert model.rowCount() == 1
    row = model.index(0, 0)
    assert row.data(KIND_ROLE) == "empty" and row.data() == "No notes match \u201czzqx\u201d"
    assert model.find_note("alpha.md") == QModelIndex()
    model.set_filter("")
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups[:3] == ["Channels", "Topics", "Folders"]


def test_diacritics_fold_and_narrowing_agrees(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "m.md").write_text("---\ntitle: México lindo\n---\nx\n", encoding="utf-8")
    (vault / "n.md").write_text("---\ntitle: Mexican food\n---\nx\n", encoding="utf-8")
    index, _ = load_index(vault, None, workers=0)
    data = FilterData(index.generation, list(index.records()), {}, index.topics())
    first = data.match("mex")
    assert first.paths == {"m.md", "n.md"}
    narrowed = data.match("mexico", first)
    assert narrowed.paths == data.match("mexico").paths == {"m.md"}


def test_keyboard_from_the_box_into_the_results(make_window: WindowFactory, qtbot: QtBot,
                                                vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    window.filter_box.setFocus()
    qtbot.keyClicks(window.filter_box, "gamma")
    qtbot.keyClick(window.filter_box, Qt.Key.Key_Down)  # before the debounce ran out: waits
    qtbot.waitUntil(window.tree.hasFocus, timeout=3000)
    current = window.tree.currentIndex()
    assert current.data(KIND_ROLE) == "note" and current.data() == "Gamma"
    window.filter_box.setFocus()
    qtbot.keyClick(window.filter_box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.history.current().key == "gamma.txt", timeout=3000)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Gamma"
    # the async path: typing waits for the worker's match, then expands it
    window.filter_box.setFocus()
    window.filter_box.clear()
    with qtbot.waitSignal(window.model.filter_applied, timeout=3000):
        qtbot.keyClicks(window.filter_box, "second")
    qtbot.waitUntil(lambda: window.model.filter_text() == "second", timeout=3000)
    assert window.model.index(0, 0).data(KIND_ROLE) == "empty"
    qtbot.keyClick(window.filter_box, Qt.Key.Key_Escape)
    assert window.filter_box.text() == ""
