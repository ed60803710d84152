"""The hostile vault of issue 12, generated (never hand-kept) into a given folder.

`make_hostile_vault(root, beacon=...)` writes a vault of notes that are broken, hostile or
odd in every way the issue lists (bad YAML, bad encodings, a 50 MB note, XSS kinds, rich-text
titles, paths leaving the vault, bad timestamps, symlink loops, a FIFO, odd file names,
duplicate titles, issue 11's slow kinds at 50 KB each) and a folder beside it that nothing
may read. It returns a `HostileVault` saying what each file is and what Lectern must make of
it. Run `python -m tests.hostile_vault DIR` to look at one.

Every web URL in the notes points at `beacon` (a server on 127.0.0.1 in the tests): a request
that leaves the page reaches it and is counted. Script payloads set `window.__pwned` and log
`PWNED`; a test checks neither happens.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

KB = 1 << 10
MB = 1 << 20
PWN = "window.__pwned = 1; console.log('PWNED')"
SECRET_TITLE = "SECRET OUTSIDE THE VAULT"
UNREADABLE = "unreadable.md"
DELETED = "deleted_while_indexing.md"
FIFO_NOTE = "x.md"
FOLDER_NOTE = "y.md"


@dataclass(frozen=True)
class Case:
    """One file of the vault and what Lectern must make of it.

    Attributes:
        path: Vault-relative path as the index names it (undecodable bytes as surrogates).
        kind: What is hostile about it, for messages.
        problem: True: the index lists a problem for this path; False: it lists none;
            None: either is fine.
        indexed: Whether the path is a note of the index (a FIFO or folder is not).
        title: The exact title the note must get (shown literally), or None.
    """

    path: str
    kind: str
    problem: bool | None = None
    indexed: bool = True
    title: str | None = None


@dataclass
class HostileVault:
    """A generated hostile vault: where it is, its cases, and the traps around it."""

    root: Path
    outside: Path  # a folder beside the vault: nothing in it may be read
    beacon: str  # base URL every web link and load in the notes points at
    cases: list[Case] = field(default_factory=list)
    fifo_trap: Path | None = None  # a FIFO outside the vault that an <img src> title names

    def case(self, path: str) -> Case:
        """The case of vault-relative `path`."""
        return next(c for c in self.cases if c.path == path)

    def notes(self) -> list[Case]:
        """The cases that are notes of the index."""
        return [c for c in self.cases if c.indexed]


def _front(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\n{extra}---\n\n"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _stamp(t: str) -> str:
    return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'


def xss_kinds(beacon: str) -> dict[str, str]:
    """Name -> note body of each XSS kind; every load they would make goes to `beacon`."""
    b = beacon.rstrip("/")
    return {
        "script": f"<script>{PWN}</script>\n\nText after a script.",
        "script_src": f'<script src="{b}/script.js"></script>',
        "img_onerror": f'<img src="{b}/img.png" onerror="{PWN}">',
        "img_onerror_bare": "<img src=x onerror=window.__pwned=1>",
        "javascript_links": (f"[click](javascript:{PWN})\n\n<a href=\"javascript:{PWN}\">a</a>"
                             f"\n\n[ref][r]\n\n[r]: javascript:window.__pwned=1\n\n"
                             f"[spaced]( javascript:window.__pwned=1)\n\n"
                             f"[entity](jav&#97;script:window.__pwned=1)"),
        "iframe": f'<iframe src="{b}/frame.html"></iframe>\n\n<iframe srcdoc="<script>{PWN}</script>">'
                  "</iframe>",
        "object": f'<object data="{b}/object.swf"></object><embed src="{b}/embed.swf">',
        "svg_script": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{PWN}">'
                      f"<script>{PWN}</script><image href=\"{b}/svg.png\"/></svg>",
        "meta_refresh": f'<meta http-equiv="refresh" content="0;url={b}/refresh">',
        "base_href": f'<base href="{b}/base/">\n\n[relative](page.html)',
        "link_stylesheet": f'<link rel="stylesheet" href="{b}/sheet.css">',
        "css_url": f'<div style="background: url({b}/css.png)">styled</div>\n\n'
                   f'<p style="background-image:url(\'{b}/css2.png\')">p</p>\n\n'
                   f"<style>body {{ background: url({b}/style.png) }}</style>",
        "form_action": f'<form action="{b}/form"><input name="q" autofocus onfocus="{PWN}">'
                       '<button>go</button></form>',
        "details_toggle": f"<details open ontoggle=\"{PWN}\">x</details>",
        "markdown_image": f"![remote]({b}/md.png)\n\n![data](data:image/svg+xml,<svg onload=x>)",
        "timestamp_anchor_attrs": (f'<a class="yt-timestamp" data-t="00:01:00" onclick="{PWN}" '
                                   f'href="javascript:{PWN}" style="x">[00:01:00]</a>'),
        "noscript_mxss": f"<noscript><p title=\"</noscript><img src=x onerror={PWN}>\">",
        "math_mxss": f"<math><mtext><table><mglyph><style><img src=x onerror=\"{PWN}\">",
    }


def slow_kinds(size: int) -> dict[str, str]:
    """Name -> body of each kind of issue 11's tables (and its topic rows), about `size` chars."""
    return {
        "anchor_lt": "yt-timestamp " + _repeat("<a ", size),
        "fences": _repeat("```a\n", size),
        "youtu_bracket": "youtu" + _repeat("[", size),
        "youtu_links": "".join(f"[x](https://youtu.be/abcdefghijk?t={i}) "
                               for i in range(size // 40)),
        "heading_lt": "# " + _repeat("<", size) + "\n",
        "links_spaces": _repeat("[a](b) ", size),
        "hash_lines": _repeat("#\n", size),
        "escaped_stars": _repeat("\\*", size),
        "emphasis": _repeat("*a* ", size),
        "amp": _repeat("&amp; ", size),
        "br": _repeat("<br>", size),
        "see_target": _repeat("see [[target]] ", size),
        "stamps": "".join(f"Point {i} {_stamp(f'00:{i // 60 % 60:02d}:{i % 60:02d}')}.\n"
                          for i in range(size // 60)),
        "nested_lists": "".join("  " * i + "- x\n" for i in range(int((size ** 0.5)))),
        "nested_quotes": ">" * min(size, 5000) + " deep\n",
    }


def make_hostile_vault(root: Path, beacon: str = "http://127.0.0.1:9/",
                       big_mb: int = 50, kind_kb: int = 50) -> HostileVault:
    """Write the hostile vault into folder `root` (created; must not exist or be empty).

    Args:
        root: The vault folder. A folder `<root>-outside` is made beside it.
        beacon: Base URL of every web load in the notes (a counting server in the tests).
        big_mb: Size of the big note in MB (sparse content: a paragraph repeated).
        kind_kb: Size of each of issue 11's slow kinds in KB.

    Returns:
        What was written and what Lectern must make of each file.
    """
    root.mkdir(parents=True, exist_ok=True)
    outside = root.parent / (root.name + "-outside")
    outside.mkdir(exist_ok=True)
    vault = HostileVault(root=root, outside=outside, beacon=beacon)
    cases = vault.cases

    def put(path: str, data: str | bytes, kind: str, problem: bool | None = None,
            title: str | None = None) -> None:
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(Case(path, kind, problem, True, title))

    # Outside the vault: a note, and a FIFO any read of which would hang.
    (outside / "secret.md").write_text(_front(SECRET_TITLE) + "Nothing may read this.\n")
    # A test may have made it first, with a writer that records opens (ImageTrap).
    trap = outside / "trap.png"
    if hasattr(os, "mkfifo") and not trap.exists():
        os.mkfifo(trap)
    if trap.exists() and stat.S_ISFIFO(trap.stat().st_mode):
        vault.fifo_trap = trap

    # A plain note, so the vault has one ordinary page (and a link target).
    put("plain.md", _front("Plain note", "videoId: 8sGHxZkZReo\n")
        + "A normal note linking [[Duplicate]] and [[target]] at "
        + _stamp("00:01:00") + ".\n", "ordinary", False, "Plain note")

    # Front matter and encodings.
    put("broken_yaml.md", "---\ntitle: [unclosed\nvideoId: : :\n---\n\nBody.\n", "broken YAML",
        True)
    put("yaml_not_mapping.md", "---\n- a\n- b\n---\n\nA list, not a mapping.\n",
        "front matter is a list", True)
    put("yaml_unclosed.md", "---\ntitle: Never closed\n\nBody without a closing fence.\n",
        "front matter not closed", True)
    put("yaml_bomb.md", "---\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi")) + "title: *i\n---\n\nBillion laughs.\n",
        "YAML alias bomb", True)
    put("yaml_deep.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n\nDeep.\n",
        "deeply nested YAML", True)
    put("yaml_python_tag.md", "---\ntitle: !!python/object/apply:os.system ['true']\n---\n\n"
        "A Python tag.\n", "YAML python tag", True)
    put("no_front_matter.md", "Just text with a link to [[target]].\n", "no front matter", True)
    put("front_matter_only.md", "---\ntitle: Front matter only\n---", "front matter only",
        None, "Front matter only")
    put("empty.md", b"", "empty file")
    put("binary.md", bytes(range(256)) * 64, "binary", True)
    put("ff_fe_not_utf16.md", b"\xff\xfe\x00\xd8A\x00---\ntitle: x\n", "FF FE not UTF-16", True)
    put("latin1.md", (_front("Caf\xe9 na\xefve") + "Cr\xe8me br\xfbl\xe9e.\n").encode("latin-1"),
        "latin-1", True, "Caf\xe9 na\xefve")
    put("utf16_bom.md", (_front("UTF-16 note") + "Text in UTF-16 [[target]].\n").encode("utf-16"),
        "UTF-16 with BOM", False, "UTF-16 note")
    put("utf16_be_bom.md", b"\xfe\xff" + (_front("UTF-16 BE note") + "Big endian.\n")
        .encode("utf-16-be"), "UTF-16 BE with BOM", False, "UTF-16 BE note")
    put("crlf.md", _front("CRLF note").replace("\n", "\r\n") + "Line one\r\nLine two\r\n",
        "CRLF", False, "CRLF note")
    put("mixed_endings.md", "---\r\ntitle: Mixed endings\n---\r\rOne\rtwo\r\nthree\n",
        "mixed line endings", False, "Mixed endings")
    put("nul_late.md", _front("NUL late") + "text\x00more\n", "NUL after the start", None)
    put("surrogate_bytes.md", _front("Bad UTF-8 body").encode() + b"ok \xed\xa0\x80 bad\n",
        "UTF-8 encoded surrogate", True)
    put("rtl_controls.md", _front("Right\u202eto\u202cleft \u200b\ufeff") + "\u202e gnp.exe\n",
        "bidi controls", None)
    # A big note (issue 12: 50 MB; sparse content, quick to write).
    paragraph = ("A paragraph of the big note with [[target]] and " + _stamp("00:00:05")
                 + " and text.\n\n")
    big = (_front("Fifty megabytes", "videoId: 8sGHxZkZReo\n") + paragraph * 64).encode()
    with (root / "big.md").open("wb") as handle:
        handle.write(big)
        block = paragraph.encode() * (MB // len(paragraph))
        while handle.tell() < big_mb * MB:
            handle.write(block)
    cases.append(Case("big.md", f"{big_mb} MB note", True, True, "Fifty megabytes"))

    # XSS kinds, one note each, and all of them in one note.
    kinds = xss_kinds(beacon)
    for name, body in kinds.items():
        put(f"xss/{name}.md", _front(f"XSS {name}") + f"Before.\n\n{body}\n\nAfter.\n",
            f"XSS: {name}", None, f"XSS {name}")
    put("xss/all.md", _front("XSS all") + "\n\n".join(kinds.values()) + "\n", "XSS: all")
    # Rich-text titles: shown literally everywhere (issue 12, "Note text reaches Qt rich text").
    trap_src = os.fspath(trap) if vault.fifo_trap else "/dev/zero"
    for name, title in (("title_img", f'<img src="{trap_src}">Welcome'),
                        ("title_bold", "<b>bold</b> title"),
                        ("title_script", "<script>window.__pwned=1</script>Title"),
                        ("title_link", f'<a href="{beacon}">link</a> title')):
        put(f"titles/{name}.md", f"---\ntitle: '{title}'\n---\n\nSee [[{title}]].\n",
            f"rich title {name}", None, title)
    # Links and paths leaving the vault.
    put("paths/passwd.md", _front("Passwd links") + "[[../../etc/passwd]] [[/etc/passwd]] "
        f"[[../{outside.name}/secret]] [[..]] [[.]] [[~]]\n\n[md](../../etc/passwd) "
        "[file](file:///etc/passwd) [abs](/etc/passwd)\n\n"
        "<a href=\"file:///etc/passwd\">f</a>\n", "paths leaving the vault", None,
        "Passwd links")
    # Video ids and timestamps.
    put("video/videoid_quotes.md", "---\ntitle: Quoted id\nvideoId: 'a\"b''c</script>"
        "<script>window.__pwned=1</script>'\n---\n\nBody " + _stamp("00:00:10") + "\n",
        "videoId with quotes and </script>", True, "Quoted id")
    put("video/timestamps_bad.md", _front("Bad timestamps", "videoId: 8sGHxZkZReo\n")
        + " ".join(_stamp(t) for t in ("99:99:99", "-1", "1e309", "", "00:00:00:00",
                                       "9" * 400))
        + "\n\n[u](https://youtu.be/8sGHxZkZReo?t=-1) "
        + "[v](https://www.youtube.com/watch?v=8sGHxZkZReo&t=1e309) "
        + "https://youtu.be/8sGHxZkZReo?t=99999999999999999999 "
        + "https://youtu.be/8sGHxZkZReo#t=99:99:99\n",
        "timestamps 99:99:99, -1, 1e309", True, "Bad timestamps")
    put("video/video_field.md", _front("Video field", f"video: '{beacon}v.mp4\"><script>'\n")
        + "A video field holding markup.\n", "video field with markup", None)
    # Duplicate titles.
    put("dup/one.md", _front("Duplicate") + "First.\n", "duplicate title", None, "Duplicate")
    put("dup/two.md", _front("Duplicate") + "Second.\n", "duplicate title", True, "Duplicate")
    # Issue 11's slow kinds.
    for name, body in slow_kinds(kind_kb * KB).items():
        put(f"slow/{name}.md", _front(f"Slow {name}") + body, f"issue 11: {name}", None,
            f"Slow {name}")
    put("slow/bad_front_matter.md", "---\ntitle: Slow bad front matter\nvideo_id: not an id\n"
        + "\n" * (kind_kb * KB) + "x: y\n---\n\nbody\n", "issue 11: bad video_id line", True)

    # Odd files: a symlink loop, links leaving the vault, a FIFO, a folder named like a note,
    # odd names, an unreadable file, one deleted while indexing.
    (root / "loops").mkdir()
    _symlink("loop_self.md", root / "loops" / "loop_self.md")
    _symlink("loop_b.md", root / "loops" / "loop_a.md")
    _symlink("loop_a.md", root / "loops" / "loop_b.md")
    _symlink(".", root / "loops" / "dir_loop")
    _symlink("../loops", root / "loops" / "up_loop")
    _symlink(os.fspath(outside / "secret.md"), root / "escape.md")
    _symlink(os.fspath(outside), root / "escape_dir")
    _symlink("/etc/passwd", root / "passwd.md")
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / FIFO_NOTE)
        cases.append(Case(FIFO_NOTE, "FIFO named like a note", None, False))
    (root / FOLDER_NOTE).mkdir()
    (root / FOLDER_NOTE / "inside.md").write_text(_front("Inside y.md") + "In a folder.\n")
    cases.append(Case(f"{FOLDER_NOTE}/inside.md", "note in a folder named y.md", False, True,
                      "Inside y.md"))
    put("new\nline.md", _front("Newline name") + "A file name with a newline.\n",
        "newline in the name", None, "Newline name")
    bad_name = os.fsdecode(b"caf\xe9.md")
    with open(os.path.join(os.fsencode(root), b"caf\xe9.md"), "wb") as handle:
        handle.write(_front("Not UTF-8 name").encode() + b"Its name is Latin-1; it links "
                     b"[[Plain note]].\n")
    cases.append(Case(bad_name, "file name not UTF-8", None, True, "Not UTF-8 name"))
    with open(os.path.join(os.fsencode(root), b"bad\xff.md"), "wb") as handle:
        handle.write(b"No front matter, and a name that is not UTF-8.\n")
    cases.append(Case(os.fsdecode(b"bad\xff.md"), "name not UTF-8, with a problem", True))
    put("tab\tand space .md", _front("Tab name") + "x\n", "tab in the name", None, "Tab name")
    put(UNREADABLE, _front("Unreadable") + "Nobody can read this.\n", "unreadable file", True)
    (root / UNREADABLE).chmod(0)
    put(DELETED, _front("Deleted while indexing") + "Gone.\n", "deleted while indexing", None)
    return vault


def _symlink(target: str, link: Path) -> None:
    try:
        os.symlink(target, link)
    except OSError:  # no symlinks here (Windows without the privilege)
        pass


def can_deny_reads() -> bool:
    """Whether chmod 000 denies this process reads (not as root or with CAP_DAC_OVERRIDE)."""
    return hasattr(os, "geteuid") and os.geteuid() != 0


def restore_permissions(vault: HostileVault) -> None:
    """Make the unreadable file removable again (tmp_path cleanup)."""
    try:
        (vault.root / UNREADABLE).chmod(stat.S_IRUSR | stat.S_IWUSR)
    except OSError:
        pass


def main(argv: list[str]) -> int:
    """`python -m tests.hostile_vault DIR [BIG_MB]`: write the vault into DIR."""
    if not argv:
        print("usage: python -m tests.hostile_vault DIR [BIG_MB]", file=sys.stderr)
        return 2
    vault = make_hostile_vault(Path(argv[0]), big_mb=int(argv[1]) if len(argv) > 1 else 50)
    for case in vault.cases:
        print(f"{case.path!r:60} {case.kind}")
    print(f"{len(vault.cases)} files in {vault.root}; outside: {vault.outside}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
