"""The link index: lookups, topics, videos, and update-equals-rebuild."""

from __future__ import annotations

import random
import subprocess
import sys

from tests.conftest import REPO
from viewer.core.index import LinkIndex
from viewer.core.parser import parse_file
from viewer.core.record import NoteRecord

VID_A = "aaaaaaaaaaa"
VID_B = "bbbbbbbbbbb"


def record(path: str, text: str) -> NoteRecord:
    return NoteRecord.from_note(parse_file(path, text.encode()))


def note_text(title: str, video: str = VID_A, body: str = "", channel: str = "chan") -> str:
    return f"---\ntitle: {title}\nvideoId: {video}\n---\nFrom: [[{channel}]] <br/>\n{body}\n"


def ts(t: str) -> str:
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def build(notes: dict[str, str]) -> LinkIndex:
    index = LinkIndex()
    index.apply([record(p, t) for p, t in notes.items()])
    return index


VAULT = {
    "a.md": note_text("Alpha Note", body=f"See [[Beta-Note|b]] {ts('00:00:10')}. [[Topic One]] {ts('00:01:00')}."),
    "b/beta.md": note_text("Beta-Note", body=f"[[alpha_note]] and [[topic_one]] {ts('00:00:30')}. "
                                              f"[[x#h|y]] {ts('00:00:05')}"),
    "c.txt": note_text("Gamma", video=VID_B, channel="Other Chan",
                       body="[[beta]] https://youtu.be/aaaaaaaaaaa?t=45"),
}


def test_resolution_topics_backlinks() -> None:
    index = build(VAULT)
    assert index.resolve("betanote") == "b/beta.md"  # "-" is dropped, not spaced
    assert index.resolve("beta") == "b/beta.md"  # by file name stem
    assert index.find("Alpha Note") == "a.md"
    assert index.topics() == [("chan", 2), ("topic_one", 2), ("other_chan", 1), ("x", 1)]
    assert index.backlinks("b/beta.md") == {"a.md": 1, "c.txt": 1}
    assert index.mentions("topic_one") == {"a.md": 1, "b/beta.md": 1}
    assert [(c.slug, c.label, c.paths) for c in index.channels()] == [
        ("chan", "chan", ["a.md", "b/beta.md"]), ("other_chan", "Other Chan", ["c.txt"])]
    assert index.notes_of_video(VID_A) == ["a.md", "b/beta.md"]
    assert index.notes_of_channel("chan") == ["a.md", "b/beta.md"]
    assert index.outgoing("a.md") == [("chan", 1, None), ("beta-note", 1, "b/beta.md"),
                                     ("topic one", 1, None)]  # link keys (issue 15)
    assert index.is_topic("topic_one") and not index.is_topic("betanote")


def test_video_timestamps_sorted_by_time_across_notes() -> None:
    index = build(VAULT)
    stamps = [(s.seconds, s.path, s.index) for s in index.video_timestamps(VID_A)]
    assert stamps == [(5, "b/beta.md", 1), (10, "a.md", 0), (30, "b/beta.md", 0),
                      (45, "c.txt", 0), (60, "a.md", 1)]
    covering = {(p.path, p.index, p.start, p.end) for p in index.covering(VID_A, 40)}
    assert covering == {("a.md", 0, 10, 60), ("b/beta.md", 0, 30, None)}
    assert index.covering(VID_A, 1) == []


def test_duplicate_slug_rule_is_deterministic_and_reported() -> None:
    notes = {"z.md": note_text("Same"), "m.md": note_text("Same"), "k.md": note_text("Other")}
    for order in (list(notes), list(reversed(notes))):
        index = LinkIndex()
        index.apply([record(p, notes[p]) for p in order])
        assert index.resolve("same") == "m.md"
        assert any(p == "z.md" and "also claimed" in m for p, _, m in index.problems())
    index.apply(removals=["m.md"])
    assert index.resolve("same") == "z.md"


def test_updates_equal_a_full_rebuild() -> None:
    rng = random.Random(7)
    titles = [f"Note {i}" for i in range(12)]
    targets = [f"note_{i}" for i in range(12)] + ["topic_a", "topic_b", "Note 3"]

    def random_note() -> str:
        body = " ".join(f"[[{rng.choice(targets)}]] {ts(f'00:0{rng.randint(0, 9)}:{rng.randint(10, 59)}')}."
                        for _ in range(rng.randint(0, 5)))
        return note_text(rng.choice(titles), rng.choice([VID_A, VID_B]), body,
                         rng.choice(["c1", "c2"]))

    live = LinkIndex()
    changes = []
    live.subscribe(changes.append)
    disk: dict[str, str] = {}
    for step in range(300):
        path = f"n{rng.randint(0, 15)}.md"
        if path in disk and rng.random() < 0.3:
            del disk[path]
            live.apply(removals=[path])
        else:
            disk[path] = random_note()
            live.apply([record(path, disk[path])])
        if step % 25 == 0:
            assert live.snapshot() == build(disk).snapshot()
    assert live.snapshot() == build(disk).snapshot()
    assert changes and all(changes)


def test_change_notice_says_what_changed() -> None:
    index = build(VAULT)
    seen = []
    index.subscribe(seen.append)
    index.apply([record("a.md", VAULT["a.md"])])  # unchanged: no notice
    assert seen == []
    index.apply([record("a.md", note_text("Alpha Note"))], removals=["c.txt"])
    assert seen[0].changed == {"a.md"} and seen[0].removed == {"c.txt"} and not seen[0].added


def test_core_does_not_import_qt() -> None:
    code = ("import sys, viewer.core.vault, viewer.core.context, viewer.core.summary, viewer.cli;"
            "bad=[m for m in sys.modules if m.startswith(('PySide6','shiboken6'))];"
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_a_notes_links_to_itself_are_not_its_backlinks() -> None:
    # The Backlinks tab counted them ("Backlinks 1" over "No other note links here").
    index = build({"self.md": note_text("Self", body="See [[self]] and [[Self|again]]."),
                   "other.md": note_text("Other", body="[[self]]")})
    assert index.backlinks("self.md") == {"other.md": 1}
    assert index.backlinks("other.md") == {}
