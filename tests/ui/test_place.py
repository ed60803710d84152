"""Issue 16, keeping your place: Back/Forward, a restart and a problem's row open a page
where the reader was, read from the page's own scroll offset."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js, wait_painted
from tests.ui.vaults import ts

FILL = "\n\n".join(f"Paragraph {i} says something worth reading, and then some more words. " * 4
                   for i in range(60))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "first.md").write_text(f"---\ntitle: First\n---\n\nSee [[second]].\n\n{FILL}\n")
    (root / "second.md").write_text(
        f"---\ntitle: Second\nvideoId: AAAAAAAAAAA\n---\n\nFrom: [[chan]]\n\nBack to [[first]].\n\n"
        f"{FILL}\n\n"
        f"A bad time {ts('99:xx')} sits here {ts('00:00:05')}.\n\n{FILL}\n")
    return root


def scroll_y(qtbot: QtBot, window: object) -> int:
    return int(run_js(qtbot, window.view, "window.scrollY"))  # type: ignore[attr-defined]


def scroll_to(qtbot: QtBot, window: object, y: int) -> None:
    """Scroll as a reader would and wait until the window knows (the page reports pauses)."""
    run_js(qtbot, window.view, f"window.scrollTo(0, {y})")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.history.scroll() == y, timeout=5000)  # type: ignore[attr-defined]


def test_back_and_forward_reopen_where_you_were(make_window: WindowFactory, qtbot: QtBot,
                                                vault: Path) -> None:
    window = make_window(vault, note="first.md")
    scroll_to(qtbot, window, 1500)
    window.open_target("second")
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "second.md")
    wait_painted(qtbot, window)
    assert scroll_y(qtbot, window) == 0  # a link opens a note at its top
    scroll_to(qtbot, window, 800)
    window.go_back()
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "first.md")
    wait_painted(qtbot, window)
    assert scroll_y(qtbot, window) == 1500
    window.go_forward()
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "second.md")
    wait_painted(qtbot, window)
    assert scroll_y(qtbot, window) == 800


def test_restart_opens_the_last_note_where_it_was(make_window: WindowFactory, qtbot: QtBot,
                                                  vault: Path) -> None:
    first = make_window(vault, note="second.md")
    scroll_to(qtbot, first, 1200)
    first.close()
    again = make_window(vault)  # the same settings: a restart
    qtbot.waitUntil(lambda: again._note is not None and again._note.path == "second.md")
    wait_painted(qtbot, again)
    assert scroll_y(qtbot, again) == 1200


def test_a_problem_opens_its_note_at_its_line(make_window: WindowFactory, qtbot: QtBot,
                                              vault: Path) -> None:
    window = make_window(vault, note="first.md")
    rows = [window.problems.item(i) for i in range(window.problems.count())]
    row = next(r for r in rows if "99:xx" in r.text())
    window.problems.itemClicked.emit(row)
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "second.md")
    wait_painted(qtbot, window)
    where = run_js(qtbot, window.view, """(function () {
      const bad = document.querySelector('span.ts.bad');
      const r = bad.getBoundingClientRect();
      return [r.top, window.innerHeight, bad.classList.contains('flash'), window.scrollY];
    })()""")
    top, height, flashed, y = where
    assert y > 1000 and 0 <= top <= height and flashed, where


def test_tree_keeps_the_row_clicked_and_follows_a_filter(make_window: WindowFactory,
                                                         qtbot: QtBot, vault: Path) -> None:

    window = make_window(vault, note="first.md")
    model, tree = window.model, window.tree
    folders = model.group_index("folders")
    tree.expand(folders)
    row = next(model.index(i, 0, folders) for i in range(model.rowCount(folders))
               if model.index(i, 0, folders).internalPointer().key == "second.md")
    tree.setCurrentIndex(row)
    tree.clicked.emit(row)  # as a click under Folders does
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "second.md")
    wait_painted(qtbot, window)
    assert tree.currentIndex() == row  # not moved to the note's row under Channels
    # Filtered to the open note, then another opens (a link): it is not in the tree, and the
    # row of the note no longer shown is not left looking open.
    window.filter_box.setText("second")
    qtbot.waitUntil(lambda: model.filter_text() == "second", timeout=5000)
    qtbot.wait(300)
    window.open_target("first")
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "first.md")
    current = tree.currentIndex()
    assert not current.isValid() or current.internalPointer().key != "second.md"
    assert not tree.selectionModel().selectedIndexes()


def test_back_to_a_topic_page_where_you_were(make_window: WindowFactory, qtbot: QtBot,
                                             tmp_path: Path) -> None:
    root = tmp_path / "topics"
    root.mkdir()
    for i in range(40):
        (root / f"n{i:02d}.md").write_text(
            f"---\ntitle: Note {i}\n---\n\nNote {i} says [[shared idea]] matters a great deal.\n")
    window = make_window(root, note="n00.md")
    window.open_target("shared idea")
    qtbot.waitUntil(lambda: window.history.current().kind == "topic")
    wait_painted(qtbot, window)
    scroll_to(qtbot, window, 600)
    window.open_note("n05.md")
    qtbot.waitUntil(lambda: window._note is not None and window._note.path == "n05.md")
    wait_painted(qtbot, window)
    window.go_back()
    qtbot.waitUntil(lambda: window._note is None and window.history.current().kind == "topic")
    wait_painted(qtbot, window)
    assert scroll_y(qtbot, window) == 600


def test_a_link_to_a_heading_goes_there_even_when_followed_again(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path) -> None:
    # Following [[Deep#Far]] a second time (the same place as the current visit) opened the
    # note where the reader had scrolled since, not at the heading the link names.
    root = tmp_path / "anchors"
    root.mkdir()
    (root / "deep.md").write_text(f"---\ntitle: Deep\n---\n\n{FILL}\n\n## Far\n\nHere.\n\n{FILL}\n")
    window = make_window(root, note="deep.md")

    def heading_top() -> float:
        return float(run_js(qtbot, window.view, "document.querySelector('h2').getBoundingClientRect().top"))

    anchor = str(run_js(qtbot, window.view, "document.querySelector('h2').id"))
    for _ in range(2):
        window.open_target("deep", anchor)
        qtbot.waitUntil(lambda: abs(heading_top()) < 60, timeout=5000)
        scroll_to(qtbot, window, 300)
        assert abs(heading_top()) > 200
