"""Parsing and contexts grow linearly with the note (issue 11, "Superlinear parsing").

Each test times a hostile input of about n and 4n characters (CPU time of this thread, the
best of 3 runs, n doubled until the small run takes >= 30 ms) and allows 6x: linear work
gives ~4x, the quadratic regexes these replace gave 16x. Only public functions are used,
so the file runs unchanged against the old code (where every test here fails).
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable

import pytest

from viewer.core.context import context_at, link_contexts, passage_at, plain_text
from viewer.core.parser import parse_text

FRONT = "---\ntitle: T\nvideoId: 8sGHxZkZReo\n---\n"
MIN_TIME = 0.03  # seconds: below this, timer noise decides
RATIO = 6.0
CAP = 1 << 22  # characters of the large input at most


def cpu(fn: Callable[[], object], runs: int = 3) -> float:
    """The best CPU time of this thread over `runs` calls of `fn`."""
    best = math.inf
    for _ in range(runs):
        gc.disable()  # as timeit does: a collection's cost is the heap's, not this work's
        try:
            started = time.thread_time()
            fn()
            best = min(best, time.thread_time() - started)
        finally:
            gc.enable()
    return best


def assert_linear(work: Callable[[int], Callable[[], object]], start: int = 1000) -> None:
    """`work(n)` builds an input of about n characters (untimed) and returns the call to time.

    Over the bound at n and 4n, it is measured once more at 2n and 8n (when under CAP):
    linear work can read over 6x once, where the larger input leaves the CPU caches, and is
    linear past that step, while quadratic work reads ~16x at every scale."""
    n = start
    while cpu(work(n), 1) < MIN_TIME and 8 * n <= CAP:
        n *= 2
    failure = _over_bound(work, n)
    if failure and 8 * n <= CAP:
        failure = _over_bound(work, 2 * n)
    if failure:
        raise AssertionError(failure)


def _over_bound(work: Callable[[int], Callable[[], object]], n: int) -> str:
    """'' when 4n costs at most RATIO times n (best of 3 at 4n), else what was measured."""
    small = cpu(work(n))
    bound = RATIO * max(small, MIN_TIME)
    call = work(4 * n)
    large = math.inf
    for _ in range(3):  # the best of 3, stopping at the first run within the bound
        large = min(large, cpu(call, 1))
        if large <= bound:
            return ""
    return f"n={n}: {small:.3f} s; 4n: {large:.3f} s ({large / small:.1f}x)"


def repeat(unit: str, n: int, head: str = "") -> str:
    return head + unit * max(1, (n - len(head)) // len(unit))


def parsing(make: Callable[[int], str]) -> Callable[[int], Callable[[], object]]:
    def work(n: int) -> Callable[[], object]:
        text = make(n)
        return lambda: parse_text("x.md", text)
    return work


# The rows of issue 11's table, each quadratic or worse before.
ROWS: dict[str, Callable[[int], str]] = {
    "anchor regex: yt-timestamp then '<a ' repeated":
        lambda n: FRONT + repeat("<a ", n, "yt-timestamp"),
    "fenced-code regex: a line of three backticks and a letter, repeated":
        lambda n: FRONT + repeat("```a\n", n),
    "Markdown YouTube link regex: youtu then '[' repeated":
        lambda n: FRONT + repeat("[", n, "youtu"),
    "overlap test: [x](https://youtu.be/abcdefghijk?t=N) repeated":
        lambda n: FRONT + "".join(f"[x](https://youtu.be/abcdefghijk?t={i % 997}) "
                                  for i in range(n // 38)),
    "meta_line: a bad video_id line, blank lines, then x: y":
        lambda n: "---\ntitle: T\nvideo_id: bad\n" + "\n" * n + "x: y\n---\nbody\n",
    "heading markup: '# ' then '<' repeated":
        lambda n: FRONT + repeat("<", n, "# "),
}


@pytest.mark.parametrize("make", list(ROWS.values()), ids=list(ROWS))
def test_issue_rows_parse_in_linear_time(make: Callable[[int], str]) -> None:
    assert_linear(parsing(make))


# Generated kinds: each regex's own pieces repeated, and pieces of one regex fed to another.
FRAGMENTS = [
    "<a ", "<a class='yt-timestamp' ", 'class="', "[", "[](", "[](youtu.be/a", "youtu.be/",
    "```\n", "~~~ a\n", "````\n```\n", "` ", "`a\n\n", "<", "[[x", "\n", ". ",
]


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_generated_kinds_parse_in_linear_time(fragment: str) -> None:
    assert_linear(parsing(lambda n: FRONT + "yt-timestamp youtu # [[x]]\n" + repeat(fragment, n)))


def test_link_contexts_linear_in_links_of_one_paragraph() -> None:
    """Issue 11: `see [[target]] ` repeated; 2,000 links took 6.3 s, 8,000 96 s."""
    def work(n: int) -> Callable[[], object]:
        note = parse_text("x.md", FRONT + repeat("see [[target]] ", n))
        return lambda: link_contexts(note, "target")
    assert_linear(work)


def test_timestamp_contexts_linear_in_one_paragraph() -> None:
    """The timeline's hover texts: every timestamp's context in one huge block."""
    def work(n: int) -> Callable[[], object]:
        body = "".join(f'word <a class="yt-timestamp" data-t="{i % 3600}">[x]</a> '
                       for i in range(n // 50))
        note = parse_text("x.md", FRONT + body)
        return lambda: [context_at(note, t.start, t.end) for t in note.timestamps]
    assert_linear(work)


@pytest.mark.parametrize("unit", ["<", "[", "[](", "<a "])
def test_plain_text_linear(unit: str) -> None:
    assert_linear(lambda n: (lambda text: lambda: plain_text(text))(repeat(unit, n)))


def test_passage_at_per_tick_does_not_grow_with_the_note() -> None:
    """One call per video position tick: n calls on n timestamps stay near n, not n^2."""
    def work(n: int) -> Callable[[], object]:
        count = max(1, n // 50)
        body = "".join(f'<a class="yt-timestamp" data-t="{i}">[x]</a>\n' for i in range(count))
        note = parse_text("x.md", FRONT + body)
        return lambda: [passage_at(note, s) for s in range(count)]
    assert_linear(work)


def test_hostile_sentences_are_capped_and_contexts_stay_right() -> None:
    note = parse_text("x.md", FRONT + repeat("see [[target]] ", 60_000))
    contexts = link_contexts(note, "target")
    assert len(contexts) == len(note.links) > 3_000
    middle = contexts[len(contexts) // 2][1]
    assert 100 < len(middle.sentence) <= 410
    assert middle.sentence.startswith("…") and middle.sentence.endswith("…")
    assert "[[" not in middle.sentence and "see target see target" in middle.sentence
    assert middle.block == (0, len(note.body))
