"""The main window's widgets, signal wiring and menus, set up once (Qt's `setupUi` role).

Kept apart from `window.py`, which holds what the window does, so that both stay readable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QDockWidget,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from viewer.ui.actions import build_actions
from viewer.ui.docks import add_docks
from viewer.ui.listing_view import wire_pages
from viewer.ui.layout import ReadingLayout
from viewer.ui.note_view import NoteView
from viewer.ui.panels import BacklinksPanel, OutlinePanel, ProblemsPanel
from viewer.ui.find_bar import FindBar
from viewer.ui.palette import CommandPalette
from viewer.ui.search_panel import SearchPanel
from viewer.ui.switcher import Switcher
from viewer.ui.tree_filter_box import TreeFilterBox
from viewer.ui.tree_model import TreeModel
from viewer.ui.video import VideoPane

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow


def setup_ui(window: MainWindow, online: Any) -> None:
    """Build the tree, note view, video pane, side panels and menus of `window`, and connect
    them to its slots. `online`: passed to the VideoPane (whether YouTube is reachable)."""
    _build_panes(window, online)
    _build_finders(window)
    _build_menus(window)


def _build_panes(window: MainWindow, online: Any) -> None:
    left = QWidget(window)
    layout = QVBoxLayout(left)
    layout.setContentsMargins(4, 4, 0, 4)
    window.filter_box = QLineEdit(left, placeholderText="Filter notes, topics, files…",
                                  clearButtonEnabled=True)
    window.tree = QTreeView(left, headerHidden=True, uniformRowHeights=True)
    window.model = TreeModel(window.index, window)
    window.tree.setModel(window.model)
    layout.addWidget(window.filter_box)
    layout.addWidget(window.tree)
    window.view = NoteView(window._profile, window)
    window.video = VideoPane(window.settings, online, window)
    # tree | (note | video): the layout moves the video under the note when narrow.
    window.splitter = QSplitter(Qt.Orientation.Horizontal, window)
    window.reading = QSplitter(Qt.Orientation.Horizontal, window.splitter)
    window.reading.addWidget(window.view)
    window.reading.addWidget(window.video)
    window.reading.setStretchFactor(0, 1)
    window.splitter.addWidget(left)
    window.splitter.addWidget(window.reading)
    window.splitter.setStretchFactor(1, 1)
    window.setCentralWidget(window.splitter)
    window.layout_plan = ReadingLayout(window, window.splitter, left, window.reading,
                                       window.view, window.video)
    window.backlinks = BacklinksPanel(window)
    window.outline = OutlinePanel(window)
    window.problems = ProblemsPanel(window)
    window.backlinks_dock, window.outline_dock, window.problems_dock = add_docks(
        window, window.settings, [("Backlinks", window.backlinks, "view/backlinks"),
                                  ("Outline", window.outline, "view/outline"),
                                  ("Problems", window.problems, "view/problems")])
    window.progress = QProgressBar(window, textVisible=True)
    window.progress.setMaximumWidth(220)
    window.progress.hide()
    window.statusBar().addPermanentWidget(window.progress)
    # Typing is debounced and matched off the UI thread; matches are expanded when they come.
    window.filter_keys = TreeFilterBox(window.filter_box, window.tree, window.model,
                                       window._on_tree_activated, window._select_current)
    window.tree.activated.connect(window._on_tree_activated)
    window.tree.clicked.connect(window._on_tree_activated)
    window.view.open_requested.connect(window.open_target)
    window.view.history_requested.connect(lambda step: window.go_back() if step < 0 else window.go_forward())
    window.view.seek_requested.connect(window.seek)
    window.view.painted.connect(window._run_after_paint)
    window.view.bridge.more_requested.connect(window.pages.show_more)
    window.backlinks.open_requested.connect(lambda p, a: window.open_note(p, anchor=a))
    window.outline.scroll_requested.connect(window.view.scroll_to)
    window.problems.open_requested.connect(window.open_problem)  # scrolled to its line
    wire_pages(window)  # video, channel and tag pages
    window.video.position_changed.connect(lambda v, ms: window.follow.position(window._note, v, ms))
    window.video.marker_activated.connect(window._on_marker)
    window.video.duration_changed.connect(window._on_duration)
    window.video.status_message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    window.video.follow_changed.connect(lambda on: window.follow.toggled(
        on, window._note, window.video.current_video(), window.video.position_ms()))


def _build_finders(window: MainWindow) -> None:
    """Search panel (a dock on the left, hidden until Ctrl+Shift+F), quick switcher, command
    palette and find bar (issue 14)."""
    window.search_panel = SearchPanel(window)
    window.search_dock = QDockWidget("Search", window)
    window.search_dock.setObjectName("search")
    window.search_dock.setWidget(window.search_panel)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.search_dock)
    window.search_dock.hide()
    window.switcher = Switcher(window)
    window.command_palette = CommandPalette(window)
    window.find_bar = FindBar(window.view)


def _build_menus(window: MainWindow) -> None:
    window.actions_by_id = build_actions(window)
    window.recent_menu = window.menuBar().findChild(QMenu, "file.recent")  # filled as it opens
    window.back_action = window.actions_by_id["go.back"]
    window.forward_action = window.actions_by_id["go.forward"]
    toolbar = window.addToolBar("Navigation")
    toolbar.setObjectName("navigation")
    toolbar.addAction(window.back_action)
    toolbar.addAction(window.forward_action)
    themes = QActionGroup(window)  # View > Theme: one choice, shown as such
    for name in ("system", "light", "dark"):
        themes.addAction(window.actions_by_id[f"view.theme_{name}"])
    tree_action = window.actions_by_id["view.tree"]
    tree_action.setChecked(window.layout_plan.tree_shown())
    window.layout_plan.tree_changed.connect(tree_action.setChecked)
    toolbar.addAction(tree_action)
    window.theme_action = QAction("Dark", window, checkable=True)
    window.theme_action.toggled.connect(lambda on: window.apply_theme("dark" if on else "light", store=True))
    toolbar.addAction(window.theme_action)
    window._update_history_actions()
