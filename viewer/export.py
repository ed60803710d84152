"""Export a note as one standalone HTML file (issue 15): `lectern export VAULT --note NOTE
OUT.html`, and File > Export Note… in the window. PDF goes through QtWebEngine
(`viewer.ui.export_pdf`), from this same HTML.

The body is the note pane's own rendering (`viewer.render.jobs.run`, the job the window
would send), made to stand alone: styles inlined, vault images embedded as `data:` URLs,
chips as `https://youtu.be/ID?t=N` links, links to other notes as plain text, and, only
when the note has math, KaTeX's script and stylesheet (fonts as `data:` URLs) inlined so
that the file typesets itself, offline. Qt-free.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from viewer import resources
from viewer.core.attachments import plan_embeds
from viewer.core.index import LinkIndex
from viewer.core.vault import load_index
from viewer.render.flavour import math_in
from viewer.render.jobs import NoteJob, NoteResult, run

MAX_IMAGE_BYTES = 20 * 1024 * 1024  # a larger image stays out of the file (its alt text shows)
_SEEK = re.compile(r'href="lectern://seek/([^/"]*)/(\d+)"')
_OPEN = re.compile(r' href="lectern://open/[^"]*"')
_VAULT_SRC = re.compile(r'src="lectern://vault/([^"]*)"')
_FONT = re.compile(r"url\(fonts/([\w-]+\.woff2)\) format\(\"woff2\"\)(?:,url\(fonts/[\w.-]+\) "
                   r"format\(\"(?:woff|truetype)\"\))*")
_MARK = "<!--lectern:{}-->"


class ExportError(Exception):
    """A note cannot be exported (unknown note, unreadable file); the message says why."""


@dataclass(frozen=True)
class Exported:
    """A standalone page and what it was made of.

    Attributes:
        html: The whole HTML document.
        title: The note's title.
        has_math: Whether the page carries KaTeX (and so needs scripts to typeset).
        plain: Why the note is shown as plain text ("" when formatted).
    """

    html: str
    title: str
    has_math: bool
    plain: str


def export_vault_note(vault: Path, note: str) -> Exported:
    """Index `vault`, find `note` (a path, title, alias or slug) and export it.

    Raises:
        ExportError: the vault has no such note.
    """
    index, _stats = load_index(vault)
    path = index.find(note)
    if path is None:
        raise ExportError(f"no note {note!r} in {str(vault)!r}")
    return export_note(index, vault, path)


def note_job(index: LinkIndex, root: Path, path: str) -> NoteJob:
    """The job the window sends for the note at `path` (`PageLoader.open_note`): its link
    targets and embeds resolved by the index."""
    record = index.note(path)
    kinds = {t: ("note" if index.resolve(t) is not None else "topic")
             for t in (record.targets if record else ())}
    embeds, embedded_kinds = plan_embeds(index, path) if record else ({}, {})
    return NoteJob(str(root), path, {**embedded_kinds, **kinds}, embeds)


def export_note(index: LinkIndex, root: Path, path: str, dark: bool = False) -> Exported:
    """Render the note at `path` as the pane does and make a standalone page of it.

    Raises:
        ExportError: the note could not be read.
    """
    try:
        result = run(note_job(index, root, path))
    except OSError as exc:
        raise ExportError(f"cannot read {path!r}: {exc.strerror or exc}") from exc
    assert isinstance(result, NoteResult)
    title = result.note.title or Path(path).stem
    return standalone_page(result.rendered.html, title, root, dark=dark,
                           plain=result.rendered.plain_reason)


def standalone_page(fragment: str, title: str, root: Path, dark: bool = False,
                    plain: str = "") -> Exported:
    """A rendered note fragment as a whole HTML document that needs nothing else.

    Args:
        fragment: `RenderedNote.html` of a note in `root`.
        title: Shown as the page's heading and title.
        root: The vault folder its `lectern://vault/` images are read from.
        dark: Use the dark palette.
        plain: `RenderedNote.plain_reason`.
    """
    body = _SEEK.sub(_youtube_href, fragment)
    body = _OPEN.sub("", body)
    body = _VAULT_SRC.sub(lambda m: _image_src(root, m.group(1)), body)
    has_math = math_in(body)
    template = resources.read_text("export/standalone.html")
    parts = {
        "title": html.escape(title),
        "class": ' class="dark"' if dark else "",
        "style": _style_tag(resources.read_text("page/note.css")),
        "math-style": _style_tag(katex_css()) if has_math else "",
        "body": body,
        "math-script": (_script_tag(resources.read_text("katex/katex.min.js"))
                        + _script_tag(resources.read_text("export/typeset.js"))
                        if has_math else ""),
    }
    page = template
    for name, value in parts.items():
        page = page.replace(_MARK.format(name), value)
    return Exported(page, title, has_math, plain)


def katex_css() -> str:
    """KaTeX's stylesheet with its woff2 fonts inlined as `data:` URLs."""
    def inline(match: re.Match[str]) -> str:
        data = resources.read_bytes(f"katex/fonts/{match.group(1)}")
        return f'url(data:font/woff2;base64,{base64.b64encode(data).decode()}) format("woff2")'

    return _FONT.sub(inline, resources.read_text("katex/katex.min.css"))


def _youtube_href(match: re.Match[str]) -> str:
    video, seconds = match.group(1), match.group(2)
    if video in ("", "-") or not re.fullmatch(r"[\w-]{11}", video):
        return 'href="#"'
    return f'href="https://youtu.be/{video}?t={seconds}"'


def _image_src(root: Path, quoted: str) -> str:
    """A vault image as a `data:` URL; nothing outside the vault, nothing huge."""
    base = root.resolve()
    try:
        target = (base / unquote(quoted)).resolve()
        if base not in target.parents or not target.is_file():
            return 'src=""'
        if target.stat().st_size > MAX_IMAGE_BYTES:
            return 'src=""'
        data = target.read_bytes()
    except OSError:
        return 'src=""'
    mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return f'src="data:{mime};base64,{base64.b64encode(data).decode()}"'


def _style_tag(css: str) -> str:
    return "<style>\n" + css.replace("</", "<\\/") + "\n</style>"


def _script_tag(source: str) -> str:
    return "<script>\n" + source.replace("</script", "<\\/script") + "\n</script>"
