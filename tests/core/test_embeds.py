"""Embeds (issue 15): images resolved as Obsidian resolves them and served from the vault
only; notes and sections embedded inline, bounded and safe against cycles; a missing embed
is a broken-embed box and a problem, never a topic; `lectern check` counts embeds apart."""

from __future__ import annotations

import os
import re
from pathlib import Path

from viewer.core.attachments import Attachments, plan_embeds, vault_file
from viewer.core.parser import parse_text
from viewer.core.summary import vault_summary
from viewer.core.vault import load_index, read_note
from viewer.render.embeds import MAX_DEPTH, EmbedContext
from viewer.render.renderer import render_note
from viewer.render.sanitize import clean_html


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)


def page(root: Path, path: str) -> str:
    """The note's HTML as a render worker makes it, with the window's resolved embeds."""
    index, _ = load_index(root)
    embeds, kinds = plan_embeds(index, path)
    note = read_note(root, path)
    return render_note(note, lambda t: kinds.get(t, "note"), EmbedContext(str(root), embeds)).html


def test_embeds_are_parsed_apart_from_links_with_sizes() -> None:
    note = parse_text("n.md", "![[Pasted image 20240101123456.png]] ![[slide 4.jpg|300]] "
                              "![[b.png|300x200]] ![[Other note]] ![[Other note#Install]] "
                              "![alt](media/pic.png) ![w|120](a%20b.png) ![web](https://x.org/a.png) "
                              "[[real link]]\n")
    assert [link.target for link in note.links] == ["real link"]
    assert [(e.raw, e.heading, e.width, e.height) for e in note.embeds] == [
        ("Pasted image 20240101123456.png", None, None, None), ("slide 4.jpg", None, 300, None),
        ("b.png", None, 300, 200), ("Other note", None, None, None),
        ("Other note", "Install", None, None), ("media/pic.png", None, None, None),
        ("a b.png", None, 120, None)]


def test_attachments_resolve_relative_then_root_then_by_name() -> None:
    files = Attachments(["notes/media/pic.png", "media/pic.png", "deep/x/shot.png",
                         "a/shot.png", "media/Pasted image 1.png"])
    assert files.find("media/pic.png", "notes/n.md") == "notes/media/pic.png"
    assert files.find("media/pic.png", "top.md") == "media/pic.png"
    assert files.find("shot.png", "top.md") == "a/shot.png"  # by name: the shortest path
    assert files.find("PASTED image 1.png") == "media/Pasted image 1.png"
    assert files.find("../media/pic.png", "notes/n.md") == "media/pic.png"  # still inside
    assert files.find("../../etc/passwd", "notes/n.md") is None
    assert files.find("nothing.png") is None


def test_vault_file_refuses_everything_outside_the_vault(tmp_path: Path) -> None:
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    write(vault, {"media/pic.png": "x", ".hidden/a.png": "x"})
    write(outside, {"secret.png": "s"})
    os.symlink(outside / "secret.png", vault / "media" / "link.png")
    os.symlink(outside, vault / "out")
    assert vault_file(str(vault), "media/pic.png") == str((vault / "media/pic.png").resolve())
    for bad in ("media/link.png", "out/secret.png", "../outside/secret.png", "media/../../x",
                ".hidden/a.png", "media", "", "media/pic.png\x00", "nothing.png"):
        assert vault_file(str(vault), bad) is None, bad


def test_images_render_through_the_scheme_with_their_size(tmp_path: Path) -> None:
    write(tmp_path, {"n.md": "---\ntitle: N\n---\n![[Pasted image 1.png]] ![[slide 4.jpg|300]] "
                             "![[b.png|300x200]] ![alt](media/pic.png)\n",
                     "media/Pasted image 1.png": "x", "att/slide 4.jpg": "x", "b.png": "x",
                     "media/pic.png": "x"})
    html = page(tmp_path, "n.md")
    assert '<img class="embed-image" src="lectern://vault/media/Pasted%20image%201.png"' in html
    assert 'src="lectern://vault/att/slide%204.jpg" alt="slide 4.jpg" width="300">' in html
    assert 'width="300" height="200"' in html
    assert 'src="lectern://vault/media/pic.png" alt="alt"' in html
    assert "!" not in re.sub(r"<[^>]*>", "", html)  # no "!" left before an embed


def test_note_and_section_embeds_inline(tmp_path: Path) -> None:
    write(tmp_path, {
        "host.md": "---\ntitle: Host\n---\nBefore\n\n![[Other note]]\n\n![[Other note#Install]]\n",
        "Other note.md": "---\ntitle: Other\nvideoId: abcdefghijk\n---\n# Intro\nHello "
                         "[00:01](https://youtu.be/abcdefghijk?t=1)\n\n## Install\nRun it.\n\n"
                         "## Use\nUse it.\n"})
    html = page(tmp_path, "host.md")
    assert html.count('<div class="embed-note">') == 2
    section = html.split('<div class="embed-note">')[2]
    assert "Run it." in section and "Use it." not in section and "Hello" not in section
    assert 'href="lectern://seek/abcdefghijk/1"' in html  # the embedded chip plays its video
    assert 'data-ts' not in html.split('<div class="embed-note">')[1]  # not the host's chip
    assert html.count('id="install"') == 0  # ids belong to the host note


def test_cycles_depth_and_missing(tmp_path: Path) -> None:
    chain = {f"n{i}.md": f"---\ntitle: N{i}\n---\nText {i}\n\n![[n{i + 1}]]\n" for i in range(8)}
    write(tmp_path, {**chain, "a.md": "---\ntitle: A\n---\nA text\n\n![[b]]\n",
                     "b.md": "---\ntitle: B\n---\nB text\n\n![[a]]\n\n![[nowhere]]\n"})
    html = page(tmp_path, "a.md")
    assert html.count("A text") == 1 and html.count("B text") == 1
    assert "a cycle" in html
    assert '<span class="embed-missing"' in html and "Missing embed: nowhere" in html
    deep = page(tmp_path, "n0.md")
    assert f"Text {MAX_DEPTH}" in deep and f"Text {MAX_DEPTH + 1}" not in deep
    assert "embeds deep" in deep
    index, _ = load_index(tmp_path)
    assert index.topics() == []  # embeds are never topics
    assert ("b.md", 8, "embed 'nowhere': no note or file of that name in the vault") in \
        index.problems()
    summary = vault_summary(index)
    assert summary["embeds"] == {"total": 11, "notes": 9, "files": 0, "missing": 2}  # n7: n8
    assert summary["links"]["total"] == 0


def test_embed_html_survives_the_sanitiser_and_notes_cannot_forge_it() -> None:
    ours = '<img class="embed-image" src="lectern://vault/a.png" alt="a" width="3">'
    assert clean_html(ours) == ours
    assert "src" not in clean_html('<img src="file:///etc/passwd">')
    assert 'id="x"' not in clean_html('<span id="x">t</span>')
    forged = render_note(parse_text("n.md", '<img src="lectern://vault/a.png"> ![](a.png)\n'),
                         lambda _: "note").html
    assert "<img" not in forged  # raw HTML is text; an unresolved embed is a box
