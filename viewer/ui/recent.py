"""File > Open Recent: the vault folders last opened, newest first, kept in the settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMenu

KEY = "vault/recent"
KEEP = 8  # folders listed at most


def recent_vaults(settings: Any) -> list[str]:
    """The folders, newest first (QSettings gives a lone str for a one-item list)."""
    value = settings.value(KEY, [])
    return [value] if isinstance(value, str) else list(value or [])


def remember_vault(settings: Any, root: Path) -> None:
    """Put `root` first."""
    settings.setValue(KEY, [str(root), *(p for p in recent_vaults(settings) if p != str(root))][:KEEP])


def forget_vault(settings: Any, path: str) -> None:
    """Drop `path` (a folder that cannot be opened: "Remove from Recent")."""
    settings.setValue(KEY, [p for p in recent_vaults(settings) if p != path])


def fill_recent_menu(menu: QMenu, settings: Any, open_vault: Callable[[Path], None]) -> None:
    """The menu's actions, one per folder (filled as the menu opens)."""
    menu.clear()
    for path in recent_vaults(settings):
        menu.addAction(path, partial(open_vault, Path(path)))
