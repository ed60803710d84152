"""Issue 16, the offline card in a short window: with the video under the note (800x600,
500x400) or squeezed by the splitter, its lines never overlap and all stay inside it; the
less important lines give way first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.vaults import ts

VID = "8sGHxZkZReo"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    body = "\n\n".join(f"Point {i} {ts(f'00:0{i}:00')}." for i in range(1, 6))
    (root / "n.md").write_text(f"---\ntitle: Offline lesson\nvideoId: {VID}\n---\n\n{body}\n")
    return root


def settle(qtbot: QtBot) -> None:
    QApplication.processEvents()
    qtbot.wait(50)
    QApplication.processEvents()


def shown_parts(card: QWidget) -> list[tuple[str, QRect]]:
    parts = [w for w in card.findChildren(QWidget) if isinstance(w, (QLabel, QPushButton))]
    return [(w.objectName() or w.text()[:20], w.geometry()) for w in parts if w.isVisible()]


def needed_px(part: QWidget) -> int:
    """The height a part needs to show all of itself at its width."""
    if isinstance(part, QLabel) and part.wordWrap():
        return part.heightForWidth(part.width())
    return part.sizeHint().height()


def assert_fits(card: QWidget) -> list[str]:
    """No shown line overlaps another, is squeezed below its own height, or leaves the card."""
    parts = shown_parts(card)
    inside = card.rect()
    for name, rect in parts:
        assert inside.contains(rect), (name, rect, inside)
    for part in card.findChildren(QWidget):
        if isinstance(part, (QLabel, QPushButton)) and part.isVisible():
            assert part.height() >= needed_px(part), (part.objectName() or part.text(),
                                                      part.height(), needed_px(part), card.height())
    for i, (name, rect) in enumerate(parts):
        for other, other_rect in parts[i + 1:]:
            assert not rect.intersects(other_rect), (name, rect, other, other_rect)
    return [name for name, _ in parts]


@pytest.mark.parametrize("size", [(800, 600), (500, 400)])
def test_offline_card_fits_a_short_window(make_window: WindowFactory, qtbot: QtBot,
                                          vault: Path, size: tuple[int, int]) -> None:
    window = make_window(vault, note="n")
    pane = window.video
    window.resize(*size)
    settle(qtbot)
    pane.seek(VID, 131)  # a chip: "Clicked time: 2:11"
    settle(qtbot)
    card = pane.offline_card
    assert pane.source_kind() == "offline" and card.isVisible()
    assert_fits(card)
    if card.height() >= card.button().sizeHint().height():  # its one action stays
        assert "Open in browser" in card.visible_text(), card.height()
    # The splitter squeezes the video further: still no overlap, down to ~150 px.
    splitter = pane.parentWidget()
    while splitter is not None and not hasattr(splitter, "moveSplitter"):
        splitter = splitter.parentWidget()
    assert splitter is not None
    for card_px in (260, 200, 150, 100, 40):
        index = splitter.indexOf(pane) if splitter.indexOf(pane) >= 0 else 1
        extra = pane.height() - card.height()
        total = sum(splitter.sizes())
        sizes = [total - card_px - extra, card_px + extra]
        splitter.setSizes(sizes if index == 1 else sizes[::-1])
        settle(qtbot)
        shown = assert_fits(card)
        assert any("Open in browser" in name for name in shown), (card.height(), shown)
        if card.height() >= 150:  # the time clicked is told too
            assert "Clicked time: 2:11" in card.visible_text(), card.height()
