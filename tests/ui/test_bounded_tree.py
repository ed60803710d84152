"""The tree and the reload path are bounded (issue 11, "Blocking and recursion"): 1,100
nested folders, a FIFO swapped in for the open note, and a save in a 100k-file vault."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text
from tests.ui.vaults import make_vault
from viewer.core.index import LinkIndex
from viewer.core.parser import index_record
from viewer.core.vault import load_index
from viewer.ui.tree_model import TreeModel

DEPTH = 1100


def remove_deep(root: Path) -> None:
    """Delete a deep tree bottom-up (shutil.rmtree recurses and would fail in pytest's
    clean-up of old temporary folders, breaking later runs)."""
    for folder, dirs, files in os.walk(root, topdown=False):
        for name in files:
            os.unlink(os.path.join(folder, name))
        for name in dirs:
            os.rmdir(os.path.join(folder, name))


@pytest.fixture
def deep_root(tmp_path: Path) -> Iterator[Path]:
    """A folder for a deep vault, emptied iteratively afterwards."""
    root = tmp_path / "vault"
    yield root
    remove_deep(root)


def _deep_vault(root: Path) -> str:
    folder = root
    root.mkdir()
    for _ in range(DEPTH):  # 2,200 characters: under PATH_MAX; mkdir(parents=True) recurses
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.md").write_text("---\ntitle: Deep Down\n---\nSee [[top]].\n")
    (root / "top.md").write_text("---\ntitle: Top\n---\nSee [[deep_down]].\n")
    return "d/" * DEPTH + "deep.md"


def test_deep_folders_tree_and_find_note(qtbot: QtBot, deep_root: Path) -> None:
    from PySide6.QtWidgets import QTreeView

    deep = _deep_vault(deep_root)
    index, _stats = load_index(deep_root, workers=1)
    model = TreeModel(index)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    found = model.find_note(deep)  # used to raise RecursionError
    assert found.isValid() and found.data() == "deep.md"
    view.scrollTo(found)  # expands 1,100 parents
    expanded = model.expanded_paths(view)
    assert len(expanded) == DEPTH + 1  # Folders and every folder
    model.rebuild()
    model.restore_expanded(view, expanded)
    assert model.find_note(deep).isValid()


def test_deep_folders_in_the_window(make_window: WindowFactory, qtbot: QtBot,
                                    deep_root: Path) -> None:
    """The window opens the deepest note, selects it in the tree, and no error is raised
    (pytest-qt fails the test on an exception in a Qt callback, the bug dialog's trigger)."""
    deep = _deep_vault(deep_root)
    window = make_window(deep_root, note=deep)
    assert page_text(qtbot, window.view, "#page-title") == "Deep Down"
    assert window.tree.currentIndex().data() == "deep.md"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_open_note_swapped_for_a_fifo(make_window: WindowFactory, qtbot: QtBot,
                                      tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    window = make_window(vault, note="Gamma")
    gamma = vault / "gamma.txt"
    gamma.unlink()
    os.mkfifo(gamma)
    unblocked: list[bool] = []
    done = threading.Event()

    def watchdog() -> None:  # a blocked reader would hang the suite: give it EOF, then fail
        deadline = time.monotonic() + 20
        while not done.wait(0.2) and time.monotonic() < deadline:
            pass
        while not done.is_set():
            try:
                os.close(os.open(gamma, os.O_WRONLY | os.O_NONBLOCK))
                unblocked.append(True)
            except OSError:  # no reader waiting
                pass
            done.wait(0.2)

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()
    try:
        window.session.refresh()
        qtbot.waitUntil(lambda: window._note is not None and any(
            "not a regular file" in p.message for p in window._note.problems), timeout=10000)
        ticks: list[float] = []
        qtbot.waitUntil(lambda: ticks.append(time.monotonic()) or len(ticks) > 3, timeout=2000)
    finally:
        done.set()
        thread.join(5)
    assert not unblocked, "the UI thread blocked on the FIFO"
    assert page_text(qtbot, window.view, "#page-title")  # still showing a page
    qtbot.waitUntil(lambda: "not a regular file" in page_text(qtbot, window.view, "#page-content"),
                    timeout=10_000)  # the reason is on the page, not only in a tooltip


def _cycle_cost(n: int, saves: int) -> float:
    """CPU seconds of `saves` one-note saves (index change, rebuild, find_note) in a vault of
    n files in one folder, with Folders expanded in a view as the window has it."""
    from PySide6.QtWidgets import QTreeView

    index = LinkIndex()
    paths = [f"f{i:06d}.md" for i in range(n)]
    index.apply([index_record(p, b"x") for p in paths])
    model = TreeModel(index)
    view = QTreeView()
    view.setModel(model)
    target = paths[n // 2]
    view.scrollTo(model.find_note(target))
    best = float("inf")
    for _ in range(3):
        started = time.thread_time()
        for i in range(saves):
            index.apply([index_record(target, f"---\ntitle: T{i}\n---\n".encode())])
            expanded = model.expanded_paths(view)
            model.rebuild()
            model.restore_expanded(view, expanded)
            found = model.find_note(target)
            view.setCurrentIndex(found)
            view.scrollTo(found)
        best = min(best, time.thread_time() - started)
    view.deleteLater()
    return best


def test_a_save_costs_the_same_in_a_4x_bigger_vault(qtbot: QtBot) -> None:
    """A save used to rebuild every folder row (100k files: ~1 s per save); now it follows
    the note's path. 4x the files may cost at most 2.5x (linear would be 4x)."""
    small = _cycle_cost(2500, 60)
    big = _cycle_cost(10000, 60)
    assert big < 2.5 * max(small, 0.03), (small, big)


def _rows(model: TreeModel, parent: object) -> list:  # noqa: ANN001
    """Every row under `parent` the view was given, as nested (label, children)."""
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        assert model.parent(index) == parent
        out.append((index.data(), _rows(model, index) if model.hasChildren(index) else []))
    return out


def test_folder_rows_follow_adds_and_removals(qtbot: QtBot) -> None:
    """Paths coming and going update the shown folder rows in place (row signals checked by
    Qt's model tester) and leave them as a fresh model shows them."""
    import random

    from PySide6.QtTest import QAbstractItemModelTester
    from PySide6.QtWidgets import QTreeView

    rng = random.Random(11)
    index = LinkIndex()
    names = [f"{a}/{b}/n{i}.md" for a in "ab" for b in "xy" for i in range(5)] + ["top.md"]
    index.apply([index_record(p, b"x") for p in names])
    model = TreeModel(index)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    for path in ("a/x/n1.md", "b/y/n3.md"):
        view.scrollTo(model.find_note(path))
    for _ in range(60):
        if rng.random() < 0.5 and len(index):
            index.apply(removals=[rng.choice(index.paths())])
        else:
            index.apply([index_record(f"{rng.choice('abc')}/{rng.choice('xyz')}/m{rng.randrange(9)}.md",
                                      b"x")])
        expanded = model.expanded_paths(view)
        model.rebuild()
        model.restore_expanded(view, expanded)
        fresh = TreeModel(index)
        for group in (2,):
            ours, theirs = model.index(group, 0), fresh.index(group, 0)
            _expand_like(fresh, theirs, model, ours)
            assert _rows(model, ours) == _rows(fresh, theirs)


def _expand_like(fresh: TreeModel, theirs: object, model: TreeModel, ours: object) -> None:  # noqa: ANN001
    """Fill in `fresh` the folders that `model` has filled, so both list the same rows."""
    for row in range(model.rowCount(ours)):
        child = model.index(row, 0, ours)
        if model._node(child)._children is not None:
            other = fresh.index(row, 0, theirs)
            fresh.rowCount(other)
            _expand_like(fresh, other, model, child)
