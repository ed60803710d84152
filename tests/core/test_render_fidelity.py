"""Issue 15: notes render as Obsidian shows them. Each row of the issue's table that is about
Markdown syntax (and the variants Obsidian's help documents) renders to the structure
asserted here: nested lists, kept line breaks, callouts, mark/del, checkboxes, footnotes,
math markup, hidden comments, harmless HTML, coloured code. (Embeds, links, timestamps and
front matter: tests of the links helper.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from tests.core.test_render_safety import assert_inert
from viewer.core.parser import parse_text
from viewer.render import render_markdown_fragment, render_note
from viewer.render.callouts import CALLOUT_TYPES
from viewer.render.flavour import MAX_HIGHLIGHT_CHARS, math_in

_VOID = {"br", "hr", "input", "img"}


@dataclass
class Node:
    """An element of a rendered fragment."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # text directly inside, in order

    def all(self, tag: str) -> list[Node]:
        """Every descendant with this tag, in document order."""
        found = []
        for child in self.children:
            if child.tag == tag:
                found.append(child)
            found.extend(child.all(tag))
        return found

    def kids(self, tag: str | None = None) -> list[Node]:
        return [c for c in self.children if tag is None or c.tag == tag]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def content(self) -> str:
        """All text inside, children included (whitespace collapsed)."""
        parts: list[str] = []

        def walk(node: Node) -> None:
            parts.extend(node.text)
            for child in node.children:
                walk(child)

        walk(self)
        return " ".join("".join(parts).split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].text.append(data)


def dom(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def render(body: str) -> str:
    note = parse_text("x.md", "---\ntitle: X\nvideoId: 8sGHxZkZReo\n---\n" + body)
    html = render_note(note, lambda _slug: "note").html
    assert "render-error" not in html
    return html


# -- lists -------------------------------------------------------------------------------

def test_two_space_bullets_nest() -> None:
    root = dom(render("- Solid\n  - Ice\n    - Glacier\n- Liquid\n"))
    (outer,) = root.kids("ul")
    items = outer.kids("li")
    assert [i.text[0].strip() for i in items] == ["Solid", "Liquid"]
    (inner,) = items[0].kids("ul")
    assert inner.kids("li")[0].text[0].strip() == "Ice"
    assert inner.kids("li")[0].kids("ul")[0].content() == "Glacier"


def test_three_space_sublist_keeps_numbering() -> None:
    root = dom(render("1. First\n   - sub\n2. Second\n3. Third\n   1. deep\n"))
    (ordered,) = root.kids("ol")
    items = ordered.kids("li")
    assert len(items) == 3 and "start" not in ordered.attrs
    assert items[0].kids("ul")[0].content() == "sub"
    assert items[2].kids("ol")[0].content() == "deep"


def test_tab_indented_lists_nest() -> None:
    root = dom(render("- a\n\t- b\n\t\t- c\n"))
    assert root.kids("ul")[0].kids("li")[0].kids("ul")[0].kids("li")[0].kids("ul")


def test_continuation_paragraph_in_a_two_space_item() -> None:
    root = dom(render("- item\n\n  more of it\n- next\n"))
    items = root.kids("ul")[0].kids("li")
    assert [p.content() for p in items[0].kids("p")] == ["item", "more of it"]


def test_indented_code_outside_lists_stays_code() -> None:
    assert "<pre><code>code\n</code></pre>" in render("para\n\n    code\n")


# -- line breaks and tables ----------------------------------------------------------------

def test_single_line_breaks_are_kept() -> None:
    root = dom(render("one\ntwo\nthree\n"))
    (paragraph,) = root.kids("p")
    assert len(paragraph.kids("br")) == 2


def test_lines_ending_with_timestamp_anchors_stay_lines() -> None:
    body = ("Intro <a class=\"yt-timestamp\" data-t=\"00:01:00\">[01:00]</a>\n"
            "Middle <a class=\"yt-timestamp\" data-t=\"00:02:00\">[02:00]</a>\n"
            "End [03:00](https://youtu.be/8sGHxZkZReo?t=180)\n")
    (paragraph,) = dom(render(body)).kids("p")
    assert len(paragraph.kids("br")) == 2
    assert len([a for a in paragraph.all("a") if "ts" in a.classes()]) == 3


def test_table_directly_under_a_paragraph_line() -> None:
    root = dom(render("Results:\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"))
    assert root.kids("p")[0].content() == "Results:"
    (table,) = root.kids("table")
    assert [td.content() for td in table.all("td")] == ["1", "2"]


def test_pipes_in_a_paragraph_without_separator_are_text() -> None:
    assert "<table>" not in render("a | b\nc | d\n")


# -- callouts ----------------------------------------------------------------------------

def test_callout_with_title_and_body() -> None:
    root = dom(render("> [!info] Key idea\n> The body *here*.\n"))
    (callout,) = root.kids("div")
    assert callout.classes() == {"callout", "callout-info"}
    title, content = callout.kids()
    assert title.classes() == {"callout-title"} and title.content() == "Key idea"
    assert content.classes() == {"callout-content"}
    assert content.kids("p")[0].kids("em")[0].content() == "here"
    assert "[!info]" not in render("> [!info] Key idea\n> x\n")


def test_folded_and_open_callouts_are_details() -> None:
    root = dom(render("> [!warning]- Folded\n> hidden\n\n> [!tip]+ Open\n> shown\n"))
    folded, opened = root.kids("details")
    assert folded.classes() == {"callout", "callout-warning"} and "open" not in folded.attrs
    assert folded.kids()[0].tag == "summary" and folded.kids()[0].content() == "Folded"
    assert "open" in opened.attrs and opened.classes() == {"callout", "callout-tip"}


def test_consecutive_callouts_are_not_merged() -> None:
    root = dom(render("> [!note] One\n> a\n\n> [!danger] Two\n> b\n"))
    callouts = root.kids("div")
    assert [c.classes() for c in callouts] == [{"callout", "callout-note"},
                                               {"callout", "callout-danger"}]
    assert not root.kids("blockquote")


def test_plain_quotes_after_a_blank_line_still_merge_as_before() -> None:
    assert render("> a\n\n> b\n").count("<blockquote>") == 1


@pytest.mark.parametrize("alias", sorted(CALLOUT_TYPES))
def test_every_documented_type_and_alias(alias: str) -> None:
    root = dom(render(f"> [!{alias.upper()}]\n> body\n"))
    (callout,) = root.kids("div")
    assert f"callout-{CALLOUT_TYPES[alias]}" in callout.classes()
    assert callout.kids()[0].content() == alias.upper()[0] + alias.upper()[1:].lower()


def test_unknown_type_is_a_note_with_its_own_title() -> None:
    (callout,) = dom(render("> [!custom-thing]\n> x\n")).kids("div")
    assert "callout-note" in callout.classes()
    assert callout.kids()[0].content() == "Custom-thing"


def test_callout_without_body_and_nested_content() -> None:
    html = render("> [!example] Only a title\n\n> [!quote] Outer\n> - item\n>\n"
                  "> > [!bug]- Inner\n> > deep `code`\n")
    root = dom(html)
    first, outer = root.kids("div")
    assert len(first.kids()) == 1
    content = outer.kids()[1]
    assert content.kids("ul")[0].content() == "item"
    (inner,) = content.all("details")
    assert inner.classes() == {"callout", "callout-bug"}
    assert inner.all("code")[0].content() == "code"


# -- inline marks, tasks, footnotes ----------------------------------------------------------

def test_highlight_and_strike() -> None:
    root = dom(render("==highlight== and ~~strike~~, not ~single~ or a==b\n"))
    assert [m.content() for m in root.all("mark")] == ["highlight"]
    assert [d.content() for d in root.all("del")] == ["strike"]


def test_task_lists_are_disabled_checkboxes() -> None:
    root = dom(render("- [ ] task\n- [x] done\n- [X] also\n- plain\n"))
    (tasks,) = root.kids("ul")
    assert "task-list" in tasks.classes()
    boxes = tasks.all("input")
    assert len(boxes) == 3
    assert all(b.attrs["type"] == "checkbox" and "disabled" in b.attrs for b in boxes)
    assert ["checked" in b.attrs for b in boxes] == [False, True, True]


def test_footnotes_and_inline_footnotes() -> None:
    html = render("Claim[^1] and another^[An *inline* note.] and again[^1].\n\n"
                  "[^1]: The source.\n")
    root = dom(html)
    refs = root.all("sup")
    assert [s.content() for s in refs] == ["1", "2", "1"]
    (section,) = [d for d in root.kids("div") if "footnote" in d.classes()]
    notes = section.kids("ol")[0].kids("li")
    assert notes[0].content().startswith("The source.")
    assert notes[1].kids("p")[0].kids("em")[0].content() == "inline"
    assert notes[0].attrs["id"] == "fn:1" and refs[0].attrs["id"] == "fnref:1"
    assert "^[" not in html


# -- math --------------------------------------------------------------------------------

def test_inline_and_block_math_keep_their_source() -> None:
    html = render("Euler: $e^{i\\pi}+1=0$, Laplace $L\\{f(t)\\}$, and $a_1 + b_1$.\n\n"
                  "$$\n\\int_0^1 x_i\\,dx\n$$\n")
    root = dom(html)
    spans = [s for s in root.all("span") if "arithmatex" in s.classes()]
    assert [s.content() for s in spans] == ["\\(e^{i\\pi}+1=0\\)", "\\(L\\{f(t)\\}\\)",
                                            "\\(a_1 + b_1\\)"]
    (block,) = [d for d in root.kids("div") if "arithmatex" in d.classes()]
    assert block.content() == "\\[ \\int_0^1 x_i\\,dx \\]"
    assert "<em>" not in html and math_in(html)


def test_dollar_amounts_are_not_math() -> None:
    html = render("It cost $5 and then $10.\n")
    assert not math_in(html) and "$5" in html


# -- comments, HTML ------------------------------------------------------------------------

def test_comments_are_hidden() -> None:
    html = render("Shown %%private%% text.\n\n%%\nA whole\n\nblock [[Secret]]\n%%\n\nAfter.\n")
    assert "private" not in html and "whole" not in html and "Secret" not in html
    assert "Shown" in html and "After." in html


def test_comments_in_code_stay() -> None:
    assert "%%kept%%" in render("`%%kept%%`\n")


def test_unclosed_comment_hides_the_rest() -> None:
    assert "rest" not in render("shown\n\n%% rest of the note\n")


def test_harmless_html_is_rendered() -> None:
    html = render("<mark>m</mark> H<sub>2</sub>O x<sup>2</sup> <kbd>Ctrl</kbd> <u>u</u>\n\n"
                  "<details>\n<summary>More</summary>\n\nHidden **text**\n\n</details>\n")
    root = dom(html)
    for tag, text in (("mark", "m"), ("sub", "2"), ("sup", "2"), ("kbd", "Ctrl"), ("u", "u")):
        assert [n.content() for n in root.all(tag)] == [text], tag
    (details,) = root.kids("details")
    assert details.kids()[0].tag == "summary" and details.kids()[0].content() == "More"
    assert details.all("strong")[0].content() == "text"
    assert_inert_but_allowed(html)


@pytest.mark.parametrize("body", [
    "<mark onclick=\"x()\">m</mark>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<kbd style=\"color:red\">k</kbd>",
    "<sup id=\"page-title\">x</sup>",
    "<script>alert(1)</script><u>",
])
def test_other_html_is_inert(body: str) -> None:
    html = render(body + "\n")
    assert_inert_but_allowed(html)
    root = dom(html)
    assert not root.all("script") and all(not n.attrs for n in root.all("sup"))


def test_attributes_on_harmless_tags_are_dropped_not_the_tags() -> None:
    """Obsidian keeps `<kbd style=...>` as a kbd (its sanitiser drops the attribute);
    escaping the opening tag left `<kbd style="color:red">` shown and a stray summary."""
    html = render("<kbd style=\"color:red\">Ctrl</kbd> <mark onclick=\"x()\">m</mark>\n\n"
                  "<details open onclick=\"alert(1)\"><summary class=\"x\">Sum</summary>"
                  "Inside</details>\n\n"
                  "<details ontoggle=alert(1)>\n<summary>More</summary>\n\nbody\n\n</details>\n")
    assert_inert_but_allowed(html)
    assert "&lt;" not in html and "style" not in html and "onclick" not in html
    root = dom(html)
    assert [n.content() for n in root.all("kbd")] == ["Ctrl"]
    assert [n.content() for n in root.all("mark")] == ["m"]
    first, second = root.kids("details")
    assert "open" in first.attrs and first.kids()[0].tag == "summary"
    assert not first.kids()[0].attrs and first.kids()[0].content() == "Sum"
    assert "Inside" in first.content()
    assert "open" not in second.attrs and second.kids("p")[0].content() == "body"


def assert_inert_but_allowed(html: str) -> None:
    """`assert_inert` of the safety tests (their allow-list includes issue 15's tags)."""
    assert_inert(html)


# -- code ----------------------------------------------------------------------------------

def test_fenced_code_gets_pygments_classes() -> None:
    root = dom(render("```python\ndef f(x):\n    return x  # hi\n```\n"))
    (pre,) = root.kids("pre")
    assert pre.classes() == {"highlight"}
    (code,) = pre.kids("code")
    assert code.attrs["class"] == "language-python"
    classes = {c for span in code.all("span") for c in span.classes()}
    assert {"k", "nf", "c1"} <= classes
    assert code.content().startswith("def f(x):")


def test_unknown_language_and_huge_blocks_stay_plain() -> None:
    assert '<pre><code class="language-nosuchlang">x' in render("```nosuchlang\nx\n```\n")
    big = "x = 1\n" * (MAX_HIGHLIGHT_CHARS // 6 + 1)
    assert '<pre><code class="language-python">x = 1' in render(f"```python\n{big}```\n")


# -- snippets and the size bound -------------------------------------------------------------

def test_snippets_hide_comments_and_mark_text() -> None:
    assert render_markdown_fragment("a ==b== %%c%% d") == "a <mark>b</mark>  d"


def test_a_megabyte_transcript_is_formatted() -> None:
    from bench.bench_render import transcript

    note = parse_text("t.md", transcript())
    html = render_note(note, lambda _slug: "note").html
    assert "render-error" not in html and len(note.timestamps) == 10_000
    assert html.count('class="ts"') == 10_000


def test_details_and_summary_on_one_line() -> None:
    root = dom(render("<details><summary>Sum</summary>\n\nbody\n\n</details>\n"))
    assert not root.kids("p")
    (details,) = root.kids("details")
    assert details.kids()[0].tag == "summary" and details.kids("p")[0].content() == "body"


def test_two_space_lists_nest_in_callouts_and_quotes() -> None:
    root = dom(render("> [!note] Title\n> - a\n>   - b\n> - c\n\n> 1. one\n>    - sub\n"))
    (callout,) = root.kids("div")
    outer = callout.kids()[1].kids("ul")[0]
    assert [li.text[0].strip() for li in outer.kids("li")] == ["a", "c"]
    assert outer.kids("li")[0].kids("ul")[0].content() == "b"
    (quote,) = root.kids("blockquote")
    assert quote.kids("ol")[0].kids("li")[0].kids("ul")[0].content() == "sub"


def test_an_ordered_list_right_under_a_bullet_list_is_a_list_of_its_own() -> None:
    """CommonMark and Obsidian start a new list where the item kind changes; the ordered
    items were lazy text of the last bullet (`b<br>1. one<br>2. two`)."""
    root = dom(render("- Solid\n  - Ice\n1. First\n   - sub\n2. Second\n\n"
                      "> [!note] T\n> - a\n> 1. b\n"))
    ul, ol, callout = root.kids()
    assert (ul.tag, ol.tag) == ("ul", "ol")
    assert ul.kids("li")[0].kids("ul")[0].content() == "Ice"
    assert [li.text[0].strip() for li in ol.kids("li")] == ["First", "Second"]
    assert ol.kids("li")[0].kids("ul")[0].content() == "sub"
    content = callout.kids()[1]
    assert [n.tag for n in content.kids()] == ["ul", "ol"]
    assert "<br>" not in render("- a\n- b\n1. one\n2. two\n")


def test_html_comments_are_hidden_like_obsidian_comments() -> None:
    """Obsidian renders HTML, so `<!-- ... -->` never shows; it showed as escaped text."""
    html = render("<!-- hidden -->\n\nVisible <!-- inline %% --> after %%gone%%.\n\n"
                  "<!--\nover\n\nparagraphs\n-->\nend `<!-- code -->` <!-- unclosed\n")
    assert "hidden" not in html and "inline" not in html and "gone" not in html
    assert "over" not in html and "paragraphs" not in html
    assert "Visible" in html and "after" in html and "end" in html
    assert "&lt;!-- code --&gt;</code>" in html and "&lt;!-- unclosed" in html


def test_tasks_with_any_character_in_the_box_are_checked() -> None:
    """Obsidian help (Task lists): any character inside the brackets marks the task done;
    `- [-] cancelled` showed as literal text."""
    root = dom(render("- [-] cancelled\n- [/] half\n- [ ] open\n  - [>] later\n\n"
                      "> [!todo]\n> - [?] asked\n\n- [^1] a footnote, not a task\n\n[^1]: f\n"))
    boxes = root.all("input")
    assert ["checked" in box.attrs for box in boxes] == [True, True, False, True, True]
    assert root.kids("ul")[-1].kids("li")[0].all("sup")  # `[^1]` stays a footnote


def test_a_callout_right_under_a_list_is_not_inside_its_last_item() -> None:
    root = dom(render("- a\n- b\n> [!tip] T\n> body\n\n- c\n  > quoted in c\n"))
    ul, callout, ul2 = root.kids()
    assert ul.tag == "ul" and "callout-tip" in callout.classes() and not ul.all("div")
    assert ul2.kids("li")[0].kids("blockquote")  # indented: inside its item
