"""Issue 15, leftovers: Obsidian syntax that still rendered wrongly after the fidelity work.
Each test asserts the structure a reader sees in Obsidian (its help pages and CommonMark,
which Obsidian follows for lists)."""

from __future__ import annotations

import re

from tests.core.test_render_fidelity import Node, dom, render

_CHIP = '<a class="yt-timestamp" data-t="00:01:02">[00:01:02]</a>'


def _footnotes(root: Node) -> list[Node]:
    (section,) = [d for d in root.kids("div") if "footnote" in d.classes()]
    return section.kids("ol")[0].kids("li")


def _text(html: str) -> str:
    """The text of an HTML fragment in reading order, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]*>", "", html).replace("&nbsp;", " ").split())


def _paragraph(html: str) -> str:
    return _text(html.split("</p>", 1)[0])


def _notes(html: str) -> list[str]:
    return [_text(part.split(">", 1)[1].split("</li>", 1)[0]).rstrip("↩ ")
            for part in html.split('<li id="fn:')[1:]]


# -- inline footnotes holding links and chips ---------------------------------------------

def test_inline_footnote_with_a_wiki_link_and_a_chip() -> None:
    html = render(f"Text ^[see [[Other note|this]] and {_CHIP}] end.\n")
    root = dom(html)
    assert "^[" not in html and _paragraph(html) == "Text 1 end."
    assert _notes(html) == ["see this and 1:02"]
    (note,) = _footnotes(root)
    links = note.all("a")
    (wiki,) = [a for a in links if "wikilink" in a.classes()]
    assert wiki.content() == "this" and wiki.attrs["href"] == "lectern://open/other%20note"
    (chip,) = [a for a in links if "ts" in a.classes()]
    assert chip.attrs["href"] == "lectern://seek/8sGHxZkZReo/62" and chip.content() == "1:02"
    assert chip.attrs["data-ts"] == "0"


def test_inline_footnotes_with_markdown_and_youtube_links_and_over_lines() -> None:
    html = render("A ^[read [docs](https://example.org) *now*] b "
                  "^[at https://youtu.be/8sGHxZkZReo?t=90] c ^[one\n[[Two]]\nthree] d\n")
    root = dom(html)
    assert _paragraph(html) == "A 1 b 2 c 3 d"
    assert _notes(html) == ["read docs now", "at 1:30", "one Two three"]
    first, second, third = _footnotes(root)
    assert [a.attrs["href"] for a in first.all("a")][0] == "https://example.org"
    assert first.all("em")[0].content() == "now"
    (chip,) = [a for a in second.all("a") if "ts" in a.classes()]
    assert chip.attrs["data-seconds"] == "90"
    assert [a.content() for a in third.all("a") if "wikilink" in a.classes()] == ["Two"]


def test_inline_footnote_inside_another_stays_its_text() -> None:
    html = render("x ^[a ^[b] [[C]]] y\n")
    assert _paragraph(html) == "x 1 y" and _notes(html) == ["a ^[b] C"]


def test_inline_footnote_in_code_stays_code() -> None:
    html = render("x `^[a [[C]]]` y\n")
    assert "footnote" not in html and "<code>^[a [[C]]]</code>" in html


# -- fenced code in footnote definitions ----------------------------------------------------

def test_fence_in_a_multi_paragraph_footnote_is_its_code_block() -> None:
    html = render("Text[^1].\n\n[^1]: First para.\n\n    Second para:\n\n    ```python\n"
                  "    x = 1\n\n    y = [1, 2]\n    ```\n\n    After it.\n\nBack in the note.\n")
    root = dom(html)
    (note,) = _footnotes(root)
    assert [child.tag for child in note.kids()] == ["p", "p", "pre", "p"]
    (code,) = note.kids("pre")[0].kids("code")
    assert code.attrs["class"] == "language-python"
    assert "".join(re.findall(r">([^<]*)<", html.split("<pre", 1)[1].split("</pre>")[0])) \
        == "x = 1\n\ny = [1, 2]\n"
    assert _notes(html) == ["First para. Second para: x = 1 y = [1, 2] After it."]
    assert root.kids("p")[-1].content() == "Back in the note."
    assert "```" not in html


def test_fence_right_under_a_footnote_line_and_last_in_it() -> None:
    html = render("A[^a] B[^b]\n\n[^a]: Intro\n    ~~~\n    a < b\n    ~~~\n    more\n"
                  "[^b]: Only code:\n\n    ```\n    z\n    ```\n")
    first, second = _footnotes(dom(html))
    assert [child.tag for child in first.kids()] == ["p", "pre", "p"]
    assert first.kids("pre")[0].content() == "a < b"
    assert first.kids("p")[1].content().startswith("more")
    # The back link gets a paragraph of its own after the code, not a <p> around the <pre>.
    assert [child.tag for child in second.kids()] == ["p", "pre", "p"]
    assert second.kids("p")[-1].kids("a")[0].attrs["class"] == "footnote-backref"
    assert "<p><pre" not in html and "<p></p>" not in html and "~~~" not in html


def test_indented_fence_outside_a_footnote_stays_indented_code() -> None:
    html = render("[^a]: note\n\nBack at the top.\n\n    ```\n    code\n")
    assert "<pre><code>```\n" in html
