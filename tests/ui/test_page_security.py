"""The note page's edges (issue 12): the scheme answers every request, only real user
clicks open anything, and the page's bridge cannot be torn down from the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QUrl
from PySide6.QtWebEngineCore import QWebEngineHttpRequest, QWebEnginePage, QWebEngineProfile
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from viewer.ui.note_view import note_profile
from viewer.ui.scheme import resource_name


@pytest.fixture
def profile() -> Iterator[QWebEngineProfile]:
    owner = QObject()
    yield note_profile(owner)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


BAD_URLS = [
    "lectern://app/page/note.css%00x",
    "lectern://app/page/../../pyproject.toml",
    "lectern://app/page/%2e%2e/%2e%2e/pyproject.toml",
    "lectern://app/page/%2E%2E%2F%2E%2E%2Fpyproject.toml",
    "lectern://app/" + "a/" * 30_000 + "x.css",
    "lectern://app/page/note%20.css",
    "lectern://app/page/",
    "lectern://app/",
    "lectern://app/page/no_such.css",
    "lectern://evil/page/note.css",
    "lectern://open/page/note.css",
]


@pytest.mark.parametrize("url_str", BAD_URLS)
def test_bad_resource_urls_fail_cleanly(qtbot: QtBot, profile: QWebEngineProfile,
                                        url_str: str) -> None:
    page = QWebEnginePage(profile)
    with qtbot.waitSignal(page.loadFinished, timeout=10_000) as finished:
        page.load(QUrl(url_str))
    assert finished.args == [False]
    page.deleteLater()


def test_non_get_is_refused(qtbot: QtBot, profile: QWebEngineProfile) -> None:
    page = QWebEnginePage(profile)
    request = QWebEngineHttpRequest(QUrl("lectern://app/page/note.css"),
                                    QWebEngineHttpRequest.Method.Post)
    with qtbot.waitSignal(page.loadFinished, timeout=10_000) as finished:
        page.load(request)
    assert finished.args == [False]
    page.deleteLater()


def test_good_resource_url_loads(qtbot: QtBot, profile: QWebEngineProfile) -> None:
    page = QWebEnginePage(profile)
    with qtbot.waitSignal(page.loadFinished, timeout=10_000) as finished:
        page.load(QUrl("lectern://app/page/note.css"))
    assert finished.args == [True]
    page.deleteLater()


def test_resource_name_rules() -> None:
    assert resource_name(QUrl("lectern://app/page/note.css?x=1#y")) == "page/note.css"
    for url_str in BAD_URLS[:8]:
        assert resource_name(QUrl(url_str)) is None, url_str
