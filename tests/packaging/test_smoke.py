"""`lectern --smoke-test` (issue 13): passes from source, fails with the reason on stderr, and,
when dist/Lectern has been built (`make package`), passes frozen with only allowed stderr."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

LAUNCHER = REPO / "dist" / "Lectern" / "lectern"


def _check_smoke() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_smoke", REPO / "packaging" / "check_smoke.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _smoke(*args: str, launcher: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    command = launcher or [sys.executable, "-m", "viewer.cli"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*command, "--smoke-test", *args], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=240, check=False)


def test_smoke_test_passes_from_source() -> None:
    result = _smoke()
    assert result.returncode == 0, result.stderr
    assert "passed: rendered 'Role of Russia" in result.stdout
    assert "video pane: offline card at 1:11" in result.stdout
    assert any(line.startswith("painted ") for line in result.stdout.splitlines())


def test_smoke_test_says_why_it_fails(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "plain.md").write_text("---\ntitle: Plain\nvideoId: 8sGHxZkZReo\n---\nNo times.\n")
    result = _smoke(str(vault), "--timeout", "60")
    assert result.returncode == 1
    assert "FAILED: the note shows no timestamp chip" in result.stderr
    missing = _smoke(str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_allow_list_lets_known_lines_through_only() -> None:
    check = _check_smoke()
    patterns = check.allowed_patterns()
    stderr = "\n".join([
        "WARNING lectern.qt: QVulkanInstance: Failed to initialize Vulkan",
        "[12:34:1130/045221.370056:ERROR:../../../qtwebengine/src/3rdparty/chromium/dbus/bus.cc:408]"
        " Failed to connect to the bus: Failed to connect to socket /run/dbus/system_bus_socket",
        "ERROR lectern.render: could not render x.md; showing its text",
        "Traceback (most recent call last):",
    ])
    assert check.unexpected_lines(stderr, patterns) == [
        "ERROR lectern.render: could not render x.md; showing its text",
        "Traceback (most recent call last):"]


def _stale_bundle() -> str | None:
    """Why dist/Lectern cannot stand for the source tree (missing, or older than a source
    file), or None."""
    if not LAUNCHER.exists():
        return "no dist/Lectern: run `make package` to test the frozen binary (CI does)"
    built = LAUNCHER.stat().st_mtime
    sources = [p for folder in ("viewer", "resources", "notes") for p in (REPO / folder).rglob("*")
               if p.is_file() and "__pycache__" not in p.parts]
    if any(p.stat().st_mtime > built for p in sources):
        return "dist/Lectern is older than the source tree: run `make package` again"
    return None


def test_frozen_smoke_test_passes_with_only_allowed_stderr() -> None:
    stale = _stale_bundle()
    if stale:
        pytest.skip(stale)
    check = _check_smoke()
    result = _smoke(launcher=[str(LAUNCHER)])
    assert result.returncode == 0, result.stderr
    assert "passed:" in result.stdout
    assert check.unexpected_lines(result.stderr, check.allowed_patterns()) == []
