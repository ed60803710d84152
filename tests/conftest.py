"""Test set-up shared by all tests: offscreen Qt, no real user settings or cache."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Before any Qt import: offscreen, and as root QtWebEngine needs its sandbox off (tests only).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
# The YouTube stand-in server in the tests uses a self-signed certificate.
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS", "--ignore-certificate-errors --disable-gpu"
)
os.environ.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")

REPO = Path(__file__).resolve().parent.parent
SAMPLE_VAULT = REPO / "notes"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the cache and settings at tmp_path so tests never touch the user's."""
    monkeypatch.setenv("LECTERN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LECTERN_CONFIG_DIR", str(tmp_path / "config"))
    yield
