"""Note-derived and page-derived text in native widgets is shown literally (issue 12).

Qt treats text whose first line holds a tag as rich text and loads `<img src>` from disk,
synchronously. The hostile texts here point `src` at a FIFO watched by a writer thread:
if Qt opens it, the thread records the open and feeds it a PNG (so a failing test fails
instead of hanging), and the test fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory
from tests.ui.vaults import ts
from viewer.ui.plaintext import tooltip_html
from viewer.ui.video.header import VideoHeader
from viewer.ui.video.offline_card import MessageCard

# The offscreen platform cannot size or raise the tooltip's window: not our concern here.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


class ImageTrap:
    """A FIFO that records every open (Qt loading an `<img src>` from it).

    The writer is a separate process: the UI thread blocked in Qt's read holds the GIL, so
    a Python thread could not feed it.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / "trap.png"
        os.mkfifo(self.path)
        png = folder / "real.png"
        png.write_bytes(PNG)
        self._log = folder / "opens.log"
        self._log.touch()
        self._writer = subprocess.Popen(
            ["sh", "-c", 'while true; do cat "$1" > "$2"; echo open >> "$3"; done',
             "trap", str(png), str(self.path), str(self._log)], start_new_session=True)

    @property
    def opens(self) -> int:
        """How many times the FIFO was opened and fed."""
        return len(self._log.read_text().splitlines())

    def close(self) -> None:
        os.killpg(self._writer.pid, signal.SIGKILL)  # the shell and its blocked `cat`
        self._writer.wait(timeout=5)


@pytest.fixture
def trap(tmp_path: Path) -> Iterator[ImageTrap]:
    trap = ImageTrap(tmp_path)
    yield trap
    trap.close()


def hostile(trap: ImageTrap) -> str:
    return f'<img src="{trap.path}">Welcome <b>x</b>'


def shows_literally(tip: str, text: str) -> bool:
    """Whether tooltip `tip` reads exactly `text` on screen."""
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText() == text


def render(widget: QWidget) -> None:
    """Lay out and paint `widget` (where Qt would load images)."""
    widget.show()
    widget.adjustSize()
    widget.grab()
    QApplication.processEvents()


def show_tooltip(qtbot: QtBot, tip: str) -> str:
    """Show `tip` the way Qt shows item and widget tooltips; return what it shows."""
    QToolTip.showText(QPoint(10, 10), tip)
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    shown = QToolTip.text()
    QToolTip.hideText()
    return shown


def assert_plain(label: QLabel, text: str) -> None:
    assert label.text() == text
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_tooltip_html_reads_as_given() -> None:
    text = "<img src='/x'>a  b\n<b>c</b> &amp; \"q\""
    assert shows_literally(tooltip_html(text), text)
    assert tooltip_html("") == ""


def test_video_header_shows_a_title_literally(qtbot: QtBot, trap: ImageTrap) -> None:
    header = VideoHeader()
    qtbot.addWidget(header)
    title = hostile(trap)
    header.set_title(title)
    header.source.setText(title)
    header.show_notice(title)
    render(header)
    for label in (header.title, header.source, header.notice):
        assert_plain(label, title)
    assert shows_literally(header.title.toolTip(), title)
    show_tooltip(qtbot, header.title.toolTip())
    assert trap.opens == 0


def test_message_card_shows_page_words_literally(qtbot: QtBot, trap: ImageTrap) -> None:
    card = MessageCard()
    qtbot.addWidget(card)
    words = hostile(trap)
    card.show_message(words, words, words, "Open")
    render(card)
    for label in card.findChildren(QLabel):
        assert_plain(label, words)
    card.show_failure(words, None, linkable=False)
    render(card)
    assert trap.opens == 0
    assert words in card.visible_text()


def test_status_bar_and_window_title_are_plain(qtbot: QtBot, trap: ImageTrap) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    words = hostile(trap)
    window.setWindowTitle(words)
    window.statusBar().showMessage(words)
    render(window)
    assert window.statusBar().currentMessage() == words
    assert trap.opens == 0


def test_crash_dialog_quotes_literally(qtbot: QtBot, trap: ImageTrap,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from viewer.ui import app

    boxes: list[QMessageBox] = []

    class Box(QMessageBox):
        def show(self) -> None:
            boxes.append(self)
            super().show()

    monkeypatch.setattr(app, "QMessageBox", Box)
    monkeypatch.setattr(app.log, "error", lambda *a, **k: None)
    words = hostile(trap)
    app._excepthook(ValueError, ValueError(words), None)
    assert len(boxes) == 1
    box = boxes[0]
    render(box)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert words in box.text()
    box.close()
    assert trap.opens == 0


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs")
def test_window_panes_show_titles_and_sentences_literally(
        make_window: WindowFactory, qtbot: QtBot, tmp_path: Path, trap: ImageTrap) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    title = hostile(trap)
    # On the page the entity shows as text; Lectern's sentence extractor turns it back into
    # a tag, which is what a rich-text tooltip would load.
    escaped = f'&lt;img src="{trap.path}"&gt; &lt;b&gt;x&lt;/b&gt;'
    sentence_tag = f'<img src="{trap.path}"> <b>x</b>'
    yaml_title = title.replace("'", "''")
    (vault / "welcome.md").write_text(
        f"---\ntitle: '{yaml_title}'\nvideoId: AAAAAAAAAAA\n---\n\n"
        f"Intro {escaped} here {ts('00:00:05')}.\n")
    (vault / "other.md").write_text(
        f"---\ntitle: Other\nvideoId: AAAAAAAAAAA\n---\n\n"
        f"See [[welcome]] {escaped} now {ts('00:00:09')}.\n")
    window = make_window(vault, note="welcome")

    # The video header: the title, as text.
    header = window.video.header
    qtbot.waitUntil(lambda: header.title.text() == title, timeout=5000)
    assert_plain(header.title, title)
    render(window)

    # The Folders tree: the title as the note's tooltip.
    model = window.tree.model()
    index = model.find_note("welcome.md")
    assert index.isValid()
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert shows_literally(tip, title)
    show_tooltip(qtbot, tip)

    # Backlinks: the linking sentence as the row's tooltip.
    backlinks = window.backlinks
    qtbot.waitUntil(lambda: backlinks.count() > 0 and bool(backlinks.item(0).toolTip()),
                    timeout=5000)
    tip = backlinks.item(0).toolTip()
    assert sentence_tag in QTextDocument_plain(tip)
    show_tooltip(qtbot, tip)

    # The timeline: hovering each marker shows time and sentence.
    timeline = window.video.timeline
    qtbot.waitUntil(lambda: len(timeline._placed) >= 2, timeout=5000)
    for placed in timeline._placed:
        pos = QPoint(int(placed.x), timeline.height() // 2)
        QApplication.sendEvent(
            timeline, QHelpEvent(QEvent.Type.ToolTip, pos, timeline.mapToGlobal(pos)))
        qtbot.waitUntil(lambda: sentence_tag in QTextDocument_plain(QToolTip.text()),
                        timeout=5000)
        QToolTip.hideText()
    QApplication.processEvents()
    assert trap.opens == 0


def QTextDocument_plain(tip: str) -> str:  # noqa: N802 - reads as what it does
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()
