"""Help > About: Lectern's version, the Qt, PySide6 and Python it runs on, and the licence
notices of what the packaged app bundles, with the folder holding their texts (issue 13).

All text is plain (`Qt.PlainText`): nothing here is guessed as rich text.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from viewer import notices
from viewer.ui import external


def lectern_version() -> str:
    """Lectern's version: the frozen bundle's `VERSION` file (build.spec writes it from
    pyproject.toml; a bundle holds no dist-info for the app), else the installed
    distribution's, else "unknown"."""
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        try:
            return (Path(meipass) / "VERSION").read_text(encoding="utf-8").strip()
        except OSError:
            return "unknown"
    try:
        return metadata.version("lectern")
    except metadata.PackageNotFoundError:
        return "unknown"


def version_lines() -> list[str]:
    """"Lectern 0.1.0", "Qt 6.12.0 (PySide6 6.12.0)", "Python 3.12.1", "Linux x86_64"."""
    frozen = " (packaged)" if getattr(sys, "frozen", False) else ""
    return [f"Lectern {lectern_version()}{frozen}",
            f"Qt {qVersion()} (PySide6 {PySide6.__version__})",
            f"Python {platform.python_version()}",
            f"{platform.system()} {platform.machine()}"]


def licence_text() -> str:
    """One paragraph per bundled component, then where the licence texts are."""
    folder = notices.licences_dir()
    where = (f"Licence texts: {folder}" if folder.is_dir()
             else "Licence texts: in the LICENSES folder of the packaged app")
    return "\n".join([notices.notices_text(), where])


def about_text() -> str:
    """Everything the dialog says: the versions, then `licence_text()`."""
    return "\n".join([*version_lines(), "", licence_text()])


class AboutDialog(QDialog):
    """Versions and licence notices, plain text, with a button opening the licence folder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Lectern")
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.heading = QLabel("\n".join(version_lines()), self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notices = QPlainTextEdit(self)  # plain text by nature
        self.notices.setReadOnly(True)
        self.notices.setPlainText(licence_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.open_folder = QPushButton("Open Licence Folder", self)
        self.open_folder.setEnabled(notices.licences_dir().is_dir())
        self.open_folder.clicked.connect(
            lambda: external.open_url(QUrl.fromLocalFile(str(notices.licences_dir()))))
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.heading)
        layout.addWidget(self.notices)
        layout.addWidget(buttons)


def show_about(parent: QWidget) -> AboutDialog:
    """Show the About dialog, non-modal, deleted when closed; returns it (tests read it)."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.show()
    return dialog
