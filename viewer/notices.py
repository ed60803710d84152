"""Licence notices of what the packaged app bundles, and where their texts are (issue 13).

Qt-free and stdlib-only: Help > About shows these, and build.spec writes them into the bundle's
`LICENSES/README.txt` beside the launcher (it loads this file by path, outside the app).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NamedTuple

LICENCES_FOLDER = "LICENSES"


class Notice(NamedTuple):
    """One bundled component: its name, licence (SPDX-like), licence text file(s) in
    LICENSES/, and where its source code is."""

    component: str
    licence: str
    texts: str
    source: str


NOTICES: tuple[Notice, ...] = (
    Notice("Qt 6 (Core, Gui, Widgets, Network, Multimedia, WebEngine, WebChannel, ...)",
           "LGPL-3.0-only", "LGPL-3.0.txt, GPL-3.0.txt", "https://download.qt.io/official_releases/qt/"),
    Notice("PySide6 and Shiboken6 (Qt for Python)", "LGPL-3.0-only",
           "LGPL-3.0.txt, GPL-3.0.txt", "https://download.qt.io/official_releases/QtForPython/"),
    Notice("FFmpeg libraries (libavcodec, libavformat, libavutil, libswresample, libswscale; "
           "QtMultimedia's FFmpeg backend, as built for the PySide6 wheel)", "LGPL-2.1-or-later",
           "LGPL-2.1.txt", "https://ffmpeg.org/download.html"),
    Notice("Chromium (inside QtWebEngine) and its third-party code", "BSD-3-Clause and others",
           "see the source", "https://doc.qt.io/qt-6/qtwebengine-licensing.html"),
    Notice("ICU (inside Qt)", "Unicode-3.0", "see the source", "https://icu.unicode.org/"),
    Notice("Python", "PSF-2.0", "python/Python/LICENSE.txt", "https://www.python.org/downloads/source/"),
    Notice("Python-Markdown", "BSD-3-Clause", "python/markdown/", "https://pypi.org/project/Markdown/"),
    Notice("PyMdown Extensions", "MIT", "python/pymdown_extensions/",
           "https://pypi.org/project/pymdown-extensions/"),
    Notice("Pygments", "BSD-2-Clause", "python/pygments/", "https://pypi.org/project/Pygments/"),
    Notice("python-frontmatter", "MIT", "python/python_frontmatter/",
           "https://pypi.org/project/python-frontmatter/"),
    Notice("PyYAML", "MIT", "python/pyyaml/", "https://pypi.org/project/PyYAML/"),
    Notice("platformdirs", "MIT", "python/platformdirs/", "https://pypi.org/project/platformdirs/"),
    Notice("nh3 (with ammonia)", "MIT", "python/nh3/", "https://pypi.org/project/nh3/"),
    Notice("RapidFuzz", "MIT", "python/rapidfuzz/", "https://pypi.org/project/rapidfuzz/"),
    Notice("KaTeX (math typesetting in the note page, with its fonts)", "MIT",
           "katex/LICENSE", "https://github.com/KaTeX/KaTeX"),
    Notice("PyInstaller bootloader (the launcher)", "GPL-2.0-or-later with the bootloader "
           "exception", "python/pyinstaller/", "https://pypi.org/project/pyinstaller/"),
)

# Page code vendored into resources/ (resources/<name>/LICENSE), whose licence files the
# build copies into LICENSES/<name>/.
VENDORED_RESOURCES = ("katex",)

# The Python distributions whose licence files the build copies into LICENSES/python/<name>/
# (from their .dist-info in the build venv); PySide6's wheels carry none, hence the texts above.
PYTHON_DISTRIBUTIONS = ("markdown", "pymdown_extensions", "pygments", "python_frontmatter",
                        "pyyaml", "platformdirs", "nh3", "rapidfuzz", "pyinstaller")


def licences_dir() -> Path:
    """The folder holding the licence texts: `LICENSES/` beside the frozen launcher, or
    `packaging/licenses/` of a source checkout (which holds the LGPL/GPL texts only)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent / LICENCES_FOLDER
    return Path(__file__).resolve().parent.parent / "packaging" / "licenses"


def notices_text() -> str:
    """The notices as plain text, one paragraph per component (LICENSES/README.txt)."""
    parts = ["Lectern bundles the following components. The LGPL ones are linked dynamically:",
             "their libraries are separate files in _internal/ and can be replaced with builds",
             "of your own. Licence texts are in this folder.", ""]
    for notice in NOTICES:
        parts += [notice.component, f"  Licence: {notice.licence}",
                  f"  Text:    {notice.texts}", f"  Source:  {notice.source}", ""]
    return "\n".join(parts)
