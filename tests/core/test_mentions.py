"""Topic pages: every mention, grouped by channel and video, with context, a page at a time."""

from __future__ import annotations

import gc
import time
from pathlib import Path

from viewer.core.mentions import (
    PAGE_SIZE,
    MentionGroup,
    mention_starts,
    mentions_page,
    page_slice,
    topic_sources,
    topic_title,
)
from viewer.core.note import Note
from viewer.core.store import NoteStore
from viewer.core.vault import load_index
from viewer.render.pages import mentions_html

TS = '<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def all_mentions(root: Path, targets: set[str]) -> list[MentionGroup]:
    index, _ = load_index(root, None)
    targets = set().union(*(index.topic_targets(t) for t in targets))  # slugs to link keys
    sources = topic_sources(index, targets)
    page = page_slice(sources, mention_starts(sources), 0, 10**6)
    return mentions_page(NoteStore(root).get, page, targets)


def test_mentions_grouped_with_context_and_title(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: A\nvideoId: aaaaaaaaaaa\n---\nFrom: [[c1]] <br/>\n## Part\n"
        f"Intro. See [[Curl in vector fields|curl]] here {TS.format(t='00:01:00')}.\n")
    (tmp_path / "b.md").write_text(
        "---\ntitle: B\nvideoId: bbbbbbbbbbb\n---\nFrom: [[c0]] <br/>\n"
        f"* Again [[curl_in_vector_fields]] {TS.format(t='00:00:30')}.\n"
        "* And [[Curl in vector fields]] without time.\n")
    groups = all_mentions(tmp_path, {"curl_in_vector_fields"})
    assert [(g.channel, g.video_id) for g in groups] == [("c0", "bbbbbbbbbbb"), ("c1", "aaaaaaaaaaa")]
    first, second = groups[0].mentions
    assert (first.sentence, first.seconds) == ("Again curl in vector fields.", 30)  # slug read
    assert (second.sentence, second.seconds) == ("And Curl in vector fields without time.", None)
    only = groups[1].mentions[0]
    assert (only.sentence, only.heading, only.seconds) == ("See curl here.", "Part", 60)
    assert topic_title("curl_in_vector_fields", groups) == "Curl in vector fields"
    assert topic_title("no_mentions_yet", []) == "No mentions yet"


def write_linking_vault(root: Path, notes: int, per_note: int) -> None:
    for i in range(notes):
        (root / f"n{i:05d}.md").write_text(
            f"---\ntitle: N{i}\nvideoId: vid{i % 7:08d}\n---\nFrom: [[chan{i % 3}]] <br/>\n"
            + "".join(f"Point {i}.{k} on [[target]] here.\n\n" for k in range(per_note)))


def test_pages_cover_every_mention_once_in_order(tmp_path: Path) -> None:
    write_linking_vault(tmp_path, 90, 7)  # 630 mentions: pages end inside notes
    whole = all_mentions(tmp_path, {"target"})
    expected = [(m.path, m.sentence) for g in whole for m in g.mentions]
    assert len(expected) == 630
    index, _ = load_index(tmp_path, None)
    sources = topic_sources(index, {"target"})
    starts = mention_starts(sources)
    read = NoteStore(tmp_path).get
    seen: list[tuple[str, str]] = []
    html = []
    for first in range(0, 630, PAGE_SIZE):
        page = page_slice(sources, starts, first)
        groups = mentions_page(read, page, {"target"})
        got = [(m.path, m.sentence) for g in groups for m in g.mentions]
        assert len(got) == min(PAGE_SIZE, 630 - first)
        seen.extend(got)
        html.append(mentions_html(groups, page.previous))
    assert seen == expected
    # the pages together carry each channel's and video's heading once
    joined = "".join(html)
    assert joined.count("<h2 ") == len({g.channel for g in whole})  # <h2 id=…>, for the Outline
    assert joined.count("<h3 ") == len(whole)


def test_a_page_reads_only_its_notes(tmp_path: Path) -> None:
    write_linking_vault(tmp_path, 600, 1)
    index, _ = load_index(tmp_path, None)
    sources = topic_sources(index, {"target"})
    starts = mention_starts(sources)
    read_paths: list[str] = []
    store = NoteStore(tmp_path)

    def read(path: str) -> Note:
        read_paths.append(path)
        return store.get(path)

    groups = mentions_page(read, page_slice(sources, starts, 200), {"target"})
    assert sum(len(g.mentions) for g in groups) == PAGE_SIZE
    assert len(read_paths) == PAGE_SIZE  # not 600


def test_a_topic_page_costs_what_it_shows(tmp_path: Path) -> None:
    """One note linking 8,000 times (the 45 KB `see [[target]] ` paragraph kind): a page of
    200 mentions, each with a capped sentence, not 8,000 paragraphs."""
    (tmp_path / "big.md").write_text("---\ntitle: Big\n---\n" + "see [[target]] " * 8000)
    index, _ = load_index(tmp_path, None)
    sources = topic_sources(index, {"target"})
    assert sum(s.count for s in sources) == 8000
    started = time.process_time()
    page = page_slice(sources, mention_starts(sources), 0)
    groups = mentions_page(NoteStore(tmp_path).get, page, {"target"})
    html = mentions_html(groups, None)
    took = time.process_time() - started
    assert sum(len(g.mentions) for g in groups) == PAGE_SIZE
    assert len(html) < PAGE_SIZE * 1000  # each sentence capped (was 99 MB for the topic)
    assert took < 5.0, took


def page_cpu(root: Path, links: int) -> float:
    """CPU seconds for the first page of a topic linked `links` times from one paragraph."""
    (root / "big.md").write_text("---\ntitle: Big\n---\n" + "see [[target]] " * links)
    index, _ = load_index(root, None)
    sources = topic_sources(index, {"target"})
    best = float("inf")
    for _ in range(3):
        store = NoteStore(root)  # parse again each run: the parse is part of the page
        gc.disable()  # as timeit does: a collection's cost is the heap's, not this page's
        try:
            started = time.process_time()
            groups = mentions_page(store.get, page_slice(sources, mention_starts(sources), 0),
                                   {"target"})
            mentions_html(groups, None)
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
    return best


def test_a_topic_page_grows_with_the_note_not_with_its_mentions(tmp_path: Path) -> None:
    """4x the links in the note: at most ~linear (the note is parsed), never quadratic (the
    old page computed each of the note's links' paragraph: 2,000 links 6 s, 8,000 96 s)."""
    small = page_cpu(tmp_path, 10000)
    large = page_cpu(tmp_path, 40000)
    for _ in range(2):  # a loaded machine only adds time: measure again before failing
        if large < 6 * max(small, 0.005):
            break
        small, large = min(small, page_cpu(tmp_path, 10000)), min(large, page_cpu(tmp_path, 40000))
    assert large < 6 * max(small, 0.005), (small, large)


def test_a_note_with_nothing_to_show_says_why_on_the_page() -> None:
    from viewer.core.index import LinkIndex
    from viewer.core.note import Note, Problem
    from viewer.render.pages import note_payload

    note = Note(path="x.md", title="x", slug="x",
                problems=[Problem(0, "not a regular file (a FIFO) <b>")])
    html = note_payload(note, LinkIndex(), "")["html"]
    assert "not a regular file (a FIFO) &lt;b&gt;" in html
    assert note_payload(note, LinkIndex(), "<p>text</p>")["html"] == "<p>text</p>"
