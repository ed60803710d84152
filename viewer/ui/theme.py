"""Light and dark palettes for the widgets (the note page follows with its own CSS)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_DARK = {
    QPalette.ColorRole.Window: "#2b2e33",
    QPalette.ColorRole.WindowText: "#e2e4e8",
    QPalette.ColorRole.Base: "#1d1f23",
    QPalette.ColorRole.AlternateBase: "#26292e",
    QPalette.ColorRole.ToolTipBase: "#33373d",
    QPalette.ColorRole.ToolTipText: "#e2e4e8",
    QPalette.ColorRole.PlaceholderText: "#8a9099",
    QPalette.ColorRole.Text: "#e2e4e8",
    QPalette.ColorRole.Button: "#33373d",
    QPalette.ColorRole.ButtonText: "#e2e4e8",
    QPalette.ColorRole.BrightText: "#ff8a80",
    QPalette.ColorRole.Highlight: "#3d6bb3",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    # Frames, grooves and the timeline's track: left to the style they stay light grey.
    QPalette.ColorRole.Light: "#4a4f57",
    QPalette.ColorRole.Midlight: "#3d4249",
    QPalette.ColorRole.Mid: "#454a52",
    QPalette.ColorRole.Dark: "#1a1c20",
    QPalette.ColorRole.Shadow: "#111214",
}


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark scheme."""
    from PySide6.QtCore import Qt

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def is_dark(choice: str) -> bool:
    """Whether View > Theme's `choice` ("system", "light" or "dark") means dark now."""
    return choice == "dark" or (choice == "system" and system_is_dark())


def apply_palette(dark: bool) -> None:
    """Give every widget a dark palette, or the style's own light one."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if not dark:
        app.setPalette(app.style().standardPalette())
        return
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f757e"))
    app.setPalette(palette)
