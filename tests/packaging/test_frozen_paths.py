"""The frozen app's paths (issue 13): resources and the sample vault come from the bundle
(sys._MEIPASS); the first run opens the sample vault; settings and cache stay in the user's
platform folders, never in the bundle (which may be read-only)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from viewer import resources
from viewer.core.cache import cache_dir
from viewer.ui.app import _parser, _vault
from viewer.ui.settings import config_dir


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    internal = tmp_path / "Lectern" / "_internal"
    (internal / "resources").mkdir(parents=True)
    (internal / "notes").mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    return internal


def test_frozen_resources_and_sample_vault_come_from_the_bundle(bundle: Path) -> None:
    assert resources.resources_dir() == bundle / "resources"
    assert resources.sample_vault() == bundle / "notes"


def test_first_run_opens_the_bundled_sample_vault(bundle: Path, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)
    assert _vault(_parser("lectern").parse_args([]), settings) == bundle / "notes"


def test_settings_and_cache_live_in_platform_folders(
        bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LECTERN_CONFIG_DIR")
    monkeypatch.delenv("LECTERN_CACHE_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    assert config_dir() == tmp_path / "config-home" / "lectern"
    assert cache_dir() == tmp_path / "cache-home" / "lectern"
    for folder in (config_dir(), cache_dir()):
        assert not folder.is_relative_to(bundle.parent)
