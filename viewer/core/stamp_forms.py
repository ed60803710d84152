"""Timestamp forms beyond anchors and YouTube URLs, as real notes write them.

- chapter lists: `0:00 Intro`, `[01:02] Topic`, `**1:30** · Topic` at a line start (after
  an optional list marker), the way YouTube descriptions list chapters;
- a pasted YouTube player, `<iframe src=".../embed/ID?start=20">`: one chip for the whole
  element;
- three-field stamps whose last field runs over 59 (`08:20:79`): a note written as
  minutes:seconds:hundredths (`hundredths_note`).

Every scan is linear (issue 11): the chapter regex is anchored at line starts with bounded
runs, the iframe scan finds each `<iframe` once and looks at most MAX_TAG characters on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from viewer.core.timecode import parse_time

# A list marker, then the time bare, in brackets or in bold; then a space or the line end
# (a `[01:02](url)` link is a URL timestamp, left to the URL scan). Searched after a
# literal "\n" (and matched at 0): a MULTILINE `^` costs a test at every character, 6x
# slower on a vault load.
_CHAPTER_REST = (r"[ \t]{0,3}(?:[-*+][ \t]{1,4}|\d{1,3}[.)][ \t]{1,4})?(\*\*|\[)?"
                 r"(\d{1,2}(?::[0-5]\d){1,2})(\*\*|\])?(?=[ \t\n]|$)")
_CHAPTER_FIRST = re.compile(_CHAPTER_REST)
_CHAPTER = re.compile("\n" + _CHAPTER_REST)
_CLOSER = {"**": "**", "[": "]"}
_IFRAME = re.compile(r"<iframe\b", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc[ \t]*=[ \t]*["']([^"'<>\n]{1,500})["']""", re.IGNORECASE)
_IFRAME_CLOSE = re.compile(r"[ \t]{0,100}</iframe[ \t]{0,10}>", re.IGNORECASE)
_THREE = re.compile(r"(\d{1,2}):(\d{2}):(\d{2})")
MAX_TAG = 2000  # characters of an `<iframe ...>` tag


def chapter_stamps(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, time as written) of each chapter-list time at a line start."""
    found: list[tuple[int, int, str]] = []
    first = _CHAPTER_FIRST.match(masked)
    for m in ([first] if first else []) + list(_CHAPTER.finditer(masked)):
        opener, closer = m.group(1), m.group(3)
        if (closer or None) != (_CLOSER.get(opener) if opener else None):
            continue  # `[1:30` or `1:30**`: not a chapter time
        found.append((m.start(1) if opener else m.start(2), m.end(), m.group(2)))
    return found


def iframes(masked: str) -> list[tuple[int, int, str]]:
    """(start, end, src) of each `<iframe ...>` (with its `</iframe>` if it follows)."""
    found: list[tuple[int, int, str]] = []
    if "iframe" not in masked and "IFRAME" not in masked:
        return found
    resume = 0
    for m in _IFRAME.finditer(masked):
        if m.start() < resume:
            continue
        gt = masked.find(">", m.end(), m.end() + MAX_TAG)
        if gt < 0:
            continue
        src = _SRC.search(masked, m.end(), gt)
        end = gt + 1
        close = _IFRAME_CLOSE.match(masked, end)
        if close:
            end = close.end()
        resume = end
        if src:
            found.append((m.start(), end, src.group(1)))
    return found


def hundredths_note(raws: Iterable[str]) -> str | None:
    """The first three-field stamp showing that a note means minutes:seconds:hundredths:
    its last field is over 59 while every three-field stamp of the note reads as
    MM:SS:hh (both first fields under 60). None if the note reads as H:MM:SS."""
    raws = list(raws)
    if None not in map(parse_time, raws):
        return None  # every stamp reads as H:MM:SS (the common case, from parse_time's cache)
    first: str | None = None
    for raw in raws:
        match = _THREE.fullmatch(raw.strip())
        if not match:
            continue
        minutes, seconds, rest = (int(g) for g in match.groups())
        if minutes > 59 or seconds > 59:
            return None
        if rest > 59 and first is None:
            first = raw
    return first


def hundredths_seconds(raw: str) -> int | None:
    """Seconds of `MM:SS:hh` (hundredths dropped), None for another form."""
    match = _THREE.fullmatch(raw.strip())
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None
