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


def test_a_page_of_thousands_of_blocks_is_laid_out_in_groups(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path) -> None:
    """5,000 headings took the page ~0.4 s to lay out: over 1,000 blocks, they go in groups
    of 100 laid out only in view; a heading far down is still scrolled to."""
    vault = make_vault(tmp_path / "vault")
    (vault / "heads.md").write_text("---\ntitle: Heads\n---\n\n" + "".join(
        f"## Heading {i}\n\nA line under heading {i}.\n\n" for i in range(3000)))
    window = make_window(vault, note="Alpha Study")
    before = window.view._token
    window.open_note("heads.md")
    qtbot.waitUntil(lambda: not window.preparing() and window.view._token > before,
                    timeout=20000)
    wait_painted(qtbot, window)
    groups = run_js(qtbot, window.view,
                    "Array.from(document.querySelectorAll('#page-content > div.part'))"
                    ".filter(g => getComputedStyle(g).contentVisibility === 'auto').length")
    assert groups >= 60  # 6,000 blocks (and the text between them), 100 nodes a group
    assert run_js(qtbot, window.view,
                  "document.querySelectorAll('#page-content h2').length") == 3000
    window.view.scroll_to("heading_2500")
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, (
        "(function () { const r = document.getElementById('heading_2500')"
        ".getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()")) is True,
        timeout=5000)


def test_an_ordinary_page_is_not_grouped(make_window: WindowFactory, qtbot: QtBot,
                                         tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    assert run_js(qtbot, window.view, "document.querySelectorAll('div.part').length") == 0
    assert run_js(qtbot, window.view, "document.querySelectorAll('#page-content > *').length") > 0
