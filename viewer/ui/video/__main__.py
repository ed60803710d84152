"""Try the video pane alone: `python -m viewer.ui.video [--offline] [--id ID] [FILE]`.

Shows a window with the pane, a local FILE (else YouTube, or the offline card), a few
example markers, and prints the pane's signals. For development only.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from viewer.ui.video import Marker, VideoPane


def main() -> int:
    """Open the demo window."""
    parser = argparse.ArgumentParser(description="Lectern video pane demo")
    parser.add_argument("file", nargs="?", type=Path, help="a local video file")
    parser.add_argument("--id", default="8sGHxZkZReo", help="YouTube video id")
    parser.add_argument("--offline", action="store_true", help="pretend to be offline")
    parser.add_argument("--seek", type=int, default=None, help="seek to this second")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")

    app = QApplication(sys.argv)
    settings_dir = tempfile.mkdtemp(prefix="lectern-video-demo-")
    settings = QSettings(str(Path(settings_dir) / "demo.ini"), QSettings.Format.IniFormat)
    window = QMainWindow()
    window.setWindowTitle("Lectern: video pane")
    pane = VideoPane(settings, online=(lambda: False) if args.offline else None)
    window.setCentralWidget(pane)
    pane.marker_activated.connect(lambda path, s: print("marker_activated", path, s))
    pane.follow_changed.connect(lambda on: print("follow_changed", on))
    pane.status_message.connect(lambda words: window.statusBar().showMessage(words, 5000))
    window.resize(720, 560)
    pane.show_video(args.id, args.file, "Role of Russia in the Nagorno-Karabakh peace process")
    pane.set_markers(
        [Marker(0, "notes/a.md", 0, "A peace agreement was reached on 9 November 2020."),
         Marker(5, "notes/a.md", 1, "The deal was brokered by Russia."),
         Marker(11, "notes/a.md", 2, "Efforts were made under a process led by Russia."),
         Marker(16, "notes/a.md", 3, "The return of internally displaced persons."),
         Marker(754, "notes/a.md", 4, "A timestamp past the end of a short video.")],
        [Marker(8, "notes/b.md", 0, "Another note about the same video."),
         Marker(14, "notes/c.md", 2, "A third note.")],
    )
    if args.seek is not None:
        pane.seek(args.id, args.seek, args.file)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
