"""What our pages reach through QWebChannel: the base of their bridge objects, and the
channel's client script."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QFile, QIODevice, QObject

log = logging.getLogger("lectern.page")


class PageObject(QObject):
    """A QObject published to a web page that the page cannot delete.

    QWebChannel publishes every public slot of the object, QObject's `deleteLater` too
    (it cannot be hidden: the channel walks the whole meta-object), and a page calling it
    would leave Python emitting signals of a deleted object. Deferred deletes are
    therefore ignored: the object lives exactly as long as its Qt parent.
    """

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.DeferredDelete:
            log.warning("%s: ignored a deleteLater() from its page", type(self).__name__)
            return True
        return super().event(event)


def qwebchannel_js() -> str:
    """The source of Qt's qwebchannel.js (our pages get it injected, never by URL).

    Raises:
        RuntimeError: Qt's resources lack it (a broken Qt install).
    """
    qrc = QFile(":/qtwebchannel/qwebchannel.js")
    if not qrc.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("qwebchannel.js is missing from the Qt resources")
    try:
        return bytes(qrc.readAll().data()).decode("utf-8")
    finally:
        qrc.close()
