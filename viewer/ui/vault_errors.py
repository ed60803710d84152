"""What the window says when a vault cannot be read: a folder gone, renamed or unreadable,
subfolders skipped, a cache rebuilt (issue 12, "Errors that say what happened").

Paths and OS reasons are shown as plain text (a folder name may hold a tag; STYLE.md,
"Note text is never markup outside the page").
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from viewer.render.pages import notice_payload
from viewer.ui.history import History
from viewer.ui.plaintext import plain
from viewer.ui.recent import forget_vault, recent_vaults

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

log = logging.getLogger("lectern.window")

REMOVE_FROM_RECENT = "Remove from Recent"


def folder_problem(path: Path) -> str | None:
    """Why `path` cannot be opened as a vault, in words ("This folder no longer exists."),
    or None when it can be listed. Costs a stat and an opendir on the calling thread."""
    if not path.exists():
        return "This folder no longer exists. It may have been moved, renamed or deleted."
    if not path.is_dir():
        return "This is not a folder."
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"This folder cannot be read: {exc.strerror or exc}."
    return None


def vault_dialog(parent: QWidget, root: Path, problem: str,
                 remove_from_recent: Callable[[], None] | None) -> QMessageBox:
    """A non-modal warning naming `root` and `problem`; with `remove_from_recent`, a
    "Remove from Recent" button that calls it. Shown, and deleted when closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Lectern",
                      f"Lectern cannot open the folder\n{os.fsdecode(root)}", parent=parent)
    box.setInformativeText(problem)
    plain(box)
    box.setObjectName("vaultErrorDialog")
    if remove_from_recent is not None:
        button = box.addButton(REMOVE_FROM_RECENT, QMessageBox.ButtonRole.AcceptRole)
        button.clicked.connect(remove_from_recent)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setModal(False)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.show()
    return box


def problem_rows(unreadable: list[tuple[str, str]], cache_problem: str | None,
                 skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """Rows for the Problems panel: each folder that could not be read, each note name passed
    over (a FIFO `x.md`, a symlink loop), then the cache's problem (`Cache.problem`), e.g.
    "sub/  folder skipped: Permission denied"."""
    rows = [f"{folder}/  folder skipped: {reason}" for folder, reason in unreadable
            if folder != "."]
    rows += [f"{path}  {reason}" for path, reason in sorted(skipped or [])]
    if cache_problem:
        rows.append(f"(index cache)  {cache_problem}")
    return rows


class VaultErrors:
    """The window's words for a vault or note that cannot be read.

    - A folder that is gone or cannot be listed (Open, Open Recent, the last vault, or the
      open vault renamed or deleted): a non-modal dialog naming it, with "Remove from
      Recent" for a recent entry; if it was the open vault, the vault is closed so that
      nothing of it stays on screen (tree, page, panels, video).
    - Subfolders skipped and the cache's problem: rows of the Problems panel.
    - The open note deleted or moved: said on the page.
    """

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: QMessageBox | None = None  # the last dialog shown (for tests)
        self._rows: list[str] = []
        self._closed: str | None = None  # why the last vault was closed (a Problems row)

    def unavailable(self, root: Path, problem: str) -> None:
        """Say that `root` cannot be opened; close it if it is the open vault (another open
        vault stays open and untouched)."""
        window = self.window
        log.warning("cannot open %s: %s", root, problem)
        if window.vault is None or window.vault == root:
            self._close_vault(root, problem)
        remove = partial(self.remove_recent, str(root)) if str(root) in recent_vaults(window.settings) else None
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = vault_dialog(window, root, problem, remove)
        self.dialog.destroyed.connect(self._forget_dialog)

    def _forget_dialog(self) -> None:
        self.dialog = None

    def vault_lost(self) -> bool:
        """After a load: if the open vault can no longer be listed, close it and say so."""
        root = self.window.vault
        problem = folder_problem(root) if root is not None else None
        if root is None or problem is None:
            return False
        self.unavailable(root, problem)
        return True

    def _close_vault(self, root: Path, problem: str) -> None:
        window = self.window
        window.session.close()
        window.vault, window.store, window._note, window._pending_open = None, None, None, None
        window.pages.set_root("")
        window.history = History()
        window._update_history_actions()
        window.index.apply(removals=window.index.paths())
        window.progress.hide()
        window.setWindowTitle("Lectern")
        window.video.clear()
        window.outline.show_headings([])
        window.backlinks.clear()
        window.view.show_payload(notice_payload(
            "Folder", os.fsdecode(root.name), f"{problem} ({os.fsdecode(root)})", "notice"))
        window.statusBar().showMessage(f"Cannot open {os.fsdecode(root)}: {problem}")
        self._closed = f"{os.fsdecode(root)}  {problem}"

    def remove_recent(self, path: str) -> None:
        """The dialog's "Remove from Recent"."""
        settings = self.window.settings
        forget_vault(settings, path)
        if settings.value("vault/path") == path:
            settings.remove("vault/path")

    def problem_rows(self) -> list[str]:
        """Problems of the open vault as a whole: folders skipped, the cache rebuilt."""
        self._rows = self._current_rows()
        return self._rows

    def _current_rows(self) -> list[str]:
        if self.window.vault is None:  # closed: why
            return [self._closed] if self._closed else []
        self._closed = None
        session = self.window.session
        return problem_rows(session.unreadable, session.cache_problem, session.skipped)

    def rows_changed(self) -> bool:
        """Whether `problem_rows()` would differ from the rows last shown."""
        return self._current_rows() != self._rows

    def show_if_gone(self, path: str) -> bool:
        """If note `path` is no longer on disk, say so on the page and return True (instead
        of a blank note whose reason is only in a tooltip)."""
        window = self.window
        if window.vault is None or os.path.lexists(window.vault / path):
            return False
        window._note = None
        window.view.show_payload(notice_payload(
            "Note", path, f"This note was deleted or moved: {path}", "notice"))
        window.outline.show_headings([])
        window.backlinks.clear()
        window.note_shown.emit(path)
        return True
