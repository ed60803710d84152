"""Help > Keyboard Shortcuts (F1): every shortcut of `actions.ACTIONS`, in plain text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.actions import ACTIONS, ActionSpec, shortcut_text

PANE_NOTE = "in the video pane"


def shortcut_rows(specs: tuple[ActionSpec, ...] = ACTIONS) -> list[tuple[str, str, str]]:
    """(menu, command, keys) of every action with a shortcut, in menu order."""
    return [(s.menu.replace("/", " > "), s.label, shortcut_text(s)) for s in specs if s.keys]


class ShortcutsDialog(QDialog):
    """A table of Menu | Command | Keys (non-modal; F1 again raises it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts")
        self.setWindowTitle("Keyboard Shortcuts")
        self.table = QTreeWidget(self)
        self.table.setColumnCount(3)
        self.table.setHeaderLabels(["Menu", "Command", "Keys"])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        for menu, label, keys in shortcut_rows():
            self.table.addTopLevelItem(QTreeWidgetItem([menu, label, keys]))
        pane = [s for s in ACTIONS if s.keys and s.pane_keys]
        for row, spec in enumerate(s for s in ACTIONS if s.keys):
            if spec in pane:
                self.table.topLevelItem(row).setToolTip(2, PANE_NOTE)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows."""
        return [tuple(self.table.topLevelItem(i).text(c) for c in range(3))  # type: ignore[misc]
                for i in range(self.table.topLevelItemCount())]


def show_shortcuts(window: QWidget) -> ShortcutsDialog:
    """Show (or raise) the window's shortcuts dialog."""
    dialog = window.findChild(ShortcutsDialog)
    if dialog is None:
        dialog = ShortcutsDialog(window)
    if dialog.isVisible():
        dialog.raise_()
        dialog.activateWindow()
    dialog.show()
    return dialog
