"""`lectern screenshot` renders the real window offscreen to a PNG."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from tests.conftest import REPO
from tests.ui.vaults import make_vault


def test_screenshot_is_a_non_blank_png_of_the_right_size(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "vault")
    out = tmp_path / "shot.png"
    env = {**os.environ, "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "viewer.cli", "screenshot", str(out), str(vault),
         "--note", "Beta Notes", "--size", "1000x700"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=90, check=False)
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    colours = {image.pixel(x, y) for x in range(0, 1000, 7) for y in range(0, 700, 7)}
    assert len(colours) > 50  # text, chips, tree: not a blank window
    assert "Traceback" not in result.stderr


def test_screenshot_usage_error(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "viewer.cli", "screenshot", str(tmp_path / "x.png"),
                             str(tmp_path / "missing")], cwd=REPO, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "QTWEBENGINE_DISABLE_SANDBOX": "1"},
                            check=False)
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_gui_without_a_display_says_what_to_do(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "viewer.cli", str(tmp_path)], cwd=REPO,
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "lectern screenshot" in result.stderr
