"""The main window end to end: the real QtWebEngine page, real DOM clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bench.vaultgen import generate_vault
from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.conftest_video import UrlCatcher, url_catcher  # noqa: F401 - a fixture
from tests.ui.vaults import make_vault


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


def click(qtbot: QtBot, window: object, selector: str) -> None:
    """A real DOM click on the first element matching `selector`, then wait for the paint."""
    before = window.view._token  # type: ignore[attr-defined]
    found = run_js(qtbot, window.view,  # type: ignore[attr-defined]
                   f"(function(){{const e=document.querySelector({selector!r});"
                   f"if(!e) return false; e.click(); return true;}})()")
    assert found, f"nothing matches {selector}"
    qtbot.waitUntil(lambda: window.view._token > before, timeout=5000)  # type: ignore[attr-defined]
    wait_painted(qtbot, window)


def step(qtbot: QtBot, window: object, move: str, title: str) -> None:
    """Go back or forward, wait for the paint, and check the page's title."""
    getattr(window, f"go_{move}")()
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == title  # type: ignore[attr-defined]


def test_generated_vault_click_wiki_link_opens_note(make_window: WindowFactory, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    root = tmp_path / "gen"
    generate_vault(root, 40, seed=3)
    window = make_window(root)
    first = page_text(qtbot, window.view, "#page-title")
    assert first
    target_slug = run_js(qtbot, window.view, "document.querySelector('a.wikilink.note').dataset.target")
    expected = window.index.note(window.index.resolve(target_slug)).title
    click(qtbot, window, "a.wikilink.note")
    assert page_text(qtbot, window.view, "#page-title") == expected
    step(qtbot, window, "back", first)


def test_links_history_and_headings(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    assert page_text(qtbot, window.view, "#page-title") == "Alpha Study"
    assert run_js(qtbot, window.view, "document.querySelectorAll('a.ts').length") == 3
    # notes and topics look different
    assert run_js(qtbot, window.view, "document.querySelector('a[data-target=beta_notes]').className") \
        == "wikilink note"
    assert "topic" in run_js(qtbot, window.view, "document.querySelector('a[data-target=shared_topic]').className")

    click(qtbot, window, "a[data-target=beta_notes]")
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"
    assert window.tree.currentIndex().data() == "Beta Notes"  # the open note is selected

    step(qtbot, window, "back", "Alpha Study")
    step(qtbot, window, "forward", "Beta Notes")
    step(qtbot, window, "back", "Alpha Study")

    # [[beta_notes#Second part|...]] opens the note scrolled to that heading
    click(qtbot, window, "a[href*='#second_part']")
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, "window.scrollY") > 300, timeout=5000)
    top = run_js(qtbot, window.view, "document.getElementById('second_part').getBoundingClientRect().top")
    assert 0 <= top < run_js(qtbot, window.view, "window.innerHeight") - 40  # in view


def test_keyboard_history(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    click(qtbot, window, "a[data-target=beta_notes]")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Alpha Study"
    # the mouse's forward button over the page itself
    page_widget = window.view.focusProxy()
    assert page_widget is not None
    qtbot.mouseClick(page_widget, Qt.MouseButton.ForwardButton)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"


def test_topic_page_lists_every_mention(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    click(qtbot, window, "a[data-target=shared_topic]")
    assert page_text(qtbot, window.view, "#page-title") == "shared topic"
    assert run_js(qtbot, window.view, "document.querySelectorAll('.mention').length") == 4
    groups = run_js(qtbot, window.view,
                    "Array.from(document.querySelectorAll('.group h2')).map(e => e.textContent)")
    assert groups == ["Chan Two", "chan_one"]
    sentences = run_js(qtbot, window.view,
                       "Array.from(document.querySelectorAll('.mention .sentence')).map(e => e.textContent)")
    assert any(s.startswith("And twice") and "0:30" in s for s in sentences)
    assert any("Gamma mentions it once" in s and "1:00" in s for s in sentences)
    # a mention links back to its note, and Back returns to the topic page
    click(qtbot, window, ".mention .where a[data-path='gamma.txt']")
    assert page_text(qtbot, window.view, "#page-title") == "Gamma"
    step(qtbot, window, "back", "shared topic")
    step(qtbot, window, "back", "Alpha Study")


def test_tree_groups_and_filter(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    model = window.model
    groups = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert groups == ["Channels", "Topics", "Folders", "Tags"]
    topics = model.group_index("topics")
    labels = [model.index(r, 0, topics).data() for r in range(model.rowCount(topics))]
    assert labels == ["shared topic  (4)"]
    qtbot.keyClicks(window.filter_box, "gam")
    qtbot.waitUntil(lambda: model.filter_text() == "gam", timeout=2000)  # debounced
    channels = model.group_index("channels")
    assert model.rowCount(channels) == 1
    assert model.index(0, 0, channels).data() == "Chan Two"
    assert model.rowCount(model.group_index("topics")) == 0
    window.filter_box.clear()
    qtbot.waitUntil(lambda: model.filter_text() == "", timeout=2000)
    assert model.rowCount(model.group_index("channels")) == 3  # and "No channel" (hostile.md)
    # keyboard: select a note row and press Enter
    folders = model.group_index("folders")
    window.tree.expand(folders)
    names = [model.index(r, 0, folders).data() for r in range(model.rowCount(folders))]
    assert names == ["sub", "alpha.md", "gamma.txt", "hostile.md"]
    window.tree.setFocus()
    window.tree.setCurrentIndex(model.index(2, 0, folders))
    qtbot.keyClick(window.tree, Qt.Key.Key_Return)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Gamma"


def test_hostile_html_does_not_run(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Hostile")
    assert page_text(qtbot, window.view, "#page-title") == "Hostile"
    qtbot.wait(300)
    assert run_js(qtbot, window.view, "document.title") == "Hostile"
    assert run_js(qtbot, window.view, "document.querySelectorAll('#page-content script, #page-content iframe, "
                                      "#page-content img, #page-content svg, #page-content style').length") == 0
    assert run_js(qtbot, window.view, "Array.from(document.querySelectorAll('#page-content *'))"
                                      ".filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length") == 0
    assert run_js(qtbot, window.view, "document.querySelectorAll('a[href^=javascript], a[href^=file]').length") == 0
    click_js = "(document.querySelector('a.ts').click(), document.title)"
    assert run_js(qtbot, window.view, click_js) == "Hostile"
    # an app link naming a path outside the vault opens nothing from outside it
    (vault.parent / "secret.md").write_text("---\ntitle: Secret\n---\nprivate")
    window.open_target("../secret.md")
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-kind") == "Topic"
    assert "private" not in page_text(qtbot, window.view, "#page-content")


def test_external_links_go_to_the_browser(make_window: WindowFactory, qtbot: QtBot, vault: Path,
                                          url_catcher: UrlCatcher) -> None:  # noqa: F811
    window = make_window(vault, note="Alpha Study")
    from tests.ui.test_page_security import real_click  # a script's click opens nothing

    real_click(qtbot, window.view, 'a[href="https://example.com/page"]')
    qtbot.waitUntil(lambda: url_catcher.urls == ["https://example.com/page"], timeout=5000)
    assert page_text(qtbot, window.view, "#page-title") == "Alpha Study"  # nothing navigated


def test_settings_remember_vault_and_last_note(make_window: WindowFactory, qtbot: QtBot,
                                               vault: Path, qsettings: object) -> None:
    window = make_window(vault, note="Gamma")
    window.close()
    assert qsettings.value("vault/path") == str(vault.resolve())  # type: ignore[attr-defined]
    again = make_window(vault)
    assert page_text(qtbot, again.view, "#page-title") == "Gamma"


def test_side_panels_and_their_settings(make_window: WindowFactory, qtbot: QtBot,
                                        vault: Path, qsettings: object) -> None:
    window = make_window(vault, note="Beta Notes")
    qtbot.waitUntil(lambda: window.backlinks.count() == 2, timeout=5000)
    texts = [window.backlinks.item(i).text() for i in range(window.backlinks.count())]
    assert texts[0].startswith("Alpha Study") and "Start with the beta notes" in texts[0]
    assert [window.outline.item(i).text() for i in range(window.outline.count())] == [
        "First", "Second part"]
    window.outline_dock.raise_()  # switching tabs is not closing the other panel
    window.backlinks_dock.close()
    assert qsettings.value("view/backlinks") in (False, "false")  # type: ignore[attr-defined]
    assert qsettings.value("view/outline") is None  # type: ignore[attr-defined]  # the default
    window.outline.itemClicked.emit(window.outline.item(1))
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, "window.scrollY") > 300, timeout=5000)


def test_zoom_and_theme(make_window: WindowFactory, qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    window.zoom(+1)
    assert window.view.zoomFactor() > 1.0
    window.zoom(0)
    assert window.view.zoomFactor() == 1.0
    window.apply_theme("dark", store=True)
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, "document.documentElement.className") == "dark")
    assert window.tree.palette().color(window.tree.backgroundRole()).lightness() < 80
    window.apply_theme("light", store=True)
    qtbot.waitUntil(lambda: run_js(qtbot, window.view, "document.documentElement.className") == "")
    assert window.tree.palette().color(window.tree.backgroundRole()).lightness() > 200


def test_note_pane_recovers_when_its_renderer_is_killed(make_window: WindowFactory, qtbot: QtBot,
                                                        vault: Path) -> None:
    import os
    import signal

    window = make_window(vault, note="Gamma")
    pid = window.view.page().renderProcessPid()
    assert pid > 0
    os.kill(pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: window.view.page().renderProcessPid() not in (0, pid), timeout=15000)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Gamma"
    click(qtbot, window, "a.wikilink.topic")  # and it still navigates
    assert page_text(qtbot, window.view, "#page-kind") == "Topic"


def test_problems_panel_lists_problems_and_opens_the_note(make_window: WindowFactory,
                                                         qtbot: QtBot, vault: Path) -> None:
    (vault / "broken.md").write_text("---\ntitle: Broken\nvideoId: not-an-id\n---\nText.\n")
    window = make_window(vault, note="Alpha Study")
    qtbot.waitUntil(lambda: window.problems.count() == 1, timeout=5000)
    item = window.problems.item(0)
    assert item.text() == "broken.md:3  videoId 'not-an-id' is not a YouTube video id"
    window.problems.itemClicked.emit(item)
    wait_painted(qtbot, window)
    assert page_text(qtbot, window.view, "#page-title") == "Broken"
    assert "1 problem" in page_text(qtbot, window.view, "#page-meta")
