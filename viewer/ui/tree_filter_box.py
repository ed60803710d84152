"""The filter box over the tree: debounced matching off the UI thread, matches expanded
(a bounded number of rows), and the keyboard path from the box into the results."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QTreeView

from viewer.ui.tree_filter import normalize_filter
from viewer.ui.tree_model import KIND_ROLE, TreeModel

EXPAND_ROWS = 300  # rows a filter may reveal by expanding matches (a broad one opens a few)
LOOK_AHEAD = 2000  # rows walked to find the first result for Down/Enter
DEBOUNCE_MS = 80


def expand_matches(tree: QTreeView, model: TreeModel, budget: int = EXPAND_ROWS) -> int:
    """Expand the groups whose rows fit in `budget`, then their channels, videos and folders
    breadth first while the rows they reveal still fit, so a narrow filter shows its notes
    without a click and a broad one leaves big groups shut (the view lays out every row
    shown: its cost follows them). Returns the rows revealed (at most `budget`)."""
    remaining = budget
    queue: list[QModelIndex] = []
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        count = model.rowCount(group) if model.hasChildren(group) else 0
        if count and count <= remaining:
            tree.expand(group)
            remaining -= count
            queue.append(group)
    while queue and remaining > 0:
        parent = queue.pop(0)
        for row in range(model.rowCount(parent)):
            child = model.index(row, 0, parent)
            if not model.hasChildren(child):
                continue
            count = model.rowCount(child)
            if count > remaining:  # stop at the first that does not fit: rows are made in order
                return budget - remaining
            tree.expand(child)
            remaining -= count
            queue.append(child)
    return budget - remaining


def first_result(tree: QTreeView, model: TreeModel) -> QModelIndex:
    """The first note or topic row in display order (invalid if none in LOOK_AHEAD rows)."""
    index = model.index(0, 0)
    for _ in range(LOOK_AHEAD):
        if not index.isValid():
            break
        if index.data(KIND_ROLE) in ("note", "topic"):
            return index
        index = tree.indexBelow(index)
    return QModelIndex()


class TreeFilterBox(QObject):
    """Connects a QLineEdit to the tree's filter.

    Keys in the box: Down moves into the results (the first one current), Enter opens the
    first result, Esc clears the box.
    """

    def __init__(self, box: QLineEdit, tree: QTreeView, model: TreeModel,
                 open_row: Callable[[QModelIndex], None],
                 after: Callable[[], None] = lambda: None) -> None:
        super().__init__(box)
        self._box, self._tree, self._model = box, tree, model
        self._open_row, self._after = open_row, after
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: model.request_filter(box.text()))
        box.textChanged.connect(self._timer.start)
        model.filter_applied.connect(self._on_applied)
        box.installEventFilter(self)
        self._waiting: str | None = None  # a key pressed before its filter was shown

    def _on_applied(self) -> None:
        if self._model.filter_text():
            expand_matches(self._tree, self._model)
        self._after()
        if self._waiting is not None and self._current():
            key, self._waiting = self._waiting, None
            self._go(key)

    def _current(self) -> bool:
        """Whether the rows show what the box says."""
        return not self._timer.isActive() and \
            self._model.filter_text() == normalize_filter(self._box.text())

    def _go(self, key: str) -> None:
        """Into the results: "down" makes the first current, "enter" opens it too."""
        found = first_result(self._tree, self._model)
        if key == "down" or found.isValid():
            self._tree.setFocus()
        if found.isValid():
            self._tree.setCurrentIndex(found)
            if key == "enter":
                self._open_row(found)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self._box or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key() if isinstance(event, QKeyEvent) else None
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            action = "down" if key == Qt.Key.Key_Down else "enter"
            if self._current():
                self._go(action)
            else:  # typed faster than the debounce: go once its match is shown
                self._waiting = action
                self._timer.stop()
                self._model.request_filter(self._box.text())
            return True
        if key == Qt.Key.Key_Escape and self._box.text():
            self._box.clear()
            return True
        return False
