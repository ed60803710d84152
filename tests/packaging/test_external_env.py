"""External programs start with the user's environment, not the frozen bundle's (issue 13):
a fake `xdg-open` on PATH records the environment it was started with."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from viewer.ui import external


def _fake_xdg_open(folder: Path) -> Path:
    """An `xdg-open` that writes its arguments and environment to folder/record.txt."""
    folder.mkdir()
    script = folder / "xdg-open"
    record = folder / "record.txt"
    script.write_text(f"#!/bin/sh\n{{ printf 'ARG=%s\\n' \"$@\"; env; }} > {record}.tmp\n"
                      f"mv {record}.tmp {record}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return record


def _recorded(record: Path) -> dict[str, str]:
    lines = record.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This process made to look like the frozen bundle tmp_path/Lectern, with the variables
    PyInstaller's bootloader and Qt runtime hooks set."""
    bundle = tmp_path / "Lectern"
    internal = bundle / "_internal"
    internal.mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "lectern"))
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{internal}:/opt/user/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/user/lib")
    monkeypatch.setenv("QT_PLUGIN_PATH", f"{internal}/PySide6/Qt/plugins")
    monkeypatch.setenv("QTWEBENGINEPROCESS_PATH", f"{internal}/PySide6/Qt/libexec/QtWebEngineProcess")
    monkeypatch.setenv("XDG_DATA_DIRS", f"/usr/share:{internal}/share")
    monkeypatch.setenv("_PYI_APPLICATION_HOME_DIR", str(internal))
    monkeypatch.setenv("USER_SETTING", "kept")
    return bundle


def test_the_browser_starts_in_the_users_environment(
        frozen_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    record = _fake_xdg_open(tmp_path / "fakebin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'fakebin'}{os.pathsep}{os.environ['PATH']}")
    assert external.open_url("https://example.com/a b?t=1")
    qtbot.waitUntil(record.exists, timeout=10_000)
    env = _recorded(record)
    assert env["ARG"] == "https://example.com/a%20b?t=1"
    assert env["LD_LIBRARY_PATH"] == "/opt/user/lib"  # the value before the bundle's launch
    assert "LD_LIBRARY_PATH_ORIG" not in env
    assert "QT_PLUGIN_PATH" not in env and "QTWEBENGINEPROCESS_PATH" not in env
    assert env["XDG_DATA_DIRS"] == "/usr/share"  # the bundle's entry out, the user's kept
    assert not [key for key in env if key.startswith("_PYI_")]
    assert env["USER_SETTING"] == "kept"
    assert not [value for value in env.values() if str(frozen_app) in value]


def test_clean_environment_rules() -> None:
    env = {"LD_LIBRARY_PATH": "/b/_internal", "QT_QPA_PLATFORM_PLUGIN_PATH": "/b/_internal/p",
           "SSL_CERT_FILE_ORIG": "/etc/ssl/x.pem", "SSL_CERT_FILE": "/b/_internal/cert.pem",
           "PATH": "/b:/usr/bin", "HOME": "/home/u", "_MEIPASS2": "/b/_internal"}
    assert external.clean_environment(env, ["/b"]) == {
        "SSL_CERT_FILE": "/etc/ssl/x.pem", "PATH": "/usr/bin", "HOME": "/home/u"}
    # /bundle-other is not inside /b.
    assert external.clean_environment({"X": "/bundle-other/y"}, ["/b"]) == {"X": "/bundle-other/y"}


def test_from_source_nothing_is_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setenv("QT_PLUGIN_PATH", "/usr/lib/qt6/plugins")
    assert external.clean_environment()["QT_PLUGIN_PATH"] == "/usr/lib/qt6/plugins"


def test_a_missing_program_is_false_not_an_error(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not external.start_detached("no-such-program-lectern", [])
