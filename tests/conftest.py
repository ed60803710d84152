"""Test set-up shared by all tests: offscreen Qt, no real user settings or cache, and a run that
leaves no files in the working tree."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The YouTube stand-in (tests/ui/youtube_standin) answers under YouTube's own host names, on
# a port reserved now (Chromium reads its flags once): the player page's Content-Security-
# Policy allows scripts and frames from those hosts only.
STANDIN_PORT = _free_port()
STANDIN_HOSTS = ("www.youtube.com", "www.youtube-nocookie.com", "s.ytimg.com")
_rules = ", ".join(f"MAP {host} 127.0.0.1:{STANDIN_PORT}" for host in STANDIN_HOSTS)
os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] += f' "--host-resolver-rules={_rules}"'
os.environ.setdefault("LIBGL_ALWAYS_SOFTWARE", "1")

REPO = Path(__file__).resolve().parent.parent
SAMPLE_VAULT = REPO / "notes"

# Every path to user state leads into a throw-away folder, from import on (before any fixture,
# and for every subprocess, which inherits the environment): Lectern's own overrides, and the
# XDG folders under which platformdirs, QSettings and QStandardPaths put config, cache and data.
# Each test then gets folders of its own in tmp_path (`_isolated_dirs`).
SESSION_HOME = Path(tempfile.mkdtemp(prefix="lectern-tests-home-"))
for _name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(SESSION_HOME / _name.lower())
os.environ["LECTERN_CONFIG_DIR"] = str(SESSION_HOME / "lectern-config")
os.environ["LECTERN_CACHE_DIR"] = str(SESSION_HOME / "lectern-cache")

# Hypothesis keeps its examples and constants in ./.hypothesis by default (read lazily).
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(SESSION_HOME / "hypothesis")

# The suite's property tests run the same examples every time (derandomized): a run's verdict
# is the code's, not the luck of the draw (a CI run once drew '^0', a case the tests then did
# not allow). Finding new cases is `make fuzz`'s job, seeded and replayable.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("lectern", derandomize=True)
_hypothesis_settings.load_profile("lectern")

# Left out of the working-tree check: the venv, git, Python's and hypothesis' caches.
_TOOL_DIRS = {".venv", ".git", "__pycache__", ".mypy_cache", ".ruff_cache",
              ".pytest_cache"}


def stray_files(repo: Path) -> set[str] | None:
    """Untracked and ignored paths of the git work tree `repo` ("dir/" for a whole folder),
    less tool caches, *.egg-info and Python sources; None when `repo` is not a git work tree.

    Python sources are left out because people edit the tree while tests run and tests never
    write code; a test's stray output is a database, an image, a note, a settings file.
    """
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain=v1", "-z", "--ignored=matching",
             "--untracked-files=all"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    found: set[str] = set()
    for entry in os.fsdecode(result.stdout).split("\0"):
        if not entry.startswith(("?? ", "!! ")):
            continue
        path = entry[3:]
        parts = path.rstrip("/").split("/")
        if (_TOOL_DIRS.intersection(parts) or any(p.endswith(".egg-info") for p in parts)
                or path.endswith(".py")):
            continue
        found.add(path)
    return found


@pytest.fixture(scope="session", autouse=True)
def _worktree_stays_clean() -> Iterator[None]:
    """Fail the run if the tests leave files in the working tree (as `c/` and `c4/`, two cache
    databases, once were); remove the session's throw-away home at the end."""
    before = stray_files(REPO)
    yield
    shutil.rmtree(SESSION_HOME, ignore_errors=True)
    if before is None:
        return
    left = sorted((stray_files(REPO) or set()) - before)
    assert not left, f"the tests left files in the working tree {REPO}: {left}"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the cache and settings at tmp_path so tests never touch the user's."""
    monkeypatch.setenv("LECTERN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LECTERN_CONFIG_DIR", str(tmp_path / "config"))
    yield


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the process here, once pytest has reported and cleaned up, when Qt was loaded.

    What Python's exit then does (PySide's clean-up deleting the QApplication while
    QtWebEngine's and the FFmpeg plugin's threads still run, then C++ static destructors)
    crashed about one run in ten after every test had passed (SIGSEGV in a Qt thread, no
    Python frame; `Fatal Python error` at `<frozen runpy>`), and a run's verdict is the
    tests', already decided. The app itself deletes its window before it exits
    (`viewer.ui.app._dispose`)."""
    if "PySide6.QtCore" not in sys.modules or not _exit_status:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status[-1])
