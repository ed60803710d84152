"""The window indexes a vault whatever state its cache is in (issue 12, "The cache")."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.ui.conftest import WindowFactory
from tests.ui.vaults import make_vault
from viewer.core import cache as cache_module
from viewer.core.cache import Cache
from viewer.core.vault import load_index


@pytest.fixture(autouse=True)
def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "_rebuilt", set())


def _warm(vault: Path) -> Path:
    cache = Cache(vault)
    load_index(vault, cache)
    cache.close()
    return cache.file


def test_a_cache_of_another_shape_is_rebuilt_not_an_empty_tree(
        tmp_path: Path, make_window: WindowFactory) -> None:
    vault = make_vault(tmp_path / "vault")
    expected = len(load_index(vault)[0])
    file = _warm(vault)
    db = sqlite3.connect(file)
    db.executescript("DROP TABLE notes; CREATE TABLE notes (path TEXT PRIMARY KEY, size INTEGER,"
                     " data BLOB); INSERT INTO notes VALUES ('alpha.md', 1, x'00');")
    db.close()
    window = make_window(vault)
    assert len(window.index) == expected and window.model.rowCount() > 0
    assert "Indexing stopped" not in window.statusBar().currentMessage()
    assert Cache(vault).load().keys() == set(window.index.paths())  # rebuilt and filled


def test_a_file_name_that_is_not_utf8_keeps_indexing(
        tmp_path: Path, make_window: WindowFactory) -> None:
    vault = make_vault(tmp_path / "vault")
    with open(os.path.join(os.fsencode(vault), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"---\ntitle: Cafe\n---\nA note whose name is latin-1.\n")
    window = make_window(vault)
    assert window.index.find("Cafe") == os.fsdecode(b"caf\xe9.md")
    assert "Indexing stopped" not in window.statusBar().currentMessage()
    assert os.fsdecode(b"caf\xe9.md") in Cache(vault).load()  # cached for the next launch
