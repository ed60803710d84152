"""Help > About: versions and licence notices, plain text (issue 13)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import Qt, qVersion
from pytestqt.qtbot import QtBot

from viewer import notices
from viewer.ui.about import AboutDialog, about_text, lectern_version
from viewer.ui.actions import spec_by_id


def test_about_shows_versions_and_notices(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    heading = dialog.heading.text()
    assert dialog.heading.textFormat() == Qt.TextFormat.PlainText
    assert f"Lectern {lectern_version()}" in heading and lectern_version() != "unknown"
    assert f"Qt {qVersion()} (PySide6 {PySide6.__version__})" in heading
    assert f"Python {platform.python_version()}" in heading
    text = dialog.notices.toPlainText()
    for needed in ("LGPL-3.0-only", "LGPL-2.1-or-later", "FFmpeg", "PySide6", "Chromium",
                   "LGPL-3.0.txt", "Licence texts: "):
        assert needed in text
    # From source, the texts shipped with the bundle are those of packaging/licenses.
    assert str(notices.licences_dir()) in text
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt", "LGPL-2.1.txt"):
        assert (notices.licences_dir() / name).stat().st_size > 5000


def test_frozen_about_names_the_bundle_and_its_licence_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "Lectern"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "LICENSES").mkdir()
    (bundle / "_internal" / "VERSION").write_text("9.8.7")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "lectern"))
    text = about_text()
    assert "Lectern 9.8.7 (packaged)" in text
    assert f"Licence texts: {bundle / 'LICENSES'}" in text


def test_help_menu_has_about() -> None:
    spec = spec_by_id("help.about")
    assert spec.menu == "Help" and spec.label == "About Lectern"


def test_every_bundled_python_distribution_has_a_notice() -> None:
    texts = " ".join(n.texts for n in notices.NOTICES)
    for name in notices.PYTHON_DISTRIBUTIONS:
        assert f"python/{name}/" in texts


def test_vendored_page_libraries_have_a_notice_and_ship_their_licence(tmp_path: Path) -> None:
    """KaTeX (MIT) is bundled in resources/katex: About names it and the build copies its
    LICENSE into LICENSES/katex/ (the MIT notice must ship with the copy)."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    vendored = sorted(p.parent.name for p in (root / "resources").glob("*/LICENSE"))
    assert "katex" in vendored and tuple(vendored) == notices.VENDORED_RESOURCES
    texts = " ".join(n.texts for n in notices.NOTICES)
    for name in vendored:
        assert f"{name}/LICENSE" in texts
    assert "KaTeX" in notices.notices_text()
    spec = importlib.util.spec_from_file_location("bundle", root / "packaging" / "bundle.py")
    assert spec is not None and spec.loader is not None
    bundle = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bundle)
    bundle.copy_vendored_licences(root, tmp_path, notices.VENDORED_RESOURCES)
    assert (tmp_path / "katex" / "LICENSE").read_text().startswith("The MIT License")
