"""Click -> seek latency of the video pane on a local file. Prints numbers; not a test.

Run: `python -m bench.bench_video [--seeks N] [--size WxH] [--fps N]`

For each of N clicks on a timeline marker (a real mouse click through QTest, while the
video plays) it measures:
  - click -> seek issued: until `QMediaPlayer.setPosition` is called (budget p95 <= 50 ms);
  - click -> frame shown: until the video sink receives a frame within 500 ms of the
    target (the picture has actually moved; QMediaPlayer.position() changes at once).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from viewer.ui.video import Marker, VideoPane
from viewer.ui.video.local_player import LocalPlayer

VIDEO_ID = "bench000000"
BUDGET_P95_MS = 50.0


def make_video(folder: Path, seconds: int, size: str, fps: int) -> Path:
    """A test-pattern H.264 video with a tone, made by ffmpeg."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise RuntimeError("ffmpeg is needed: apt-get install ffmpeg")
    out = folder / f"{VIDEO_ID}.mp4"
    subprocess.run(
        [ffmpeg, "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate={fps}",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-pix_fmt", "yuv420p", "-shortest", str(out)],
        check=True,
    )
    return out


def wait_until(app: QApplication, condition: Callable[[], bool], timeout_s: float = 5.0) -> bool:
    """Process events until `condition()` holds or the timeout passes."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if condition():
            return True
        app.processEvents()
        time.sleep(0.0005)
    return False


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def report(name: str, values: list[float]) -> None:
    """Print p50/p95/max of `values` (ms)."""
    print(f"{name:32s} n={len(values):4d}  p50={statistics.median(values):7.2f} ms  "
          f"p95={percentile(values, 95):7.2f} ms  max={max(values):7.2f} ms")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; 1 if the p95 budget is missed.

    Unknown arguments are ignored, so `python -m bench bench_video` can call this.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeks", type=int, default=100)
    parser.add_argument("--size", default="640x360")
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=120)
    args, _unknown = parser.parse_known_args(argv)

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory(prefix="lectern-bench-") as tmp:
        folder = Path(tmp)
        video = make_video(folder, args.seconds, args.size, args.fps)
        settings = QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat)
        pane = VideoPane(settings, online=lambda: False)
        pane.resize(800, 600)
        pane.show()
        pane.show_video(VIDEO_ID, video, "bench")
        player = pane.local_player()
        assert isinstance(player, LocalPlayer)
        media = player.media_player()
        if not wait_until(app, lambda: player.is_ready() and media.duration() > 0):
            raise RuntimeError("the video did not load")
        step = max(1, (args.seconds - 5) // 20)
        markers = [Marker(s, "bench.md", i, f"mark {i}")
                   for i, s in enumerate(range(2, args.seconds - 2, step))]
        pane.set_markers(markers, [])
        items = pane.timeline.marker_items()
        pane.seek(VIDEO_ID, 1, video)  # playing from here on
        wait_until(app, lambda: media.position() > 500)

        frame_ms = [-1]
        sink = player._video_item.videoSink()
        sink.videoFrameChanged.connect(
            lambda frame: frame_ms.__setitem__(0, frame.startTime() // 1000)
        )
        issued_at: list[float] = []
        original_seek = player.seek_ms

        def timed_seek(ms: int) -> None:
            issued_at.append(time.perf_counter())
            original_seek(ms)

        player.seek_ms = timed_seek  # type: ignore[method-assign]

        to_issue: list[float] = []
        to_position: list[float] = []
        api_calls: list[float] = []
        previous = -1
        for n in range(args.seeks):
            index = (n * 7) % len(items)
            if index == previous:
                index = (index + 1) % len(items)
            previous = index
            item = items[index]
            target_ms = item.marker.seconds * 1000
            issued_at.clear()
            start = time.perf_counter()
            QTest.mouseClick(pane.timeline, Qt.MouseButton.LeftButton,
                             pos=QPoint(int(item.x), pane.timeline.height() // 2))
            if not issued_at:
                raise RuntimeError(f"click {n} on marker {item.marker.seconds}s issued no seek")
            to_issue.append((issued_at[0] - start) * 1000)
            def frame_at_target(target: int = target_ms) -> bool:
                return abs(frame_ms[0] - target) < 500

            if wait_until(app, frame_at_target):
                to_position.append((time.perf_counter() - start) * 1000)
            app.processEvents()
            # The public API path, for comparison: seek() -> setPosition called.
            issued_at.clear()
            start = time.perf_counter()
            pane.seek(VIDEO_ID, item.marker.seconds, video)
            api_calls.append((issued_at[0] - start) * 1000)
            wait_until(app, frame_at_target)
            frame_ms[0] = -1
            app.processEvents()

        print(f"local file {args.size} @ {args.fps} fps, {args.seconds} s, "
              f"{len(items)} markers, platform {app.platformName()}")
        report("click -> seek issued", to_issue)
        report("VideoPane.seek() -> seek issued", api_calls)
        report("click -> frame shown", to_position)
        missed = args.seeks - len(to_position)
        if missed:
            print(f"{missed} seeks showed no frame near the target within 5 s")
        ok = percentile(to_issue, 95) <= BUDGET_P95_MS
        print(f"budget: click -> seek issued p95 <= {BUDGET_P95_MS:.0f} ms: "
              f"{'met' if ok else 'MISSED'}")
        pane.close()
        pane.deleteLater()
        app.processEvents()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
