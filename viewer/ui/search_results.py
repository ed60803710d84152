"""The search panel's result list: a flat model of note rows and passage rows, painted by a
delegate, so showing 50 notes costs the rows in view, not a widget (and a text layout) per
passage.

A passage row is its heading on one line, the passage's lines (PASSAGE_LINES at most; matched
words in bold on a marked background, built from escaped segments), and the timestamp chip
at the right. Its height follows the lines the passage takes at the list's width (laid out
once per passage and width, LAYOUTS kept): a one-line passage left two blank lines below it.
"""

from __future__ import annotations

import html
import math
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from viewer.core.search import NoteHit, SearchResult, Snippet
from viewer.core.timecode import format_time

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # (NoteHit, Snippet | None)
PASSAGE_LINES = 3
PAD = 4
INDENT = 14
LAYOUTS = 2000  # passage heights remembered (by text, width and font) before starting over


def snippet_html(segments: list[tuple[str, bool]]) -> str:
    """Rich text for a passage: every segment escaped, the matched ones in <b> on a mark."""
    return "".join(f"<b style='background:rgba(255,200,0,0.45)'>{html.escape(text)}</b>" if hit
                   else html.escape(text) for text, hit in segments)


def chip_text(snippet: Snippet) -> str:
    """"▶ 1:05" for a passage whose timestamp can play, else ""."""
    if snippet.seconds is None or not snippet.video_id:
        return ""
    return f"\u25b6 {format_time(snippet.seconds)}"


class ResultsModel(QAbstractListModel):
    """Rows: for each hit, its note row then its passage rows. DisplayRole is plain text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[NoteHit, Snippet | None]] = []

    def set_result(self, result: SearchResult) -> None:
        """Show `result`'s hits (replacing the rows)."""
        self.beginResetModel()
        self._rows = [row for hit in result.hits
                      for row in [(hit, None), *((hit, s) for s in hit.snippets)]]
        self.endResetModel()

    def row_at(self, row: int) -> tuple[NoteHit, Snippet | None]:
        """The (hit, snippet or None for the note row) of `row`."""
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit, snippet = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.title if snippet is None else snippet.text
        if role == ROW_ROLE:
            return hit, snippet
        if role == Qt.ItemDataRole.ToolTipRole and snippet is None:
            return hit.path if not hit.path.lstrip().startswith("<") else None
        return None


class ResultsDelegate(QStyledItemDelegate):
    """Paints note rows (bold title, elided) and passage rows (heading, passage, chip)."""

    def _metrics(self, option: QStyleOptionViewItem) -> QFontMetrics:
        return QFontMetrics(option.font)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._heights: dict[tuple[str, int, str], int] = {}

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = self._metrics(option)
        line = metrics.lineSpacing()
        _hit, snippet = index.data(ROW_ROLE)
        if snippet is None:
            return QSize(100, line + 2 * PAD)
        rect = QRect(option.rect)  # not the row's: often the last row measured
        if isinstance(option.widget, QAbstractItemView):  # rows span the list's width
            rect = QRect(0, 0, option.widget.viewport().width(), 0)
        left, right = self._text_span(rect, metrics, snippet)
        key = (snippet.text, right - left, option.font.key())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= LAYOUTS:
                self._heights.clear()
            doc = self._document(snippet, option, right - left)
            layout = doc.firstBlock().layout()
            shown = min(layout.lineCount(), PASSAGE_LINES)
            height = math.ceil(layout.lineAt(shown - 1).rect().bottom()) if shown else line
            self._heights[key] = height
        return QSize(100, height + (line if snippet.heading else 0) + 2 * PAD)

    def _text_span(self, option_rect: QRect, metrics: QFontMetrics,
                   snippet: Snippet) -> tuple[int, int]:
        """Left and right x of a passage's text in a row drawn in option_rect."""
        rect = option_rect.adjusted(PAD, PAD, -PAD, -PAD)
        chip = self.chip_rect(option_rect, metrics, snippet)
        right = chip.left() - PAD if chip.isValid() else rect.right()
        left = rect.left() + INDENT
        return left, max(left + 40, right)

    @staticmethod
    def _document(snippet: Snippet, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml(snippet_html(snippet.segments))  # escaped segments only: no note markup
        doc.setTextWidth(width)
        doc.size()  # lays the text out (lazy otherwise: no lines to count yet)
        return doc

    def chip_rect(self, option_rect: QRect, metrics: QFontMetrics, snippet: Snippet) -> QRect:
        """Where a passage row's chip is drawn (empty if it has none)."""
        text = chip_text(snippet)
        if not text:
            return QRect()
        width = metrics.horizontalAdvance(text) + 2 * PAD
        top = option_rect.top() + PAD + (metrics.lineSpacing() if snippet.heading else 0)
        return QRect(option_rect.right() - width - PAD, top, width, metrics.lineSpacing())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        hit, snippet = index.data(ROW_ROLE)
        style = option.widget.style() if option.widget else None
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if style is not None:  # background and selection as the style draws them
            opt = QStyleOptionViewItem(option)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        palette = option.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.Text)
        metrics = self._metrics(option)
        rect = option.rect.adjusted(PAD, PAD, -PAD, -PAD)
        painter.save()
        painter.setClipRect(option.rect)
        if snippet is None:
            font = option.font
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(text_color)
            elided = QFontMetrics(font).elidedText(hit.title, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
            painter.restore()
            return
        left = rect.left() + INDENT
        top = rect.top()
        line = metrics.lineSpacing()
        if snippet.heading:
            small = option.font
            small.setPointSizeF(max(6.0, small.pointSizeF() * 0.88))
            painter.setFont(small)
            painter.setPen(text_color if selected else palette.color(QPalette.ColorRole.PlaceholderText))
            heading = QFontMetrics(small).elidedText(snippet.heading, Qt.TextElideMode.ElideRight,
                                                     rect.right() - left)
            painter.drawText(QRect(left, top, rect.right() - left, line),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
            painter.setFont(option.font)
            top += line
        chip = self.chip_rect(option.rect, metrics, snippet)
        left, right = self._text_span(option.rect, metrics, snippet)
        doc = self._document(snippet, option, right - left)
        painter.translate(left, top)
        lines = doc.firstBlock().layout()
        shown = min(lines.lineCount(), PASSAGE_LINES)  # whole lines only, never a sliver
        bottom = lines.lineAt(shown - 1).rect().bottom() if shown else line * PASSAGE_LINES
        clip = QRectF(0, 0, right - left, min(bottom, option.rect.bottom() - top))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(QPalette.ColorRole.Text, text_color)
        painter.setClipRect(clip)
        doc.documentLayout().draw(painter, context)
        painter.restore()
        if chip.isValid():
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(60, 110, 200, 60))
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(text_color)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, chip_text(snippet))
            painter.restore()

    def chip_at(self, widget: QWidget, option_rect: QRect, snippet: Snippet, x: int, y: int) -> bool:
        """Whether (x, y) in the view falls on the chip of the passage drawn in option_rect."""
        rect = self.chip_rect(option_rect, QFontMetrics(widget.font()), snippet)
        return rect.isValid() and rect.contains(x, y)
