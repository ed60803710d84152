"""Where each video was left: the "Resume at m:ss" offer and the saves behind it."""

from __future__ import annotations

import time

from viewer.core.timecode import is_video_id
from viewer.ui.video.header import VideoHeader
from viewer.ui.video.player_base import PlayerBase
from viewer.ui.video.prefs import VideoPrefs

RESUME_SAVE_MS = 5000  # while playing, the position is saved at most this often


class ResumeKeeper:
    """Remembers the position of a video the user played or seeked (not one merely shown),
    in the settings (`VideoPrefs`), and offers it in the header when the video is shown
    again. The rule of what is worth keeping is `viewer.core.media.resume_worth_keeping`.
    """

    def __init__(self, prefs: VideoPrefs, header: VideoHeader) -> None:
        self._prefs = prefs
        self._header = header
        self.touched = False  # played or seeked since shown: worth remembering
        self._last_save = 0.0  # time.monotonic() of the last save

    def offer(self, video_id: str | None, kind: str) -> None:
        """Offer "Resume at m:ss" for a local or YouTube video (none for 0 s)."""
        if is_video_id(video_id) and kind in ("local", "youtube"):
            self._header.offer_resume(self._prefs.resume_seconds(video_id or ""))

    def save(self, video_id: str | None, player: PlayerBase | None) -> None:
        """Save where `player` is in `video_id`, if the user touched it."""
        if player is None or not self.touched or not is_video_id(video_id):
            return
        self._last_save = time.monotonic()
        self._prefs.remember_position(video_id or "", player.position_ms(), player.duration_ms())

    def save_last(self, video_id: str | None, player: PlayerBase | None) -> None:
        """`save`, the player about to let go of its media: nothing more to save after it
        (the hide that follows a close finds the player at 0) until it is touched again."""
        self.save(video_id, player)
        self.touched = False

    def save_if_due(self, video_id: str | None, player: PlayerBase | None) -> None:
        """`save`, at most every RESUME_SAVE_MS (called on each position report)."""
        if self.touched and time.monotonic() - self._last_save >= RESUME_SAVE_MS / 1000:
            self.save(video_id, player)
