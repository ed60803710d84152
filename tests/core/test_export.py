"""`lectern export` (issue 15): one note as a standalone HTML file, from the pane's renderer."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from viewer.cli import main
from viewer.export import export_vault_note, katex_css, standalone_page

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "demo.md").write_text(
        "---\ntitle: Demo\nvideoId: 8sGHxZkZReo\n---\n# Head\n\n> [!info] Key\n> body\n\n"
        "At [1:30](https://youtu.be/8sGHxZkZReo?t=90) see [[Other]] and $e^{i\\pi}$.\n",
        encoding="utf-8")
    (root / "plain.md").write_text("---\ntitle: Plain\n---\nNo math, *no* chips.\n",
                                   encoding="utf-8")
    return root


def test_html_export_stands_alone(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    assert main(["export", str(vault), "--note", "Demo", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Demo</title>" in page
    assert "lectern://" not in page  # nothing points back into the app
    assert 'href="https://youtu.be/8sGHxZkZReo?t=90"' in page
    assert re.search(r'<a class="wikilink (topic|note)" data-target="other">Other</a>', page)
    assert 'class="callout callout-info"' in page and ".callout-info" in page  # styles inlined
    assert 'class="arithmatex"' in page and "katex.render" in page
    assert "url(fonts/" not in page and "data:font/woff2;base64," in page
    assert not re.search(r'<(link|script)[^>]+(src|href)=', page)  # nothing loaded


def test_no_script_without_math(vault: Path) -> None:
    exported = export_vault_note(vault, "plain")
    assert not exported.has_math and "<script" not in exported.html
    assert "<em>no</em>" in exported.html


def test_images_become_data_urls_inside_the_vault_only(vault: Path, tmp_path: Path) -> None:
    (vault / "pic.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    fragment = ('<img src="lectern://vault/pic.png" alt="a">'
                '<img src="lectern://vault/..%2Fsecret.png" alt="b">'
                '<img src="lectern://vault/../secret.png" alt="c">')
    page = standalone_page(fragment, "T", vault).html
    assert page.count("data:image/png;base64,") == 1
    assert page.count('src=""') == 2


def test_unknown_note_and_bad_output(vault: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(vault), "--note", "Nope", str(tmp_path / "x.html")]) == 1
    assert "no note 'Nope'" in capsys.readouterr().err
    assert main(["export", str(vault), "--note", "Demo", str(tmp_path / "x.txt")]) == 2
    assert main(["export", str(vault), str(tmp_path / "x.html")]) == 2


def test_katex_fonts_are_all_inlined() -> None:
    css = katex_css()
    assert "url(fonts/" not in css and css.count("data:font/woff2") == 20


def test_embedded_image_and_note_are_in_the_file(vault: Path) -> None:
    (vault / "pic.png").write_bytes(PNG)
    (vault / "other.md").write_text("---\ntitle: Other\n---\nEmbedded *words*.\n",
                                    encoding="utf-8")
    (vault / "host.md").write_text("---\ntitle: Host\n---\n![[pic.png|50]]\n\n![[Other]]\n",
                                   encoding="utf-8")
    page = export_vault_note(vault, "host").html
    assert re.search(r'<img[^>]+src="data:image/png;base64,', page)
    assert "Embedded <em>words</em>." in page and "lectern://" not in page
