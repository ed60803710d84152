"""Notes edited, added and deleted on disk show up without a restart."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js
from tests.ui.vaults import make_vault


def test_edits_on_disk_reach_the_page_tree_and_index(make_window: WindowFactory, qtbot: QtBot,
                                                     tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    window = make_window(vault, note="Gamma")
    # the open note is edited in another editor: the page follows, scroll kept
    gamma = vault / "gamma.txt"
    gamma.write_text(gamma.read_text().replace("title: Gamma", "title: Gamma Revised"))
    qtbot.waitUntil(lambda: page_text(qtbot, window.view, "#page-title") == "Gamma Revised", timeout=8000)
    # a new note in a new folder resolves a topic: links to it turn into note links
    (vault / "new").mkdir()
    (vault / "new" / "shared.md").write_text("---\ntitle: Shared Topic\n---\nNow a note.\n")
    qtbot.waitUntil(lambda: window.index.resolve("shared_topic") == "new/shared.md", timeout=8000)
    qtbot.waitUntil(lambda: run_js(qtbot, window.view,
                                   "document.querySelector('a[data-target=shared_topic]').className")
                    == "wikilink note", timeout=8000)
    # a deleted note leaves the index, and the topic comes back
    (vault / "new" / "shared.md").unlink()
    qtbot.waitUntil(lambda: window.index.resolve("shared_topic") is None, timeout=8000)
    assert dict(window.index.topics())["shared_topic"] == 4


def test_a_reload_keeps_the_tree_unfolded_where_it_was(make_window: WindowFactory, qtbot: QtBot,
                                                       tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    window = make_window(vault, note="Gamma")
    model = window.model
    folders = model.group_index("folders")
    window.tree.expand(folders)
    sub = model.index(0, 0, folders)
    assert sub.data() == "sub"
    window.tree.expand(sub)
    (vault / "added.md").write_text("---\ntitle: Added\n---\nx\n")
    window.session.refresh()
    qtbot.waitUntil(lambda: window.index.find("Added") == "added.md", timeout=8000)
    qtbot.waitUntil(lambda: not window._refresh.isActive(), timeout=3000)
    folders = model.group_index("folders")
    assert window.tree.isExpanded(folders)
    assert window.tree.isExpanded(model.index(0, 0, folders))
