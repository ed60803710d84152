"""Lists as Obsidian reads them (CommonMark's list rules, https://spec.commonmark.org/0.31.2/
#lists), on top of Python-Markdown's: indents, where a list ends and another begins, `1)`.

Python-Markdown nests by 4 columns, reads `-`, `*` and `+` as one list, does not know `1)`,
and takes an item of the other kind under a nested item as lazy text. `list_spans` rewrites
the source so Python-Markdown keeps one list where CommonMark has several in a row, marking
each item that starts a new CommonMark list with a `ListStart` token; `SplitLists` then cuts
the list there and gives each part its tag and number. One forward scan, one tree walk.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from viewer.render.nested_fences import indent_width
from viewer.render.source import TOKEN_RE, ListStart, Replacement, SourceBuilder

Span = tuple[int, int, Replacement]

_QUOTE_PREFIX = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_MAY_START = frozenset(" \t>*+-0123456789")  # first characters of lines a list can hold
# A list item marker (CommonMark: `-`, `+`, `*`, or 1-9 digits and `.`/`)`), then spaces
# or the end of the line.
_ITEM = re.compile(r"([*+-]|\d{1,9}[.)])(?:([ \t]+)|$)")
# `* * *`, `- - -`: a thematic break, not an item (CommonMark 4.1 before 5.2).
_RULE = re.compile(r"([*_-])[ \t]*(?:\1[ \t]*){2,}")
# Lines a list item may start right under (not paragraph text).
_NOT_PARAGRAPH = re.compile(r"[ ]{0,3}(?:[>#|]|(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$))")
# A task's box holding another character than space or x: Obsidian shows it checked ("You
# can use any character inside the brackets to mark it as complete", help: Task lists).
_TASK_STATE = re.compile(r"\[([^\sxX\]\[\\^])\](?=[ \t])")


def list_spans(masked: str, builder: SourceBuilder | None = None
               ) -> tuple[list[Span], list[Span]]:
    """(item spans, kind breaks) of the lists in a note.

    Kind breaks: a blank line (inside quotes, a `>` line) before a top-level item whose
    sibling just above is of the other kind (`- b` then `1. one`), and before a quote at
    column 0 right under a list item. CommonMark and Obsidian start a new list there;
    Python-Markdown read the ordered items as lazy text of the bullet.

    Item spans: leading whitespace of nested list lines re-indented to Python-Markdown's
    4 columns; `x` for the state character of a task written `- [-]`, `- [/]`, `- [>]`...
    (checked in Obsidian); and item markers rewritten: `3)` as `3.`, and every other
    change of list inside a run of siblings (`- a` then `* b`, `1. a` then `2) b`, or a
    nested `- b` then `2. c`) as the marker of the run's first item, followed by a
    `ListStart` token of the list CommonMark begins there (needs `builder`).

    Obsidian nests a line under a list item when it is indented at least to the item's
    content column (CommonMark: `- Solid` then `  - Ice`, `1. First` then `   - sub`);
    Python-Markdown wants 4 spaces per level, so 2- and 3-space lists came out flat and
    their numbers restarted. A line at depth d is given 4*d columns plus whatever it is
    indented beyond its parent's content column. Inside quotes and callouts the same,
    after the `>` markers (as Python-Markdown strips them: `>` and one space).
    """
    spans: list[Span] = []
    kind_breaks: list[Span] = []
    extra: list[Span] = []  # after the line's indent span: merged in order at the end
    stack: list[int] = []  # content columns of the open items, outermost first
    kinds: list[str] = []  # each open item's marker class: "-", "*", "+", "." or ")"
    shown: list[bool] = []  # whether Python-Markdown reads each open item's list as ordered
    blank_before = False
    above = ""  # the line before (after its quote markers)
    text_end = 0  # where the last line with text ended
    item_end = item_level = -1  # where the last item's line ended, and its depth
    quotes = 0  # `>` before the lines of the list (lists in quotes and callouts)
    line_start = 0
    for text in masked.split("\n"):
        end = line_start + len(text)
        if not stack and not quotes and text[:1] not in _MAY_START:
            line_start = end + 1  # most lines of most notes: text outside any list
            blank_before = not text.strip()
            above = text
            continue
        prefix = _QUOTE_PREFIX.match(masked, line_start, end) if ">" in text else None
        start = prefix.end() if prefix else line_start
        depth = masked.count(">", line_start, start)
        if depth != quotes:
            if stack and not quotes and text[:1] == ">" and not blank_before:
                # `- a` then `> [!tip]` at column 0: a quote of its own (CommonMark; in
                # Python-Markdown it was lazy text of the item, so the item held it).
                kind_breaks.append((line_start - 1, line_start, _blank_line))
            stack.clear()
            kinds.clear()
            shown.clear()
            quotes = depth
        line = masked[start:end]
        line_above, above = above, line
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            blank_before = True
            line_start = end + 1
            continue
        text_end, last_end = end, text_end
        lead = len(line) - len(stripped)
        width = indent_width(line[:lead])
        item = _ITEM.match(stripped)
        if item is not None and stripped[0] in "*-" and _RULE.fullmatch(stripped.rstrip()):
            item = None
        if item is not None and (stack or width < 4):
            sibling = None  # (marker class, read as ordered) of the item above at this level
            while stack and width < stack[-1]:
                stack.pop()
                sibling = (kinds.pop(), shown.pop())
            marker = item.group(1)
            is_ordered = marker[0].isdigit()
            kind = marker[-1] if is_ordered else marker
            as_ordered, starts_list = is_ordered, False
            if sibling is not None:
                if not stack and sibling[1] != is_ordered:
                    # Top level, the other kind: Python-Markdown starts a new list itself
                    # (sane_lists) after a blank line. Not in a nested list: a blank line
                    # there would take the lines after it into the nested item.
                    if not blank_before:
                        kind_breaks.append((line_start - 1, line_start, _text(
                            "\n" + masked[line_start:start].rstrip() + "\n")))
                else:
                    as_ordered, starts_list = sibling[1], sibling[0] != kind
            at = start + lead
            if starts_list or as_ordered != is_ordered or (
                    kind == ")" and (sibling or stack or blank_before or not line_start
                                     or marker == "1)" or not line_above.strip()
                                     or _NOT_PARAGRAPH.match(line_above))):
                number = int(marker[:-1]) if is_ordered else 1
                new = ListStart(is_ordered, number) if starts_list and builder else None
                if (new is not None and blank_before and last_end == item_end
                        and item_level == len(stack)):
                    # Right under the item before: the blank lines are between two lists,
                    # not items, and make neither loose.
                    extra.append((last_end, line_start - 1, _text("")))
                extra.append((at, at + len(marker), _marker(
                    builder, f"{number}." if as_ordered else "-", new, at)))
            state = _TASK_STATE.match(stripped, item.end())
            if state is not None:  # `- [-] cancelled`: checked, as in Obsidian
                at = start + lead + state.start(1)
                extra.append((at, at + 1, _text("x")))
            gap = indent_width(line[:lead + item.end(1)] + (item.group(2) or " ")) - width
            size = len(marker)
            # CommonMark: 5 or more spaces after the marker make the content column one past it.
            content = width + (gap if gap - size <= 4 else size + 1)
            wanted = 4 * len(stack)
            item_end, item_level = end, len(stack)
            stack.append(content)
            kinds.append(kind)
            shown.append(as_ordered)
        elif stack and blank_before and width == 0:
            stack.clear()  # the list has ended
            kinds.clear()
            shown.clear()
            blank_before = False
            line_start = end + 1
            continue
        else:
            if blank_before:
                while stack and width < stack[-1]:
                    stack.pop()
                    kinds.pop()
                    shown.pop()
            if not stack or width < stack[-1]:
                blank_before = False
                line_start = end + 1
                continue  # a lazy continuation line, or not in a list: as written
            wanted = 4 * len(stack) + width - stack[-1]
        blank_before = False
        if lead and (wanted != width or "\t" in line[:lead]):
            spans.append((start, start + lead, _text(" " * wanted)))
        line_start = end + 1
    if extra:
        spans = sorted(spans + extra, key=lambda span: span[0])
    return spans, kind_breaks


def _marker(builder: SourceBuilder | None, marker: str, new: ListStart | None,
            at: int) -> Replacement:
    if new is None or builder is None:
        return _text(marker)
    return lambda: f"{marker} {builder.token(new, at, at)}"


class SplitLists(Treeprocessor):
    """Cuts a list before each item that starts with a `ListStart` token (`list_spans`),
    the parts tagged `ul`/`ol` (with `start`) as the token says. One walk of the tree;
    each parent's children are rebuilt once."""

    def __init__(self, md: Markdown, tokens: Callable[[], list[object]]) -> None:
        """`tokens()`: the payloads of the text being converted, by token number."""
        super().__init__(md)
        self.tokens = tokens

    def run(self, root: etree.Element) -> None:
        """Split the lists of `root` in place."""
        payloads = self.tokens()
        if not any(isinstance(payload, ListStart) for payload in payloads):
            return
        parents = [p for p in root.iter() if any(c.tag in ("ul", "ol") for c in p)]
        for parent in parents:
            children: list[etree.Element] = []
            changed = False
            for child in parent:
                parts = _split(child, payloads) if child.tag in ("ul", "ol") else [child]
                changed = changed or len(parts) > 1
                children.extend(parts)
            if changed:
                parent[:] = children


def _split(element: etree.Element, payloads: list[object]) -> list[etree.Element]:
    """`element` (a list) and the lists cut from it, in order."""
    groups: list[tuple[etree.Element, list[etree.Element]]] = [(element, [])]
    for index, item in enumerate(list(element)):
        start = _take_start(item, payloads)
        if start is not None:
            if index:
                part = etree.Element("ul")
                part.tail = element.tail
                groups.append((part, []))
            target = groups[-1][0]
            target.tag = "ol" if start.ordered else "ul"
            target.attrib.pop("start", None)
            if start.ordered and start.number != 1:
                target.set("start", str(start.number))
        groups[-1][1].append(item)
    if len(groups) > 1:
        for part, items in groups:
            part[:] = items
    return [part for part, _ in groups]


def _take_start(item: etree.Element, payloads: list[object]) -> ListStart | None:
    """The `ListStart` an item's text begins with, removed from it (None if none)."""
    holder = item
    if not (item.text or "").strip() and len(item) and item[0].tag == "p":
        holder = item[0]  # a loose item: its first paragraph
    text = holder.text or ""
    match = TOKEN_RE.match(text, len(text) - len(text.lstrip()))
    if match is None or int(match.group(1)) >= len(payloads):
        return None
    payload = payloads[int(match.group(1))]
    if not isinstance(payload, ListStart):
        return None
    holder.text = text[match.end():].lstrip(" ")
    return payload


def _text(text: str) -> Replacement:
    return lambda: text


def _blank_line() -> str:
    return "\n\n"
