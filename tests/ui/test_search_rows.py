"""Search result rows as tall as their passage's lines (issue 14)."""

from __future__ import annotations

from PySide6.QtWidgets import QListView
from pytestqt.qtbot import QtBot

from viewer.core.search import NoteHit, SearchResult
from viewer.core.search_snippets import Snippet
from viewer.ui.search_results import PASSAGE_LINES, ResultsDelegate, ResultsModel

SHORT = [("short ", False), ("zebra", True), (" line.", False)]
LONG = [("a long passage " * 30, False), ("zebra", True), (" and more." * 20, False)]


def snippet(segments: list[tuple[str, bool]], heading: str | None = None) -> Snippet:
    return Snippet(segments, heading, 65, "abcdefghijk", 3, "zebra")


def test_rows_fit_their_lines_at_any_width(qtbot: QtBot) -> None:
    """Seen in the window: every passage row was three lines tall, so a one-line passage
    stood over two blank lines."""
    view = QListView()
    qtbot.addWidget(view)
    model, delegate = ResultsModel(view), ResultsDelegate(view)
    view.setModel(model)
    view.setItemDelegate(delegate)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.resize(420, 600)
    view.show()
    hit = NoteHit("a.md", "A", 1.0, [snippet(SHORT), snippet(LONG, "Heading"), snippet(SHORT)])
    model.set_result(SearchResult([hit]))
    qtbot.waitExposed(view)
    line = view.fontMetrics().lineSpacing()

    def heights() -> list[int]:
        return [view.visualRect(model.index(row)).height() for row in range(model.rowCount())]

    qtbot.waitUntil(lambda: heights()[1] > 0)
    title, short, long, short2 = heights()
    assert short == short2 < 2 * line + 8  # one line and the padding
    assert long >= (PASSAGE_LINES + 1) * line  # heading and three lines
    # wider: the long passage still needs its three lines, the short one still one
    view.resize(900, 600)
    qtbot.waitUntil(lambda: heights()[1] == short)
    assert heights()[2] >= (PASSAGE_LINES + 1) * line
    # narrower than the short passage: it takes two lines now, re-measured on resize
    view.resize(150, 600)
    qtbot.waitUntil(lambda: heights()[1] > short, timeout=3000)
