"""The video pane: a local file, YouTube's player or an offline card, with a timeline.

The main window embeds `VideoPane` and feeds it `Marker`s; nothing else here is public.
"""

from viewer.ui.video import qtfix

# WORKAROUND: PySide6 6.12 on Python 3.11 aborts the interpreter after some thousands of
# Qt calls unless this runs first; see qtfix. Harmless (a no-op) on Python >= 3.12.
qtfix.install()

from viewer.ui.video.pane import VideoPane  # noqa: E402
from viewer.ui.video.timeline import Marker  # noqa: E402

__all__ = ["Marker", "VideoPane"]
