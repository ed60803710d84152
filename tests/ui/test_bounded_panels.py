"""Backlinks and timeline markers cost what they show, off the UI thread (issue 11).

The UI thread's longest stall is measured with a 10 ms timer recording the longest gap between
its ticks while a note opens and its side panels fill.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, wait_painted
from tests.ui.stall import StallMeter

# Seconds: a freeze (the old code stalled 2-27 s), not the 100 ms budget `make bench` measures;
# the CPU asserts below hold the UI thread's own work, which wall time on 2 shared cores cannot.
STALL_LIMIT = 0.6
FILLER = "A sentence of ordinary prose that pads the note out. " * 60  # about 3 KB
# The offscreen platform cannot raise a tooltip that is shown again with a new text.
offscreen_tooltips = pytest.mark.qt_log_ignore("This plugin does not support raise")


def ts(seconds: int) -> str:
    t = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def note(title: str, body: str, video: str = "") -> str:
    return f"---\ntitle: {title}\n{f'videoId: {video}' if video else ''}\n---\n\n{body}\n"


def base_vault(root: Path) -> Path:
    root.mkdir()
    (root / "start.md").write_text(encoding="utf-8", data=note("Start", "Nothing links from here."))
    (root / "target.md").write_text(encoding="utf-8", data=note("Target", "The note everyone links to."))
    (root / "other.md").write_text(encoding="utf-8", data=note("Other", "Another note."))
    (root / "x.md").write_text(encoding="utf-8", data=note("X", "Only X links to [[other]] here."))
    return root


def rows(window: object) -> list[str]:
    panel = window.backlinks  # type: ignore[attr-defined]
    return [panel.item(i).text() for i in range(panel.count())]


def open_and_fill(qtbot: QtBot, window: object, path: str, expected: int) -> tuple[float, float]:
    """Open `path`, wait until Backlinks shows `expected` rows and is done: (stall, seconds)."""
    panel = window.backlinks  # type: ignore[attr-defined]
    start = time.perf_counter()
    with StallMeter() as meter:
        window.open_note(path)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: panel.count() == expected and not panel.loading(), timeout=30000)
    return meter.longest, time.perf_counter() - start


@pytest.mark.parametrize("shape", ["one note", "many notes"])
def test_backlinks_are_paged_and_never_stall(make_window: WindowFactory, qtbot: QtBot,
                                             tmp_path: Path, shape: str) -> None:
    vault = base_vault(tmp_path / "v")
    if shape == "one note":  # one note linking 4,000 times, in one paragraph
        (vault / "big.md").write_text(encoding="utf-8", data=note("Big", "see [[target]] " * 4000))
    else:  # 2,000 notes linking once each
        (vault / "many").mkdir()
        for i in range(2000):
            (vault / "many" / f"n{i:04d}.md").write_text(encoding="utf-8", data=note(f"N{i:04d}", f"{FILLER}\n\nWe see [[target]] here."))
    window = make_window(vault, note="Start")
    stall, seconds = open_and_fill(qtbot, window, "target.md", 201)
    print(f"backlinks ({shape}): longest stall {stall * 1000:.0f} ms, filled in {seconds:.2f} s")
    assert stall < STALL_LIMIT
    texts = rows(window)
    assert texts[-1].startswith("Show 200 more")
    assert all("see target" in text for text in texts[:200])
    assert all(len(text) < 400 for text in texts)  # sentences are capped
    # "Show 200 more" adds the next 200, then offers more again
    panel = window.backlinks
    panel.itemClicked.emit(panel.item(200))
    qtbot.waitUntil(lambda: panel.count() == 401 and not panel.loading(), timeout=30000)
    assert rows(window)[-1].startswith("Show 200 more")
    assert rows(window)[:200] == texts[:200]
    # a backlink row opens its note
    panel.itemClicked.emit(panel.item(0))
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") in ("Big", "N0000")


def test_a_newer_note_drops_the_older_backlinks(make_window: WindowFactory, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    vault = base_vault(tmp_path / "v")
    (vault / "many").mkdir()
    for i in range(1500):
        (vault / "many" / f"n{i:04d}.md").write_text(encoding="utf-8", data=note(f"N{i:04d}", f"{FILLER}\n\nWe see [[target]] here."))
    window = make_window(vault, note="Start")
    panel = window.backlinks
    with StallMeter() as meter:
        panel.show_for(window.index, window.store, "target.md")
        panel.show_for(window.index, window.store, "other.md")
        qtbot.waitUntil(lambda: not panel.loading(), timeout=30000)
        qtbot.wait(300)  # anything late from the first request would have arrived by now
    assert meter.longest < STALL_LIMIT
    assert rows(window) == ["X\nOnly X links to other here."]
    assert panel.path_of(panel.item(0)) == "x.md"


@offscreen_tooltips
def test_markers_of_a_video_cited_50000_times(make_window: WindowFactory, qtbot: QtBot,
                                              tmp_path: Path) -> None:
    vault = base_vault(tmp_path / "v")
    video = "AAAAAAAAAAA"
    (vault / "a.md").write_text(encoding="utf-8", data=note("Lesson", f"Early {ts(4)}. Later {ts(1800)}.", video))
    big = "\n".join(f"- Point {i} {ts(i % 3600)}" for i in range(50_000))
    (vault / "big.md").write_text(encoding="utf-8", data=note("Big", big, video))
    window = make_window(vault, note="Start")
    timeline = window.video.timeline
    cpu: list[float] = []  # the UI thread's CPU time in setting the markers
    update = window._update_markers

    def timed_update(*args: object) -> None:
        begin = time.thread_time()
        update(*args)
        cpu.append(time.thread_time() - begin)

    window._update_markers = timed_update
    start = time.perf_counter()
    with StallMeter() as meter:
        window.open_note("a.md")
        qtbot.waitUntil(lambda: any(not i.own for i in timeline.marker_items()), timeout=30000)
    print(f"markers: longest stall {meter.longest * 1000:.0f} ms, {cpu[0] * 1000:.0f} ms CPU, "
          f"set in {time.perf_counter() - start:.2f} s")
    assert cpu[0] < 0.15
    assert meter.longest < STALL_LIMIT
    items = timeline.marker_items()
    assert sorted(i.marker.seconds for i in items if i.own) == [4, 1800]
    others = [i for i in items if not i.own]
    assert len(others) <= 400
    # hovering another note's marker shows its title at once, then the sentence
    own_xs = [i.x for i in items if i.own]
    item = next(i for i in others[len(others) // 3:] if min(abs(i.x - x) for x in own_xs) > 10)
    with StallMeter() as meter:
        cpu = time.thread_time()
        timeline.show_tip_at(item.x, QPoint(10, 10))
        cpu = time.thread_time() - cpu
        assert "Big" in timeline.shown_tip()
        qtbot.waitUntil(lambda: f"Point {item.marker.index}" in timeline.shown_tip(),
                        timeout=30000)
    # The note is parsed on a thread: the UI thread only waits for the GIL (reported, not held
    # to a bound here: the parser's longest single regex call decides it).
    print(f"hover: {cpu * 1000:.0f} ms on the UI thread, longest stall {meter.longest * 1000:.0f} ms")
    assert cpu < 0.05
    assert "in big.md" in timeline.shown_tip()


def test_markers_compute_no_sentence_up_front(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              qtbot: QtBot) -> None:
    from viewer.core.index import LinkIndex
    from viewer.core.parser import parse_file
    from viewer.core.record import NoteRecord
    from viewer.ui import markers
    from viewer.ui.video.timeline import Timeline

    video = "AAAAAAAAAAA"
    text = note("Big", "\n".join(f"- Point {i} {ts(i)}" for i in range(20_000)), video)
    big = parse_file("big.md", text.encode())
    assert len(big.timestamps) == 20_000
    index = LinkIndex()
    index.apply([NoteRecord.from_note(big)])

    def no_context(*_args: object) -> None:
        raise AssertionError("a sentence was computed for every marker")

    monkeypatch.setattr(markers, "context_at", no_context)
    own, others = markers.video_markers(big, index)
    assert others == [] and 0 < len(own) <= markers.MAX_OWN_MARKERS
    # the timeline draws at most a marker per MERGE_PX pixels
    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(600, 26)
    timeline.set_markers([markers.Marker(s, "big.md", s, "") for s in range(20_000)], [])
    assert len(timeline.marker_items()) <= 600


@offscreen_tooltips
def test_marker_tooltips_are_plain_text(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QToolTip

    from viewer.ui.video import Marker
    from viewer.ui.video.timeline import Timeline

    timeline = Timeline()
    qtbot.addWidget(timeline)
    timeline.resize(600, 26)
    timeline.show()
    timeline.set_markers([Marker(30, "a.md", 0, "<b>bold</b> <img src=x>")], [])
    item = timeline.marker_items()[0]
    timeline.show_tip_at(item.x, timeline.mapToGlobal(QPoint(int(item.x), 10)))
    assert "<b>bold</b> <img src=x>" in timeline.shown_tip()
    assert "&lt;b&gt;bold&lt;/b&gt;" in QToolTip.text()
    QToolTip.hideText()


def test_outline_and_problems_show_a_page_then_more(qtbot: QtBot) -> None:
    from viewer.core.index import LinkIndex
    from viewer.core.parser import parse_file
    from viewer.core.record import NoteRecord
    from viewer.ui.panels import OUTLINE_PAGE, PAGE, OutlinePanel, ProblemsPanel

    outline = OutlinePanel()
    qtbot.addWidget(outline)
    outline.show_headings([(2, f"Heading {i}", f"h-{i}") for i in range(5000)])
    assert outline.count() == OUTLINE_PAGE + 1
    assert outline.item(OUTLINE_PAGE).text().startswith(f"Show {OUTLINE_PAGE} more")
    outline.itemClicked.emit(outline.item(OUTLINE_PAGE))
    outline.itemActivated.emit(outline.item(OUTLINE_PAGE))  # one click can be both
    qtbot.waitUntil(lambda: outline.count() == 2 * OUTLINE_PAGE + 1)
    qtbot.wait(20)
    assert outline.count() == 2 * OUTLINE_PAGE + 1
    with qtbot.waitSignal(outline.scroll_requested) as scrolled:
        outline.itemClicked.emit(outline.item(OUTLINE_PAGE))
    assert scrolled.args == [f"h-{OUTLINE_PAGE}"]

    index = LinkIndex()  # 1,000 notes without a title: a problem each
    index.apply([NoteRecord.from_note(parse_file(f"n{i:04d}.md", b"text")) for i in range(1000)])
    problems = ProblemsPanel()
    qtbot.addWidget(problems)
    problems.show_problems(index)
    assert problems.count() == PAGE + 1
    assert problems.item(0).text().startswith("n0000.md:1  no title")
    problems.itemClicked.emit(problems.item(PAGE))
    qtbot.waitUntil(lambda: problems.count() == 2 * PAGE + 1)
    first = problems.item(0)
    problems.show_problems(index)  # nothing changed: the rows stay as they are
    assert problems.count() == 2 * PAGE + 1 and problems.item(0) is first


def test_a_reload_keeps_the_backlinks_shown(make_window: WindowFactory, qtbot: QtBot,
                                            tmp_path: Path) -> None:
    vault = base_vault(tmp_path / "v")
    (vault / "big.md").write_text(encoding="utf-8", data=note("Big", "see [[target]]. " * 500))
    window = make_window(vault, note="Start")
    panel = window.backlinks
    open_and_fill(qtbot, window, "target.md", 201)
    panel.itemClicked.emit(panel.item(200))
    qtbot.waitUntil(lambda: panel.count() == 401 and not panel.loading(), timeout=30000)
    counts: list[int] = []
    panel.model().rowsRemoved.connect(lambda *_: counts.append(panel.count()))
    with qtbot.waitSignal(panel.filled, timeout=30000):
        panel.show_for(window.index, window.store, "target.md")  # what a reload does
        assert panel.count() == 401  # the old rows stay until the new ones arrive
    assert panel.count() == 401 and 0 not in counts[:-1]
