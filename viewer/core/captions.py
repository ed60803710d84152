"""Caption files (.vtt, .srt) read into a transcript of cues. No Qt here.

Parsing is left to well-kept libraries: webvtt-py for WebVTT, srt for SubRip. This module
turns their captions into `Cue`s of plain text (no tags, entities decoded) in milliseconds,
and reads YouTube's automatic captions as people expect them: those files repeat each line
in the next cue (a "rolling" display) and tag every word with its time
(`word<00:00:01.234><c> next</c>`); here each line is said once, in the cue where it first
appears. A file that cannot be read raises `CaptionProblem` with the reason in words.
"""

from __future__ import annotations

import bisect
import html
import io
import logging
import re
import threading
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import srt
import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

log = logging.getLogger("lectern.captions")

MAX_CAPTION_BYTES = 20 * 1024 * 1024  # a 3-hour transcript is ~0.5 MB; 20 MB is not captions
MAX_CUE_CHARS = 1000  # one cue's text is cut here: a caption, not a book
MAX_REMEMBERED = 8  # transcripts kept in memory: switching back and forth is instant
MAX_OVERLAP_SCAN = 8  # cues looked back at for ones still showing (overlapping cues)
# YouTube's per-word timing tags: <00:00:01.234> (also without hours).
_INLINE_TIME = re.compile(r"<(?:\d+:)?\d{1,2}:\d{2}\.\d{1,3}>")
_TAG = re.compile(r"<[^<>]*>|\{\\[^{}]*\}")


class CaptionProblem(Exception):
    """A caption file that cannot be read; `str()` says why, for the user."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One caption: shown from `start_ms` to `end_ms` (milliseconds), `text` plain text
    (lines joined by "\\n")."""

    start_ms: int
    end_ms: int
    text: str


@dataclass
class Transcript:
    """The cues of one caption file, sorted by start time (stable for equal starts).

    Attributes:
        cues: the cues.
        partial: only the first part of the file was read (`read_captions(head=...)`).
        lang: the language tag from the file name ("" unknown).
        source: where it came from (a file name, or "track 2" of a video).
        starts: the cues' start times, for bisecting.
    """

    cues: list[Cue]
    lang: str = ""
    source: str = ""
    partial: bool = False
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cues.sort(key=lambda c: c.start_ms)
        self.starts = [c.start_ms for c in self.cues]

    def __len__(self) -> int:
        return len(self.cues)

    def index_at(self, ms: int) -> int:
        """The index of the last cue started at or before `ms`; -1 before the first. O(log n)."""
        return bisect.bisect_right(self.starts, ms) - 1

    def showing(self, ms: int) -> list[Cue]:
        """The cues on screen at `ms` (start <= ms < end), oldest first; overlapping cues
        are looked for among the MAX_OVERLAP_SCAN before it. O(log n)."""
        last = self.index_at(ms)
        found = [self.cues[i] for i in range(last, max(-1, last - MAX_OVERLAP_SCAN), -1)
                 if self.cues[i].end_ms > ms]
        found.reverse()
        return found

    def text_at(self, ms: int) -> str:
        """What the captions show at `ms` ("" between cues)."""
        return "\n".join(c.text for c in self.showing(ms))


_remembered: OrderedDict[tuple[str, int, int, str], Transcript] = OrderedDict()
_remembered_lock = threading.Lock()


def is_remembered(path: Path, lang: str = "") -> bool:
    """Whether `read_captions(path, lang)` would answer from memory."""
    try:
        stat = path.stat()
    except OSError:
        return False
    with _remembered_lock:
        return (str(path), stat.st_size, stat.st_mtime_ns, lang) in _remembered


def read_captions(path: Path, lang: str = "", head: int = 0) -> Transcript:
    """Read a `.vtt` or `.srt` file (by its extension; UTF-8, a BOM allowed). The last
    MAX_REMEMBERED files read are kept (by path, size and modification time): treat the
    Transcript returned as read-only.

    `head` > 0 reads only the first `head` blocks of the file (a first screen of a long
    transcript in a few milliseconds; `Transcript.partial` is then True unless that was
    all of it). Such a head is not remembered.

    Raises:
        CaptionProblem: the file cannot be read, is too large, or holds no captions.
    """
    try:
        stat = path.stat()
        if stat.st_size > MAX_CAPTION_BYTES:
            raise CaptionProblem(
                f"{path.name} is {stat.st_size // 1_000_000} MB: too large for captions")
        key = (str(path), stat.st_size, stat.st_mtime_ns, lang)
        with _remembered_lock:
            if key in _remembered and not head:
                _remembered.move_to_end(key)
                return _remembered[key]
        data = path.read_bytes()
    except OSError as exc:
        raise CaptionProblem(f"cannot read {path.name}: {exc.strerror or exc}") from exc
    text = data.decode("utf-8-sig", errors="replace")
    kind = "srt" if path.suffix.lower() == ".srt" else "vtt"
    if head:
        text, rest = _head(text, head)
        transcript = parse_captions(text, kind, lang=lang, source=path.name)
        transcript.partial = rest
        return transcript
    transcript = parse_captions(text, kind, lang=lang, source=path.name)
    with _remembered_lock:
        _remembered[key] = transcript
        while len(_remembered) > MAX_REMEMBERED:
            _remembered.popitem(last=False)
    return transcript


def _head(text: str, blocks: int) -> tuple[str, bool]:
    """The first `blocks` blank-line separated blocks of `text`, and whether more follow.
    Cues never hold a blank line (WebVTT and SubRip alike), so a cut there splits none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pos = 0
    for _ in range(blocks):
        pos = text.find("\n\n", pos)
        if pos < 0:
            return text, False
        pos += 2
    more = bool(text[pos:].strip())
    return text[:pos], more


def parse_captions(text: str, kind: str, lang: str = "", source: str = "") -> Transcript:
    """Parse caption text of `kind` "vtt" or "srt" into a Transcript.

    Raises:
        CaptionProblem: not a caption file of that kind, or no cue in it.
    """
    text = text.removeprefix("\ufeff")
    name = source or f"these {kind} captions"
    if kind == "vtt":
        cues = _vtt_cues(text, name)
    elif kind == "srt":
        cues = _srt_cues(text, name)
    else:
        raise CaptionProblem(f"{name}: unknown caption format {kind!r}")
    if not cues and text.strip():
        raise CaptionProblem(f"{name} holds no captions that can be read")
    return Transcript(cues, lang, source)


def _vtt_cues(text: str, name: str) -> list[Cue]:
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except MalformedFileError as exc:
        raise CaptionProblem(f"{name} is not a WebVTT file ({exc})") from exc
    except MalformedCaptionError as exc:
        raise CaptionProblem(f"{name} has a caption with a bad time ({exc})") from exc
    raw = ((c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), c.lines)
           for c in captions)
    rolling = _INLINE_TIME.search(text) is not None
    return _rolled(raw) if rolling else _plain(raw)


def _srt_cues(text: str, name: str) -> list[Cue]:
    try:
        subtitles = list(srt.parse(_squeezed(text), ignore_errors=True))
    except (srt.SRTParseError, ValueError) as exc:
        raise CaptionProblem(f"{name} is not a SubRip (.srt) file ({exc})") from exc
    raw = ((_ms(s.start.total_seconds()), _ms(s.end.total_seconds()), s.content.splitlines())
           for s in subtitles)
    return _plain(raw)


def _squeezed(text: str) -> str:
    """`text` with each line's spaces folded and runs of blank lines made one, in one pass.

    srt.parse (with ignore_errors) rescans a run of whitespace from each of its characters:
    20,000 blank lines took 12 s, 40,000 took 51 s. Cues hold no blank line and their text is
    folded by `clean_line` anyway, so nothing a cue says changes."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        folded = " ".join(line.split())
        if folded or (out and out[-1]):
            out.append(folded)
    return "\n".join(out) + "\n"


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def clean_line(line: str) -> str:
    """A caption line as plain text: cue tags (`<i>`, `<c.colour>`, `<00:00:01.000>`,
    `<v Name>`) and SubRip's `{\\an8}` overrides removed, entities decoded, spaces folded.
    Linear in the line's length (a tag cannot hold "<" or ">": no rescans)."""
    if "<" in line or "{" in line:
        line = _TAG.sub("", line)
    if "&" in line:
        line = html.unescape(line)
    return " ".join(line.split())


def _lines(lines: Iterable[str]) -> list[str]:
    return [c for c in (clean_line(line) for line in lines) if c]


def _cut(text: str) -> str:
    return text if len(text) <= MAX_CUE_CHARS else text[:MAX_CUE_CHARS - 1] + "…"


def _plain(raw: Iterable[tuple[int, int, list[str]]]) -> list[Cue]:
    """Cues as written; a cue repeating the one before it without a gap extends it."""
    cues: list[Cue] = []
    for start, end, lines in raw:
        text = _cut("\n".join(_lines(lines)))
        if not text:
            continue
        end = max(end, start)
        if cues and cues[-1].text == text and cues[-1].end_ms >= start - 10:
            cues[-1] = Cue(cues[-1].start_ms, max(end, cues[-1].end_ms), text)
            continue
        cues.append(Cue(start, end, text))
    return cues


def _rolled(raw: Iterable[tuple[int, int, list[str]]]) -> list[Cue]:
    """YouTube's rolling captions: each cue shows the previous line again above the new one
    (and 10 ms cues repeat both). Lines already said are dropped; what is left is new."""
    recent: deque[str] = deque(maxlen=3)
    cues: list[Cue] = []
    for start, end, lines in raw:
        new = [line for line in _lines(lines) if line not in recent]
        if not new:
            continue
        recent.extend(new)
        cues.append(Cue(start, max(end, start), _cut(" ".join(new))))
    # A rolled cue stays on screen until the next one starts: no overlapping pairs.
    for i in range(len(cues) - 1):
        if cues[i].end_ms > cues[i + 1].start_ms:
            cues[i] = Cue(cues[i].start_ms, max(cues[i].start_ms, cues[i + 1].start_ms),
                          cues[i].text)
    return cues
