"""Opening notes and topic pages never stalls the window (issue 11): notes are read, parsed
and rendered in worker processes with a time budget; topic pages come 200 mentions at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.stall import StallMeter
from tests.ui.vaults import make_vault
from viewer.render.jobs import SLOW_NOTE_ENV, NoteJob, NoteResult
from viewer.ui.render_worker import RenderService

# Seconds without a 10 ms tick of the event loop: a freeze (the old code stalled for seconds),
# not the 100 ms budget, which `make bench` measures: on 2 shared cores the worker processes and
# QtWebEngine preempt the UI thread for up to ~0.3 s of wall time at 1 ms of its CPU.
MAX_STALL = 0.6


def hostile_body(size: int) -> str:
    """A mix of the note kinds issue 11 lists (each slow to parse or render once), to `size`."""
    kinds = ["yt-timestamp " + "<a " * 2000, "```\nx\n" * 500, "youtu" + "[" * 2000,
             "[x](https://youtu.be/abcdefghijk?t=1) " * 200, "# " + "<" * 2000 + "\n",
             "[a](b) " * 1000, "see [[target]] " * 500, "\\*" * 2000, "*a* " * 1000,
             "&amp; " * 1000, "<br>" * 1000]
    parts: list[str] = []
    total = 0
    while total < size:
        for kind in kinds:
            parts.append(kind + "\n\n")
            total += len(kind) + 2
    return "".join(parts)[:size]


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


@pytest.fixture
def slow_note(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Rendering the note named so takes an hour in the workers (they inherit the env)."""
    monkeypatch.setenv(SLOW_NOTE_ENV, "slow.md")
    yield "slow.md"


def open_and_wait(qtbot: QtBot, window: Any, action: Callable[[], None]) -> float:
    """Run `action` (an open), wait until its page is painted; the longest stall meanwhile."""
    before = window.view._token
    with StallMeter() as meter:
        action()
        qtbot.waitUntil(lambda: not window.preparing() and window.view._token > before,
                        timeout=20000)
        wait_painted(qtbot, window)
        qtbot.wait(200)  # the side panels fill after the paint
    return meter.longest


def test_a_2mb_hostile_note_opens_without_stalling(make_window: WindowFactory, qtbot: QtBot,
                                                   vault: Path) -> None:
    (vault / "big.md").write_text("---\ntitle: Big hostile\n---\n" + hostile_body(2_000_000))
    window = make_window(vault, note="Alpha Study")
    stall = open_and_wait(qtbot, window, lambda: window.open_note("big.md"))
    assert page_text(qtbot, window.view, "#page-title") == "Big hostile"
    assert len(page_text(qtbot, window.view, "#page-content")) > 100_000  # its text is there
    notes = run_js(qtbot, window.view, "Array.from(document.querySelectorAll('.render-error'))"
                                       ".map(e => e.textContent).join(' ')")
    assert "Showing the first 200 KB of 1.9 MB." in notes  # not a 2 MB page to lay out
    assert stall < MAX_STALL, f"the window stalled {stall * 1000:.0f} ms"


def test_a_note_over_budget_shows_as_text_and_the_next_opens(
        make_window: WindowFactory, qtbot: QtBot, vault: Path, slow_note: str) -> None:
    (vault / slow_note).write_text("---\ntitle: Slow\n---\nWritten <b>as is</b> [[alpha_study]].\n")
    window = make_window(vault, note="Alpha Study")
    started = time.perf_counter()
    with StallMeter() as meter:
        window.open_note(slow_note)
        # a moment later the page says it is loading (not the last note, not a frozen window)
        qtbot.waitUntil(lambda: page_text(qtbot, window.view, ".loading") == "Loading…",
                        timeout=1500)
        assert page_text(qtbot, window.view, "#page-title") == "Slow"
        wait_painted(qtbot, window)
    assert time.perf_counter() - started < 6
    assert meter.longest < MAX_STALL, f"the window stalled {meter.longest * 1000:.0f} ms"
    assert page_text(qtbot, window.view, "#page-title") == "Slow"
    assert "took too long to format" in page_text(qtbot, window.view, ".render-error")
    assert "Written <b>as is</b> [[alpha_study]]." in page_text(qtbot, window.view, "pre")
    rows = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any(row.startswith(slow_note) and "too long" in row for row in rows)
    # the next note opens normally, at once
    started = time.perf_counter()
    open_and_wait(qtbot, window, lambda: window.open_note("sub/beta.md"))
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"
    assert time.perf_counter() - started < 1.9  # not after the slow note's budget


def test_a_slow_note_never_holds_back_the_next(make_window: WindowFactory, qtbot: QtBot,
                                               vault: Path, slow_note: str) -> None:
    """Open a slow note A, then B at once: B shows, and A's late end never replaces it."""
    (vault / slow_note).write_text("---\ntitle: Slow\n---\nText.\n")
    window = make_window(vault, note="Alpha Study")
    started = time.perf_counter()
    window.open_note(slow_note)
    qtbot.wait(50)
    window.open_note("gamma.txt")
    wait_painted(qtbot, window)
    assert time.perf_counter() - started < 1.9
    assert page_text(qtbot, window.view, "#page-title") == "Gamma"
    qtbot.wait(2600)  # past the slow note's budget
    assert page_text(qtbot, window.view, "#page-title") == "Gamma"
    assert not window.preparing()


def test_opening_a_then_b_quickly_shows_b(make_window: WindowFactory, qtbot: QtBot,
                                          vault: Path) -> None:
    window = make_window(vault, note="Gamma")
    for _ in range(3):
        window.open_note("alpha.md")
        window.open_topic("shared_topic")
        window.open_note("sub/beta.md")
    wait_painted(qtbot, window)
    qtbot.wait(300)
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"
    assert window.history.current().key == "sub/beta.md"


def mentions(qtbot: QtBot, window: Any) -> int:
    return run_js(qtbot, window.view, "document.querySelectorAll('.mention').length")


def test_topic_pages_show_200_mentions_then_more(make_window: WindowFactory, qtbot: QtBot,
                                                 vault: Path) -> None:
    for i in range(90):
        (vault / f"m{i:03d}.md").write_text(
            f"---\ntitle: M{i}\n---\nFrom: [[chan{i % 3}]] <br/>\n"
            + "".join(f"Point {i}.{k} on [[many]] here.\n\n" for k in range(5)))
    window = make_window(vault, note="Gamma")
    open_and_wait(qtbot, window, lambda: window.open_topic("many"))
    assert page_text(qtbot, window.view, "#page-title") == "Many"
    assert "450 mentions in 90 notes" in page_text(qtbot, window.view, "p.summary")
    assert mentions(qtbot, window) == 200
    assert page_text(qtbot, window.view, "button.more") == "Show 200 more"
    first = run_js(qtbot, window.view,
                   "document.querySelector('.mention .sentence').textContent.trim()")
    for expected, button in ((400, "Show 50 more"), (450, "")):
        run_js(qtbot, window.view, "document.querySelector('button.more').click()")
        qtbot.waitUntil(lambda n=expected: mentions(qtbot, window) == n, timeout=10000)
        assert page_text(qtbot, window.view, "button.more") == button
    sentences = run_js(qtbot, window.view, "Array.from(document.querySelectorAll('.mention "
                                           ".sentence')).map(e => e.textContent.trim())")
    assert len(set(sentences)) == 450 and sentences[0] == first  # each once, first page kept
    # each channel heads one section, also across pages
    assert run_js(qtbot, window.view, "document.querySelectorAll('.group h2').length") == 3


def test_a_topic_of_50000_mentions_opens_without_stalling(make_window: WindowFactory,
                                                           qtbot: QtBot, vault: Path) -> None:
    """5,000 linking notes x 10 mentions: the index orders them off the UI thread, and the
    page shows the first 200."""
    for i in range(5000):
        (vault / f"t{i:04d}.md").write_text(
            f"---\ntitle: T{i}\nvideoId: v{i % 300:010d}\n---\nFrom: [[c{i % 40}]] <br/>\n"
            + "[[huge]] and [[huge]]. " * 10)
    window = make_window(vault, note="Gamma")
    stall = open_and_wait(qtbot, window, lambda: window.open_topic("huge"))
    assert "100,000 mentions in 5,000 notes" in page_text(qtbot, window.view, "p.summary")
    assert mentions(qtbot, window) == 200
    assert stall < MAX_STALL, f"the window stalled {stall * 1000:.0f} ms"


def test_workers_end_with_the_window(make_window: WindowFactory, qtbot: QtBot,
                                     vault: Path) -> None:
    window = make_window(vault, note="Gamma")
    processes = [w.process for w in window.pages.service._workers]
    assert processes and all(p.daemon for p in processes)
    window.close()
    qtbot.waitUntil(lambda: not any(p.is_alive() for p in processes), timeout=5000)


def test_threads_stand_in_when_processes_cannot_start(qtbot: QtBot, vault: Path) -> None:
    service = RenderService(processes=False)
    assert service.uses_threads()
    with qtbot.waitSignal(service.finished, timeout=10000) as done:
        job = service.submit(NoteJob(str(vault), "gamma.txt", {}))
    assert done.args[0] == job
    assert isinstance(done.args[1], NoteResult) and done.args[1].note.title == "Gamma"
    service.close()
