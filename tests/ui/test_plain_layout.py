"""A note shown as text lays out only what is in view (issue 11: a 200 KB <pre> of 100k
short lines took the page about 1 s to lay out, on every open)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.vaults import make_vault


def test_text_parts_out_of_view_are_not_laid_out(make_window: WindowFactory, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    (vault / "hashes.md").write_text("---\ntitle: Hashes\n---\n" + "#\n" * 500_000)
    window = make_window(vault, note="Alpha Study")
    before = window.view._token
    window.open_note("hashes.md")
    qtbot.waitUntil(lambda: not window.preparing() and window.view._token > before,
                    timeout=20000)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Hashes"
    lazy = run_js(qtbot, window.view,
                  "Array.from(document.querySelectorAll('#page-content pre > span.part'))"
                  ".filter(p => getComputedStyle(p).contentVisibility === 'auto').length")
    assert lazy >= 500  # 100k lines of the first 200 KB, 200 to a part
    assert len(page_text(qtbot, window.view, "pre")) == 200 * 1024  # all of it is there
