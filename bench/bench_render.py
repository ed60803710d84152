"""Rendering (issue 15): a 1 MB transcript note of 10,000 chips, and a typical 6 KB note.

Budgets: the transcript formats (not plain text) in <= 1 s of render CPU; the sample note
renders in <= 5 ms. CPU time of this thread, best of a few runs (`python -m bench bench_render`).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from viewer.core.parser import parse_file, parse_text
from viewer.render import render_note

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "notes" / "role_of_russia_in_the_nagornokarabakh_peace_process.md"
TRANSCRIPT_BUDGET_S = 1.0
SAMPLE_BUDGET_MS = 5.0


def transcript(chips: int = 10_000, size: int = 1_100_000) -> str:
    """A transcript note: `chips` lines of `[h:mm:ss](https://youtu.be/ID?t=N) words`,
    about `size` bytes in all."""
    words = "the of and to in we that is it you this so what but they on with for are be".split()
    rng = random.Random(1)
    lines = []
    per_line = size // chips
    for i in range(chips):
        t = i * 7
        line = f"[{t // 3600}:{t // 60 % 60:02d}:{t % 60:02d}](https://youtu.be/8sGHxZkZReo?t={t})"
        while len(line) < per_line - 6:
            line += " " + rng.choice(words)
        lines.append(line)
    return "---\ntitle: Transcript\nvideoId: 8sGHxZkZReo\n---\n" + "\n".join(lines) + "\n"


def _cpu(render: object, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.thread_time()
        render()  # type: ignore[operator]
        best = min(best, time.thread_time() - started)
    return best


def main() -> None:
    """Print the render figures."""
    print("== rendering (issue 15) ==")
    text = transcript()
    note = parse_text("transcript.md", text)
    html = render_note(note, lambda _slug: "note").html
    seconds = _cpu(lambda: render_note(note, lambda _slug: "note"), 3)
    formatted = "render-error" not in html
    print(f"transcript {len(text.encode()) / 1e6:.2f} MB, {len(note.timestamps):,} chips: "
          f"{seconds:.3f} s CPU, {'formatted' if formatted else 'PLAIN TEXT'}, "
          f"{len(html) / 1e6:.1f} MB of HTML  budget {TRANSCRIPT_BUDGET_S:.1f} s "
          f"{'OK' if formatted and seconds <= TRANSCRIPT_BUDGET_S else 'MISSED'}")
    sample = parse_file(f"notes/{SAMPLE.name}", SAMPLE.read_bytes())
    render_note(sample, lambda _slug: "note")
    per_note = _cpu(lambda: [render_note(sample, lambda _slug: "note") for _ in range(50)], 5) / 50
    print(f"sample note {SAMPLE.stat().st_size / 1024:.1f} KB: {per_note * 1000:.2f} ms CPU  "
          f"budget {SAMPLE_BUDGET_MS:.0f} ms {'OK' if per_note * 1000 <= SAMPLE_BUDGET_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
