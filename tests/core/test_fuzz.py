"""A short run of `make fuzz` (tests/fuzz.py) in every test run, and the fuzzer's own checks:
it sees live HTML, a record that differs and a slow step, and shrinks what it finds."""

from __future__ import annotations

import faulthandler
import logging
import random
import time
from collections.abc import Iterator
from typing import Any

import pytest

import tests.fuzz as fuzz
from viewer.core.parser import parse_file
from viewer.render import RenderedNote, render_note

SHORT_CASES = 300
SEED = 20261130


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(autouse=True)
def _quiet_renderer() -> Iterator[None]:
    """Generated notes may be too deep to format: the renderer logs that, as it should."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


def test_short_campaign_finds_nothing() -> None:
    started = time.perf_counter()
    report = fuzz.campaign(SHORT_CASES, SEED, out=None, shrink_s=10)
    seconds = time.perf_counter() - started
    assert report.cases == SHORT_CASES
    assert report.failures == [], [(f.case, f.message, f.minimal) for f in report.failures]
    assert seconds < 60, seconds


def test_live_html_is_seen() -> None:
    assert fuzz.live_parts('<p><a href="https://e.x/?q=javascript:x" title="javascript:">a'
                           "</a>&lt;script&gt;</p>") == []
    for live in ("<script>x</script>", "<img src=x>", '<a href=" java\tscript:x">a</a>',
                 '<a href="JAVASCRIPT:x">', "<p onclick=x>", '<div style="x">',
                 '<a href="data:text/html,x">', "<svg><circle/></svg>"):
        assert fuzz.live_parts(live), live


def test_a_planted_bug_is_found_and_shrunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """A renderer that lets `<img onerror>` through for notes with a wiki link: found, and
    shrunk to a few characters around the link."""

    def leaky(note: Any, link_kind: Any) -> RenderedNote:
        rendered = render_note(note, link_kind)
        if "[[" in note.body:
            return RenderedNote(rendered.html + "<img src=x onerror=alert(1)>", [])
        return rendered

    monkeypatch.setattr(fuzz, "render_note", leaky)
    report = fuzz.campaign(60, SEED, out=None, shrink_s=20, max_failures=1)
    assert report.failures, "the planted bug was not found"
    found = report.failures[0]
    assert found.kind == "live html"
    text = found.minimal.split(" (")[0]
    assert "[[" in text and len(eval(text)) <= 6, found.minimal  # noqa: S307 - our own repr


def test_index_record_mismatch_and_slowness_are_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    case = fuzz.Case("n1.md", ["---\ntitle: T\n---\n", "[[a]] [[b|c]]"])
    fuzz.check_case(case)

    def wrong(path: str, data: bytes, **kw: Any) -> Any:
        record = fuzz.NoteRecord.from_note(parse_file(path, data))
        record.targets = record.targets[:1]
        return record

    monkeypatch.setattr(fuzz, "index_record", wrong)
    with pytest.raises(fuzz.Failure, match="index_record differs"):
        fuzz.check_case(case)
    monkeypatch.undo()

    def slow(path: str, data: bytes, **kw: Any) -> Any:
        end = time.thread_time() + 0.3
        while time.thread_time() < end:
            pass
        return parse_file(path, data)

    monkeypatch.setattr(fuzz, "parse_file", slow)
    with pytest.raises(fuzz.Failure, match="slow"):
        fuzz.check_case(case, seconds=0.1)


def test_generated_notes_use_the_whole_grammar() -> None:
    texts = [fuzz.generate(random.Random(f"{SEED}:{i}")).text() for i in range(300)]
    joined = "\n".join(texts)
    for fragment in ("---\ntitle:", "[[", "\\|", "yt-timestamp", "youtu", "```", "~~~", "`",
                     "<script", "# ", "| a | b |", "> ", "- "):
        assert fragment in joined, fragment
