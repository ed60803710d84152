"""Parse one note file into a `Note`. Never raises, whatever the input.

Where links, timestamps and headings are found; the renderer uses the same scan so that
the n-th timestamp of the parsed note is the n-th chip on the page.
"""

from __future__ import annotations

import bisect
import functools
import re
from array import array
from collections import Counter
from collections.abc import Callable
from typing import Any

from viewer.core.front_matter import meta_line, split_front_matter
from viewer.core.masking import mask_code, mask_hidden  # noqa: F401 - mask_code re-exported
from viewer.core.note import BadTimestamp, Heading, Link, Note, Problem, Timestamp
from viewer.core.obsidian import block_ids, markdown_embeds, wiki_embed
from viewer.core.record import NoteRecord
from viewer.core.slug import link_key, slugify
from viewer.core.stamp_forms import (
    chapter_stamps,
    hundredths_note,
    hundredths_seconds,
    iframes,
)
from viewer.core.textscan import bracket_matches, html_anchors, sub_before_last
from viewer.core.timecode import is_video_id, parse_time, parse_youtube_url

MAX_BYTES = 4 * 1024 * 1024  # larger files are indexed from their first 4 MiB

# Every regex here is linear in its input (issue 11): no quantifier runs over a span that
# another start would scan again. Where a regex would (fences, anchors, Markdown links),
# a scanner of `viewer.core.textscan` finds the same matches.
WIKILINK = re.compile(r"\[\[([^\[\]\n]+)\]\]")
# A `yt-timestamp` anchor: `<a ` + a tag holding this class attribute + `>`, at most 200
# characters, `</a>` (found by `textscan.html_anchors`).
_CLASS_WORD = re.compile(r"class", re.IGNORECASE)
_CLASS_ATTR = re.compile(r"\bclass\s*=\s*[\"']([^\"'>]*)[\"']", re.IGNORECASE)
# `yt_timestamp` is a typo seen in real notes: read, and reported.
_YT_CLASS = re.compile(r"\byt[-_]timestamp\b", re.IGNORECASE)
# The form every note generator writes; checked first because it is ten times faster.
_ANCHOR_CANONICAL = re.compile(r'<a class="yt-timestamp" data-t="([^"<>]*)">[^<]{0,200}</a>')
# `data=t="..."` and `data_t` are typos seen in real notes: read, and reported.
_DATA_T = re.compile(r"\bdata([-_=])t\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_YT_URL = r"(?:https?://)?(?:www\.|m\.)?(?:youtube\.com/|youtu\.be/|youtube-nocookie\.com/)[^\s)\]>\"'<]+"
# The label holds no `[`: in `^[see [1:02](url)]` or `[draft [1:02](url)` the link is
# `[1:02](url)`, the brackets right before `](` (CommonMark), not the text before it.
_MD_YT_LINK = re.compile(
    r"\[(?P<label>[^\[\]\n]*)\]\(\s*<?(?P<url>" + _YT_URL + r")>?(?:\s+\"[^\"\n]*\")?\s*\)"
)
# Literal first, so the scan is fast; the scheme/host prefix is found by looking back.
_BARE_YT = re.compile(r"youtu(?:be\.com/|\.be/|be-nocookie\.com/)[^\s)\]>\"'<]+")
_URL_PREFIX = re.compile(r"(?:https?://)?(?:www\.|m\.)?$")
# Searched in "\n" + body: a literal first character makes the regex scan fast.
_HEADING = re.compile(r"\n[ ]{0,3}(#{1,6})[ \t]+([^\n]+)")
_FROM = re.compile(r"^[ \t]*From:[ \t]*\[\[([^\[\]\n]+?)\]\]", re.MULTILINE)
_TAG_SPLIT = re.compile(r"[,\s]+")
_IFRAME_ANY = re.compile("iframe", re.IGNORECASE)


def parse_file(path: str, data: bytes, *, size: int = 0, mtime_ns: int = 0) -> Note:
    """Parse the bytes of the note at vault-relative `path`."""
    problems: list[Problem] = []
    text = decode(data, problems, size)
    try:
        note = parse_text(path, text, problems)
    except Exception as exc:  # noqa: BLE001 - the parser must never raise
        note = Note(path=path, title=_stem(path), slug=slugify(_stem(path)))
        note.problems = problems + [Problem(0, f"could not parse this note: {exc!r}")]
    note.size, note.mtime_ns = size or len(data), mtime_ns
    return note


def decode(data: bytes, problems: list[Problem], size: int = 0) -> str:
    """Decode note bytes: UTF-8 (BOM allowed), UTF-16 with a BOM, else Latin-1 with a problem.

    `size` is the file's size when `data` holds only its start.
    """
    if len(data) > MAX_BYTES:
        problems.append(Problem(0, f"file is {max(size, len(data)) // (1024 * 1024)} MiB; "
                                   "only the first "
                                   f"{MAX_BYTES // (1024 * 1024)} MiB are read"))
        data = data[:MAX_BYTES]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    head = data[:8192]
    if b"\x00" in head:
        problems.append(Problem(0, "binary file, not a text note"))
        return ""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(line, "text is not valid UTF-8; read as Latin-1"))
        return data.decode("latin-1")


def parse_text(path: str, text: str, problems: list[Problem] | None = None,
               *, scan: bool = True) -> Note:
    """Parse decoded note text (front matter, channel line, and unless `scan` is False,
    the body's links, timestamps and headings)."""
    problems = [] if problems is None else problems
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, body_line, front = split_front_matter(text, problems)
    stem = _stem(path)
    title = meta.get("title")  # a string as written (front_matter keeps scalars as text)
    if not isinstance(title, str) or not title.strip():
        if text:
            problems.append(Problem(1, "no title in the front matter; using the file name"))
        title = stem
    title = " ".join(title.split())
    note = Note(path=path, title=title, slug=slugify(title) or slugify(stem) or stem,
                body=body, body_line=body_line, problems=problems)
    _read_meta(note, meta, front)
    match = _FROM.search(body)
    if match:
        raw, _, label = match.group(1).partition("|")
        raw = raw.split("#", 1)[0].strip()
        note.channel = slugify(raw) or None
        note.channel_label = (label.strip() or raw) if note.channel else None
    if scan:
        scan_body(note)
    return note


def index_record(path: str, data: bytes, *, size: int = 0, mtime_ns: int = 0,
                 scanned: list[tuple[str, int, list[tuple[int, int, int, str | None]] | None]]
                 | None = None) -> NoteRecord:
    """What the index keeps of a note, ~4x faster than `parse_file`: no offsets or objects.

    `scanned`: when given, gets (body, its first file line, [(start, end, seconds, video
    id)] if its timestamps were scanned here (YouTube URLs) else None) appended, so the
    search text need not decode, split or scan the note again
    (`viewer.core.search_text.search_doc`); nothing when the note took the full parse.

    Equal to `NoteRecord.from_note(parse_file(...))` (a test holds it to that); anything
    unusual (bad timestamps, YouTube URLs, odd anchors) takes the full parse.
    """
    problems: list[Problem] = []
    try:
        note = parse_text(path, decode(data, problems, size), problems, scan=False)
        masked = mask_hidden(note.body)  # comments are hidden: no links or stamps in them
        seconds: list[int | None] = []
        ts_videos: tuple[tuple[int, str | None], ...] = ()
        stamps_found: list[tuple[int, int, int, str | None]] | None = None
        # Embeds, typo'd anchors (`yt_timestamp`: counted as "timestamp" below), YouTube
        # players and chapter lists take the full parse. Each test is one scan ("!" first:
        # a scan for "![" costs 8 us per note, most notes have no "!").
        if ("!" in masked and "![" in masked) or (note.video_id and chapter_stamps(masked)):
            raise _Unusual
        if "timestamp" in masked:
            stamps = _ANCHOR_CANONICAL.findall(masked)
            if len(stamps) != masked.count("timestamp"):
                raise _Unusual
            seconds = list(map(parse_time, stamps))
            if None in seconds:
                raise _Unusual
        if "youtu" in masked:
            # A player can be a chip only with a YouTube URL. The case-blind regex costs
            # ~100 us over a note; its letters f, r, a, m, e match only ASCII, so a note
            # without "frame" in any case has none (lower() is 1 us).
            if "frame" in masked.lower() and _IFRAME_ANY.search(masked):
                raise _Unusual
            scan_timestamps(note, masked, [])  # chapters: none (checked above)
            if note.bad_timestamps:
                raise _Unusual
            seconds = [t.seconds for t in note.timestamps]
            ts_videos = tuple((i, t.video_id) for i, t in enumerate(note.timestamps)
                              if t.video_id != note.video_id)
            stamps_found = [(t.start, t.end, t.seconds, t.video_id) for t in note.timestamps]
    except Exception:  # noqa: BLE001 - _Unusual, or parse_file records the problem
        return NoteRecord.from_note(parse_file(path, data, size=size, mtime_ns=mtime_ns))
    if scanned is not None:
        scanned.append((note.body, note.body_line, stamps_found))
    counts: dict[str, int] = {}
    inners = Counter(WIKILINK.findall(masked)) if "[[" in masked else {}
    for inner, count in inners.items():  # first-appearance order, as parse_file's
        target = _target_key(inner.replace("\\|", "|") if "\\" in inner else inner)
        if target:
            counts[target] = counts.get(target, 0) + count
    return NoteRecord(path, size or len(data), mtime_ns, note.title, note.slug, note.video_id,
                      note.video_field, note.aliases, note.tags, note.channel,
                      note.channel_label, tuple(counts), tuple(counts.values()),
                      array("i", seconds), ts_videos,  # type: ignore[arg-type]
                      tuple((p.line, p.message) for p in problems), ())


class _Unusual(Exception):
    """A note the fast path leaves to the full parse."""


def scan_body(note: Note) -> None:
    """Fill links, embeds, block ids, timestamps, bad timestamps and headings of `note`
    (none from code, nor from `%%`/`<!-- -->` comments, which the page hides)."""
    masked = mask_hidden(note.body)
    if "[[" in masked:
        for m in WIKILINK.finditer(masked):
            start = m.start()
            if start and masked[start - 1] == "!":  # `![[x]]` embeds x: not a link
                embed = wiki_embed(m.group(1), start - 1, m.end())
                if embed:
                    note.embeds.append(embed)
            elif link := _link(m):
                note.links.append(link)
    if "![" in masked:
        note.embeds.extend(markdown_embeds(masked))
        note.embeds.sort(key=lambda e: e.start)
    note.block_ids = block_ids(masked)
    scan_timestamps(note, masked)
    if "#" in masked:
        note.headings = _headings(masked, note.timestamps)


def scan_timestamps(note: Note, masked: str,
                    chapters: list[tuple[int, int, str]] | None = None) -> None:
    """Fill timestamps and bad timestamps of `note` (`masked`: its body, code blanked;
    `chapters`: its `stamp_forms.chapter_stamps` if the caller has them)."""
    found: list[Timestamp] = []
    lines = _LineCounter(note.body, note.body_line)
    taken: list[tuple[int, int]] = []  # anchors and players: no URL stamps inside them
    if chapters is None:
        chapters = chapter_stamps(masked) if note.video_id else []
    anchors = (_anchors(note.body, masked)
               if "yt-timestamp" in masked or "yt_timestamp" in masked else [])
    clock = _clock_reader(note, [(a[0], a[2]) for a in anchors] + [(c[0], c[2]) for c in chapters],
                          lines)
    if anchors:
        for start, end, raw, fix in anchors:
            seconds = clock(raw)
            if fix:
                note.problems.append(Problem(lines.line_of(start), fix))
            if seconds is None:
                note.bad_timestamps.append(BadTimestamp(raw, start, end))
                note.problems.append(Problem(lines.line_of(start), f"unreadable timestamp {raw!r}"))
            else:
                found.append(Timestamp(seconds, note.video_id, start, end, "anchor"))
            taken.append((start, end))
    if "iframe" in masked or "IFRAME" in masked:
        for start, end, src in iframes(masked):
            parsed = parse_youtube_url(src)
            if parsed and parsed[0]:
                found.append(Timestamp(parsed[1] or 0, parsed[0], start, end, "iframe"))
                taken.append((start, end))
    if taken and "youtu" in masked:  # no URL stamps inside anchors and players
        taken.sort()
        parts, last = [], 0
        for start, end in taken:
            parts += [masked[last:start], " " * (end - start)]
            last = end
        masked = "".join(parts) + masked[last:]
    if "youtu" in masked:
        found.extend(_url_timestamps(note, masked))
    if chapters:  # a chapter time inside another stamp's span is that stamp's
        others = sorted(found, key=lambda t: t.start)  # not the chapters added below
        starts = [t.start for t in others]
        for start, end, raw in chapters:
            k = bisect.bisect_right(starts, start) - 1
            seconds = clock(raw)
            if seconds is not None and not (k >= 0 and others[k].end > start) and not (
                    k + 1 < len(others) and others[k + 1].start < end):
                found.append(Timestamp(seconds, note.video_id, start, end, "chapter"))
    found.sort(key=lambda t: t.start)
    note.timestamps = found


def _clock_reader(note: Note, stamps: list[tuple[int, str]],
                  lines: _LineCounter) -> Callable[[str], int | None]:
    """How this note's times read: `parse_time`, or for a note written in
    minutes:seconds:hundredths (`08:20:79`) that reading of its three-field stamps, with
    one problem saying so."""
    if not stamps:
        return parse_time
    first = hundredths_note(raw for _, raw in stamps)
    if first is None:
        return parse_time
    at = next(start for start, raw in stamps if raw == first)
    note.problems.append(Problem(
        lines.line_of(at), f"timestamps such as {first.strip()!r} have a seconds field over 59: "
                           "read as minutes:seconds:hundredths in this note"))
    lines.line_of(0)  # rewind for the callers' increasing offsets

    def clock(raw: str) -> int | None:
        seconds = hundredths_seconds(raw)
        return parse_time(raw) if seconds is None else seconds

    return clock


def _anchors(body: str, masked: str) -> list[tuple[int, int, str, str]]:
    """(start, end, time as written, what to fix or "") of each `yt-timestamp` anchor."""
    canonical = [(m.start(), m.end(), m.group(1), "")
                 for m in _ANCHOR_CANONICAL.finditer(masked)]
    if len(canonical) == masked.count("yt-timestamp") and "yt_timestamp" not in masked:
        return canonical
    anchors = []
    for start, inner_start, inner_end, end in html_anchors(masked, _yt_class_tag, 200):
        data_t = _DATA_T.search(body, start, inner_start)
        raw = data_t.group(2) if data_t else masked[inner_start:inner_end].strip("[] \t")
        fixes = []
        if "yt_timestamp" in masked[start:inner_start].lower():
            fixes.append('class "yt_timestamp" should be "yt-timestamp"')
        if data_t and data_t.group(1) != "-":
            fixes.append(f'"data{data_t.group(1)}t" should be "data-t"')
        fix = f"timestamp anchor {raw!r}: {' and '.join(fixes)}" if fixes else ""
        anchors.append((start, end, raw, fix))
    return anchors


def _yt_class_tag(text: str, start: int, end: int) -> bool:
    """Whether the tag text[start:end] has a class attribute naming `yt-timestamp`."""
    for word in _CLASS_WORD.finditer(text, start, end):
        attr = _CLASS_ATTR.match(text, word.start(), end)
        if attr and _YT_CLASS.search(attr.group(1)):
            return True
    return False


class _LineCounter:
    """1-based file lines of increasing body offsets, counting each newline once."""

    def __init__(self, body: str, first_line: int) -> None:
        self._body, self._first = body, first_line
        self._offset, self._line = 0, first_line

    def line_of(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, self._first
        self._line += self._body.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def _read_meta(note: Note, meta: dict[str, Any], front: str) -> None:
    key = next((k for k in ("videoId", "videoid", "video_id") if k in meta), "videoId")
    video_id = meta.get(key)
    if video_id is not None:
        video_str = str(video_id).strip()
        if is_video_id(video_str):
            note.video_id = video_str
        else:
            note.problems.append(Problem(meta_line(front, key),
                                         f"videoId {video_str[:40]!r} is not a YouTube video id"))
    video_field = meta.get("video")
    if isinstance(video_field, str) and video_field.strip():
        note.video_field = video_field.strip()
    note.aliases = _str_list(meta.get("aliases", meta.get("alias")))
    note.tags = tuple(t.lstrip("#") for t in _str_list(meta.get("tags", meta.get("tag"))))


def _str_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(v for v in _TAG_SPLIT.split(value) if v) if "," in value else (value.strip(),)
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip())
    return ()


def _link(m: re.Match[str]) -> Link | None:
    parts = _link_parts(m.group(1))
    return Link(*parts, m.start(), m.end()) if parts else None


def _target_key(inner: str) -> str:
    """The target key (`slug.link_key`) of `[[inner]]` (escaped pipes already unescaped)."""
    return _key_of_target(inner.partition("|")[0])


@functools.lru_cache(maxsize=65536)
def _key_of_target(target_part: str) -> str:
    return link_key(target_part.partition("#")[0].strip().rstrip("\\").strip())


@functools.lru_cache(maxsize=32768)
def _link_parts(inner: str) -> tuple[str, str, str | None, str | None] | None:
    """(target key, target as written, label, heading) of the text inside `[[...]]`.

    The heading may be a chain `A#B` or a block reference `^id`."""
    target_part, bar, label = inner.replace("\\|", "|").partition("|")
    raw, _, heading = target_part.partition("#")
    raw = raw.strip().rstrip("\\").strip()
    heading_text = heading.strip() or None
    target = _target_key(target_part)
    if not target and not heading_text:
        return None
    return target, raw, (label.strip() or None) if bar else None, heading_text


def _url_timestamps(note: Note, masked: str) -> list[Timestamp]:
    found: list[Timestamp] = []
    taken: list[tuple[int, int]] = []
    for m in bracket_matches(masked, _MD_YT_LINK):
        taken.append((m.start(), m.end()))
        stamp = _url_stamp(note, m.group("url"), m.start(), m.end(), m.group("label"))
        if stamp:
            found.append(stamp)
    taken_starts = [a for a, _ in taken]
    for m in _BARE_YT.finditer(masked):
        prefix = _URL_PREFIX.search(masked, max(0, m.start() - 12), m.start())
        start = prefix.start() if prefix else m.start()
        k = bisect.bisect_right(taken_starts, start) - 1  # the last link starting <= start
        if (k >= 0 and start < taken[k][1]) or (start and masked[start - 1] in "/.(<_"):
            continue
        if start and (masked[start - 1].isalnum()):
            continue
        end = m.end()
        while end > m.start() and masked[end - 1] in ".,;:!?'\"":
            end -= 1  # a sentence's full stop is not part of the URL
        stamp = _url_stamp(note, masked[start:end], start, end, "")
        if stamp:
            found.append(stamp)
    return found


def _url_stamp(note: Note, url_str: str, start: int, end: int, label: str) -> Timestamp | None:
    parsed = parse_youtube_url(url_str)
    if not parsed:
        return None
    video_id, seconds = parsed
    if seconds is None:
        return None
    return Timestamp(seconds, video_id or note.video_id, start, end, "url", label.strip())


_INLINE_MARKUP = re.compile(r"<[^>]*>|[*_`]+")
_EMPHASIS_MARKS = re.compile(r"[*_`]+")
# `[label](url)`: the label stops at any bracket, the URL at any parenthesis (linear).
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*\)")


def _plain(text: str) -> str:
    text = WIKILINK.sub(lambda m: m.group(1).split("|")[-1], text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    return " ".join(sub_before_last(_INLINE_MARKUP, text, rest=_EMPHASIS_MARKS).split())


def _headings(masked: str, stamps: list[Timestamp]) -> list[Heading]:
    """Headings; their text leaves out the timestamps in them (`## The deal [00:02:11](url)`
    is "The deal", anchor `the_deal`)."""
    headings: list[Heading] = []
    starts = [t.start for t in stamps]
    for m in _HEADING.finditer("\n" + masked):
        line_start, line_end = m.start(2) - 1, m.end(2) - 1  # offsets in masked
        k = bisect.bisect_left(starts, line_start)
        if k < len(stamps) and stamps[k].start < line_end:
            parts, last = [], line_start
            while k < len(stamps) and stamps[k].start < line_end:
                parts.append(masked[last:stamps[k].start])
                last = max(last, stamps[k].end)
                k += 1
            raw = "".join(parts) + masked[last:line_end] if last < line_end else "".join(parts)
        else:
            raw = m.group(2)
        text = _plain(raw.rstrip().rstrip("#"))
        if text:
            headings.append(Heading(len(m.group(1)), text, slugify(text) or "section", m.start()))
    _dedupe_anchors(headings)
    return headings


def _dedupe_anchors(headings: list[Heading]) -> None:
    seen: dict[str, int] = {}
    for i, heading in enumerate(headings):
        count = seen.get(heading.anchor, 0)
        seen[heading.anchor] = count + 1
        if count:
            headings[i] = Heading(heading.level, heading.text, f"{heading.anchor}_{count}",
                                  heading.start)


def _stem(path: str) -> str:
    return file_stem(path)


def file_stem(path: str) -> str:
    """The file name of a vault-relative posix path without its suffix."""
    name = path.rpartition("/")[2]
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name
