"""`make fuzz`: a seeded, grammar-based campaign over parse + render + index (issue 12).

Each case is a note built from fragments of the format (front matter keys, wiki links with
`|`, `#` and `\\|`, timestamp anchors, YouTube URLs, code fences and spans, HTML, headings,
lists, tables, random Unicode), sometimes repeated, mutated, re-encoded or line-ending
changed. For each case:

- `parse_file` never raises;
- `render_note` never raises and returns inert HTML: no `<script` or other live tag, no
  `on*=` attribute, no `javascript:`/`data:`/`file:` URL in an attribute;
- `index_record` equals `NoteRecord.from_note(parse_file(...))`, and a record survives
  marshal (as workers and the cache pass it);
- `LinkIndex.apply` keeps an index equal to one built afresh from the same records;
- each step stays within `--seconds` of CPU time (a hang is cut at 10x that).

Failures are shrunk (fragments dropped, then characters) and printed with the minimal input
and the command that replays the case. Run `python -m tests.fuzz --cases 100000`.
"""

from __future__ import annotations

import argparse
import logging
import marshal
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser

from viewer.core.index import LinkIndex
from viewer.core.parser import index_record, parse_file
from viewer.core.record import NoteRecord
from viewer.render import render_note

SECONDS = 2.0  # CPU budget of each step of a case
LIVE_TAGS = ("script", "iframe", "img", "svg", "style", "object", "embed", "form", "input",
             "link", "meta", "base", "math", "frame", "audio", "video", "source", "template")
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")
LOADING_ATTRS = ("style", "src", "srcdoc", "srcset", "formaction", "action", "background",
                 "poster", "ping", "xlink:href")
URL_ATTRS = ("href", "src", "action", "formaction", "data", "xlink:href", "cite", "poster")
PATHS = [f"n{i}.md" for i in range(6)] + ["sub/a.md", "sub/b b.md", "x/../y.md", "é.md"]

# -- the grammar ----------------------------------------------------------------------

WORDS = ["alpha", "Beta", "γάμμα", "日本", "a b", "x|y", "t#h", "..", "../../etc/passwd",
         "", " ", "<b>", "&amp;", "\\", "`", "*", "_", "[", "]", "Alpha Study", "n1", "sub/a"]
VIDEO_IDS = ["8sGHxZkZReo", "abcdefghijk", "A_b-C1d2E3f", "short", "a\"b'c</script>", "-1"]
TIMES = ["00:01:00", "1:00", "83", "83s", "1h2m3s", "99:99:99", "-1", "1e309", "", "0",
         "00:00:00:00", "9" * 30, "12:34", "5:07.5", " 1:00 ", "NaN"]
HTML = ["<script>window.x=1</script>", "<img src=x onerror=alert(1)>", "<b>", "</b>",
        "<a href=\"javascript:alert(1)\">j</a>", "<iframe src=//e.x></iframe>",
        "<svg onload=alert(1)>", "<div style=\"background:url(http://e.x/a)\">d</div>",
        "<meta http-equiv=refresh content=0>", "<base href=//e.x/>", "<!-- c -->", "<!--",
        "<form action=//e.x><input autofocus onfocus=alert(1)>", "<details open ontoggle=x>",
        "<a href='lectern://open/x'>f</a>", "<a href=\"lectern://seek/x/1\">s</a>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<math><mtext>",
        "<table><mglyph><style><img src=x onerror=y>", "<br>", "<p>", "</p>", "<?x?>",
        "<![CDATA[x]]>", "<a class=\"yt-timestamp\" data-t=\"1:00\" onclick=\"e()\">[1:00]</a>",
        "&#106;avascript:", "&lt;script&gt;", "<object data=x>", "<link rel=stylesheet href=x>"]
UNICODE = ["\u0000", "\u202e", "\u200b", "\ufeff", "\ud800", "\U0001f600", "\u0301",
           "\u2028", "\x85", "\x0b", "\x0c", "\t", "\r", "\u00a0", "\uffff", "\U000e0001"]


def _word(r: random.Random) -> str:
    return r.choice(WORDS) if r.random() < 0.8 else _unicode(r, r.randint(1, 6))


def _unicode(r: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        roll = r.random()
        if roll < 0.3:
            out.append(r.choice(UNICODE))
        elif roll < 0.6:
            out.append(chr(r.randint(32, 126)))
        else:
            out.append(chr(r.randint(0, 0x10FFFF)))
    return "".join(out)


def _time(r: random.Random) -> str:
    return r.choice(TIMES)


def _front_matter(r: random.Random) -> str:
    keys = ["title", "videoId", "video_id", "videoid", "aliases", "alias", "tags", "tag",
            "video", "date", "x"]
    lines = []
    for _ in range(r.randint(0, 5)):
        key = r.choice(keys)
        value = r.choice([_word(r), r.choice(VIDEO_IDS), f"'{_word(r)}'", f'"{_word(r)}"',
                          f"[{_word(r)}, {_word(r)}]", f"{_word(r)}, {_word(r)}", "", "~",
                          "123", "1e309", "true", "- a\n  - b", "&a [*a]", "!!python/none x",
                          "|\n  block", "{a: b}", ": :", "[unclosed"])
        lines.append(f"{key}: {value}")
    closing = r.choice(["---", "---", "...", "--- ", ""])
    return "---\n" + "\n".join(lines) + "\n" + closing + "\n"


def _wiki(r: random.Random) -> str:
    target = _word(r)
    parts = [target]
    if r.random() < 0.3:
        parts.append("#" + _word(r))
    if r.random() < 0.3:
        parts.append(r.choice(["|", "\\|"]) + _word(r))
    return r.choice(["[[", "[[", "![[", "[", "[[["]) + "".join(parts) + r.choice(
        ["]]", "]]", "]", "]]]", ""])


def _anchor(r: random.Random) -> str:
    t = _time(r)
    return r.choice([
        f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>',
        f"<a class='yt-timestamp' data-t='{t}' href='x'>[{t}]</a>",
        f'<a data-t="{t}" class="x yt-timestamp">{t}</a>',
        f'<a class="yt-timestamp">[{t}]</a>',
        f'<a class="yt-timestamp" data-t="{t}">', f"yt-timestamp {t}</a>"])


def _youtube(r: random.Random) -> str:
    vid, t = r.choice(VIDEO_IDS), _time(r)
    url = r.choice([f"https://youtu.be/{vid}?t={t}", f"https://www.youtube.com/watch?v={vid}&t={t}",
                    f"youtube.com/embed/{vid}?start={t}", f"https://youtu.be/{vid}#t={t}",
                    f"m.youtube.com/shorts/{vid}", f"https://youtube-nocookie.com/embed/{vid}",
                    f"youtu.be/{vid}", "youtu", "youtu.be/"])
    return r.choice([url, f"[{_word(r)}]({url})", f"[{_word(r)}](<{url}>)",
                     f'[x]({url} "title")', f"<{url}>", f"[{_word(r)}]({url}"])


def _code(r: random.Random) -> str:
    fence = r.choice(["```", "~~~", "````", "``", "```a", "~~~py", "```{.x}", "    "])
    body = "\n".join(r.choice([_wiki(r), _anchor(r), _youtube(r), _word(r)])
                     for _ in range(r.randint(0, 3)))
    close = r.choice([fence[:3], fence[:3], "", "````", "~~~"])
    return r.choice([f"{fence}\n{body}\n{close}\n", f"`{body}`", f"``{body}``", f"`{body}",
                     f"    {body}\n"])


def _block(r: random.Random) -> str:
    return r.choice([
        "#" * r.randint(1, 7) + " " + _inline(r, 2),
        f"{_inline(r, 1)}\n===", f"{_inline(r, 1)}\n---",
        "\n".join(f"{' ' * r.randint(0, 8)}{r.choice(['-', '*', '+', '1.', '2)'])} {_inline(r, 1)}"
                  for _ in range(r.randint(1, 4))),
        "> " * r.randint(1, 4) + _inline(r, 2),
        "| a | b |\n|---|:-:|\n" + "\n".join(f"| {_inline(r, 1)} | {_inline(r, 1)} |"
                                              for _ in range(r.randint(0, 3))),
        f"From: {_wiki(r)}", "---", "***", f"[ref]: {r.choice(['javascript:x', 'http://e.x', 'a b'])}",
        f"[^1]: {_word(r)}", "<div>\n" + _inline(r, 2) + "\n</div>", "- [ ] task", "\\",
    ])


def _inline(r: random.Random, n: int) -> str:
    parts = []
    for _ in range(n):
        kind = r.random()
        if kind < 0.2:
            parts.append(_wiki(r))
        elif kind < 0.3:
            parts.append(_anchor(r))
        elif kind < 0.4:
            parts.append(_youtube(r))
        elif kind < 0.5:
            parts.append(r.choice(HTML))
        elif kind < 0.6:
            parts.append(r.choice(["*", "**", "_", "__", "~~", "`", "\\*", "&amp;", "&#x0;",
                                   "[", "]", "(", ")", "![a](b)", "[a](b)", "<", ">", "|"]))
        elif kind < 0.65:
            parts.append(_code(r))
        else:
            parts.append(_word(r))
    return " ".join(parts)


FRAGMENTS: list[Callable[[random.Random], str]] = [
    _wiki, _anchor, _youtube, _code, _block, lambda r: _inline(r, 3),
    lambda r: r.choice(HTML), lambda r: _unicode(r, r.randint(1, 20)), lambda r: r.choice(WORDS),
]
SEPARATORS = ["", " ", "\n", "\n\n", "\r\n", "\r", "\t"]


@dataclass
class Case:
    """One generated note: fragments (joined with their separators), and how to encode it."""

    path: str
    fragments: list[str]
    encoding: str = "utf-8"  # or "utf-16", "latin-1", "bytes" (random bytes appended)
    tail: bytes = b""

    def text(self) -> str:
        return "".join(self.fragments)

    def data(self) -> bytes:
        text = self.text()
        if self.encoding == "utf-16":
            data = text.encode("utf-16", "surrogatepass")
        elif self.encoding == "latin-1":
            data = text.encode("latin-1", "replace")
        else:
            data = text.encode("utf-8", "surrogatepass")
        return data + self.tail


def generate(r: random.Random) -> Case:
    """A random note of the format's fragments."""
    fragments: list[str] = []
    if r.random() < 0.8:
        fragments.append(_front_matter(r))
    for _ in range(r.randint(0, 30)):
        fragments.append(r.choice(FRAGMENTS)(r) + r.choice(SEPARATORS))
    if fragments and r.random() < 0.1:  # one fragment repeated: growth-shaped inputs
        unit = r.choice(fragments)[:40] or "x"
        fragments.append(unit * r.randint(10, max(10, 16_000 // len(unit))))
    if fragments and r.random() < 0.15:  # a mutation: a span deleted or duplicated
        i = r.randrange(len(fragments))
        text = fragments[i]
        a, b = sorted((r.randint(0, len(text)), r.randint(0, len(text))))
        fragments[i] = text[:a] + (text[a:b] * 2 if r.random() < 0.5 else "") + text[b:]
    encoding = r.choices(["utf-8", "utf-16", "latin-1", "bytes"], [90, 4, 3, 3])[0]
    tail = bytes(r.randint(0, 255) for _ in range(r.randint(1, 64))) if encoding == "bytes" else b""
    return Case(r.choice(PATHS), fragments, encoding, tail)


# -- the properties -------------------------------------------------------------------

class Failure(Exception):
    """A property that did not hold: `kind` names it (shrinking keeps the kind)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class _Hung(BaseException):
    """Raised by the alarm in a step that ran far past its budget."""


class _Live(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A task list's checkbox (issue 15) is inert: disabled, of type checkbox.
        checkbox = tag == "input" and ("type", "checkbox") in attrs and any(
            name == "disabled" for name, _ in attrs)
        if tag in LIVE_TAGS and not checkbox:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in LOADING_ATTRS:
                self.found.append(f"<{tag} {name}=>")
            # As a browser reads a URL: control characters and spaces dropped, any case.
            url = "".join(c for c in (value or "") if c > " ").lower()
            if name in URL_ATTRS and url.startswith(BAD_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def live_parts(html: str) -> list[str]:
    """What in `html` could run code or load something ([] if it is inert). Payload text
    shown literally (`&lt;script&gt;`, a title reading "javascript:") is not live."""
    parser = _Live()
    parser.feed(html)
    parser.close()
    return parser.found


def _timed(step: str, seconds: float, run: Callable[[], object]) -> object:
    started = time.thread_time()
    try:
        result = run()
    except _Hung:
        raise Failure("hang", f"{step} ran over {10 * seconds:g} s of wall time") from None
    except Failure:
        raise
    except Exception as exc:  # noqa: BLE001 - any exception is the finding
        raise Failure(f"{step} raised {type(exc).__name__}", repr(exc)[:300]) from None
    spent = time.thread_time() - started
    if spent > seconds:
        raise Failure("slow", f"{step} took {spent:.2f} s of CPU (budget {seconds:g} s)")
    return result


def check_case(case: Case, seconds: float = SECONDS, index: LinkIndex | None = None) -> None:
    """Raise `Failure` if any property fails for `case`; apply its record to `index`."""
    data = case.data()
    note = _timed("parse_file", seconds, lambda: parse_file(case.path, data))
    rendered = _timed("render_note", seconds,
                      lambda: render_note(note, lambda slug: "note"))  # type: ignore[arg-type]
    html = rendered.html  # type: ignore[attr-defined]
    live = live_parts(html)
    if live:
        raise Failure("live html", f"{live[:5]} in {html[:300]!r}")
    fast = _timed("index_record", seconds, lambda: index_record(case.path, data))
    slow = NoteRecord.from_note(note)  # type: ignore[arg-type]
    if fast != slow:
        diff = [(i, a, b) for i, (a, b) in enumerate(zip(fast.to_tuple(), slow.to_tuple()))  # type: ignore[attr-defined]
                if a != b]
        raise Failure("index_record differs", f"(field, fast, full parse): {diff}"[:600])
    if NoteRecord.from_tuple(marshal.loads(marshal.dumps(slow.to_tuple()))) != slow:
        raise Failure("record round trip", "a record changed through marshal (workers, cache)")
    if index is not None:
        _timed("LinkIndex.apply", seconds, lambda: index.apply([slow]))
        if index.note(case.path) != slow:
            raise Failure("index", "the applied record is not the index's")


def check_index(index: LinkIndex) -> None:
    """The incrementally updated `index` equals one built afresh from its records."""
    fresh = LinkIndex()
    fresh.apply(sorted(index.records(), key=lambda rec: rec.path))
    if fresh.snapshot() != index.snapshot():
        a, b = index.snapshot(), fresh.snapshot()
        keys = [k for k in a if a[k] != b[k]]
        raise Failure("index", f"incremental index differs from a fresh one in {keys}")


# -- shrinking and the campaign -------------------------------------------------------

def fails_as(case: Case, kind: str, seconds: float) -> bool:
    try:
        with _alarm(seconds * 10):
            check_case(case, seconds)
    except Failure as failure:
        return failure.kind == kind
    return False


def shrink(case: Case, kind: str, seconds: float, budget_s: float = 30.0) -> Case:
    """A smaller case failing the same way: fragments dropped, then characters."""
    deadline = time.monotonic() + budget_s
    best = case
    chunk = max(1, len(best.fragments) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i, shrunk = 0, False
        while i < len(best.fragments) and time.monotonic() < deadline:
            trial = Case(best.path, best.fragments[:i] + best.fragments[i + chunk:],
                         best.encoding, best.tail)
            if fails_as(trial, kind, seconds):
                best, shrunk = trial, True
            else:
                i += chunk
        if not shrunk:
            chunk //= 2
    for n in range(len(best.fragments)):
        step = max(1, len(best.fragments[n]) // 2)
        while step >= 1 and time.monotonic() < deadline:
            text, i, shrunk = best.fragments[n], 0, False
            while i < len(text) and time.monotonic() < deadline:
                frags = list(best.fragments)
                frags[n] = text[:i] + text[i + step:]
                trial = Case(best.path, frags, best.encoding, best.tail)
                if fails_as(trial, kind, seconds):
                    best, text, shrunk = trial, frags[n], True
                else:
                    i += step
            if not shrunk:
                step //= 2
    return best


class _alarm:
    """Interrupt the block after `seconds` (main thread, POSIX; otherwise a no-op)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.on = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()

    def __enter__(self) -> None:
        if self.on:
            self.old = signal.signal(signal.SIGALRM, _raise_hung)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)

    def __exit__(self, *exc: object) -> None:
        if self.on:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)


def _raise_hung(_signum: int, _frame: object) -> None:
    raise _Hung


@dataclass
class Found:
    """A failing case: its number, the failure's kind and message, the minimal input."""

    case: int
    kind: str
    message: str
    minimal: str


@dataclass
class Report:
    """What a campaign did."""

    cases: int = 0
    seconds: float = 0.0
    failures: list[Found] = field(default_factory=list)


def campaign(cases: int, seed: int, seconds: float = SECONDS, shrink_s: float = 30.0,
             out: Callable[[str], None] | None = print, max_failures: int = 20,
             start: int = 0, step: int = 1) -> Report:
    """Run cases start, start + step, ... below `cases` of `seed`; case i is
    `generate(random.Random(f"{seed}:{i}"))`. Each failure kind is shrunk once."""
    report = Report()
    kinds_seen: set[str] = set()
    index = LinkIndex()
    started = time.perf_counter()
    for n, i in enumerate(range(start, cases, step)):
        case = generate(random.Random(f"{seed}:{i}"))
        try:
            with _alarm(seconds * 10):
                check_case(case, seconds, index)
                if n % 50 == 49:
                    index.apply((), [random.Random(i).choice(PATHS)])
                if n % 200 == 199:
                    check_index(index)
        except Failure as failure:
            index = LinkIndex()  # start the index property over from a known state
            first = failure.kind not in kinds_seen
            kinds_seen.add(failure.kind)
            small = shrink(case, failure.kind, seconds, shrink_s) if first else case
            minimal = f"{small.text()!r}" + (f" + bytes {small.tail!r}" if small.tail else "")
            minimal += f" ({small.encoding}, path {small.path!r})"
            report.failures.append(Found(i, failure.kind, str(failure), minimal))
            if out:
                out(f"FAIL case {i} (seed {seed}): {failure}"[:1500])
                if first:
                    out(f"  minimal input: {minimal}")
                out(f"  replay: python -m tests.fuzz --seed {seed} --case {i}")
            if len(report.failures) >= max_failures:
                break
        report.cases = n + 1
        if out and (n + 1) % 10_000 == 0:
            elapsed = time.perf_counter() - started
            out(f"[{start}] {n + 1} cases, {len(report.failures)} failures, {elapsed:.0f} s "
                f"({(n + 1) / elapsed:.0f} cases/s)")
    report.seconds = time.perf_counter() - started
    return report


def _worker(cases: int, seed: int, seconds: float, start: int, step: int) -> Report:
    logging.disable(logging.CRITICAL)  # the renderer logs notes it cannot format: expected
    return campaign(cases, seed, seconds, out=_print_flush, start=start, step=step)


def _print_flush(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run a campaign (or replay one case); exit 1 if any case failed."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz",
                                     description="Fuzz parse + render + index (issue 12).")
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=None, help="default: from the clock")
    parser.add_argument("--case", type=int, default=None, help="replay one case of --seed")
    parser.add_argument("--seconds", type=float, default=SECONDS, help="CPU budget per step")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (default: one per CPU)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000
    if args.case is not None:
        case = generate(random.Random(f"{seed}:{args.case}"))
        print(f"case {args.case} of seed {seed} ({case.encoding}, {case.path!r}): "
              f"{case.text()!r}")
        try:
            check_case(case, args.seconds)
        except Failure as failure:
            print(f"FAIL: {failure}")
            return 1
        print("ok")
        return 0
    jobs = max(1, min(args.jobs, args.cases))
    print(f"fuzzing parse + render + index: {args.cases} cases, seed {seed}, {jobs} processes",
          flush=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        reports = list(pool.map(_worker, *zip(*[(args.cases, seed, args.seconds, j, jobs)
                                                for j in range(jobs)])))
    seconds = time.perf_counter() - started
    total = sum(r.cases for r in reports)
    failures = [f for r in reports for f in r.failures]
    kinds: dict[str, int] = {}
    for found in failures:
        kinds[found.kind] = kinds.get(found.kind, 0) + 1
    print(f"{total} cases in {seconds:.1f} s ({total / seconds:.0f} cases/s), "
          f"{len(failures)} failures" + (f": {kinds}" if kinds else ""))
    for kind in kinds:
        first = next(f for f in failures if f.kind == kind)
        print(f"  {kind}: case {first.case}, minimal input {first.minimal}"[:2000])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
