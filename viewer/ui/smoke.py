"""`lectern --smoke-test [VAULT]`: does this build work? Also in the frozen binary (issue 13).

Opens the vault (default: the bundled sample vault) in a real window, offscreen, on private
throw-away settings and cache; waits until the first note is painted; checks that it rendered
(timestamp chips, not the plain-text fallback); clicks a timestamp chip through the page's DOM;
and checks that the video pane went to that time: the offline card saying "Clicked time: T"
(no local copy of the video; the test never goes online), or the local player's position
within 2 s of T (a media/<videoId> file in the vault: FFmpeg decoding for real).

Exit 0 and one line on stdout when all of that happened within --timeout; otherwise 1 with
the reason on stderr (2: the vault folder cannot be read). Errors logged meanwhile (a note
that failed to render, a JS console error) fail it too. Prints `painted <epoch seconds>` when
the first note is painted, which bench/bench_package.py reads.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer

from viewer import resources
from viewer.core.timecode import format_time

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

# Pick a chip with a time > 0: "Start at: 0:00" is what the card shows before any click.
CLICK_CHIP_JS = """(function () {
  const chip = Array.from(document.querySelectorAll("a.ts"))
    .find(function (c) { return Number(c.dataset.seconds) > 0; });
  if (!chip) return null;
  chip.click();
  return Number(chip.dataset.seconds);
})()"""
PAGE_STATE_JS = """JSON.stringify({
  title: (document.getElementById("page-title") || {}).textContent || "",
  chips: document.querySelectorAll("a.ts").length
})"""
LOCAL_TOLERANCE_MS = 2000


class _ErrorLog(logging.Handler):
    """Collects ERROR records of Lectern's loggers while the smoke test runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("lectern"):
            self.messages.append(f"{record.name}: {record.getMessage()}"[:500])


def smoke_main(argv: list[str]) -> int:
    """Run the smoke test; see the module docstring for what it checks and its exit codes."""
    parser = argparse.ArgumentParser(prog="lectern --smoke-test")
    parser.add_argument("vault", nargs="?", type=Path,
                        help="folder of notes (default: the bundled sample vault)")
    parser.add_argument("--timeout", type=float, default=60.0, help="give up after seconds")
    args = parser.parse_args(argv)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    with tempfile.TemporaryDirectory(prefix="lectern-smoke-") as private:
        # The user's settings and cache are not this test's business (nor its theirs).
        os.environ["LECTERN_CACHE_DIR"] = str(Path(private) / "cache")
        settings = QSettings(str(Path(private) / "lectern.ini"), QSettings.Format.IniFormat)
        errors = _ErrorLog()
        logging.getLogger().addHandler(errors)
        try:
            code = _run(args, settings, errors)
        finally:
            logging.getLogger().removeHandler(errors)
        settings.sync()
    return code


def _fail(reason: str) -> int:
    print(f"lectern --smoke-test: FAILED: {reason}", file=sys.stderr)
    return 1


def _run(args: argparse.Namespace, settings: QSettings, errors: _ErrorLog) -> int:
    from viewer.cli import folder_problem
    from viewer.ui.app import _dispose, make_app

    vault = (args.vault or resources.sample_vault()).expanduser()
    problem = folder_problem(vault)
    if problem:
        print(f"lectern --smoke-test: {problem}", file=sys.stderr)
        return 2
    app = make_app([])
    from viewer.ui.window import MainWindow

    window = MainWindow(settings, online=lambda: False)
    window.resize(1200, 800)
    window.show()
    check = _Check(window, vault, errors)
    window.index_loaded.connect(check.on_loaded)
    window.view.painted.connect(check.on_painted)
    poll = QTimer(window)
    poll.timeout.connect(check.step)
    poll.start(50)
    deadline = QTimer(window)
    deadline.setSingleShot(True)
    deadline.timeout.connect(lambda: check.finish(f"timed out after {args.timeout:g} s "
                                                  f"while {check.stage}"))
    deadline.start(int(args.timeout * 1000))
    check.finished = app.quit
    window.open_vault(vault)
    app.exec()
    poll.stop()
    _dispose(window)
    if check.failure is None and errors.messages:  # logged while closing
        check.failure = "errors were logged: " + " | ".join(errors.messages[:5])
    if check.failure is not None:
        return _fail(check.failure)
    print(f"lectern --smoke-test: passed: {check.summary}")
    return 0


class _Check:
    """The smoke test's steps, advanced by a timer: loaded -> painted -> rendered -> clicked ->
    the video pane at the clicked time."""

    def __init__(self, window: MainWindow, vault: Path, errors: _ErrorLog) -> None:
        self.window = window
        self.errors = errors
        self.vault = vault
        self.stage = "waiting for the vault to be indexed"
        self.failure: str | None = None
        self.summary = ""
        self.finished: Callable[[], None] = lambda: None
        self._loaded = False
        self._painted = False
        self._asked = False
        self._title = ""
        self._chips = 0
        self._seconds: int | None = None
        self._done = False

    def on_loaded(self) -> None:
        self._loaded = True

    def on_painted(self, _token: int) -> None:
        window = self.window
        if self._loaded and not self._painted and window.view.is_ready() and not window.preparing():
            self._painted = True
            print(f"painted {time.time():.3f}", flush=True)

    def step(self) -> None:
        if self._done or self._asked:
            return
        if self.errors.messages:  # no use waiting for the timeout
            self.finish("errors were logged: " + " | ".join(self.errors.messages[:5]))
            return
        if not self._loaded:
            return
        if not self._painted:
            self.stage = "waiting for the first note to be painted"
            view = self.window.view
            if view.last_painted and view.last_painted >= getattr(view, "_token", 0):
                self.on_painted(view.last_painted)  # painted before the index was loaded
            return
        if not self._title:
            self.stage = "reading the rendered note"
            self._ask(PAGE_STATE_JS, self._on_page_state)
        elif self._seconds is None:
            self.stage = "clicking a timestamp chip"
            self._ask(CLICK_CHIP_JS, self._on_clicked)
        else:
            self._check_video()

    def _ask(self, code: str, then: Callable[[Any], None]) -> None:
        self._asked = True

        def answered(value: Any) -> None:
            self._asked = False
            then(value)

        self.window.view.page().runJavaScript(code, 0, answered)

    def _on_page_state(self, value: Any) -> None:
        import json

        state = json.loads(value) if isinstance(value, str) else {}
        if not state.get("chips"):
            self.finish("the note shows no timestamp chip (rendered as plain text?): "
                        f"{self.window.vault}")
            return
        self._title = state.get("title") or "(untitled)"
        self._chips = int(state["chips"])

    def _on_clicked(self, value: Any) -> None:
        if not isinstance(value, (int, float)):
            self.finish("the note has no timestamp chip after 0:00 to click")
            return
        self._seconds = int(value)
        self.stage = f"waiting for the video pane to go to {format_time(self._seconds)}"

    def _check_video(self) -> None:
        assert self._seconds is not None
        pane = self.window.video
        kind = pane.source_kind()
        at = format_time(self._seconds)
        if kind == "offline":
            text = pane.offline_card.visible_text()
            if f"Clicked time: {at}" in text and pane.position_ms() == self._seconds * 1000:
                self._pass(f"offline card at {at}")
        elif kind == "local":
            position = pane.position_ms()
            if abs(position - self._seconds * 1000) <= LOCAL_TOLERANCE_MS:
                self._pass(f"local player at {position / 1000:.1f} s")

    def _pass(self, video: str) -> None:
        self.summary = (f"rendered {self._title!r} ({self._chips} timestamp chips), clicked "
                        f"{format_time(self._seconds or 0)}, video pane: {video}")
        self.finish(None)

    def finish(self, failure: str | None) -> None:
        if self._done:
            return
        self._done = True
        self.failure = failure
        self.finished()
