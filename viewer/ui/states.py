"""Empty and loading states of the note pane: each says what is happening and what to do.

While a vault is indexed and nothing is open yet, the page says so (not a blank page); a
vault without notes says where notes go and how to open another folder.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from viewer.core.vault import NOTE_SUFFIXES

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

_shown: WeakKeyDictionary[Any, str] = WeakKeyDictionary()  # window -> the state on its page


def indexing_payload(name: str) -> dict[str, Any]:
    """The page while a vault is indexed and no note is open yet."""
    return {"kind": "Indexing", "title": name, "meta_html": "",
            "html": '<p class="loading">Reading the notes of this folder…</p>'
                    '<p class="summary">Notes appear in the tree on the left as they are read; '
                    "the first one opens here when indexing is done.</p>"}


def empty_vault_payload(name: str, folder: str) -> dict[str, Any]:
    """The page of a vault without any note."""
    kinds = ", ".join(NOTE_SUFFIXES)
    return {"kind": "Empty folder", "title": name, "meta_html": f'<span class="path">{escape(folder)}</span>',
            "html": '<p class="empty">This folder has no notes yet.</p>'
                    f'<p class="summary">Lectern shows the {escape(kinds)} files of this folder and '
                    "its subfolders. Add one and it appears in the tree without a restart, or open "
                    "another folder with File › Open Folder… (Ctrl+O).</p>"}


def wire_states(window: MainWindow) -> None:
    """Show the indexing and empty-vault states in `window` when nothing else is open."""
    window.session.progress.connect(lambda _done, _total: _indexing(window))
    window.index_loaded.connect(lambda: _loaded(window))


def _nothing_open(window: MainWindow) -> bool:
    return (window.history.current() is None and window.pages.pending() is None
            and window.listings.pending() is None)


def _indexing(window: MainWindow) -> None:
    if window.vault is None or not _nothing_open(window):
        return
    key = f"indexing:{window.vault}"
    if _shown.get(window) != key:
        _shown[window] = key
        window.view.show_payload(indexing_payload(window.vault.name))


def _loaded(window: MainWindow) -> None:
    if window.vault is None or len(window.index) or not _nothing_open(window):
        return
    _shown[window] = f"empty:{window.vault}"
    window.view.show_payload(empty_vault_payload(window.vault.name, str(window.vault)))
    window.outline.show_headings([])
    window.backlinks.show_message("No notes in this folder yet.")
