"""The timeline strip under the video: a marker per timestamp, a playhead, click to seek."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from viewer.core.timecode import format_time

log = logging.getLogger("lectern.video")

# Width of the zone at the right end where timestamps past the end of the video sit.
OVERFLOW_WIDTH = 16
MARGIN = 6
HIT_SLOP = 5
# Markers of one kind closer than this many pixels are drawn once (the first by time stays).
MERGE_PX = 1.5


@dataclass(frozen=True)
class Marker:
    """A timestamp of a note, as the timeline shows it.

    Attributes:
        seconds: Where in the video the timestamp points.
        note_path: Vault-relative path of the note the timestamp is in.
        index: The timestamp's index in that note, in document order.
        text: The sentence around the timestamp, shown on hover; "" if not known yet (the
            timeline then asks for it with `hover_wanted` when the pointer rests on it).
        title: The note's title, shown on hover while the sentence is not known.
    """

    seconds: int
    note_path: str
    index: int
    text: str
    title: str = ""


@dataclass(frozen=True)
class PlacedMarker:
    """A marker as drawn: where, and how.

    Attributes:
        marker: The timestamp.
        own: True for the open note's timestamps, False for other notes'.
        past_end: True if the timestamp lies beyond the end of the video.
        x: Horizontal centre in widget pixels.
    """

    marker: Marker
    own: bool
    past_end: bool
    x: float


class Timeline(QWidget):
    """A custom-painted strip of timestamp markers with a playhead.

    Own markers are solid ticks, other notes' markers fainter, shorter ticks. Markers past
    the end of the video are stacked in a hatched zone at the right end, drawn as warning
    triangles, never clamped onto the last second.

    Markers of the same kind closer than MERGE_PX are drawn (and hit) as one. Hover texts
    may come later: a marker without text shows its time and title at once and emits
    `hover_wanted`; `set_marker_text` fills the tooltip in when the sentence is known.

    Signals:
        marker_clicked(Marker marker, bool own): a marker was clicked.
        seek_requested(int ms): empty strip was clicked at that position.
        hover_wanted(Marker marker, bool own): the pointer rests on a marker without text.
    """

    marker_clicked = Signal(object, bool)
    seek_requested = Signal(int)
    hover_wanted = Signal(object, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._own: list[Marker] = []
        self._others: list[Marker] = []
        self._duration_ms = 0
        self._position_ms = 0
        self._placed: list[PlacedMarker] = []
        self._texts: dict[tuple[str, int], str] = {}
        self._tip: tuple[PlacedMarker, QPoint] | None = None
        self._shown_tip = ""
        self.setMouseTracking(True)
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Timeline of this video's timestamps")

    def sizeHint(self) -> QSize:
        return QSize(320, 26)

    # -- state -----------------------------------------------------------------------

    def set_markers(self, own: list[Marker], others: list[Marker]) -> None:
        """Replace the markers: the open note's (`own`) and other notes' (`others`)."""
        self._own = sorted(own, key=lambda m: (m.seconds, m.index))
        self._others = sorted(others, key=lambda m: (m.seconds, m.note_path, m.index))
        self._texts.clear()
        self._tip = None
        self._relayout()

    def set_marker_text(self, note_path: str, index: int, text: str) -> None:
        """The hover text of marker (note_path, index), found after it was asked for; the
        tooltip shown for that marker is updated."""
        self._texts[(note_path, index)] = text
        if self._tip is not None and (self._tip[0].marker.note_path, self._tip[0].marker.index) \
                == (note_path, index) and QToolTip.isVisible():
            self._show_tip(*self._tip)

    def shown_tip(self) -> str:
        """The text of the last tooltip shown (plain text)."""
        return self._shown_tip

    def set_duration(self, duration_ms: int) -> None:
        """Set the video length; 0 while unknown (the strip then spans the markers)."""
        if duration_ms != self._duration_ms:
            self._duration_ms = max(0, duration_ms)
            self._relayout()

    def set_position(self, position_ms: int) -> None:
        """Move the playhead."""
        if position_ms != self._position_ms:
            self._position_ms = position_ms
            self.update()

    def marker_items(self) -> list[PlacedMarker]:
        """The markers as drawn: own ones first, each with its place and past-end flag."""
        return list(self._placed)

    def duration_ms(self) -> int:
        """The video length the strip is scaled to (0 if unknown)."""
        return self._duration_ms

    # -- geometry --------------------------------------------------------------------

    def _span_ms(self) -> int:
        if self._duration_ms > 0:
            return self._duration_ms
        latest = max(self._own[-1].seconds if self._own else 0,
                     self._others[-1].seconds if self._others else 0)  # both sorted by time
        return max(60_000, int(latest * 1000 * 1.05))

    def _track(self) -> QRectF:
        """The part of the strip that maps to [0, span]; the overflow zone is right of it."""
        right = self.width() - MARGIN - OVERFLOW_WIDTH
        return QRectF(MARGIN, 3, max(1, right - MARGIN), self.height() - 6)

    def x_for_ms(self, ms: int, span_ms: int = 0) -> float:
        """Horizontal pixel of a time on the track (`span_ms`: the track's span if known)."""
        track = self._track()
        return track.left() + track.width() * min(1.0, max(0.0, ms / (span_ms or self._span_ms())))

    def ms_for_x(self, x: float) -> int:
        """Time at a horizontal pixel of the track, clamped to the track."""
        track = self._track()
        fraction = min(1.0, max(0.0, (x - track.left()) / track.width()))
        return int(fraction * self._span_ms())

    def _relayout(self) -> None:
        overflow_x = self.width() - MARGIN - OVERFLOW_WIDTH / 2
        span = self._span_ms()  # once: without a duration it scans every marker
        placed = []
        for own, markers in ((True, self._own), (False, self._others)):
            last_x = float("-inf")  # sorted by time: x never decreases (past the end: right)
            for marker in markers:
                past = self._duration_ms > 0 and marker.seconds * 1000 > self._duration_ms
                x = overflow_x if past else self.x_for_ms(marker.seconds * 1000, span)
                if x - last_x < MERGE_PX:
                    continue
                last_x = x
                placed.append(PlacedMarker(marker, own, past, x))
        self._placed = placed
        self.update()

    def resizeEvent(self, event: object) -> None:
        self._relayout()

    def _hit(self, x: float) -> PlacedMarker | None:
        """The marker under `x`: own markers beat others, the nearest wins."""
        best: PlacedMarker | None = None
        best_key = (2, HIT_SLOP + 1.0)
        for item in self._placed:
            distance = abs(item.x - x)
            if distance > HIT_SLOP:
                continue
            key = (0 if item.own else 1, distance)
            if key < best_key:
                best, best_key = item, key
        return best

    # -- painting --------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()  # an exception with an active painter would crash Qt

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        accent = palette.color(QPalette.ColorRole.Highlight)
        text = palette.color(QPalette.ColorRole.WindowText)
        track = self._track()
        groove = QRectF(track.left(), track.center().y() - 3, track.width(), 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(groove, 3, 3)
        if self._duration_ms > 0 and self._position_ms > 0:
            played = QRectF(groove)
            played.setRight(self.x_for_ms(self._position_ms))
            painter.setBrush(accent.lighter(150))
            painter.drawRoundedRect(played, 3, 3)
        if any(item.past_end for item in self._placed):
            self._paint_overflow_zone(painter)
        for item in sorted(self._placed, key=lambda i: i.own):  # own ticks on top
            self._paint_marker(painter, item, accent, text)
        if self._duration_ms > 0 or self._position_ms > 0:
            x = self.x_for_ms(self._position_ms)
            painter.setPen(QPen(text, 2))
            painter.drawLine(QPointF(x, 1), QPointF(x, self.height() - 1))

    def _paint_overflow_zone(self, painter: QPainter) -> None:
        zone = QRectF(self.width() - MARGIN - OVERFLOW_WIDTH, 1, OVERFLOW_WIDTH, self.height() - 2)
        warn = QColor("#c0392b")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(warn.red(), warn.green(), warn.blue(), 40))
        painter.drawRect(zone)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(warn, 1, Qt.PenStyle.DashLine))
        painter.drawLine(zone.topLeft(), zone.bottomLeft())

    def _paint_marker(
        self, painter: QPainter, item: PlacedMarker, accent: QColor, text: QColor
    ) -> None:
        height = self.height()
        if item.past_end:
            color = QColor("#c0392b")
            if not item.own:
                color.setAlpha(110)
            size = 5.0 if item.own else 4.0
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            center_y = height / 2
            painter.drawPolygon([
                QPointF(item.x - size, center_y + size),
                QPointF(item.x + size, center_y + size),
                QPointF(item.x, center_y - size),
            ])
            return
        if item.own:
            pen = QPen(accent.darker(120), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(item.x, 4), QPointF(item.x, height - 4))
        else:
            faint = QColor(text)
            faint.setAlpha(90)
            painter.setPen(QPen(faint, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(item.x, height * 0.3), QPointF(item.x, height * 0.7))

    # -- interaction -----------------------------------------------------------------

    def tooltip_text(self, item: PlacedMarker) -> str:
        """What hovering a marker shows: time, sentence (or the note's title while the
        sentence is not known), and where it comes from."""
        marker = item.marker
        text = marker.text or self._texts.get((marker.note_path, marker.index))
        if text is None:
            text = f"{marker.title} …" if marker.title else "…"
        lines = [f"{format_time(marker.seconds)}  {text}".strip()]
        if not item.own:
            lines.append(f"in {marker.note_path}")
        if item.past_end:
            lines.append(
                f"past the end of this video ({format_time(self._duration_ms // 1000)})"
            )
        return "\n".join(lines)

    def _show_tip(self, item: PlacedMarker, pos: QPoint) -> None:
        self._tip = (item, pos)
        self._shown_tip = self.tooltip_text(item)
        # Escaped in a paragraph: note text is never taken for markup.
        QToolTip.showText(pos, f"<p style='white-space:pre-wrap'>{html.escape(self._shown_tip)}</p>",
                          self)

    def show_tip_at(self, x: float, global_pos: QPoint) -> bool:
        """Show the tooltip of the marker under `x` (what a hover does); False if none."""
        item = self._hit(x)
        if item is None:
            self._tip = None
            QToolTip.hideText()
            return False
        self._show_tip(item, global_pos)
        marker = item.marker
        if not marker.text and (marker.note_path, marker.index) not in self._texts:
            self.hover_wanted.emit(marker, item.own)
        return True

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if not self.show_tip_at(event.pos().x(), event.globalPos()):
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position().x()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        item = self._hit(event.position().x())
        if item is not None:
            self.marker_clicked.emit(item.marker, item.own)
        elif self._duration_ms > 0 and event.position().x() <= self._track().right():
            self.seek_requested.emit(self.ms_for_x(event.position().x()))
        event.accept()
