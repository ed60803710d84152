"""Front matter: found by its `---` fences, read as YAML with every scalar kept a string.

Authors write `title: 2024-12-19`, `title: 3.10`, `title: 10:00` or `title: NO` and mean
that text (Obsidian shows it as written), so the loader is PyYAML's `BaseLoader`: no
implicit typing into dates, floats, sexagesimal ints or booleans. Keys given twice are
reported (PyYAML would silently keep the last one).

Most notes carry only plain `key: value` lines (`title`, `videoId`); those are read
directly, giving what the loader would give (a property test holds them equal). Anything
else goes through the loader.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from viewer.core.note import Problem

_FENCE_OPEN = re.compile(r"^---[ \t]*\r?\n", re.ASCII)
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_PLAIN_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_]*):[ ]+([^ \t].*)")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_BASE_LOADER: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class StrLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """`BaseLoader` (every scalar a string) that records keys a mapping holds twice.

    `duplicates` lists (1-based line in the YAML text, key) after `get_single_data`.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                self.duplicates.append((key_node.start_mark.line + 1, key))
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def load_yaml(front: str) -> tuple[Any, list[tuple[int, str]]]:
    """(the YAML document with every scalar a string, [(line, key) of duplicate keys]).

    Raises:
        yaml.YAMLError: `front` is not valid YAML.
    """
    loader = StrLoader(front)
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def _simple(front: str) -> dict[str, Any] | None:
    """The mapping of plain `key: value` lines (values plain YAML scalars), else None."""
    meta: dict[str, Any] = {}
    for line in front.split("\n"):
        if not line.strip():
            continue
        match = _PLAIN_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2).rstrip(" ")
        if (key in meta or value[0] in _INDICATORS or ": " in value or " #" in value
                or value.endswith(":") or "\t" in value or not value.isprintable()):
            return None
        meta[key] = value
    return meta


def split_front_matter(
    text: str, problems: list[Problem]
) -> tuple[dict[str, Any], str, int, str]:
    """Return (metadata, body, 1-based line of the body's first line, front matter text)."""
    opening = _FENCE_OPEN.match(text)
    if not opening:
        return {}, text, 1, ""
    closing = _FENCE_CLOSE.search(text, opening.end())
    if not closing:
        problems.append(Problem(1, "front matter is not closed by a '---' line"))
        return {}, text, 1, ""
    front = text[opening.end():closing.start()]
    body_start = closing.end() + (1 if text[closing.end():closing.end() + 1] == "\n" else 0)
    body_line = text.count("\n", 0, body_start) + 1
    try:
        meta = _simple(front)
        if meta is None:  # anything beyond plain `key: value` lines: the real YAML loader
            meta, duplicates = load_yaml(front) if front.strip() else ({}, [])
            for line, key in duplicates:
                problems.append(Problem(line + 1, f"front matter gives {key!r} twice; "
                                                  "the last one is used"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(line, f"front matter is not valid YAML: {reason}"))
        meta = {}
    except Exception as exc:  # noqa: BLE001 - hostile YAML (deep nesting, huge aliases)
        problems.append(Problem(1, f"front matter could not be read: {type(exc).__name__}"))
        meta = {}
    if not isinstance(meta, dict):
        problems.append(Problem(2, "front matter is not a set of 'key: value' lines"))
        meta = {}
    return meta, text[body_start:], body_line, front


def meta_line(front: str, key: str) -> int:
    """The file line of `key:` in the front matter (which starts on line 2); 1 if absent.

    Spaces and tabs only around the key: `\\s*` would run over blank lines, from every
    line start again (quadratic, issue 11), and name the first blank line.
    """
    match = re.search(r"^[ \t]*" + re.escape(key) + r"[ \t]*:", front,
                      re.MULTILINE | re.IGNORECASE)
    return 2 + front.count("\n", 0, match.start()) if match else 1
