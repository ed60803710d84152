"""Starting the GUI: `lectern [VAULT] [--note N] [--at T]` and `lectern screenshot`."""

from __future__ import annotations

import argparse
import difflib
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QEvent,
    QMessageLogContext,
    QSettings,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from viewer import resources
from viewer.core.index import LinkIndex
from viewer.core.slug import link_key, topic_slug
from viewer.core.timecode import parse_time
from viewer.core.vault import is_note_file
from viewer.ui.scheme import register_scheme
from viewer.ui.settings import open_settings

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.app")
qt_log = logging.getLogger("lectern.qt")


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    qt_log.log(level, "%s", message)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    text = "".join(traceback.format_exception(kind, exc, tb))
    log.error("unexpected error:\n%s", text)
    if QApplication.instance() is not None:
        box = QMessageBox(QMessageBox.Icon.Critical, "Lectern hit a bug",
                          f"Something went wrong, but your notes are safe.\n\n{exc}")
        box.setTextFormat(Qt.TextFormat.PlainText)  # the message may quote a note
        box.setDetailedText(text)
        box.setModal(False)
        box.show()
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)


def make_app(argv: list[str]) -> QApplication:
    """The QApplication, with our scheme registered first and Qt messages logged."""
    register_scheme()
    # An existing instance is a QApplication too: Lectern only ever makes that kind.
    app = cast(QApplication, QApplication.instance() or QApplication(["lectern", *argv]))
    app.setApplicationName("Lectern")
    app.setOrganizationName("Lectern")
    # Matches lectern.desktop (packaging/): taskbars and docks put the window under its entry.
    app.setDesktopFileName("lectern")
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):  # made from icons/lectern.svg
        icon.addFile(str(resources.path(f"icons/lectern-{size}.png")))
    app.setWindowIcon(icon)
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _excepthook
    return app


def _time_arg(value: str) -> int:
    seconds = parse_time(value)
    if seconds is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not a time like 00:02:11")
    return seconds


def _parser(prog: str, out: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog)
    if out:
        parser.add_argument("out", type=Path, help="PNG file to write")
    default = "the bundled sample vault" if out else "the last one"
    parser.add_argument("vault", nargs="?", type=Path, help=f"folder of notes (default: {default})")
    parser.add_argument("--note", help="note to open: slug, title or path")
    parser.add_argument("--at", type=_time_arg, help="time to open the note's video at, HH:MM:SS")
    return parser


def _vault(args: argparse.Namespace, settings: QSettings) -> Path:
    if args.vault is not None:
        return Path(args.vault).expanduser()
    last = settings.value("vault/path")
    if isinstance(last, str) and Path(last).is_dir():
        return Path(last)
    return resources.sample_vault()


def _start(args: argparse.Namespace, settings: QSettings,
           online: Callable[[], bool] | None = None
           ) -> tuple[QApplication, MainWindow, Path] | None:
    """The application and a window for the vault `args` names (None, said on stderr: a
    folder that is missing or cannot be read)."""
    from viewer.cli import folder_problem

    vault = _vault(args, settings)
    problem = folder_problem(vault)
    if problem:
        print(f"lectern: {problem}", file=sys.stderr)
        return None
    app = make_app([])
    from viewer.ui.window import MainWindow

    return app, MainWindow(settings, online=online), vault


def gui_main(argv: list[str]) -> int:
    """Open the window."""
    args = _parser("lectern").parse_args(argv)
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")):
        # Qt would abort with a core dump; say what to do instead.
        print("lectern: no display to open a window on (DISPLAY is not set). Run it in a "
              "desktop session, or render offscreen: lectern screenshot OUT.png [VAULT]",
              file=sys.stderr)
        return 2
    started = _start(args, open_settings())
    if started is None:
        return 2
    app, window, vault = started
    window.show()
    window.open_vault(vault, args.note, args.at)
    code = app.exec()
    _dispose(window)
    return code


def _dispose(window: QWidget) -> None:
    """Delete the window (and its pages) while the profiles still exist."""
    from shiboken6 import delete

    window.close()  # saves state, removes its event filter
    delete(window)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def note_matches(index: LinkIndex, vault: Path, name: str) -> bool:
    """Whether --note `name` opens something: a note (slug, title, alias, path) or a topic
    that notes link to."""
    return (index.find(name) is not None or is_note_file(vault, name)
            or bool(index.mentions(topic_slug(link_key(name)))))


def closest_titles(index: LinkIndex, name: str, limit: int = 5) -> list[str]:
    """Up to `limit` note titles like `name`, any case: those containing it, then the
    closest by difflib's ratio (>= 0.5)."""
    by_lower: dict[str, str] = {}
    for record in index.records():
        by_lower.setdefault(record.title.lower(), record.title)
    wanted = name.lower()
    found = [t for t in by_lower if wanted in t][:limit]
    found += difflib.get_close_matches(wanted, list(by_lower), n=limit, cutoff=0.5)
    return [by_lower[t] for t in dict.fromkeys(found)][:limit]


def _no_such_note(index: LinkIndex, name: str) -> str:
    """The error for a --note that matches nothing; titles quoted with repr so that a title
    holding control characters cannot drive the terminal."""
    text = f"lectern screenshot: no note or topic matches --note {name!r}"
    close = closest_titles(index, name)
    if close:
        return f"{text}; closest titles: " + ", ".join(repr(t) for t in close)
    return f"{text}, nor any title close to it"


def screenshot_main(argv: list[str]) -> int:
    """`lectern screenshot OUT.png [VAULT] [--note N] [--size WxH]`: render offscreen, save.

    Exit 0 saved, 1 not saved, 2 usage (no such folder, a --note that matches nothing).
    Runs on private, throw-away settings: the user's are never read or written (their last
    vault and window size are not the screenshot's business, nor its theirs).
    """
    parser = _parser("lectern screenshot", out=True)
    parser.add_argument("--size", default="1400x860", help="window size, WxH")
    parser.add_argument("--timeout", type=float, default=30.0, help="give up after seconds")
    args = parser.parse_args(argv)
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        parser.error(f"--size {args.size!r} is not WxH")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="lectern-screenshot-") as private:
        settings = QSettings(str(Path(private) / "lectern.ini"), QSettings.Format.IniFormat)
        code = _screenshot(args, settings, width, height)
        settings.sync()
    return code


def _screenshot(args: argparse.Namespace, settings: QSettings, width: int, height: int) -> int:
    started = _start(args, settings, online=lambda: False)
    if started is None:
        return 2
    app, window, vault = started
    window.resize(width, height)
    window.show()
    result = {"code": 1}

    def save() -> None:
        image = window.grab()
        ok = image.save(str(args.out), "PNG")
        result["code"] = 0 if ok else 1
        if not ok:
            print(f"lectern: could not write {args.out}", file=sys.stderr)
        app.quit()

    loaded = {"done": False}
    painted = {"done": False}

    def on_painted(_token: int) -> None:
        if loaded["done"] and not painted["done"] and not window.preparing():  # not "Loading…"
            painted["done"] = True
            QTimer.singleShot(400, save)

    def on_loaded() -> None:
        if loaded["done"]:
            return
        loaded["done"] = True
        if args.note and not note_matches(window.index, vault, args.note):
            print(_no_such_note(window.index, args.note), file=sys.stderr)
            result["code"] = 2
            app.quit()

    window.index_loaded.connect(on_loaded)
    window.view.painted.connect(on_painted)
    window.open_vault(vault, args.note, args.at)
    QTimer.singleShot(int(args.timeout * 1000), save)
    app.exec()
    _dispose(window)
    return result["code"]
