"""Render resources/icons/lectern.svg to the PNG sizes of the hicolor icon theme:
resources/icons/lectern-<N>.png for N in SIZES (committed; run again after editing the SVG).

Usage: python packaging/make_icons.py [OUT_DIR]   (Qt's own SVG renderer: no extra tool)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, out_dir: Path) -> list[Path]:
    """Write one PNG per size in SIZES into `out_dir`; return their paths.

    Raises:
        ValueError: the SVG cannot be read.
        OSError: a PNG cannot be written.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"cannot read {svg}")
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"lectern-{size}.png"
        if not image.save(str(target), "PNG"):
            raise OSError(f"cannot write {target}")
        written.append(target)
    return written


if __name__ == "__main__":
    icons = Path(__file__).resolve().parent.parent / "resources" / "icons"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else icons
    for path in render(icons / "lectern.svg", out):
        print(path)
