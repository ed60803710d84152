"""The quick switcher (Ctrl+O): fuzzy over note titles, aliases, topics, channels and video
ids, each row saying its kind; recent notes first when the box is empty.

Ranking runs on a worker thread over `switcher_data.Choices`, built once per index
generation from a snapshot: a keystroke costs the UI thread only the rows it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal

from viewer.ui.background import LatestJobWorker
from viewer.ui.picker import Picker
from viewer.ui.switcher_data import Choice, Choices, Ranked

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

SHOWN = 50  # rows shown for a query
RECENT = 20  # notes remembered for the empty box


def side_text(choice: Choice) -> str:
    """The row's right-hand column: its kind, and for an alias or video what it leads to."""
    if choice.kind == "alias":
        return f"alias of {choice.detail}"
    if choice.kind == "video":
        return f"video · {choice.detail}" if choice.detail else "video"
    if choice.kind == "topic":
        return f"topic · {choice.detail}" if choice.detail else "topic"
    if choice.kind == "note":
        folder = choice.key.rpartition("/")[0]
        return f"note · {folder}/" if folder else "note"
    return choice.kind


class Switcher(Picker):
    """Ctrl+O over `window`. Ctrl+Enter opens the row and keeps the switcher open.

    Signals:
        ranked(): the rows for the current query are shown.
    """

    ranked = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Go to a note, alias, topic, channel or video id…",
                         keep_open_allowed=True)
        self.setObjectName("switcher")
        self._window = window
        self._recent: list[str] = []
        self._choices: Choices | None = None
        self._shared: dict[int, Choices] = {}  # the worker's latest rows, by index generation
        self._last: Ranked | None = None
        self._worker = LatestJobWorker("switcher")
        self._worker.result.connect(self._on_ranked)
        self.query_changed.connect(self._on_query)
        self.picked.connect(self._open)
        window.note_shown.connect(self.note_visited)

    def note_visited(self, key: str) -> None:
        """A note (path) was shown: it goes to the top of the recent list."""
        if key.startswith("topic:") or self._window.index.note(key) is None:
            return
        self._recent = [key] + [p for p in self._recent if p != key][:RECENT - 1]

    def _on_query(self, text: str) -> None:
        if not text.strip():
            self._worker.cancel()
            rows = []
            for path in self._recent:
                record = self._window.index.note(path)
                if record is not None:
                    rows.append((record.title, "recent note", Choice(record.title, "note", path)))
            self.set_rows(rows, "" if rows else "Type to find a note, topic, channel or video id.")
            self.ranked.emit()
            return
        index = self._window.index
        generation = index.generation
        choices = self._choices if self._choices and self._choices.generation == generation \
            else self._shared.get(generation)
        snapshot = None if choices is not None else (
            generation, list(index.records()),
            [(c.slug, c.label) for c in index.channels()], index.topics())
        previous = self._last
        shared = self._shared

        def job(emit: Any, _stale: Any) -> None:
            # A job queued while the rows were being built finds them here: built once.
            built = choices or shared.get(generation) or Choices(*snapshot)  # type: ignore[misc]
            shared.clear()
            shared[generation] = built
            emit((built, built.rank(text, SHOWN, previous)))

        self._worker.submit(job)

    def _on_ranked(self, _generation: int, value: Any) -> None:
        if value is None:
            return
        choices, ranked = value
        if ranked.query != self.box.text():
            return
        self._choices, self._last = choices, ranked
        rows = [(c.text, side_text(c), c) for c in ranked.choices]
        shown = " ".join(ranked.query.split())[:80]
        self.set_rows(rows, "" if rows else f"Nothing matches \u201c{shown}\u201d.")
        self.ranked.emit()

    def _open(self, choice: Any, _close: bool) -> None:
        if not isinstance(choice, Choice):
            return
        window = self._window
        if choice.kind in ("note", "alias"):
            window.open_note(choice.key)
        elif choice.kind == "topic":
            window.open_topic(choice.key)
        else:
            from viewer.ui.listing_view import open_listing

            open_listing(window, choice.kind, choice.key)
