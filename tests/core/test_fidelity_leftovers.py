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


def test_inline_footnote_with_a_youtube_markdown_link_after_text() -> None:
    # The link is the innermost `[...](url)`: an open `[` before it is text (CommonMark),
    # not part of the chip's label.
    html = render("Claim ^[see [intro](https://youtu.be/8sGHxZkZReo?t=62) there] and "
                  "[draft [part two](https://youtu.be/8sGHxZkZReo?t=90) end\n")
    root = dom(html)
    # A labelled chip shows its label, then the time.
    assert _paragraph(html) == "Claim 1 and [draft part two 1:30 end"
    assert _notes(html) == ["see intro 1:02 there"]
    (chip,) = [a for a in _footnotes(root)[0].all("a") if "ts" in a.classes()]
    assert chip.attrs["data-seconds"] == "62"


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


# -- lists: nesting across kinds, a new list per marker, `1)` -------------------------------

def _shape(node: Node) -> list[object]:
    """Lists as (tag, start, [item text, nested shapes...]) in order, other blocks left out."""
    shapes: list[object] = []
    for child in node.kids():
        if child.tag in ("ul", "ol"):
            items = []
            for li in child.kids("li"):
                words = " ".join("".join(li.text).split())
                paragraphs = [p.content() for p in li.kids("p")]
                items.append([words or " ".join(paragraphs), *_shape(li)])
            shapes.append((child.tag, child.attrs.get("start"), items))
        elif child.tag in ("div", "blockquote", "details"):
            shapes.extend(_shape(child))
    return shapes


def test_numbers_bullets_numbers_nest_with_numbering_kept() -> None:
    root = dom(render("1. a\n   - b\n      1. c\n      2. d\n   - e\n2. f\n3. g\n"))
    assert _shape(root) == [("ol", None, [
        ["a", ("ul", None, [["b", ("ol", None, [["c"], ["d"]])], ["e"]])],
        ["f"], ["g"]])]


def test_bullets_numbers_bullets_nest_with_numbering_kept() -> None:
    root = dom(render("- a\n  1. b\n  2. c\n     - d\n- e\n  3. f\n"))
    assert _shape(root) == [("ul", None, [
        ["a", ("ol", None, [["b"], ["c", ("ul", None, [["d"]])]])],
        ["e", ("ol", "3", [["f"]])]])]


def test_a_nested_item_of_the_other_kind_starts_a_nested_list() -> None:
    # CommonMark: the bullet list under `a` ends, an ordered one starting at 2 begins.
    html = render("1. a\n   - b\n   2. c\n   3. d\n4. e\n")
    assert _shape(dom(html)) == [("ol", None, [
        ["a", ("ul", None, [["b"]]), ("ol", "2", [["c"], ["d"]])], ["e"]])]
    assert "2. c" not in html


def test_a_change_of_bullet_character_starts_a_new_list() -> None:
    assert _shape(dom(render("- a\n- b\n* c\n+ d\n+ e\n"))) == [
        ("ul", None, [["a"], ["b"]]), ("ul", None, [["c"]]), ("ul", None, [["d"], ["e"]])]
    assert _shape(dom(render("- a\n  - b\n  * c\n"))) == [
        ("ul", None, [["a", ("ul", None, [["b"]]), ("ul", None, [["c"]])]])]


def test_lists_apart_by_a_blank_line_stay_tight() -> None:
    html = render("- a\n- b\n\n* c\n* d\n")
    assert _shape(dom(html)) == [("ul", None, [["a"], ["b"]]), ("ul", None, [["c"], ["d"]])]
    assert "<p>" not in html
    # After an item's own paragraph the next list is still a list of its own.
    root = dom(render("- a\n\n  more of a\n\n* b\n"))
    first, second = root.kids("ul")
    assert [p.content() for p in first.kids("li")[0].kids("p")] == ["a", "more of a"]
    assert second.content() == "b"


def test_bullets_interrupt_a_paragraph_and_tasks_keep_their_boxes() -> None:
    root = dom(render("Intro:\n* one\n+ [ ] two\n+ [x] three\n"))
    assert root.kids("p")[0].content() == "Intro:"
    first, second = root.kids("ul")
    assert [li.content() for li in first.kids("li")] == ["one"]
    assert "task-list" in second.classes()
    assert ["checked" in box.attrs for box in second.all("input")] == [False, True]


def test_a_rule_is_not_an_item_of_the_list_above() -> None:
    root = dom(render("- a\n* * *\n- b\n"))
    assert [child.tag for child in root.kids()] == ["ul", "hr", "ul"]


def test_parenthesis_numbers_are_ordered_lists() -> None:
    assert _shape(dom(render("Steps:\n1) a\n2) b\n   - c\n3) d\n"))) == [
        ("ol", None, [["a"], ["b", ("ul", None, [["c"]])], ["d"]])]
    # A change of delimiter starts a new list (CommonMark), numbering kept.
    assert _shape(dom(render("1. a\n2) b\n3) c\n"))) == [
        ("ol", None, [["a"]]), ("ol", "2", [["b"], ["c"]])]
    # Only `1)` interrupts a paragraph, as `1.` does: `2)` is text there.
    html = render("In 2020\n2) was the year\n")
    assert "<ol" not in html and "2) was the year" in html


def test_lists_in_callouts_split_too() -> None:
    root = dom(render("> [!tip] T\n> - a\n> * b\n>   1) c\n"))
    assert _shape(root) == [("ul", None, [["a"]]),
                            ("ul", None, [["b", ("ol", None, [["c"]])]])]
