"""Issue 15 in the real window: callouts, math (KaTeX, offline) and coloured code, in light and
dark. Screenshots are saved under tmp_path for a person to look at; the asserts read the page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js, wait_painted

NOTE = """---
title: Fidelity
videoId: 8sGHxZkZReo
---
# Fidelity

> [!info] Key idea
> Callouts keep their **title** and body.

> [!warning]- Folded away
> Hidden until opened.

> [!tip]+ Open by default
> - a list in a callout

Euler: $e^{i\\pi}+1=0$ and the transform $L\\{f(t)\\}$, with ==highlight== and ~~strike~~.

$$
\\int_0^1 x_i^2\\,dx = \\frac{1}{3}
$$

```python
def greet(name: str) -> str:
    return f"Hello {name}"  # a comment
```

- [ ] open task
- [x] done task
"""


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "fidelity.md").write_text(NOTE, encoding="utf-8")
    return root


def _style(qtbot: QtBot, view: Any, selector: str, prop: str) -> str:
    return run_js(qtbot, view, f"getComputedStyle(document.querySelector({selector!r}))"
                               f".getPropertyValue({prop!r})")


def test_callouts_math_and_code_in_light_and_dark(make_window: WindowFactory, qtbot: QtBot,
                                                  tmp_path: Path) -> None:
    window = make_window(_vault(tmp_path), "Fidelity")
    view = window.view
    # KaTeX is loaded into the page on demand and typesets both formulas and the block.
    qtbot.waitUntil(lambda: run_js(qtbot, view, "document.querySelectorAll('.arithmatex .katex')"
                                                ".length") == 3, timeout=10000)
    assert run_js(qtbot, view, "document.querySelectorAll('.katex-error').length") == 0
    assert run_js(qtbot, view, "!!document.querySelector('div.arithmatex .katex-display')")
    qtbot.waitUntil(lambda: run_js(qtbot, view, "document.fonts.check('16px KaTeX_Main')"),
                    timeout=10000)
    assert "KaTeX" in _style(qtbot, view, ".katex", "font-family")
    # Callouts: coloured boxes; the folded one is closed, the "+" one open.
    assert run_js(qtbot, view, "document.querySelector('details.callout-warning').open") is False
    assert run_js(qtbot, view, "document.querySelector('details.callout-tip').open") is True
    shots: dict[str, dict[str, str]] = {}
    for theme in ("light", "dark"):
        window.apply_theme(theme)
        qtbot.waitUntil(lambda: run_js(qtbot, view, "document.documentElement.classList"
                                                    ".contains('dark')") == (theme == "dark"))
        wait_painted(qtbot, window)
        qtbot.wait(300)  # fonts and colours settle before the picture
        shots[theme] = {
            "callout": _style(qtbot, view, ".callout-info", "background-color"),
            "keyword": _style(qtbot, view, ".highlight .k", "color"),
            "comment": _style(qtbot, view, ".highlight .c1", "color"),
            "mark": _style(qtbot, view, "mark", "background-color"),
        }
        image = view.grab().toImage()
        assert image.save(str(tmp_path / f"fidelity-{theme}.png"))
        colours = {image.pixel(x, y) for x in range(0, image.width(), 5)
                   for y in range(0, image.height(), 5)}
        assert len(colours) > 40
        run_js(qtbot, view, "document.querySelector('pre.highlight').scrollIntoView() || 1")
        qtbot.wait(200)
        assert view.grab().toImage().save(str(tmp_path / f"fidelity-code-{theme}.png"))
        run_js(qtbot, view, "window.scrollTo(0, 0) || 1")
    for theme, styles in shots.items():
        assert styles["callout"] not in ("", "rgba(0, 0, 0, 0)"), theme
        assert styles["keyword"] != styles["comment"], theme
    assert shots["light"]["keyword"] != shots["dark"]["keyword"]
    assert shots["light"]["callout"] != shots["dark"]["callout"]


def test_notes_without_math_do_not_load_katex(make_window: WindowFactory, qtbot: QtBot,
                                              tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "plain.md").write_text("---\ntitle: Plain\n---\n> [!note]\n> text\n", encoding="utf-8")
    window = make_window(root, "Plain")
    assert run_js(qtbot, window.view, "!!document.getElementById('katex-css')") is False
    assert run_js(qtbot, window.view, "!!document.querySelector('.callout-note')")


def test_pdf_export_prints_the_page(qtbot: QtBot, tmp_path: Path) -> None:
    from viewer.export import export_vault_note
    from viewer.ui.export_pdf import write_pdf

    exported = export_vault_note(_vault(tmp_path), "Fidelity")
    out = tmp_path / "fidelity.pdf"
    assert write_pdf(exported, out) == ""
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5_000
    # As the HTML export and any new file: 0666 less the umask (printToPdf made it 0600).
    mask = os.umask(0o022)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_thousands_of_formulas_are_typeset_in_slices(make_window: WindowFactory, qtbot: QtBot,
                                                     tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    body = "".join(f"Term $x_{{{i}}}^2$ here.\n\n" for i in range(1500))
    (root / "many.md").write_text("---\ntitle: Many\n---\n" + body, encoding="utf-8")
    window = make_window(root, "Many")
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, "document.querySelectorAll("
                                                       "'.arithmatex.typeset').length") == 1500,
                    timeout=20000)
    assert run_js(qtbot, window.view, "document.querySelectorAll('.katex-error').length") == 0


def test_file_export_note_writes_html_and_pdf(make_window: WindowFactory, qtbot: QtBot,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    from viewer.ui.actions import trigger

    window = make_window(_vault(tmp_path), "Fidelity")
    for name in ("out.html", "out.pdf"):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *_args, _t=target: (str(_t), "")))
        trigger(window, "file.export_note")
        qtbot.waitUntil(lambda _t=target: _t.exists() and _t.stat().st_size > 1000,
                        timeout=30000)
        qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(),
                        timeout=30000)
    assert "callout-info" in (tmp_path / "out.html").read_text(encoding="utf-8")
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_a_chip_in_a_block_of_lines_highlights_its_line(make_window: WindowFactory,
                                                        qtbot: QtBot, tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    lines = "\n".join(f"[0:0{i}](https://youtu.be/8sGHxZkZReo?t={i}) line {i} text"
                      for i in range(5))
    (root / "lines.md").write_text("---\ntitle: Lines\nvideoId: 8sGHxZkZReo\n---\n" + lines,
                                   encoding="utf-8")
    window = make_window(root, "Lines")
    window.view.highlight(2, False)
    qtbot.waitUntil(lambda: run_js(qtbot, window.view,
                                   "(document.querySelector('.passage-active') || {})"
                                   ".textContent || ''").strip().endswith("line 2 text"),
                    timeout=5000)
    active = run_js(qtbot, window.view, "document.querySelector('.passage-active').textContent")
    assert "line 1" not in active and "line 3" not in active
    assert run_js(qtbot, window.view, "document.querySelectorAll('#page-content p').length") == 1


def test_display_math_inside_a_line_is_typeset_as_a_centred_block(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path) -> None:
    """`text $$x^2$$ text` (Obsidian typesets it as display math) showed `$` + math + `$`."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "m.md").write_text("---\ntitle: M\n---\nSum $$\\sum_{i=1}^n i$$ here, $5 and $10.\n",
                               encoding="utf-8")
    window = make_window(root, "M")
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, "document.querySelectorAll("
                                   "'.arithmatex.typeset .katex').length") == 1, timeout=15_000)
    assert run_js(qtbot, window.view, "document.querySelector('#page-content p')"
                                      ".textContent.includes('$')") is True  # the prices
    assert run_js(qtbot, window.view, "document.querySelector('#page-content p').textContent"
                                      ".includes('$$')") is False
    assert _style(qtbot, window.view, ".arithmatex.display", "display") == "block"
    assert _style(qtbot, window.view, ".arithmatex.display", "text-align") == "center"
    assert run_js(qtbot, window.view, "!!document.querySelector('.arithmatex.display .katex "
                                      ".mop.op-symbol.large-op')")  # \sum at display size


def test_ordered_tasks_keep_their_numbers(make_window: WindowFactory, qtbot: QtBot,
                                          tmp_path: Path) -> None:
    """`1. [ ] task`: Obsidian shows `1.` then the box; the box sat over the number."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "t.md").write_text("---\ntitle: T\n---\n1. [ ] first\n2. [x] second\n\n- [ ] bullet\n",
                               encoding="utf-8")
    window = make_window(root, "T")
    box_left = run_js(qtbot, window.view, "document.querySelector('ol input')"
                                          ".getBoundingClientRect().left")
    item_left = run_js(qtbot, window.view, "document.querySelector('ol li')"
                                           ".getBoundingClientRect().left")
    assert box_left >= item_left  # in the item's box, right of the number marker
    assert run_js(qtbot, window.view, "getComputedStyle(document.querySelector('ol'))"
                                      ".listStyleType") == "decimal"
    bullet_box = run_js(qtbot, window.view, "document.querySelector('ul input')"
                                            ".getBoundingClientRect().left")
    bullet_item = run_js(qtbot, window.view, "document.querySelector('ul li')"
                                             ".getBoundingClientRect().left")
    assert bullet_box < bullet_item  # bullet tasks: the box takes the bullet's place
