"""Front matter: found by its `---` fences, read with python-frontmatter's YAML handler.

Most notes carry only plain `key: value` lines (`title`, `videoId`); those are read
directly, with PyYAML's own resolver deciding that each value is a plain string, so the
result is what the YAML loader would give (a property test holds them equal). Anything
else goes through the loader.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from viewer.core.note import Problem

_YAML = YAMLHandler()
_FENCE_OPEN = re.compile(r"^---[ \t]*\r?\n", re.ASCII)
_FENCE_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_PLAIN_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_]*):[ ]+([^ \t].*)")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"


def _simple(front: str) -> dict[str, Any] | None:
    """The mapping of plain `key: value` lines whose values YAML reads as strings, else None."""
    meta: dict[str, Any] = {}
    for line in front.split("\n"):
        if not line.strip():
            continue
        match = _PLAIN_LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.group(1), match.group(2).rstrip(" ")
        if (key in meta or value[0] in _INDICATORS or ": " in value or " #" in value
                or value.endswith(":") or "\t" in value or not value.isprintable()
                or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG):
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
            meta = _YAML.load(front) if front.strip() else {}
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
