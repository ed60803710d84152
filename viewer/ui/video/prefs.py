"""The video pane's settings: a table of defaults, and only what differs is stored."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from viewer.core.media import resume_key, resume_worth_keeping

DEFAULTS: dict[str, object] = {
    "video/follow": True,
    "video/volume": 80,
    "video/muted": False,
    "video/rate": 1.0,
}


class VideoPrefs:
    """Typed access to the pane's keys in the QSettings the pane was given."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def get(self, key: str) -> object:
        """The stored value of `key`, or its default, typed like the default."""
        default = DEFAULTS[key]
        return self._settings.value(key, default, type=type(default))

    def get_bool(self, key: str) -> bool:
        """`get` for a boolean setting."""
        return bool(self.get(key))

    def get_int(self, key: str) -> int:
        """`get` for an integer setting (the default if the stored value is not one)."""
        value = self.get(key)
        return value if isinstance(value, int) else int(str(DEFAULTS[key]))

    def get_float(self, key: str) -> float:
        """`get` for a number setting (the default if the stored value is not one)."""
        value = self.get(key)
        return float(value) if isinstance(value, (int, float)) else float(str(DEFAULTS[key]))

    def set(self, key: str, value: object) -> None:
        """Store `value`, or drop the key if `value` is the default."""
        if value == DEFAULTS[key]:
            self._settings.remove(key)
        else:
            self._settings.setValue(key, value)

    def resume_seconds(self, video_id: str) -> int:
        """Where playback of `video_id` stopped last time (0: start)."""
        value = self._settings.value(resume_key(video_id), 0, type=int)
        return value if isinstance(value, int) else 0

    def remember_position(self, video_id: str, position_ms: int, duration_ms: int) -> None:
        """Keep the position for "Resume at", or forget it at the very start or end."""
        if resume_worth_keeping(position_ms, duration_ms):
            self._settings.setValue(resume_key(video_id), position_ms // 1000)
        else:
            self._settings.remove(resume_key(video_id))
