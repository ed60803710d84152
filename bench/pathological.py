"""The pathological vault of issue 11: a generated vault plus one note of each hostile kind.

`pathological_vault(n, empty)` returns (clean, full): two vaults that share the generated
notes (n of them, hard links) and `empty` empty files in one folder; `full` adds the hostile
notes under `hostile/`. Kept under $LECTERN_BENCH_DIR or /tmp/lectern-bench-vaults, made once.
`HOSTILE` lists what the window bench opens: (label, "note" or "topic", path or slug).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bench.vaultgen import generate_vault

VERSION = "pathological-1"
MB = 1 << 20
VIDEO = "HostileVid1"  # the video of the 30 MB note and of the 50 notes citing it
FRONT = "---\ntitle: {title}\n---\n\n"


def _repeat(unit: str, size: int = MB) -> str:
    return unit * max(1, size // len(unit))


def _timestamp(seconds: int) -> str:
    t = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def hostile_notes() -> dict[str, str]:
    """Vault-relative path -> text of every hostile note (about 45 MB in all)."""
    notes: dict[str, str] = {}

    def add(name: str, title: str, body: str) -> None:
        notes[f"hostile/{name}.md"] = FRONT.format(title=title) + body

    # parsing (issue 11, first table), each at 1 MB
    add("anchor_lt", "anchors", "yt-timestamp " + _repeat("<a "))
    add("fences", "fences", _repeat("```a\n"))
    add("youtu_bracket", "youtu brackets", "youtu" + _repeat("["))
    add("youtu_links", "youtu links", "".join(
        f"[x](https://youtu.be/abcdefghijk?t={i}) " for i in range(MB // 40)))
    notes["hostile/bad_front_matter.md"] = ("---\ntitle: bad front matter\nvideo_id: not an id\n"
                                            + "\n" * MB + "x: y\n---\n\nbody\n")
    add("heading_lt", "heading of <", "# " + _repeat("<") + "\n")
    # rendering (issue 11, second table), each at 1 MB
    add("links_spaces", "links", _repeat("[a](b) "))
    add("hash_lines", "hash lines", _repeat("#\n"))
    add("escaped_stars", "escaped stars", _repeat("\\*"))
    add("emphasis", "emphasis", _repeat("*a* "))
    add("amp", "ampersands", _repeat("&amp; "))
    add("br", "line breaks", _repeat("<br>"))
    # context, backlinks, topic pages, markers
    stamps = "".join(f"Point {i} of the talk is here {_timestamp(i % 36000)} and the words go on "
                     f"for a while so that the note reaches thirty megabytes in all, {'x' * 180}.\n"
                     for i in range(100_000))
    notes["hostile/big_stamps.md"] = f"---\ntitle: Thirty megabytes\nvideoId: {VIDEO}\n---\n\n{stamps}"
    for i in range(50):
        notes[f"hostile/cites/cite{i:02d}.md"] = (
            f"---\ntitle: Cites the video {i}\nvideoId: {VIDEO}\n---\n\n"
            + "".join(f"Cited at {_timestamp(60 * i + k)}.\n" for k in range(5)))
    for i in range(100):  # 100 notes x 500 = a topic linked 50,000 times
        notes[f"hostile/topic/mention{i:03d}.md"] = FRONT.format(title=f"Mentions {i}") + \
            "".join(f"See [[hot_topic]] here, sentence {k}. " for k in range(500))
    add("ten_thousand_links", "Ten thousand links",
        "".join(f"Link [[target_{i % 2000}]] and " for i in range(10_000)))
    add("five_thousand_headings", "Five thousand headings",
        "".join(f"## Heading {i}\n\nA line under heading {i}.\n\n" for i in range(5_000)))
    return notes


# What the window bench opens, one row each.
HOSTILE: list[tuple[str, str, str]] = [
    ("parse: yt-timestamp then <a  (1 MB)", "note", "hostile/anchor_lt.md"),
    ("parse: ``` lines (1 MB)", "note", "hostile/fences.md"),
    ("parse: youtu[[[ (1 MB)", "note", "hostile/youtu_bracket.md"),
    ("parse: youtu.be links (1 MB)", "note", "hostile/youtu_links.md"),
    ("parse: bad video_id front matter (1 MB)", "note", "hostile/bad_front_matter.md"),
    ("parse: # <<< heading (1 MB)", "note", "hostile/heading_lt.md"),
    ("render: [a](b) repeated (1 MB)", "note", "hostile/links_spaces.md"),
    ("render: # lines (1 MB)", "note", "hostile/hash_lines.md"),
    ("render: \\* repeated (1 MB)", "note", "hostile/escaped_stars.md"),
    ("render: *a* repeated (1 MB)", "note", "hostile/emphasis.md"),
    ("render: &amp; repeated (1 MB)", "note", "hostile/amp.md"),
    ("render: <br> repeated (1 MB)", "note", "hostile/br.md"),
    ("30 MB note, 100k timestamps", "note", "hostile/big_stamps.md"),
    ("a note citing that video", "note", "hostile/cites/cite00.md"),
    ("topic linked 50,000 times", "topic", "hot_topic"),
    ("note with 10,000 links", "note", "hostile/ten_thousand_links.md"),
    ("note with 5,000 headings", "note", "hostile/five_thousand_headings.md"),
    ("an empty file among 100k", "note", "empty/e000000.md"),
    ("save of the open note among 100k files", "save", "empty/e000001.md"),
]


def _write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text(text, encoding="utf-8")


def pathological_vault(n_notes: int, empty: int) -> tuple[Path, Path]:
    """(clean, full) vaults: n generated notes and `empty` empty files; full adds the hostile
    notes. Generated once per (n, empty)."""
    base = Path(os.environ.get("LECTERN_BENCH_DIR") or "/tmp/lectern-bench-vaults")
    name = f"hostile-n{n_notes}-e{empty}"
    clean, full, marker = base / f"{name}-clean", base / f"{name}-full", base / f"{name}.complete"
    if marker.is_file() and marker.read_text(encoding="utf-8") == VERSION:
        return clean, full
    for old in (clean, full):
        shutil.rmtree(old, ignore_errors=True)
    generate_vault(clean / "notes", n_notes)
    (clean / "empty").mkdir()
    for i in range(empty):
        (clean / "empty" / f"e{i:06d}.md").touch()
    shutil.copytree(clean, full, copy_function=os.link)  # same files, no second copy
    _write(full, hostile_notes())
    marker.write_text(VERSION, encoding="utf-8")
    return clean, full
