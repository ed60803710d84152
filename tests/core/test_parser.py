"""Parsing notes: the sample's exact figures and every variant of the format."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLE_VAULT
from viewer.core.context import context_at, link_contexts
from viewer.core.parser import parse_file, parse_text
from viewer.core.slug import slugify
from viewer.core.timecode import parse_time, parse_youtube_url

SAMPLE = next(SAMPLE_VAULT.glob("*.md"))


def note_of(text: str, path: str = "n.md"):
    return parse_file(path, text.encode())


def test_sample_note_exact_figures() -> None:
    note = parse_file(SAMPLE.name, SAMPLE.read_bytes())
    assert note.title == "Role of Russia in the NagornoKarabakh peace process"
    assert note.video_id == "8sGHxZkZReo"
    assert note.channel == "jameskerlindsay"
    assert len(note.links) == 24
    assert len({link.target for link in note.links}) == 6
    assert len(note.timestamps) == 32
    assert min(t.seconds for t in note.timestamps) == 0
    assert max(t.seconds for t in note.timestamps) == 14 * 60 + 9
    assert [t.seconds for t in note.timestamps][:3] == [0, 71, 131]  # document order kept
    assert len(note.headings) == 5
    assert note.problems == []
    assert all(t.video_id == "8sGHxZkZReo" for t in note.timestamps)


def test_slug_rule() -> None:
    assert slugify("Nagorno-Karabakh war of 2020") == "nagornokarabakh_war_of_2020"
    assert slugify("tracking_relationships_using_Notion") == "tracking_relationships_using_notion"
    assert slugify("Curl in vector fields") == "curl_in_vector_fields"
    assert slugify("  a -- b  ") == "a_b"
    assert slugify("Café (2020)!") == slugify("Cafe\u0301 (2020)") == "café_2020"


def test_link_variants() -> None:
    note = note_of(
        "[[plain]] [[target|label]] [[target | spaced label]] [[target#Some Heading|lab]] "
        "[[Curl in vector fields]] [[tracking_relationships_using_Notion|x]] [[#Local]] "
        "| [[a\\|b]] |"
    )
    got = [(link.target, link.label, link.heading) for link in note.links]
    assert got == [
        ("plain", None, None),
        ("target", "label", None),
        ("target", "spaced label", None),
        ("target", "lab", "Some Heading"),
        ("curl in vector fields", None, None),
        ("tracking_relationships_using_notion", "x", None),
        ("", None, "Local"),
        ("a", "b", None),
    ]


def test_links_in_code_are_not_links() -> None:
    note = note_of("a `[[nope]]` b\n\n```\n[[nope2]]\n```\n\n~~~\n[[nope3]]\n~~~\n[[yes]] ``x [[no]] y``")
    assert [link.target for link in note.links] == ["yes"]


def test_timestamp_variants_and_order() -> None:
    note = note_of(
        "---\ntitle: T\nvideoId: 8sGHxZkZReo\n---\n"
        '<a class="yt-timestamp" data-t="00:02:11">[00:02:11]</a> '
        '<a class="yt-timestamp" data-t="01:05">x</a> '
        "<a data-t='83' class='yt-timestamp other'>[83]</a> "
        "[see](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=83s) "
        "https://youtu.be/8sGHxZkZReo?t=1m23s "
        "youtube.com/watch?v=8sGHxZkZReo&t=2 "
        "https://youtu.be/8sGHxZkZReo (no time: not a timestamp)"
    )
    assert [(t.seconds, t.video_id, t.kind) for t in note.timestamps] == [
        (131, "8sGHxZkZReo", "anchor"),
        (65, "8sGHxZkZReo", "anchor"),
        (83, "8sGHxZkZReo", "anchor"),
        (83, "dQw4w9WgXcQ", "url"),
        (83, "8sGHxZkZReo", "url"),
        (2, "8sGHxZkZReo", "url"),
    ]
    assert note.timestamps[3].label == "see"


def test_time_formats() -> None:
    assert parse_time("00:02:11") == 131
    assert parse_time("2:11") == 131
    assert parse_time("83") == 83
    assert parse_time("1m23s") == 83
    assert parse_time("1h0m1s") == 3601
    assert parse_time("99:99:xx") is None
    assert parse_youtube_url("https://youtu.be/8sGHxZkZReo?t=83") == ("8sGHxZkZReo", 83)
    assert parse_youtube_url("https://example.com/watch?v=8sGHxZkZReo") is None


def test_front_matter_fields_and_problems() -> None:
    note = note_of("---\ntitle: X\nvideoId: not-an-id\naliases: [Ex, Why]\ntags: a, b\n---\nbody")
    assert note.video_id is None
    assert note.problems[0].line == 3 and "not a YouTube video id" in note.problems[0].message
    assert note.aliases == ("Ex", "Why")
    assert note.tags == ("a", "b")

    broken = note_of("---\ntitle: [unclosed\nvideoId: 8sGHxZkZReo\n---\n[[still]] indexed")
    assert broken.title == "n"  # falls back to the file name
    assert any("not valid YAML" in p.message for p in broken.problems)
    assert [link.target for link in broken.links] == ["still"]

    untitled = note_of("just text [[x]]", "folder/My Note.txt")
    assert untitled.title == "My Note" and untitled.slug == "my_note"
    assert any("no title" in p.message for p in untitled.problems)

    bad_time = note_of('---\ntitle: T\n---\nline\n<a class="yt-timestamp" data-t="9x:00">[?]</a>')
    assert bad_time.timestamps == [] and len(bad_time.bad_timestamps) == 1
    assert [p.line for p in bad_time.problems] == [5]


def test_unreadable_inputs_are_problems_not_crashes() -> None:
    binary = parse_file("b.md", b"\x00\x01\x02" * 100)
    assert binary.problems[0].message.startswith("binary")
    latin = parse_file("l.md", "---\ntitle: Caf\xe9\n---\n[[x]]".encode("latin-1"))
    assert latin.title == "Café" and "Latin-1" in latin.problems[0].message
    utf16 = parse_file("u.md", "---\ntitle: Wide\n---\n[[x]]".encode("utf-16"))
    assert utf16.title == "Wide" and utf16.problems == []
    crlf = parse_file("c.md", b"---\r\ntitle: Win\r\nvideoId: 8sGHxZkZReo\r\n---\r\n[[x]]\r\n")
    assert crlf.title == "Win" and crlf.video_id == "8sGHxZkZReo"
    listy = note_of("---\n- a\n- b\n---\nx")
    assert any("key: value" in p.message for p in listy.problems)


def test_contexts() -> None:
    note = parse_file(SAMPLE.name, SAMPLE.read_bytes())
    contexts = link_contexts(note, "armenia_russia_relations_and_tension")
    assert len(contexts) == 1
    _link, ctx = contexts[0]
    assert ctx.sentence.startswith("Given a defense agreement between Russia and Armenia")
    assert ctx.heading is not None and ctx.heading.text == "Russia's Role During the 2020 Conflict"
    assert ctx.timestamp is not None and ctx.timestamp.seconds == 10 * 60 + 14
    item = note.timestamps[5]  # a list item
    assert context_at(note, item.start, item.end).sentence == "The return of internally displaced persons."


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_parsing_arbitrary_text_never_raises(text: str) -> None:
    note = parse_text("x.md", text)
    for link in note.links:
        context_at(note, link.start, link.end)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "---\n", "title: ", "videoId: ", "[[", "]]", "|", "#", "`", "```\n", "<a class=\"yt-timestamp\" ",
    "data-t=\"", "\">", "</a>", "\n", "00:01:02", "youtu.be/8sGHxZkZReo?t=", "x", " ", "From: ",
    "\x00", "\ufeff", "*   ", "## ",
]), max_size=60).map("".join))
def test_parsing_format_fragments_never_raises(text: str) -> None:
    note = parse_file("x.md", text.encode("utf-8", "surrogatepass"))
    assert note.title


def test_unclosed_fence_is_text_like_the_rendered_page() -> None:
    note = note_of("```\n[[inside_closed]]\n```\n[[after]]\n\n```python\n[[unclosed_fence_text]]\n")
    assert [link.target for link in note.links] == ["after", "unclosed_fence_text"]


def test_hostile_backticks_are_fast() -> None:
    import time

    started = time.perf_counter()
    for text in ("`" * 20000, "` ``" * 5000, "`a\n\n" * 5000, "``x`" * 5000):
        parse_text("x.md", text + "[[y]]")
    assert time.perf_counter() - started < 2.0
