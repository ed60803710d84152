"""Issue 15 in the real window: an embedded vault image loads through lectern://vault/ (CSP
and scheme both let it), a section embed shows inline, and links with a heading chain or a
block reference open their note scrolled to that place."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js, wait_painted

FILLER = "".join(f"Filler paragraph {i} to scroll past.\n\n" for i in range(80))


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    (root / "media").mkdir(parents=True)
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    assert image.save(str(root / "media" / "Pasted image 1.png"))
    (root / "host.md").write_text(
        "---\ntitle: Host\n---\nPicture: ![[Pasted image 1.png|40]]\n\n![[Other#Install]]\n\n"
        "[[Other#Part#Deep]] and [[Third#^blk-1|the block]]\n", encoding="utf-8")
    (root / "Other.md").write_text(
        "---\ntitle: Other\n---\n## Install\nRun the installer.\n\n## Part\n" + FILLER
        + "### Deep\nDeep text.\n\n" + FILLER, encoding="utf-8")
    (root / "Third.md").write_text("---\ntitle: Third\n---\n" + FILLER + "The claim. ^blk-1\n\n"
                                   + FILLER, encoding="utf-8")
    return root


def test_image_and_section_embeds_and_anchored_links(make_window: WindowFactory,
                                                      qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(_vault(tmp_path), "Host")
    view = window.view
    qtbot.waitUntil(lambda: run_js(qtbot, view, "(document.querySelector('img.embed-image')"
                                                " || {}).naturalWidth || 0") == 30, timeout=10000)
    assert run_js(qtbot, view, "document.querySelector('img.embed-image').width") == 40
    assert "Run the installer." in run_js(qtbot, view, "document.querySelector('.embed-note')"
                                                       ".textContent")
    # Each link opens a note not seen before (a note seen before opens where it was left).
    for link, title, target in (("#part/deep", "Other", "[...document.querySelectorAll('h3')]"
                                                        ".find(h => h.textContent === 'Deep')"),
                                ("#^blk-1", "Third", "document.getElementById('^blk-1')")):
        run_js(qtbot, view, f"document.querySelector('a[href$=\"{link}\"]').click()")
        qtbot.waitUntil(lambda: title in window.windowTitle(), timeout=10000)
        wait_painted(qtbot, window)
        qtbot.waitUntil(lambda: run_js(qtbot, view, "window.scrollY") > 500, timeout=10000)
        top = run_js(qtbot, view, f"({target}).getBoundingClientRect().top")
        assert -5 <= top <= 60, (link, top)  # scrolled to the top of the view
        window.open_note("host.md")
        wait_painted(qtbot, window)
