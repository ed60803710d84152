"""Settings: QSettings with a table of defaults; only what differs from a default is stored."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QSettings

DEFAULTS: dict[str, Any] = {
    "view/theme": "system",  # system | light | dark
    "view/zoom": 1.0,
    "view/backlinks": True,
    "view/outline": True,
    "view/problems": True,
    "video/follow": True,
}


def config_dir() -> Path:
    """$LECTERN_CONFIG_DIR (tests), else the platform's user config dir."""
    override = os.environ.get("LECTERN_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("lectern", False))


def open_settings() -> QSettings:
    """The settings file (an ini file, so that it is easy to inspect and reset)."""
    return QSettings(str(config_dir() / "lectern.ini"), QSettings.Format.IniFormat)


def get(settings: QSettings, key: str) -> Any:
    """A preference, typed like its default."""
    default = DEFAULTS[key]
    value: Any = settings.value(key, default)  # whatever type the ini file gave back
    if isinstance(default, bool):
        return value in (True, "true", "1", 1)
    if isinstance(default, float):
        try:
            return float(value)
        except (TypeError, ValueError):
            return default
    return value


def put(settings: QSettings, key: str, value: Any) -> None:
    """Store a preference, or forget it when it equals the default."""
    if value == DEFAULTS.get(key, object()):
        settings.remove(key)
    else:
        settings.setValue(key, value)


def last_note_key(vault: Path) -> str:
    """The settings key remembering the last note open in `vault`."""
    digest = hashlib.sha1(str(vault).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"vault/last_note/{digest}"


def last_scroll_key(vault: Path) -> str:
    """The settings key remembering where the last note of `vault` was scrolled to (CSS px)."""
    return last_note_key(vault).replace("last_note", "last_scroll", 1)
