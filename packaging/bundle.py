"""What build.spec adds beside the launcher once PyInstaller has collected dist/Lectern/:
the licence texts with their notices, the .desktop file and install-user.sh.

Run inside PyInstaller's process (loaded by path: the folder name `packaging` would shadow the
PyPI package of that name, which PyInstaller itself uses).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path


def _notices(root: Path):  # noqa: ANN202  (a module loaded by path)
    spec = importlib.util.spec_from_file_location("lectern_notices", root / "viewer" / "notices.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _licence_files(name: str) -> list[Path]:
    """The licence files of installed distribution `name` (PEP 639 `License-File`, else
    LICENSE*/COPYING* in its .dist-info).

    Raises:
        metadata.PackageNotFoundError: `name` is not installed in the build venv.
    """
    dist = metadata.distribution(name)
    found: list[Path] = []
    for file in dist.files or []:
        parts = file.parts
        if len(parts) >= 2 and parts[0].endswith(".dist-info") and (
                parts[1] == "licenses" or parts[-1].upper().startswith(("LICEN", "COPYING"))):
            path = Path(str(file.locate()))
            if path.is_file():
                found.append(path)
    return found


def finish(root: Path, dist: Path) -> None:
    """Write LICENSES/ (notices, LGPL/GPL texts, Python's and each bundled distribution's
    licence files), lectern.desktop and install-user.sh into the bundle folder `dist`.

    Raises:
        FileNotFoundError: a bundled distribution has no licence file (the build must not ship
            without it).
    """
    notices = _notices(root)
    licences = dist / notices.LICENCES_FOLDER
    shutil.rmtree(licences, ignore_errors=True)
    shutil.copytree(root / "packaging" / "licenses", licences)
    (licences / "README.txt").write_text(notices.notices_text() + "\n", encoding="utf-8")
    python_licence = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    (licences / "python" / "Python").mkdir(parents=True)
    shutil.copy2(python_licence, licences / "python" / "Python" / "LICENSE.txt")
    for name in notices.PYTHON_DISTRIBUTIONS:
        files = _licence_files(name)
        if not files:
            raise FileNotFoundError(f"no licence file in the build venv for {name}")
        target = licences / "python" / name
        target.mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copy2(file, target / file.name)
    copy_vendored_licences(root, licences, notices.VENDORED_RESOURCES)
    _strip_python_debug_info(dist / "_internal")
    shutil.copy2(root / "packaging" / "lectern.desktop", dist / "lectern.desktop")
    shutil.copy2(root / "packaging" / "install-user.sh", dist / "install-user.sh")
    print(f"bundle: licence texts in {licences}", file=sys.stderr)


def copy_vendored_licences(root: Path, licences: Path, names: tuple[str, ...]) -> None:
    """Copy `resources/<name>/LICENSE` of each vendored page library (KaTeX: MIT, whose
    notice must ship with it) into `licences/<name>/LICENSE`.

    Raises:
        FileNotFoundError: a vendored library has no LICENSE file.
    """
    for name in names:
        target = licences / name
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / "resources" / name / "LICENSE", target / "LICENSE")


def _strip_python_debug_info(internal: Path) -> None:
    """Drop the debug info (not the symbols) of libpython and Python's own extension modules,
    as built with -g by pyenv: about 25 MB. Nothing else is stripped: binutils' strip damages
    the FFmpeg libraries of the PySide6 wheel (see build.spec)."""
    files = [*internal.glob("libpython3*.so*"), *internal.glob("python3*/lib-dynload/*.so")]
    if files and shutil.which("strip"):
        subprocess.run(["strip", "--strip-debug", *map(str, files)], check=True)


def _needed(path: str) -> list[str]:
    """The DT_NEEDED sonames of ELF file `path` (objdump, which PyInstaller needs anyway);
    [] for a file that is not ELF."""
    result = subprocess.run(["objdump", "-p", path], capture_output=True, text=True, check=False)
    return [line.split()[1] for line in result.stdout.splitlines()
            if line.strip().startswith("NEEDED") and len(line.split()) > 1]


def prune(collected: list[tuple[str, str, str]], kept: list[tuple[str, str, str]]
          ) -> list[tuple[str, str, str]]:
    """`kept` (PyInstaller's binaries TOC after our exclusions) less the libraries that only
    the excluded entries needed.

    A library goes only if some collected binary needed it (DT_NEEDED) and no kept one does:
    libraries PyInstaller found another way (ctypes) are never dropped.
    """
    cache: dict[str, list[str]] = {}
    needed_before = {name for dest, src, _kind in collected for name in
                     cache.setdefault(src, _needed(src))}
    # Roots: what no binary links (Python extensions, Qt plugins, executables, libpython).
    roots = [entry for entry in kept if Path(entry[0]).name not in needed_before]
    reachable = _reachable_from(roots, kept, cache)
    result = [entry for entry in kept
              if Path(entry[0]).name not in needed_before or Path(entry[0]).name in reachable]
    dropped = sorted(Path(entry[0]).name for entry in kept if entry not in result)
    print(f"bundle: {len(dropped)} libraries only excluded plugins needed: {' '.join(dropped)}",
          file=sys.stderr)
    return result


def _reachable_from(roots: list[tuple[str, str, str]], entries: list[tuple[str, str, str]],
                    cache: dict[str, list[str]]) -> set[str]:
    """Basenames reachable through DT_NEEDED from `roots`, among `entries`."""
    by_name = {Path(dest).name: src for dest, src, _kind in entries}
    seen: set[str] = set()
    todo = [Path(dest).name for dest, _src, _kind in roots]
    while todo:
        name = todo.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        src = by_name[name]
        if src not in cache:
            cache[src] = _needed(src)
        todo += cache[src]
    return seen
