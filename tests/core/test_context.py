"""Sentences as topic pages and backlinks quote them (issue 16, "Pages that explain
themselves"): no holes where timestamps were, table rows as cells, headings apart from the
paragraph under them, abbreviations not taken for sentence ends; and the new scanning
stays linear (CPU time of this thread, as tests/core/test_growth_parse.py)."""

from __future__ import annotations

from collections.abc import Callable

from viewer.core.context import block_at, context_at, heading_text, plain_text, sentence_at
from viewer.core.parser import parse_text
from viewer.core.slug import topic_slug

from .test_growth_parse import assert_linear, repeat

FRONT = "---\ntitle: T\nvideoId: AAAAAAAAAAA\n---\n"


def ts(t: str) -> str:
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def sentences(body: str) -> dict[str, str]:
    """{link target: its sentence} of a note with `body`."""
    note = parse_text("a.md", FRONT + body)
    return {topic_slug(link.target): context_at(note, link.start, link.end).sentence
            for link in note.links}


def test_timestamps_inside_a_sentence_read_as_times_not_holes() -> None:
    found = sentences(f"It talks about the [[shared topic]] at {ts('00:00:12')} and again "
                      f"at {ts('00:01:30')}.\n")
    assert found["shared_topic"] == "It talks about the shared topic at 0:12 and again at 1:30."


def test_a_timestamp_closing_a_sentence_is_left_to_the_chip() -> None:
    found = sentences(f"A [[deal]] was reached over the territory {ts('00:00:00')}. Next one.\n")
    assert found["deal"] == "A deal was reached over the territory."


def test_a_table_row_reads_as_its_cells() -> None:
    found = sentences("| name | value |\n|---|---|\n| one [[w]] | two |\n| three | four |\n")
    assert found["w"] == "one w · two"


def test_a_heading_does_not_run_into_the_paragraph_under_it() -> None:
    found = sentences(f"### Strategic timing\nThe [[agreement]] came at a crucial moment "
                      f"{ts('00:10:52')}:\n")
    assert found["agreement"].startswith("The agreement came")
    note = parse_text("a.md", FRONT + "## Part [[head]]\nUnder it.\n")
    assert context_at(note, note.links[0].start, note.links[0].end).sentence == "Part head"


def test_abbreviations_do_not_end_a_sentence() -> None:
    found = sentences("Первое. См. [[topic_a]] и далее, т.е. [[topic_b]] тоже. Ещё.\n\n"
                      "Use tools, e.g. [[topic_c]] here. Then more.\n")
    assert found["topic_a"] == "См. topic a и далее, т.е. topic b тоже."
    assert found["topic_b"] == found["topic_a"]
    assert found["topic_c"] == "Use tools, e.g. topic c here."


def test_heading_text_drops_written_timestamps() -> None:
    assert heading_text("Intro [00:00:00]") == "Intro"
    assert heading_text("Part 2 [1:02] and [00:01:02:03]") == "Part 2 and [00:01:02:03]"
    assert heading_text("[00:00:00]") == "[00:00:00]"  # nothing else to show


def test_times_as_text_stay_linear() -> None:
    stamp = f"at {ts('00:01:02')} and "
    assert_linear(lambda n: (lambda text: lambda: plain_text(text))(repeat(stamp, n) + "end."))
    trailing = f"x {ts('00:01:02')}. "
    assert_linear(lambda n: (lambda text: lambda: plain_text(text))("Start " + repeat(trailing, n)))


def test_abbreviation_checks_stay_linear() -> None:
    """One paragraph of abbreviations and short sentences: its sentence breaks (not cached
    by `sentence_at`) are found in linear time."""
    unit = "См. т.е. e.g. Word. "

    def work(n: int) -> Callable[[], object]:
        body = repeat(unit, n) + "[[x]]"
        end = len(body)
        return lambda: sentence_at(body, end - 5, end, block_at(body, end - 5))

    assert_linear(work)
