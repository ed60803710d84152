"""Captions over the local video: from caption files (drawn here) or from a subtitle track
inside the file (QMediaPlayer draws those into its video item).

Caption text is untrusted: it is painted with `QPainter.drawText`, never read as markup.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtMultimedia import QMediaMetaData, QMediaPlayer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from viewer.core.captions import CaptionProblem, Transcript, is_remembered, read_captions
from viewer.core.media import CaptionFile, order_captions

log = logging.getLogger("lectern.captions")
HEAD_BLOCKS = 400  # a long file's first blocks are shown at once, the rest when read


@dataclass(frozen=True)
class CaptionSource:
    """One choice in the caption menu: a file, or track `track` inside the video."""

    label: str
    file: CaptionFile | None = None
    track: int = -1


def language_name(tag: str) -> str:
    """"de-DE" -> "German (Germany)"-like words from Qt's locale data; the tag if unknown."""
    if not tag:
        return "Unknown language"
    locale = QLocale(tag.replace("-", "_").split("_orig")[0].replace("-orig", ""))
    if locale.language() == QLocale.Language.C:
        return tag
    name = QLocale.languageToString(locale.language())
    return f"{name} ({tag})"


def user_language() -> str:
    """The user's language tag, "de_DE" style."""
    return QLocale.system().name()


def file_sources(files: list[CaptionFile]) -> list[CaptionSource]:
    """Caption files as menu choices: the user's language first, then English."""
    return [CaptionSource(f"{language_name(f.lang)} — {f.path.name}", file=f)
            for f in order_captions(files, user_language())]


def track_sources(player: QMediaPlayer) -> list[CaptionSource]:
    """The subtitle tracks inside the loaded file as menu choices."""
    out = []
    for i, meta in enumerate(player.subtitleTracks()):
        lang = meta.stringValue(QMediaMetaData.Key.Language)
        title = meta.stringValue(QMediaMetaData.Key.Title)
        words = " — ".join(p for p in (lang or f"Track {i + 1}", title) if p)
        out.append(CaptionSource(f"{words} (in the video)", track=i))
    return out


class TranscriptLoader(QObject):
    """Reads caption files in a thread; the newest request wins. A long file is delivered
    twice: its first HEAD_BLOCKS blocks at once (`Transcript.partial`), then all of it.

    Signals:
        loaded(object, object): the CaptionSource and its Transcript.
        failed(object, str): the CaptionSource and why it cannot be read.
    """

    loaded = Signal(object, object)
    failed = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0

    def load(self, source: CaptionSource) -> None:
        """Read `source.file` off the UI thread; earlier requests' results are dropped."""
        assert source.file is not None
        self._generation += 1
        generation = self._generation
        caption = source.file

        def work() -> None:
            try:
                if not is_remembered(caption.path, caption.lang):
                    try:
                        head = read_captions(caption.path, caption.lang, head=HEAD_BLOCKS)
                    except CaptionProblem:
                        head = None  # nothing readable at the top: the whole file says why
                    if head is not None:
                        self._emit(generation, source, head, "")
                        if not head.partial:
                            return
                transcript = read_captions(caption.path, caption.lang)
            except CaptionProblem as exc:
                self._emit(generation, source, None, str(exc))
                return
            except Exception as exc:  # noqa: BLE001 - a parser bug must not end the app
                log.exception("reading %s", caption.path)
                self._emit(generation, source, None, f"{caption.path.name}: {exc!r}")
                return
            self._emit(generation, source, transcript, "")

        threading.Thread(target=work, name="captions", daemon=True).start()

    def cancel(self) -> None:
        """Drop the results of requests under way."""
        self._generation += 1

    def _emit(self, generation: int, source: CaptionSource, transcript: Transcript | None,
              problem: str) -> None:
        try:
            if generation != self._generation:
                return
            if transcript is None:
                self.failed.emit(source, problem)
            else:
                self.loaded.emit(source, transcript)
        except RuntimeError:  # the loader was deleted (its window closed) while reading
            log.debug("captions dropped: the loader is gone")


class CaptionItem(QGraphicsItem):
    """Caption text at the bottom of the picture, white on a translucent box."""

    def __init__(self) -> None:
        super().__init__()
        self._text = ""
        self._box = QRectF()
        self._scene_rect = QRectF()
        self._font = QFont()
        self.setZValue(10)

    def text(self) -> str:
        """The caption shown ("" when none)."""
        return self._text if self.isVisible() else ""

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._layout()

    def fit(self, scene_rect: QRectF) -> None:
        self._scene_rect = QRectF(scene_rect)
        self._layout()

    def _layout(self) -> None:
        self.prepareGeometryChange()
        rect = self._scene_rect
        if not self._text or rect.isEmpty():
            self._box = QRectF()
            self.update()
            return
        self._font.setPixelSize(max(11, min(24, int(rect.height() / 20))))
        metrics = QFontMetricsF(self._font)
        width = rect.width() * 0.9
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        text_rect = metrics.boundingRect(QRectF(0, 0, width, rect.height()), flags, self._text)
        pad = metrics.height() * 0.25
        box = text_rect.adjusted(-pad, -pad / 2, pad, pad / 2)
        box.moveLeft(rect.left() + (rect.width() - box.width()) / 2)
        box.moveBottom(rect.bottom() - rect.height() * 0.05)
        self._box = box
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._box)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self._box.isEmpty():
            return
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRoundedRect(self._box, 4, 4)
        painter.setFont(self._font)
        painter.setPen(QColor("white"))
        flags = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        painter.drawText(self._box, flags, self._text)  # plain text, never markup
        painter.restore()


def attach_caption_item(player_widget: QWidget) -> CaptionItem | None:
    """Put a CaptionItem into the local player's scene, kept at the bottom of the picture."""
    view = player_widget.findChild(QGraphicsView)
    scene: QGraphicsScene | None = view.scene() if view is not None else None
    if scene is None:
        log.warning("the local player has no scene: captions cannot be drawn")
        return None
    item = CaptionItem()
    scene.addItem(item)
    scene.sceneRectChanged.connect(item.fit)
    item.fit(scene.sceneRect())
    return item


def path_label(path: Path) -> str:
    """A short name for a caption file in messages."""
    return path.name
