"""Export a note as PDF (issue 15): the standalone page of `viewer.export`, loaded in an
off-screen QWebEnginePage and printed with `printToPdf`, and File > Export Note… in the
window.

The page is the exported file itself (no `lectern://` scheme, no bridge): it is loaded from
a temporary file with remote access off, and JavaScript only runs when the note has math
(KaTeX's script and its typesetter are inlined in the file).
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEventLoop, QMarginsF, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from viewer.export import Exported, export_note
from viewer.ui.app import make_app
from viewer.ui.render_worker import call_on_ui_thread

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.export")

PDF_SECONDS = 60.0  # loading, typesetting and printing one note


class PdfPrinter(QObject):
    """Prints one exported page to a PDF file.

    Signals:
        finished(str): "" when the file is written, else why not.
    """

    finished = Signal(str)

    def __init__(self, exported: Exported, out: Path, parent: QObject | None = None) -> None:
        """Prepare to print `exported` to `out` (call `start`)."""
        super().__init__(parent)
        self._out = out
        self._folder = tempfile.TemporaryDirectory(prefix="lectern-export-")
        self._file = Path(self._folder.name) / "note.html"
        self._file.write_text(exported.html, encoding="utf-8")
        self._profile = QWebEngineProfile(self)  # off the record: no cache, no cookies
        self._page = QWebEnginePage(self._profile, self)
        settings = self._page.settings()
        attribute = QWebEngineSettings.WebAttribute
        settings.setAttribute(attribute.JavascriptEnabled, exported.has_math)
        settings.setAttribute(attribute.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(attribute.LocalContentCanAccessFileUrls, False)
        settings.setAttribute(attribute.AutoLoadImages, True)
        self._page.loadFinished.connect(self._loaded)
        self._page.pdfPrintingFinished.connect(self._printed)
        self._timer = QTimer(self, singleShot=True, interval=int(PDF_SECONDS * 1000))
        self._timer.timeout.connect(lambda: self._done("timed out"))
        self._ended = False

    def start(self) -> None:
        """Load the page; `finished` follows."""
        self._timer.start()
        self._page.load(QUrl.fromLocalFile(str(self._file)))

    def _loaded(self, ok: bool) -> None:
        if not ok:
            self._done("the page did not load")
            return
        # Fonts (KaTeX's) may still be loading: print once they are in.
        self._page.runJavaScript("document.fonts.status", 0, self._fonts)

    def _fonts(self, status: object) -> None:
        if status == "loading":
            QTimer.singleShot(50, lambda: self._page.runJavaScript(
                "document.fonts.status", 0, self._fonts))
            return
        layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                             QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        self._page.printToPdf(str(self._out), layout)

    def _printed(self, _path: str, ok: bool) -> None:
        if ok:
            _usual_mode(self._out)
        self._done("" if ok else f"could not write {str(self._out)!r}")

    def _done(self, why: str) -> None:
        if self._ended:
            return
        self._ended = True
        self._timer.stop()
        self._folder.cleanup()
        self.finished.emit(why)

    def close(self) -> None:
        """Delete the page, then its profile (Qt warns when a profile goes first), now:
        not from a slot of the page's own signals."""
        shiboken6.delete(self._page)
        shiboken6.delete(self._profile)

    def close_later(self) -> None:
        """Delete the page, its profile and this printer once control is back in the
        event loop (deferred deletes run in the order asked)."""
        self._page.deleteLater()
        self._profile.deleteLater()
        self.deleteLater()


def _usual_mode(path: Path) -> None:
    """Give `path` the mode a new file gets (0666 less the umask), as the HTML export
    does: Chromium's printToPdf creates it 0600, readable by nobody the user shares it with."""
    mask = os.umask(0o022)
    os.umask(mask)
    try:
        path.chmod(0o666 & ~mask)
    except OSError:  # not ours to change (a file that existed); the PDF is written anyway
        pass


def write_pdf(exported: Exported, out: Path) -> str:
    """Print `exported` to `out`, blocking in a local event loop; "" or why it failed.
    Needs a QApplication (the command line makes one)."""
    printer = PdfPrinter(exported, out)
    loop = QEventLoop()
    result: list[str] = []
    printer.finished.connect(lambda why: (result.append(why), loop.quit()))
    printer.start()
    if not result:
        loop.exec()
    printer.close()
    printer.deleteLater()
    return result[0] if result else "stopped"


def pdf_main(exported: Exported, out: Path) -> str:
    """The command line's PDF export: "" when `out` is written, else why not. Prints
    offscreen (as `lectern screenshot` renders): no display is needed."""
    if QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = make_app([])
    why = write_pdf(exported, out)
    app.processEvents()
    return why


def export_current_note(window: MainWindow) -> None:
    """File > Export Note…: ask where, then write the shown note as HTML or PDF (the
    rendering runs on a thread; the PDF printer on the UI thread, asynchronously)."""
    note = getattr(window, "_note", None)
    if note is None or window.vault is None:
        window.statusBar().showMessage("Open a note to export it.", 5000)
        return
    start = str(Path.home() / f"{Path(note.path).stem}.html")
    name, _filter = QFileDialog.getSaveFileName(
        window, "Export note", start, "Web page (*.html);;PDF (*.pdf)")
    if not name:
        return
    out = Path(name)
    if out.suffix.lower() not in (".html", ".htm", ".pdf"):
        out = out.with_suffix(".pdf" if "pdf" in _filter.lower() else ".html")
    index, root, path = window.index, window.vault, note.path
    window.statusBar().showMessage(f"Exporting {out.name}…")

    def work() -> None:
        try:
            exported = export_note(index, root, path, dark=False)
            error = ""
        except Exception as exc:  # noqa: BLE001 - shown to the user
            log.exception("export of %s failed", path)
            exported, error = None, str(exc)
        call_on_ui_thread(lambda: _write(window, exported, out, error))

    threading.Thread(target=work, name="lectern-export", daemon=True).start()


def _write(window: MainWindow, exported: Exported | None, out: Path, error: str) -> None:
    if exported is None:
        _report(window, out, error)
        return
    if out.suffix.lower() != ".pdf":
        try:
            out.write_text(exported.html, encoding="utf-8")
        except OSError as exc:
            _report(window, out, str(exc.strerror or exc))
            return
        _report(window, out, "")
        return
    printer = PdfPrinter(exported, out, window)
    printer.finished.connect(lambda why: (_report(window, out, why), printer.close_later()))
    printer.start()


def _report(window: MainWindow, out: Path, why: str) -> None:
    if not why:
        window.statusBar().showMessage(f"Exported {out}", 8000)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "Export failed",
                      f"Could not export to {out}: {why}", parent=window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setModal(False)
    box.show()
