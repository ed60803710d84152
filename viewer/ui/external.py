"""Starting external programs (the browser through `xdg-open`, an editor) with the user's
environment, not the frozen bundle's.

A PyInstaller bundle points `LD_LIBRARY_PATH` into itself (keeping the user's value in
`LD_LIBRARY_PATH_ORIG`) and its runtime hooks add Qt variables (`QT_PLUGIN_PATH`,
`QTWEBENGINEPROCESS_PATH`, ...) that lead into the bundle too. A browser started with them loads
our Qt and our libstdc++ instead of its own and may fail to start. So every program Lectern
starts goes through `start_detached`, with those variables restored to their values before
launch or removed (PyInstaller's "LD_LIBRARY_PATH / LIBPATH considerations" in its runtime
information docs).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QProcess, QProcessEnvironment, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

log = logging.getLogger("lectern.external")

ORIG_SUFFIX = "_ORIG"
# PyInstaller's bootloader state: a child that is itself a PyInstaller app must not inherit it.
_PYINSTALLER_PREFIXES = ("_PYI_", "_MEIPASS")


def _bundle_dirs() -> list[str]:
    """The folders of the frozen bundle (none when running from source)."""
    if not getattr(sys, "frozen", False):
        return []
    dirs = {str(Path(sys.executable).resolve().parent)}
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        dirs.add(str(Path(meipass).resolve()))
    return sorted(dirs)


def _inside(value: str, dirs: list[str]) -> bool:
    return any(value == d or value.startswith(d.rstrip("/") + "/") for d in dirs)


def clean_environment(env: Mapping[str, str] | None = None,
                      bundle_dirs: list[str] | None = None) -> dict[str, str]:
    """The environment for an external program: `env` (default: this process's) with

    - every `X` that has an `X_ORIG` set back to the `X_ORIG` value, `X_ORIG` removed;
    - entries of path lists that lead into the bundle (`bundle_dirs`, default: the frozen
      app's folders) dropped, and a variable left empty by that removed;
    - PyInstaller's own `_PYI_*` / `_MEIPASS*` variables removed.

    Running from source (no bundle) only the `_ORIG` and PyInstaller rules apply.
    """
    env = dict(os.environ if env is None else env)
    dirs = _bundle_dirs() if bundle_dirs is None else bundle_dirs
    for key in [k for k in env if k.endswith(ORIG_SUFFIX)]:
        env[key[: -len(ORIG_SUFFIX)]] = env.pop(key)
    for key in [k for k in env if k.startswith(_PYINSTALLER_PREFIXES)]:
        del env[key]
    if dirs:
        for key, value in list(env.items()):
            parts = value.split(os.pathsep)
            kept = [part for part in parts if not _inside(part, dirs)]
            if len(kept) == len(parts):
                continue
            if any(kept):
                env[key] = os.pathsep.join(kept)
            else:
                del env[key]
    return env


def start_detached(program: str, arguments: list[str]) -> bool:
    """Start `program` (a name looked up on the cleaned PATH, or a path) with `arguments`,
    detached, in the cleaned environment; False (logged) if it cannot be found or started."""
    env = clean_environment()
    found = shutil.which(program, path=env.get("PATH", os.defpath))
    if found is None:
        log.warning("cannot start %s: not found on PATH", program)
        return False
    process = QProcess()
    process.setProgram(found)
    process.setArguments(arguments)
    qt_env = QProcessEnvironment()
    for key, value in env.items():
        qt_env.insert(key, value)
    process.setProcessEnvironment(qt_env)
    ok = process.startDetached()
    if not ok:
        log.warning("cannot start %s: %s", found, process.errorString())
    return bool(ok)


def open_url(url: QUrl | str) -> bool:
    """Open `url` (a QUrl or its string: http, https, mailto, file) with the user's default
    application; False if nothing could be started.

    The frozen app on Linux and the BSDs runs `xdg-open` in the cleaned environment (Qt's
    QDesktopServices would start it with the bundle's variables). From source, and where there
    is no `xdg-open`, QDesktopServices does it (and honours its URL handlers, which tests use).
    """
    url = QUrl(url)
    if getattr(sys, "frozen", False) and sys.platform.startswith(
            ("linux", "freebsd", "openbsd", "netbsd")):
        url_str = bytes(url.toEncoded().data()).decode("ascii")
        if start_detached("xdg-open", [url_str]):
            return True
        log.info("no xdg-open: asking Qt to open %s", url_str[:200])
    return QDesktopServices.openUrl(url)


def open_or_copy(url_str: str) -> tuple[bool, str]:
    """Open a web link in the browser or, when none starts, copy it to the clipboard:
    (opened, the words to show the user)."""
    if open_url(url_str):
        return True, f"Opened {url_str} in your browser"
    QGuiApplication.clipboard().setText(url_str)
    return False, f"No web browser could be started; the link is copied instead: {url_str}"
