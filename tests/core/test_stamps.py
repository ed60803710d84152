"""Timestamp forms of real notes (issue 15): chapter lists, pasted YouTube players, typo'd
anchors (read, and reported), minutes:seconds:hundredths notes, timestamps in headings;
and every new scanner stays linear (CPU time, sizes n and 4n, as test_growth_parse)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from viewer.core.parser import parse_text
from viewer.render.renderer import render_note

from .test_growth_parse import FRONT, assert_linear, parsing, repeat

VIDEO = "abcdefghijk"
HEAD = f"---\ntitle: T\nvideoId: {VIDEO}\n---\n"
CHIP = re.compile(r'<a class="ts" data-seconds="(\d+)" data-ts="(\d+)"')


def chips(body: str) -> tuple[list[tuple[str, int]], list[str], str]:
    note = parse_text("n.md", HEAD + body)
    html = render_note(note, lambda _: "note").html
    assert [int(s) for s, _ in CHIP.findall(html)] == [t.seconds for t in note.timestamps]
    return [(t.kind, t.seconds) for t in note.timestamps], [p.message for p in note.problems], html


def test_chapter_lists_at_a_line_start_become_chips() -> None:
    found, problems, html = chips("0:00 Intro\n[01:02] Second\n**1:30** · Topic\n- 1:02:03 Late\n"
                                  "Not 0:10 mid-line\n[0:20](https://youtu.be/abcdefghijk?t=20)\n"
                                  "12:30pm\n[1:30 unclosed\n")
    assert found == [("chapter", 0), ("chapter", 62), ("chapter", 90), ("chapter", 3723),
                     ("url", 20)]
    assert problems == [] and "**" not in html and "[01:02]" not in html


def test_a_chapter_list_alone_gives_a_chip_per_line() -> None:
    # Each chapter was checked against the chips found before it, including the chapters
    # just added: with no other timestamp in the note only the first line became a chip.
    found, _, _ = chips("0:00 Intro\n[01:02] Part\n**1:30** · Topic\n")
    assert found == [("chapter", 0), ("chapter", 62), ("chapter", 90)]


def test_chapter_times_need_a_video() -> None:
    assert parse_text("n.md", "---\ntitle: T\n---\n0:00 Intro\n").timestamps == []


def test_a_pasted_player_is_one_chip() -> None:
    found, _, html = chips('<iframe width="560" src="https://www.youtube.com/embed/'
                           'abcdefghijk?start=20" frameborder="0"></iframe>\n\n'
                           '<iframe src="https://www.youtube-nocookie.com/embed/bbbbbbbbbbb">'
                           "</iframe>\n")
    assert found == [("iframe", 20), ("iframe", 0)]
    assert "iframe" not in html and "src=" not in html
    assert 'href="lectern://seek/bbbbbbbbbbb/0"' in html


def test_typo_anchors_are_chips_and_problems_saying_what_to_fix() -> None:
    found, problems, _ = chips('<a class="yt_timestamp" data-t="00:01:31">[1:31]</a> and '
                               '<a class="yt-timestamp" data=t="00:00:22">[0:22]</a> and '
                               '<a class="yt-timestamp" data-t="00:00:05">[0:05]</a>\n')
    assert found == [("anchor", 91), ("anchor", 22), ("anchor", 5)]
    assert problems == ["timestamp anchor '00:01:31': class \"yt_timestamp\" should be "
                        "\"yt-timestamp\"",
                        "timestamp anchor '00:00:22': \"data=t\" should be \"data-t\""]


def anchor(t: str) -> str:
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def test_hundredths_notes_read_minutes_seconds_hundredths_with_one_problem() -> None:
    found, problems, _ = chips(" ".join(anchor(t) for t in ("01:10:20", "08:20:79", "05:44:91"))
                               + "\n")
    assert [s for _, s in found] == [70, 500, 344]
    assert problems == ["timestamps such as '08:20:79' have a seconds field over 59: read as "
                        "minutes:seconds:hundredths in this note"]
    # one stamp that cannot be mm:ss:hh (first field 75): the note reads as H:MM:SS
    note = parse_text("n.md", HEAD + anchor("75:10:20") + anchor("08:20:79") + "\n")
    assert [t.seconds for t in note.timestamps] == [75 * 3600 + 620]
    assert [b.raw for b in note.bad_timestamps] == ["08:20:79"]


def test_timestamps_in_headings_stay_out_of_outline_and_ids() -> None:
    text = HEAD + "## The deal [00:02:11](https://youtu.be/abcdefghijk?t=131)\n\nText\n" + \
        "# Next " + anchor("00:00:05") + " [Docs](https://x.org) part\n"
    note = parse_text("n.md", text)
    assert [(h.text, h.anchor) for h in note.headings] == [("The deal", "the_deal"),
                                                           ("Next Docs part", "next_docs_part")]
    html = render_note(note, lambda _: "note").html
    assert html.startswith('<h2 id="the_deal">The deal ') and 'data-seconds="131"' in html
    link = render_note(parse_text("h.md", "[[n#The deal]]\n"), lambda _: "note").html
    assert 'href="lectern://open/n#the_deal"' in link


# -- growth: each new scanner, and a quadratic variant that the same test catches ------
NEW_SCANNERS: dict[str, Callable[[int], str]] = {
    "chapter lines": lambda n: FRONT + repeat("   - **1:30 x\n", n),
    "chapter brackets without close": lambda n: FRONT + repeat("[1:30:00", n),
    "iframes without '>'": lambda n: FRONT + repeat("<iframe src='", n),
    "iframes closed": lambda n: FRONT + repeat('<iframe src="youtube.com/embed/abcdefghijk">', n),
    "markdown images, '![' repeated": lambda n: FRONT + repeat("![", n),
    "markdown images, '![a](' repeated": lambda n: FRONT + repeat("![a](", n),
    "block ids, ' ^' repeated": lambda n: FRONT + repeat(" ^a", n),
    "embeds, '![[' repeated": lambda n: FRONT + repeat("![[a]] ", n),
    "heading with '[' repeated": lambda n: FRONT + repeat("[", n, "# h "),
    "heading with timestamps": lambda n: FRONT + repeat(anchor("00:00:01"), n, "# h "),
    "typo anchors": lambda n: FRONT + repeat('<a class="yt_timestamp" data=t="1:00">x</a>', n),
    "hundredths": lambda n: FRONT + repeat(anchor("08:20:79"), n),
    "yt_timestamp then '<a ' repeated": lambda n: FRONT + repeat("<a ", n, "yt_timestamp"),
}


@pytest.mark.parametrize("make", NEW_SCANNERS.values(), ids=NEW_SCANNERS.keys())
def test_new_scanners_parse_in_linear_time(make: Callable[[int], str]) -> None:
    assert_linear(parsing(make))


# What the linear regexes would be with one bound dropped: each must fail the same test.
QUADRATIC = {
    "image label running over '['": (re.compile(r"!\[([^\]\n]*)\]\(([^()\n]*)\)"),
                                     lambda n: repeat("![", n)),
    "iframe tag without its bound": (re.compile(r"<iframe\b[^>]*>"),
                                     lambda n: repeat("<iframe ", n)),
}


@pytest.mark.parametrize("variant", QUADRATIC.values(), ids=QUADRATIC.keys())
def test_the_growth_test_catches_a_quadratic_variant(variant: tuple) -> None:
    pattern, make = variant

    def work(n: int) -> Callable[[], object]:
        text = make(n)
        return lambda: pattern.findall(text)

    with pytest.raises(AssertionError):
        assert_linear(work, start=500)
