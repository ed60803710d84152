"""Issue 16, follow mode: the playing stretch is one sentence or list item, and in view."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, run_js
from tests.ui.vaults import ts

PASSAGE = "document.documentElement.getAttribute('data-passage') || ''"
IN_VIEW = """(function () {
  const chip = document.querySelector('a.ts[data-ts="%d"]');
  const r = chip.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight;
})()"""


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    lead = " ".join(f"Opening sentence {i} sets the scene." for i in range(30))
    long_para = " ".join(
        [f"Lead sentence {i} comes first." for i in range(3)]
        + [f"The second point is made here {ts('00:00:10')}."]
        + [f"Then filler sentence {i} runs on without a time." for i in range(25)])
    (root / "talk.md").write_text(f"""---
title: Talk
videoId: AAAAAAAAAAA
---

{lead}

{lead}

{long_para}

{ts('00:01:00')} A chip first, then its sentence. And a sentence after it.

* Item one {ts('00:02:00')}
* Item two says more {ts('00:03:00')}
""")
    return root


def passage(qtbot: QtBot, window: object, index: int) -> str:
    window.view.highlight(index, True)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, IN_VIEW % index),  # type: ignore[attr-defined]
                    timeout=5000)
    return str(run_js(qtbot, window.view, PASSAGE)).strip()  # type: ignore[attr-defined]


def test_follow_highlights_one_sentence_and_keeps_it_in_view(
        make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="talk.md")
    window.resize(1000, 600)
    # A chip closing its sentence: that sentence, not the 29-sentence paragraph.
    text = passage(qtbot, window, 0)
    assert text.startswith("The second point is made here"), text
    assert "filler" not in text and "Lead" not in text and len(text) < 60
    # A chip opening a sentence: from the chip to the sentence's end.
    text = passage(qtbot, window, 1)
    assert "A chip first, then its sentence." in text and "after it" not in text, text
    # A list item with one chip: the item.
    assert passage(qtbot, window, 3).startswith("Item two says more")
    # Only the block is marked (tests and the fallback use it); -1 clears.
    window.view.highlight(-1, False)
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, PASSAGE) in ("", None), timeout=5000)
