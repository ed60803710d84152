"""Python-Markdown's inline tree processor, in time linear in the paragraph.

Upstream (`markdown.treeprocessors.InlineProcessor`, 3.11.3) rebuilds the whole paragraph
string after every inline match (`data[:start] + placeholder + data[end:]`) and appends
text node by node (`tail += text`), so a paragraph of n matches costs n copies of the
paragraph: 100 KB of `\\*` took 7 s, of `<br>` 2.5 s. This class gives the same tree.

Per pattern it makes one pass over an unchanged string and joins the pieces once at the
end. That equals upstream's loop because upstream resumes each search right after the
placeholder it just inserted, and patterns only look forward from there, except for
one-character lookbehinds (and the `*`/`_` processor's boundary test) at the resume point,
where upstream's string shows the placeholder's last character (`\\x03`). Where the
character before the resume point could read differently from `\\x03` for the pattern at
hand (`_LOOKBEHIND`), the string is rebuilt first, as upstream does; that rebuilding is
capped per paragraph (`_COPY_FACTOR` times its length), beyond which hostile text may pair
a little differently but never costs more than linear time.

Also upstream's `__processPlaceholders` appended text with `+=` and found each child's
position with `list(node).index(child)`; both are linear here.
"""

from __future__ import annotations

import re
import types
import xml.etree.ElementTree as etree
from collections import deque
from typing import Any

from markdown import Markdown, inlinepatterns, util
from markdown.treeprocessors import InlineProcessor

# Characters before the resume point that a pattern's lookbehinds could read differently
# from `\x03`, and the characters at the resume point where they are evaluated. Patterns
# of other classes are treated as sensitive everywhere (the string is rebuilt, as upstream).
_NO_LOOKBEHIND = (None, "")
_LOOKBEHIND: dict[type, tuple[re.Pattern[str] | None, str]] = {
    inlinepatterns.BacktickInlineProcessor: (re.compile(r"\\"), "\\`"),  # (?<!\\)
    inlinepatterns.EscapeInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.ReferenceInlineProcessor: (re.compile("!"), "["),  # NOIMG (?<!\!)
    inlinepatterns.LinkInlineProcessor: (re.compile("!"), "["),
    inlinepatterns.ShortReferenceInlineProcessor: (re.compile("!"), "["),
    inlinepatterns.ImageInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.ImageReferenceInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.ShortImageReferenceInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.AutolinkInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.AutomailInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.SubstituteTagInlineProcessor: _NO_LOOKBEHIND,
    inlinepatterns.HtmlInlineProcessor: _NO_LOOKBEHIND,
}
# The `*`/`_` boundary patterns: (?<![\s*]), (?<=_), (?<![\w*]).
_DELIMITER_BEFORE = re.compile(r"[\s\w*_]")
_COPY_FACTOR = 16  # a paragraph may be rebuilt this many times its length, plus:
_COPY_FLOOR = 1_000_000  # characters


def register_lookbehind(cls: type, before: re.Pattern[str] | None, at: str) -> None:
    """Declare how a pattern class reads behind its match (None, "": not at all)."""
    _LOOKBEHIND[cls] = (before, at)


class LinearInlineProcessor(InlineProcessor):
    """Drop-in for Markdown's `inline` tree processor (same tree, linear time)."""

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        """Apply inline patterns to the tree, as upstream `InlineProcessor.run` does."""
        self.stashed_nodes: dict[str, etree.Element | str] = {}
        # (pattern, its regex if new-style, the ancestor tags it must not be under)
        self._patterns = [
            (pattern,
             pattern.getCompiledRegExp() if isinstance(pattern, inlinepatterns.InlineProcessor)
             else None,
             tuple(tag.lower() for tag in pattern.ANCESTOR_EXCLUDES))
            for pattern in self.inlinePatterns
        ]
        tree_parents = [] if ancestors is None else ancestors[:]
        self.parent_map = {c: p for p in tree.iter() for c in p}
        stack: deque[tuple[etree.Element, list[str]]] = deque([(tree, tree_parents)])
        self._InlineProcessor__build_ancestors(tree, tree_parents)  # type: ignore[attr-defined]

        while stack:
            current, parents = stack.popleft()
            self.ancestors = parents
            if current is not tree:
                self.ancestors.append(current.tag.lower())
            insert_queue = []
            i = 0
            while i < len(current):  # by index: children inserted after i are visited too
                child = current[i]
                if child.text and not isinstance(child.text, util.AtomicString):
                    self.ancestors.append(child.tag.lower())
                    text = child.text
                    child.text = None
                    lst = self._placeholders(self._handle_inline(text), child)
                    for item in lst:
                        self.parent_map[item[0]] = child
                    stack.extend(lst)
                    insert_queue.append((child, lst))
                    self.ancestors.pop()
                if child.tail:
                    tail = self._handle_inline(child.tail)
                    dummy = etree.Element("d")
                    child.tail = None
                    tail_result = self._placeholders(tail, dummy, False)
                    if dummy.tail:
                        child.tail = dummy.tail
                    for offset, new_child in enumerate(tail_result, i + 1):
                        self.parent_map[new_child[0]] = current
                        current.insert(offset, new_child[0])
                if len(child):
                    self.parent_map[child] = current
                    stack.append((child, self.ancestors[:]))
                i += 1
            for element, lst in insert_queue:
                for index, obj in enumerate(lst):
                    element.insert(index, obj[0])
        return tree

    # Upstream's private name, in case anything calls it.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802,N803
        return self._handle_inline(data, patternIndex)

    def _handle_inline(self, data: str, pattern_index: int = 0) -> str:
        """`data` with every inline pattern from `pattern_index` on replaced by placeholders."""
        if isinstance(data, util.AtomicString):
            return data
        budget = [_COPY_FACTOR * len(data) + _COPY_FLOOR]
        patterns = self._patterns
        for index in range(pattern_index, len(patterns)):
            pattern, regex, excludes = patterns[index]
            if excludes and any(tag in self.ancestors for tag in excludes):
                continue
            if regex is not None and regex.search(data) is None:
                continue  # most patterns in most texts: nothing to do
            data = self._apply_pattern(pattern, data, index, budget)
        return data

    def _apply_pattern(
        self, pattern: inlinepatterns.Pattern, data: str, pattern_index: int, budget: list[int]
    ) -> str:
        """One pattern over `data`, every match replaced (upstream's `__applyPattern` loop)."""
        if not isinstance(pattern, inlinepatterns.InlineProcessor):
            return self._apply_legacy(pattern, data, pattern_index)
        regex = pattern.getCompiledRegExp()
        before, at = _lookbehind(pattern)
        tracks_shift = hasattr(pattern, "pending_shift")
        source = data  # the string patterns see; source[done:] is not yet in `pieces`
        pieces: list[str] = []
        done = position = 0
        boundary = -1  # where upstream's string would show a placeholder's `\x03` before
        shift = 0  # upstream's index minus ours, for text not yet processed
        while True:
            if position == boundary and budget[0] > 0 and _rereads(before, at, source, position):
                # Rebuild as upstream would, so the lookbehind sees the placeholder.
                pieces.append(source[done:])
                source = "".join(pieces)
                budget[0] -= len(source)
                pieces, done, position, shift = [], 0, position + shift, 0
                boundary = position
            if tracks_shift:
                pattern.pending_shift = shift  # type: ignore[union-attr]
            node = start = end = None
            for match in regex.finditer(source, position):
                node, start, end = pattern.handleMatch(match, source)
                if start is not None and end is not None:
                    break
            else:
                break
            if node is None:
                position = end
                continue
            if not isinstance(node, str) and not isinstance(node.text, util.AtomicString):
                for child in [node, *node]:
                    if child.text:
                        self.ancestors.append(child.tag.lower())
                        child.text = self._handle_inline(child.text, pattern_index + 1)
                        self.ancestors.pop()
                    if child.tail:
                        child.tail = self._handle_inline(child.tail, pattern_index)
            placeholder = self._InlineProcessor__stashNode(  # type: ignore[attr-defined]
                node, pattern.type())
            if not done <= start <= end <= len(source):
                # Upstream slices with these as given (a negative end counts from the end).
                pieces.append(source[done:])
                prefix = "".join(pieces)
                budget[0] -= len(prefix)
                moved = len(prefix) - len(source)
                start = max(start, done) + moved
                end = end if end < 0 else end + moved
                source = prefix[:start] + placeholder + prefix[end:]
                pieces, done, shift = [], 0, 0
                position = boundary = start + len(placeholder)
                continue
            pieces.append(source[done:start])
            pieces.append(placeholder)
            shift += len(placeholder) - (end - start)
            done = position = boundary = end
        if not pieces:
            return source
        pieces.append(source[done:])
        return "".join(pieces)

    def _apply_legacy(self, pattern: inlinepatterns.Pattern, data: str, pattern_index: int) -> str:
        """Old-style patterns: upstream's own loop (none are registered for notes)."""
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start = 0
        while True:
            data, matched, start = apply(pattern, data, pattern_index, start)
            if not matched:
                return data

    def _placeholders(
        self, data: str | None, parent: etree.Element, is_text: bool = True
    ) -> list[tuple[etree.Element, list[str]]]:
        """Upstream's `__processPlaceholders`, collecting text in lists, not by `+=`."""
        result: list[tuple[etree.Element, list[str]]] = []
        pending: list[str] = []

        def flush() -> None:
            if not pending:
                return
            if result:
                owner, attr = result[-1][0], "tail"
            else:
                owner, attr = parent, ("text" if is_text else "tail")
            old = getattr(owner, attr)
            if old:
                setattr(owner, attr, old + "".join(pending))
            elif len(pending) == 1:
                setattr(owner, attr, pending[0])  # keeps an AtomicString one
            else:
                setattr(owner, attr, "".join(pending))
            pending.clear()

        prefix = util.INLINE_PLACEHOLDER_PREFIX
        find = self._InlineProcessor__findPlaceholder  # type: ignore[attr-defined]
        start = 0
        while data:
            index = data.find(prefix, start)
            if index == -1:
                text = data[start:]
                if isinstance(data, util.AtomicString):
                    text = util.AtomicString(text)
                if text:
                    pending.append(text)
                break
            ident, end = find(data, index)
            if ident not in self.stashed_nodes:  # not a placeholder of ours
                stop = index + len(prefix)
                if data[start:stop]:
                    pending.append(data[start:stop])
                start = stop
                continue
            node = self.stashed_nodes[ident]
            if index > 0 and data[start:index]:
                pending.append(data[start:index])
            if isinstance(node, str):
                if node:
                    pending.append(node)
                start = end
                continue
            inserted = 0  # children put into `node`, shifting the later ones
            for position, child in enumerate([node, *node]):
                if child.tail and child.tail.strip():
                    # Upstream finds the position with list(node).index(child) + 1.
                    at = 0 if child is node else position + inserted
                    inserted += self._element_text(node, child, False, at)
                if child.text and child.text.strip():
                    added = self._element_text(child, child)
                    if child is node:
                        inserted += added
            flush()
            start = end
            result.append((node, self.ancestors[:]))
        flush()
        return result

    def _element_text(
        self, node: etree.Element, subnode: etree.Element, is_text: bool = True, pos: int = 0
    ) -> int:
        """Upstream's `__processElementText` with the insert position given; returns how
        many children it inserted into `node`."""
        if is_text:
            text = subnode.text
            subnode.text = None
        else:
            text = subnode.tail
            subnode.tail = None
        child_result = self._placeholders(text, subnode, is_text)
        child_result.reverse()
        for new_child in child_result:
            node.insert(pos, new_child[0])
        return len(child_result)


_ANY: Any = object()


def _rereads(before: Any, at: str, source: str, position: int) -> bool:
    """Whether the pattern could read `source[position - 1]` differently from `\x03`."""
    if before is _ANY:
        return True
    return (before is not None and position < len(source) and source[position] in at
            and before.match(source, position - 1) is not None)


def _lookbehind(pattern: inlinepatterns.InlineProcessor) -> tuple[Any, str]:
    """(characters before, characters at) the resume point that force a rebuild."""
    if hasattr(pattern, "pending_shift"):  # the `*`/`_` processor
        return _DELIMITER_BEFORE, "".join(getattr(pattern, "tokens", ["*", "_"]))
    return _LOOKBEHIND.get(type(pattern), (_ANY, ""))


def linearise_inline(md: Markdown) -> None:
    """Replace `md`'s `inline` tree processor with the linear one (same priority, 20).

    The `*`/`_` processor caches the regions of a group of delimiters and places the later
    ones by how far upstream's rebuilt string has moved (`get_cached_result`); it is told
    that distance (`pending_shift`) so it decides exactly as it would upstream.
    """
    md.treeprocessors.register(LinearInlineProcessor(md), "inline", 20)
    for pattern in md.inlinePatterns:
        if isinstance(pattern, inlinepatterns.DelimiterProcessor):
            _track_shift(pattern)


def _track_shift(processor: inlinepatterns.DelimiterProcessor) -> None:
    state = processor  # attributes below live on the instance
    state.pending_shift = 0  # type: ignore[attr-defined]
    state.group_shift = 0  # type: ignore[attr-defined]
    original = processor.handleMatch

    def handle_match(_self: Any, m: re.Match[str], data: str) -> Any:
        if not processor.regions:  # a new group: its regions are in today's coordinates
            state.group_shift = state.pending_shift  # type: ignore[attr-defined]
        return original(m, data)

    def get_cached_result(_self: Any, pos: int, data: str) -> tuple[etree.Element, int, int]:
        # Upstream: offset = pos - cache_pos, or pos - region start when they are equal.
        # Its pos is ours plus the shift since the group began; the offset it then uses
        # to index its string is ours plus that same shift.
        moved = state.pending_shift - state.group_shift  # type: ignore[attr-defined]
        regions, index = processor.regions, processor.cache_index
        old_pos = pos + moved
        if old_pos != processor.cache_pos:
            offset = pos - processor.cache_pos
        else:
            offset = pos - regions[index][0]
        start, end = regions[index][0], regions[index][3]
        el, count = processor._build_element(data, index, offset)
        processor.increment_next_position(start, count)
        return el, start + offset, end + offset

    def search(_self: Any, data: str, start: int) -> re.Match[str] | None:
        # Upstream tries the boundary pattern at every delimiter character. Inside a run of
        # a plain (not "smart") delimiter only its `start` branch can match, and it reads
        # the run to its end and what follows: if it fails at one place in the run it fails
        # at the rest, where upstream spent the run's length each time (a 16 KB run of `*`
        # took 1.6 s).
        delimiters = processor.delimiters
        index, length = start, len(data)
        while index < length:
            char = data[index]
            delim = delimiters.get(char)
            if delim is None:
                index += 1
                continue
            m = delim.boundary.match(data, index)
            if m is not None:
                if not delim.stack and m.lastgroup[0] == "e":  # type: ignore[index]
                    index += 1
                    continue
                return m
            index += 1
            if not delim.smart:
                while index < length and data[index] == char:
                    index += 1
        return None

    processor.handleMatch = types.MethodType(handle_match, processor)  # type: ignore[method-assign]
    processor.search = types.MethodType(search, processor)  # type: ignore[method-assign]
    processor.get_cached_result = types.MethodType(  # type: ignore[method-assign]
        get_cached_result, processor)
