"""Pages that explain themselves (issue 16): video pages, channel pages, topic pages with
their Outline and Backlinks, quoted sentences without holes, the note header's tags and
aliases, the video pane's header on each kind of page. Real window, real page DOM."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, run_js, wait_painted
from tests.ui.vaults import make_vault, ts


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = make_vault(tmp_path / "vault")
    (root / "loose.md").write_text(
        "---\ntitle: Loose Note\ntags: [physics, reading]\naliases: [Stray]\n---\n\n"
        f"It talks about the [[shared_topic|shared topic]] at {ts('00:00:12')} and again at "
        f"{ts('00:00:40')}. Links to [[Loose Note|itself]].\n\n"
        "| term | meaning |\n|---|---|\n| См. [[shared_topic]] | a table cell |\n",
        encoding="utf-8")
    # alpha.md (older) and sub/beta.md (newer) share video AAAAAAAAAAA on channel chan_one
    now = time.time()
    os.utime(root / "alpha.md", (now - 3600, now - 3600))
    os.utime(root / "sub/beta.md", (now, now))
    return root


def texts(qtbot: QtBot, window: object, selector: str) -> list[str]:
    return run_js(qtbot, window.view,  # type: ignore[attr-defined]
                  f"Array.from(document.querySelectorAll({selector!r})).map(e => e.textContent)")


def click(qtbot: QtBot, window: object, selector: str) -> None:
    before = window.view._token  # type: ignore[attr-defined]
    found = run_js(qtbot, window.view,  # type: ignore[attr-defined]
                   f"(function(){{const e=document.querySelector({selector!r});"
                   f"if(!e) return false; e.click(); return true;}})()")
    assert found, f"nothing matches {selector}"
    qtbot.waitUntil(lambda: window.view._token > before, timeout=5000)  # type: ignore[attr-defined]
    wait_painted(qtbot, window)


def wait_title(qtbot: QtBot, window: object, title: str) -> None:
    seen: list[str] = []

    def shown() -> bool:
        seen.append(page_text(qtbot, window.view, "#page-title"))  # type: ignore[attr-defined]
        return seen[-1].lower() == title.lower()

    try:
        qtbot.waitUntil(shown, timeout=10000)
    except Exception as exc:
        raise AssertionError(f"page title {seen[-1:]}, not {title!r}") from exc
    wait_painted(qtbot, window)


def rows(model: object, parent: object) -> list[tuple[str, str]]:
    from viewer.ui.tree_model import KIND_ROLE
    return [(model.index(r, 0, parent).data(KIND_ROLE), model.index(r, 0, parent).data())  # type: ignore[attr-defined]
            for r in range(model.rowCount(parent))]  # type: ignore[attr-defined]


def test_video_row_opens_a_video_page_of_every_note(make_window: WindowFactory, qtbot: QtBot,
                                                    vault: Path) -> None:
    window = make_window(vault, note="Gamma")
    model = window.model
    channels = model.group_index("channels")
    window.tree.expand(channels)
    chan_one = next(model.index(r, 0, channels) for r in range(model.rowCount(channels))
                    if model.index(r, 0, channels).data() == "chan_one")
    videos = rows(model, chan_one)
    assert videos == [("video", "Video AAAAAAAAAAA · 2 notes")]  # labelled by the video
    chan_two = next(model.index(r, 0, channels) for r in range(model.rowCount(channels))
                    if model.index(r, 0, channels).data() == "Chan Two")
    assert rows(model, chan_two) == [("note", "Gamma")]  # one note: no video level
    window.tree.activated.emit(model.index(0, 0, chan_one))
    wait_title(qtbot, window, "Video AAAAAAAAAAA")
    assert texts(qtbot, window, ".video-notes li") == ["Alpha Study", "Beta Notes"]
    chips = texts(qtbot, window, ".passage a.ts")
    assert chips == ["0:03", "0:05", "0:08", "0:12", "0:15"]  # both notes, in time order
    wheres = texts(qtbot, window, ".passage .where a")
    assert wheres[:3] == ["Alpha Study", "Alpha Study", "Beta Notes"]
    # the timeline holds every note's timestamps; the header names the video
    assert len(window.video.timeline._own) == 5  # type: ignore[attr-defined]
    assert window.video.header.title.text() == "Video AAAAAAAAAAA"
    outline = [window.outline.item(i).text() for i in range(window.outline.count())]
    assert outline == ["Notes on this video (2)", "Passages in time order (5)"]
    assert window.backlinks.item(0).text().startswith("A video page")


def test_channel_page_lists_videos_and_notes_newest_first(make_window: WindowFactory,
                                                          qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    click(qtbot, window, "#page-meta a.channel")
    wait_title(qtbot, window, "chan_one")
    assert page_text(qtbot, window.view, "#page-kind") == "Channel"
    assert texts(qtbot, window, ".listed-note .sentence") == ["Beta Notes", "Alpha Study"]
    assert texts(qtbot, window, ".group h3 a") == ["Video AAAAAAAAAAA"]
    body = page_text(qtbot, window.view, "#page-content")
    assert "From:" not in body and "No note has this title" not in body
    assert "2 notes on 1 video, newest first" in body
    click(qtbot, window, ".listed-note .sentence a")
    assert page_text(qtbot, window.view, "#page-title") == "Beta Notes"
    window.go_back()
    wait_title(qtbot, window, "chan_one")


def test_no_channel_group_and_tags_in_tree_and_header(make_window: WindowFactory, qtbot: QtBot,
                                                      vault: Path) -> None:
    window = make_window(vault, note="Loose Note")
    meta = page_text(qtbot, window.view, "#page-meta")
    assert "#physics" in meta and "#reading" in meta and "“Stray”" in meta
    assert "backlink" not in meta  # its link to itself is not a backlink
    assert window.backlinks.item(0).text().startswith("No other note links here")
    model = window.model
    channels = model.group_index("channels")
    labels = [label for _, label in rows(model, channels)]
    assert labels[-1] == "No channel"
    tags = model.group_index("tags")
    assert rows(model, tags) == [("tag", "#physics · 1"), ("tag", "#reading · 1")]
    click(qtbot, window, "#page-meta a.tag")
    wait_title(qtbot, window, "#physics")
    assert texts(qtbot, window, ".listed-note .sentence") == ["Loose Note"]


def test_topic_page_quotes_whole_sentences_and_fills_the_panels(make_window: WindowFactory,
                                                                qtbot: QtBot, vault: Path) -> None:
    window = make_window(vault, note="Loose Note")
    window.open_topic("shared_topic")
    wait_title(qtbot, window, "Shared topic")
    sentences = texts(qtbot, window, ".mention .sentence")
    assert any("It talks about the shared topic at 0:12 and again at 0:40." in s for s in sentences), sentences
    assert any(s.startswith("См. shared topic · a table cell") for s in sentences), sentences
    assert not any("|" in s for s in sentences)
    outline = [window.outline.item(i).text().strip() for i in range(window.outline.count())]
    assert "chan_one" in outline and "No channel" in outline
    assert window.backlinks.count() == 1
    assert window.backlinks.item(0).text().startswith("A topic page")
    # the video pane no longer shows the previous note's video: it says what to do
    assert "A topic page has no video of its own" in window.video.message_card.visible_text()
    # a chip plays the mention's video, headed by its note, not left blank
    click_chip = "document.querySelector(\".mention a.ts[href*='AAAAAAAAAAA']\").click()"
    run_js(qtbot, window.view, f"({click_chip}, true)")
    qtbot.waitUntil(lambda: window.video.current_video() == "AAAAAAAAAAA", timeout=5000)
    assert window.video.header.title.text() == "Alpha Study"


def test_marker_of_another_note_retitles_the_video(make_window: WindowFactory, qtbot: QtBot,
                                                   vault: Path) -> None:
    window = make_window(vault, note="Alpha Study")
    assert window.video.header.title.text() == "Alpha Study"
    window._on_marker("sub/beta.md", 15)  # what clicking another note's marker does
    wait_title(qtbot, window, "Beta Notes")
    assert window.video.header.title.text() == "Beta Notes"


def test_headings_with_timestamps_show_no_raw_times(make_window: WindowFactory, qtbot: QtBot,
                                                    tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text(
        f"---\ntitle: A\nvideoId: AAAAAAAAAAA\n---\n## Intro [00:00:00]\nText [[t]] here "
        f"{ts('00:00:05')}.\n", encoding="utf-8")
    window = make_window(root, note="A")
    assert [window.outline.item(i).text() for i in range(window.outline.count())] == ["Intro"]
    window.open_topic("t")
    wait_title(qtbot, window, "T")
    assert texts(qtbot, window, ".mention .where") == ["A › Intro"]


def test_channel_page_shows_200_then_more(make_window: WindowFactory, qtbot: QtBot,
                                          tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    for i in range(230):
        (root / f"n{i:03}.md").write_text(f"---\ntitle: Note {i:03}\n---\nFrom: [[big_channel]] <br/>\n"
                                          f"Text {ts('00:00:01')}.\n", encoding="utf-8")
    window = make_window(root, note="n000.md")
    window.open_target("channel:big_channel")
    wait_title(qtbot, window, "big_channel")
    assert len(texts(qtbot, window, ".listed-note")) == 200
    assert page_text(qtbot, window.view, "p.more .summary") == "200 of 230 notes shown"
    click(qtbot, window, "button.more")
    qtbot.waitUntil(lambda: len(texts(qtbot, window, ".listed-note")) == 230, timeout=10000)
    assert texts(qtbot, window, "button.more") == []


def test_the_tree_highlights_the_page_shown(make_window: WindowFactory, qtbot: QtBot,
                                            vault: Path) -> None:
    from viewer.ui.tree_model import KEY_ROLE, KIND_ROLE

    window = make_window(vault, note="Alpha Study")
    window.open_target("video:AAAAAAAAAAA")
    wait_title(qtbot, window, "Video AAAAAAAAAAA")
    current = window.tree.currentIndex()
    assert (current.data(KIND_ROLE), current.data(KEY_ROLE)) == ("video", "AAAAAAAAAAA")
    window.open_target("channel:chan_one")
    wait_title(qtbot, window, "chan_one")
    current = window.tree.currentIndex()
    assert (current.data(KIND_ROLE), current.data(KEY_ROLE)) == ("channel", "chan_one")
