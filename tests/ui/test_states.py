"""Empty and loading states say what is happening and what to do (issue 16): an empty
vault, indexing, a note whose videoId is not a YouTube id, offline chips, a browser that
cannot be started; and no "1 notes" anywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import WindowFactory, page_text, wait_painted
from tests.ui.conftest_video import make_pane, settings, PaneFactory  # noqa: F401 - fixtures
from tests.ui.vaults import make_vault, ts

REPO = Path(__file__).resolve().parents[2]


def test_an_empty_vault_says_so_and_what_to_do(make_window: WindowFactory, qtbot: QtBot,
                                                tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    window = make_window(root)
    qtbot.waitUntil(lambda: page_text(qtbot, window.view, "#page-kind") == "Empty folder",
                    timeout=5000)
    body = page_text(qtbot, window.view, "#page-content")
    assert "This folder has no notes yet" in body and "Open Folder" in body
    assert "Open a note from the tree" not in body
    assert window.backlinks.item(0).text() == "No notes in this folder yet."
    assert "No note is open" in window.video.message_card.visible_text()


def test_indexing_shows_a_page_not_a_blank(qtbot: QtBot, qsettings: Any, tmp_path: Path) -> None:
    from viewer.ui.window import MainWindow

    root = make_vault(tmp_path / "vault")
    window = MainWindow(qsettings, online=lambda: False)
    qtbot.addWidget(window)
    shown: list[dict[str, Any]] = []
    send = window.view.show_payload
    window.view.show_payload = lambda payload: (shown.append(payload), send(payload))[1]  # type: ignore[method-assign]
    window.show()
    with qtbot.waitSignal(window.index_loaded, timeout=20000):
        window.open_vault(root)
    assert shown and shown[0]["kind"] == "Indexing"
    assert "Reading the notes of this folder" in shown[0]["html"]
    qtbot.waitUntil(lambda: window._note is not None, timeout=10000)  # then the first note
    wait_painted(qtbot, window)
    window.close()


def test_an_invalid_video_id_says_why(make_window: WindowFactory, qtbot: QtBot,
                                      tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: Bad id\nvideoId: not-a-real-id\n---\nText.\n",
                               encoding="utf-8")
    window = make_window(root, note="Bad id")
    text = window.video.message_card.visible_text()
    assert "This note has no video" in text
    assert "'not-a-real-id' is not a YouTube video id" in text and "fix the note's videoId" in text


def test_offline_chip_sets_the_clock(make_window: WindowFactory, qtbot: QtBot,
                                     tmp_path: Path) -> None:
    window = make_window(make_vault(tmp_path / "vault"), note="Alpha Study")
    assert window.video.source_kind() == "offline"
    window.seek("AAAAAAAAAAA", 72)
    assert window.video.controls.time_label.text().startswith("1:12")
    assert "Clicked time: 1:12" in window.video.offline_card.visible_text()
    assert window.video.header.title.text() == "Alpha Study"


def test_open_in_browser_without_a_browser_copies_the_link(qtbot: QtBot, make_pane: PaneFactory,  # noqa: F811
                                                           monkeypatch: Any) -> None:
    import viewer.ui.external as external

    monkeypatch.setattr(external, "open_url", lambda url_str: False)
    pane = make_pane(online=lambda: False)
    pane.seek("AAAAAAAAAAA", 131)
    with qtbot.waitSignal(pane.status_message) as said:
        pane.offline_card.button().click()
    assert "No web browser could be started" in said.args[0]
    assert QGuiApplication.clipboard().text() == "https://youtu.be/AAAAAAAAAAA?t=131"
    assert "link is copied" in pane.header.notice.text()
    QDesktopServices.unsetUrlHandler("https")


def test_no_singular_count_with_a_plural_word() -> None:
    """No "1 notes" / "(1 mentions)": every count next to a plural noun goes through a
    plural helper (a look at every user-visible string in viewer/ and resources/)."""
    # a count in braces (not a CONSTANT, always > 1) right before a plural noun
    bad = re.compile(r"\{(?![A-Z_]+[:}])[^{}]*\}\s+(notes|mentions|backlinks|videos|timestamps|problems)\b")
    found = []
    for path in [*REPO.glob("viewer/**/*.py"), *REPO.glob("resources/**/*.js"),
                 *REPO.glob("resources/**/*.html")]:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bad.search(line) and "'s' if" not in line and '"s" if' not in line and "plural" not in line:
                found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_tree_and_topic_counts_read_right(make_window: WindowFactory, qtbot: QtBot,
                                          tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text(f"---\ntitle: A\n---\nFrom: [[solo]] <br/>\nOnce [[lonely]] {ts('1')}.\n",
                               encoding="utf-8")
    window = make_window(root, note="A")
    model = window.model
    topics = model.group_index("topics")
    window.tree.expand(topics)
    labels = [model.index(r, 0, topics).data() for r in range(model.rowCount(topics))]
    tips = [model.index(r, 0, topics).data(3) for r in range(model.rowCount(topics))]
    assert labels == ["lonely  (1)"]
    assert "1 mention," in tips[0] and "1 mentions" not in tips[0]
    channels = model.group_index("channels")
    assert "1 note" in model.index(0, 0, channels).data(3) and "1 notes" not in model.index(0, 0, channels).data(3)
