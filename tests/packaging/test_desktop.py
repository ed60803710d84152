"""Desktop integration without a build (issue 13): lectern.desktop validates; install-user.sh
installs into a throw-away HOME (absolute, quoted Exec; icons; launcher link) and uninstalls;
`%f` (a folder from a file manager) opens that vault."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from viewer.ui.app import _parser, _vault

PACKAGING = REPO / "packaging"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _validate(path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def _desktop_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


def test_desktop_file_validates() -> None:
    _validate(PACKAGING / "lectern.desktop")
    keys = _desktop_keys(PACKAGING / "lectern.desktop")
    assert keys["Exec"].endswith(" %f") and keys["Icon"] == "lectern"
    assert "inode/directory;" in keys["MimeType"]


def test_icon_pngs_are_made_from_the_svg() -> None:
    from PySide6.QtGui import QImage

    for size in SIZES:
        image = QImage(str(REPO / "resources" / "icons" / f"lectern-{size}.png"))
        assert (image.width(), image.height()) == (size, size)


def _fake_bundle(root: Path) -> Path:
    """A folder laid out like dist/Lectern (its launcher a stub), under a name with a space."""
    bundle = root / "My Apps" / "Lectern"
    icons = bundle / "_internal" / "resources" / "icons"
    icons.mkdir(parents=True)
    for name in [f"lectern-{s}.png" for s in SIZES] + ["lectern.svg"]:
        shutil.copy2(REPO / "resources" / "icons" / name, icons / name)
    shutil.copy2(PACKAGING / "install-user.sh", bundle / "install-user.sh")
    shutil.copy2(PACKAGING / "lectern.desktop", bundle / "lectern.desktop")
    launcher = bundle / "lectern"
    launcher.write_text("#!/bin/sh\nexit 0\n")
    launcher.chmod(0o755)
    return bundle


def _run(script: Path, home: Path, *args: str, shell: str = "bash"
         ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)
    return subprocess.run([shell, str(script), *args], capture_output=True, text=True,
                          env=env, timeout=60, check=False)


def test_install_user_installs_and_uninstalls(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    home = tmp_path / "home"
    home.mkdir()
    result = _run(bundle / "install-user.sh", home)
    assert result.returncode == 0, result.stderr
    link = home / ".local" / "bin" / "lectern"
    assert link.is_symlink() and link.resolve() == (bundle / "lectern").resolve()
    desktop = home / ".local" / "share" / "applications" / "lectern.desktop"
    _validate(desktop)
    keys = _desktop_keys(desktop)
    assert keys["Exec"] == f'"{bundle / "lectern"}" %f'  # absolute, quoted (a space in it)
    assert keys["TryExec"] == str(bundle / "lectern")
    hicolor = home / ".local" / "share" / "icons" / "hicolor"
    for size in SIZES:
        assert (hicolor / f"{size}x{size}" / "apps" / "lectern.png").is_file()
    assert (hicolor / "scalable" / "apps" / "lectern.svg").is_file()

    assert _run(bundle / "install-user.sh", home, shell="sh").returncode == 0  # again, by sh
    result = _run(bundle / "install-user.sh", home, "--uninstall")
    assert result.returncode == 0, result.stderr
    assert not link.exists() and not link.is_symlink() and not desktop.exists()
    assert not list(hicolor.rglob("lectern.*"))
    assert (bundle / "lectern").exists()  # the bundle itself stays


def test_install_user_leaves_what_it_did_not_install(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path)
    home = tmp_path / "home"
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "lectern").write_text("#!/bin/sh\n# the user's own\n")
    result = _run(bundle / "install-user.sh", home)
    assert result.returncode == 1 and "not a link to a Lectern bundle" in result.stderr
    assert _run(bundle / "install-user.sh", home, "--uninstall").returncode == 0
    assert (bin_dir / "lectern").read_text().endswith("the user's own\n")


def test_install_user_from_a_checkout_says_where_to_run_it(tmp_path: Path) -> None:
    result = _run(PACKAGING / "install-user.sh", tmp_path)
    assert result.returncode == 1 and "extracted Lectern folder" in result.stderr
    assert not (tmp_path / ".local").exists()


def test_a_folder_given_by_the_file_manager_opens_as_the_vault(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("vault/path", str(REPO / "notes"))  # the last vault loses to %f
    folder = tmp_path / "My Notes"
    folder.mkdir()
    args = _parser("lectern").parse_args([str(folder)])  # Exec=... %f
    assert _vault(args, settings) == folder
