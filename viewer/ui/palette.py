"""The command palette (Ctrl+P): every action of `actions.ACTIONS` by name, with its
shortcut, fuzzy-matched with rapidfuzz (a few dozen rows: scored on the UI thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from rapidfuzz import fuzz, process

from viewer.ui.actions import ACTIONS, ActionSpec, shortcut_text, sync_checks
from viewer.ui.picker import Picker
from viewer.ui.tree_filter import fold

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

TYPO_SCORE = 75  # WRatio a name needs to be listed beside names holding the words typed


def palette_specs(specs: tuple[ActionSpec, ...] = ACTIONS) -> list[ActionSpec]:
    """The commands the palette lists, in menu order."""
    return [s for s in specs if s.palette and s.run is not None and s.fill is None]


class CommandPalette(Picker):
    """Ctrl+P over `window`: Enter runs the command (after the palette closes)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Run a command…")
        self.setObjectName("palette")
        self._window = window
        self.query_changed.connect(self._on_query)
        self.picked.connect(self._run)

    def _row(self, spec: ActionSpec) -> tuple[str, str, object]:
        action = self._window.actions_by_id.get(spec.id)
        mark = "\u2713 " if action is not None and action.isCheckable() and action.isChecked() else ""
        return f"{mark}{spec.title}", shortcut_text(spec), spec.id

    def _on_query(self, text: str) -> None:
        sync_checks(self._window)
        specs = palette_specs()
        query = " ".join(fold(text).split())
        if query:
            titles = {i: fold(s.title) for i, s in enumerate(specs)}
            scored = process.extract(query, titles, scorer=fuzz.WRatio, processor=None,
                                     limit=None, score_cutoff=50)
            # Names that contain the words typed come first, then the fuzzy ones; when some
            # name holds the words, only close typos join them ("dark" listed Open Folder, Back
            # and Forward at WRatio 51).
            words = query.split()
            holds = {i for t, _s, i in scored if all(w in t for w in words)}
            if holds:
                scored = [item for item in scored if item[2] in holds or item[1] >= TYPO_SCORE]
            scored.sort(key=lambda item: (item[2] not in holds, -item[1], item[2]))
            specs = [specs[i] for _t, _s, i in scored]
        self.set_rows([self._row(s) for s in specs],
                      "" if specs else f"No command matches \u201c{text.strip()[:80]}\u201d.")

    def _run(self, action_id: Any, _close: bool) -> None:
        action = self._window.actions_by_id.get(action_id)
        if action is not None:
            QTimer.singleShot(0, action.trigger)  # once the palette is gone (a dialog may open)
