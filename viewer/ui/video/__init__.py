"""The video pane: a local file, YouTube's player or an offline card, with a timeline.

The main window embeds `VideoPane` and feeds it `Marker`s; nothing else here is public.
"""

from viewer.ui.video.pane import VideoPane
from viewer.ui.video.timeline import Marker

__all__ = ["Marker", "VideoPane"]
