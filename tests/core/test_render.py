"""The note renderer: Markdown + the parser's links, timestamps and headings -> HTML. Qt-free."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from viewer.core.note import Note
from viewer.core.parser import parse_file, parse_text
from viewer.render import RenderedNote, render_markdown_fragment, render_note

SAMPLE = Path(__file__).resolve().parents[2] / "notes" / (
    "role_of_russia_in_the_nagornokarabakh_peace_process.md")
VID = "8sGHxZkZReo"
CHIP = re.compile(r'<a class="ts"[^>]*>')
WIKILINK = re.compile(r'<a class="wikilink (note|topic)"[^>]*>')


def attr(tag: str, name: str) -> str:
    match = re.search(rf'\b{name}="([^"]*)"', tag)
    assert match, f"no {name} in {tag}"
    return match.group(1)


def note_of(body: str, video_id: str | None = VID) -> Note:
    video = f"videoId: {video_id}\n" if video_id else ""
    return parse_text("test_note.md", f"---\ntitle: Test note\n{video}---\n{body}")


def render(body: str, video_id: str | None = VID, kinds: dict[str, str] | None = None) -> str:
    return render_note(note_of(body, video_id), lambda slug: (kinds or {}).get(slug, "note")).html


@pytest.fixture(scope="module")
def sample() -> Note:
    return parse_file(f"notes/{SAMPLE.name}", SAMPLE.read_bytes())


@pytest.fixture(scope="module")
def rendered(sample: Note) -> RenderedNote:
    return render_note(sample, war_is_a_topic)


def war_is_a_topic(slug: str) -> str:
    return "topic" if slug == "nagornokarabakh_war_of_2020" else "note"


def test_sample_chips_are_the_parsed_timestamps_in_order(
        sample: Note, rendered: RenderedNote) -> None:
    chips = CHIP.findall(rendered.html)
    assert len(sample.timestamps) == 32 and len(chips) == 32
    assert [int(attr(c, "data-ts")) for c in chips] == list(range(32))
    assert [int(attr(c, "data-seconds")) for c in chips] == [t.seconds for t in sample.timestamps]
    assert [attr(c, "href") for c in chips] == [
        f"lectern://seek/{VID}/{t.seconds}" for t in sample.timestamps]
    assert '<a class="ts" data-seconds="131" data-ts="2" href="lectern://seek/8sGHxZkZReo/131" ' \
           'title="Play at 2:11">2:11</a>' in rendered.html
    assert "yt-timestamp" not in rendered.html and "[00:" not in rendered.html


def test_sample_links_without_the_from_line(sample: Note, rendered: RenderedNote) -> None:
    # 24 parsed links; the first is the channel of the `From: [[jameskerlindsay]] <br/>` line,
    # which the window shows in its header: 23 remain in the body.
    assert len(sample.links) == 24 and sample.links[0].target == "jameskerlindsay"
    links = WIKILINK.findall(rendered.html)
    assert len(links) == 23
    assert links.count("topic") == 6  # [[nagornokarabakh_war_of_2020 | ...]]
    assert "jameskerlindsay" not in rendered.html and "From:" not in rendered.html
    assert rendered.html.startswith("<p>After a brief ")
    assert "[[" not in rendered.html
    first = WIKILINK.search(rendered.html)
    assert first and first.group(0) == (
        '<a class="wikilink topic" data-target="nagornokarabakh_war_of_2020" '
        'href="lectern://open/nagornokarabakh_war_of_2020">')
    assert ">bloody conflict</a>" in rendered.html


def test_sample_headings_carry_the_parser_anchors(
        sample: Note, rendered: RenderedNote) -> None:
    found = re.findall(r'<h([1-6]) id="([^"]+)">([^<]*)</h\1>', rendered.html)
    assert len(sample.headings) == 5
    assert [(int(level), anchor) for level, anchor, _ in found] == [
        (h.level, h.anchor) for h in sample.headings]
    assert rendered.headings == [(h.level, h.text, h.anchor) for h in sample.headings]
    assert found[1][2] == "Russia's Role During the 2020 Conflict"


def test_sample_lists_right_under_a_paragraph_are_lists(rendered: RenderedNote) -> None:
    assert rendered.html.count("<ul>") == 3 and rendered.html.count("<li>") == 10
    assert "*   " not in rendered.html
    assert "<li><strong>Not too soon</strong>: An earlier" in rendered.html


def test_link_kind_sets_the_class_and_is_asked_once_per_target() -> None:
    asked: list[str] = []

    def kind(slug: str) -> str:
        asked.append(slug)
        return "topic" if slug == "a topic" else "note"

    html = render_note(note_of("[[A Topic]] [[a note]] [[A Topic|again]]"), kind).html
    assert [m.group(1) for m in WIKILINK.finditer(html)] == ["topic", "note", "topic"]
    assert sorted(asked) == ["a note", "a topic"]  # link keys (issue 15: Obsidian's rule)


def test_link_kind_failure_still_renders(caplog: pytest.LogCaptureFixture) -> None:
    def broken(slug: str) -> str:
        raise KeyError(slug)

    html = render_note(note_of("[[x]] and [[y]]"), broken).html
    assert len(WIKILINK.findall(html)) == 2 and 'class="wikilink note"' in html
    assert any(r.name == "lectern.render" for r in caplog.records)


@pytest.mark.parametrize(("body", "expected"), [
    ("[[Target Title|label]]",
     ('<a class="wikilink note" data-target="target_title" href="lectern://open/target%20title">'
      "label</a>")),
    ("[[Target Title]]",
     ('<a class="wikilink note" data-target="target_title" href="lectern://open/target%20title">'
      "Target Title</a>")),
    ("[[t#Some Heading|x]]",
     '<a class="wikilink note" data-target="t" href="lectern://open/t#some_heading">x</a>'),
    ("[[#Some Heading]]",
     '<a class="wikilink note" data-target="test_note" href="#some_heading">Some Heading</a>'),
    ("[[Café Öl]]",
     ('<a class="wikilink note" data-target="café_öl" href="lectern://open/caf%C3%A9%20%C3%B6l">'
      "Café Öl</a>")),
    ("[[C++]] [[folder/Note.md#A#B]] [[Note#^blk-1]]",
     '<a class="wikilink note" data-target="c" href="lectern://open/c%2B%2B">C++</a> '
     '<a class="wikilink note" data-target="note" href="lectern://open/folder%2Fnote#a/b">'
     'folder/Note.md</a> '
     '<a class="wikilink note" data-target="note" href="lectern://open/note#^blk-1">Note</a>'),
    ("[[x|a <b> & *c*]]",
     '<a class="wikilink note" data-target="x" href="lectern://open/x">a &lt;b&gt; &amp; *c*</a>'),
])
def test_wikilink_markup(body: str, expected: str) -> None:
    assert render(body) == f"<p>{expected}</p>"


def test_links_in_code_stay_literal() -> None:
    html = render("Span `[[x]]` here.\n\n```\n[[y]] <br>\n```\n\n    [[z]] indented\n\n"
                  "~~~\n<a class=\"yt-timestamp\" data-t=\"00:00:05\">[00:00:05]</a>\n~~~\n")
    assert "wikilink" not in html and "<a " not in html
    assert "<code>[[x]]</code>" in html
    assert "[[y]] &lt;br&gt;" in html and "[[z]] indented" in html
    assert "&lt;a class=\"yt-timestamp\" data-t=\"00:00:05\"&gt;[00:00:05]&lt;/a&gt;" in html


def test_heading_ids_match_the_parser_even_where_markdown_differs() -> None:
    body = ("# Top\n  ## Indented\n* item\n## Right under a list\n"
            "| a |\n|---|\n## After a table row\n# Top\n## [[x|Linked]] heading ##\n")
    note = note_of(body)
    rendered = render_note(note, lambda slug: "note")
    ids = re.findall(r'<h[1-6] id="([^"]+)">', rendered.html)
    assert ids == [h.anchor for h in note.headings] == [
        "top", "indented", "right_under_a_list", "after_a_table_row", "top_1", "linked_heading"]
    assert rendered.headings == [(h.level, h.text, h.anchor) for h in note.headings]
    assert '<h2 id="linked_heading"><a class="wikilink note"' in rendered.html


def test_url_timestamps_and_notes_without_video() -> None:
    html = render("[Watch this](https://youtu.be/8sGHxZkZReo?t=75) and "
                  "https://www.youtube.com/watch?v=abcdefghijk&t=1m2s here")
    assert ('<span class="ts-ref">Watch this <a class="ts" data-seconds="75" data-ts="0" '
            'href="lectern://seek/8sGHxZkZReo/75" title="Play at 1:15">1:15</a></span>') in html
    assert 'data-ts="1" href="lectern://seek/abcdefghijk/62"' in html
    novideo = render('x <a class="yt-timestamp" data-t="01:02:03">[01:02:03]</a>', video_id=None)
    assert ('<a class="ts novideo" data-seconds="3723" data-ts="0" href="lectern://seek/-/3723" '
            'title="Play at 1:02:03">1:02:03</a>') in novideo


def test_bad_timestamp_is_a_flagged_escaped_span() -> None:
    note = note_of('a <a class="yt-timestamp" data-t="soon<b">[x]</a> b '
                   '<a class="yt-timestamp" data-t="00:00:09">[00:00:09]</a>')
    assert len(note.bad_timestamps) == 1 and len(note.timestamps) == 1
    html = render_note(note, lambda slug: "note").html
    assert '<span class="ts bad" title="Unreadable timestamp">[soon&lt;b]</span>' in html
    assert 'data-ts="0" href="lectern://seek/8sGHxZkZReo/9"' in html


def test_br_variants_are_line_breaks_and_other_html_is_text() -> None:
    html = render("a<br>b<br/>c<BR />d <b>bold</b> <div>x</div>")
    assert html.count("<br>") == 3
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&lt;div&gt;x&lt;/div&gt;" in html


def test_markdown_basics_survive_sanitising() -> None:
    html = render("**b** *i* [site](https://example.org/a?b=1&copy=2 \"T\") <https://x.org>\n\n"
                  "1. one\n2. two\n\n> quote\n\n---\n\n| L | R |\n|:--|--:|\n| 1 | 2 |\n\n"
                  "```python\nprint(1)\n```\n")
    for fragment in ("<strong>b</strong>", "<em>i</em>",
                     '<a href="https://example.org/a?b=1&amp;copy=2" title="T">site</a>',
                     '<a href="https://x.org">https://x.org</a>', "<ol>", "<blockquote>", "<hr>",
                     '<th align="left">L</th>', '<td align="right">2</td>',
                     '<code class="language-python"><span class="nb">print</span>'):
        assert fragment in html
    assert "style=" not in html


def test_images_never_load() -> None:
    html = render("![a map](https://example.org/map.png) ![](data:image/png;base64,AAAA) "
                  "![x](file:///etc/hosts)")
    assert "<img" not in html and "data:" not in html and "file:" not in html
    assert '<a class="image" href="https://example.org/map.png">a map</a>' in html
    assert html.count('<span class="image link-blocked">') == 2


def test_forged_tokens_in_a_note_are_neutralised() -> None:
    note = note_of("a \ue0000\ue001 b [[x]] \ue000")
    html = render_note(note, lambda slug: "note").html
    assert "\ue000" not in html and "\ue001" not in html
    assert len(WIKILINK.findall(html)) == 1


def test_fragment_links_become_labels_and_timestamps_go() -> None:
    text = ('This [[nagornokarabakh_peace_agreement | deal]] was brokered by **Russia** '
            '<a class="yt-timestamp" data-t="00:01:11">[00:01:11]</a>. See [[Other]] '
            "`[[code]]` <script>x</script>")
    assert render_markdown_fragment(text) == (
        "This deal was brokered by <strong>Russia</strong>. See Other <code>[[code]]</code> "
        "&lt;script&gt;x&lt;/script&gt;")
    assert render_markdown_fragment("* one\n* two").startswith("<ul>")
    assert render_markdown_fragment("") == ""


def test_threads_each_render_the_same(sample: Note, rendered: RenderedNote) -> None:
    results: list[str] = []

    def work() -> None:
        for _ in range(5):
            results.append(render_note(sample, war_is_a_topic).html)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 20 and set(results) == {rendered.html}


def test_bare_slug_links_read_as_words() -> None:
    note = parse_text("x.md", "[[border_dispute]] [[Curl in vector fields]] [[tracking_Notion|own]]")
    html = render_note(note, lambda _slug: "topic").html
    assert ">border dispute</a>" in html and ">Curl in vector fields</a>" in html
    assert ">own</a>" in html
