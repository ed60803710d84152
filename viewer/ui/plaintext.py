"""Untrusted text in native widgets: shown literally, never as Qt rich text.

Qt guesses rich text (`Qt::mightBeRichText`) for QLabel, QMessageBox and every tooltip when
the text's first line holds a tag, and rich text loads `<img src>` from the local disk,
synchronously, on the UI thread (a `/dev/zero` source allocates until the process is
killed; a FIFO hangs it). Titles, sentences and page-reported strings are untrusted
(STYLE.md, "Note text is never markup outside the page"; issue 12).

- Labels and message boxes: `plain(widget)` sets `Qt.PlainText` once, at construction.
- Tooltips cannot be told to be plain: `tooltip_html(text)` escapes the text and wraps it
  in a paragraph that keeps its spaces and line breaks, so it reads exactly as given.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtCore import Qt

# A tooltip longer than this says nothing more useful and costs layout time.
MAX_TOOLTIP_CHARS = 2000


class _HasTextFormat(Protocol):
    def setTextFormat(self, format: Qt.TextFormat) -> None: ...  # noqa: A002 - Qt's name


def plain(*widgets: _HasTextFormat) -> None:
    """Make QLabels / QMessageBoxes show their text literally (Qt.PlainText)."""
    for widget in widgets:
        widget.setTextFormat(Qt.TextFormat.PlainText)


def tooltip_html(text: str) -> str:
    """`text` as a tooltip that Qt shows literally ('' stays '': no tooltip).

    Returns rich text (Qt treats every tooltip as possibly rich): the escaped text, at most
    MAX_TOOLTIP_CHARS characters, in a `white-space: pre-wrap` paragraph so that spaces and
    newlines show as typed while long lines still wrap.
    """
    if not text:
        return ""
    if len(text) > MAX_TOOLTIP_CHARS:
        text = text[:MAX_TOOLTIP_CHARS] + "…"
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
