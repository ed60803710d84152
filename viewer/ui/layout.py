"""How the tree, the note and the video share the window, at any width.

The note column is what people read: it keeps a readable measure (NOTE_MIN_EM) while the
window allows. Narrower, the tree folds away first (a toggle brings it back), then the
video moves under the note. Nothing here sets a minimum width on a widget: a minimum would
make the window itself refuse to be narrower (issue 16: a long title once did that).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

NOTE_MIN_EM = 40
PAGE_EM_PX = 16  # the note page's font size (resources/page/note.css, body)
NOTE_MIN_PX = NOTE_MIN_EM * PAGE_EM_PX
VIDEO_MIN_PX = 300  # narrower than this beside the note, the video goes under it
VIDEO_UNDER_MIN_PX = 180  # the least height of the video under the note
TREE_DEFAULT_PX = 240
VIDEO_DEFAULT_PX = 480


@dataclass(frozen=True)
class Plan:
    """Where things go at one width: the tree shown, the video beside the note (else under)."""

    tree: bool
    side_by_side: bool


def plan(width: int, tree_px: int, tree_choice: bool | None, handle_px: int = 6,
         note_px: int = NOTE_MIN_PX) -> Plan:
    """The arrangement for a central area `width` px wide (device-independent pixels).

    `tree_choice`: None to decide by width, else the user's own (the toggle). `note_px`: the
    note column's least width (NOTE_MIN_PX times the page's zoom factor).
    """
    auto = width >= tree_px + note_px + VIDEO_MIN_PX + 2 * handle_px
    tree = auto if tree_choice is None else tree_choice
    rest = width - (tree_px + handle_px if tree else 0)
    return Plan(tree, rest >= note_px + VIDEO_MIN_PX + handle_px)


class ReadingLayout(QObject):
    """Arranges `left` (the tree) | `reading` (note | video, or note over video) in `outer`
    on every resize; remembers the widths the user drags to. `toggle_tree` (View > Show
    Tree, F9) shows or hides the tree.

    Signals:
        tree_changed(bool): the tree was shown (True) or folded away.
    """

    tree_changed = Signal(bool)

    def __init__(self, window: QMainWindow, outer: QSplitter, left: QWidget, reading: QSplitter,
                 note: QWidget, video: QWidget) -> None:
        super().__init__(window)
        self.outer, self.left, self.reading, self.note, self.video = outer, left, reading, note, video
        self.tree_px = TREE_DEFAULT_PX
        self.video_px = VIDEO_DEFAULT_PX
        self.video_under_px = 0  # 0: a share of the height
        self._tree_choice: bool | None = None
        self.note_px = NOTE_MIN_PX  # 40 em of the page's text at its zoom
        self._applying = False
        self.current: Plan | None = None
        for splitter in (outer, reading):
            splitter.setChildrenCollapsible(False)
            splitter.splitterMoved.connect(self._on_moved)
        outer.installEventFilter(self)

    # -- settings -----------------------------------------------------------------------
    def restore(self, settings: QSettings) -> None:
        """The widths saved by `save` (absent or odd values keep the defaults)."""
        for key, attr, low in (("window/tree_px", "tree_px", 120), ("window/video_px", "video_px",
                               VIDEO_MIN_PX), ("window/video_under_px", "video_under_px", 0)):
            try:
                value = int(settings.value(key, getattr(self, attr)))  # type: ignore[call-overload]
            except (TypeError, ValueError):
                continue
            setattr(self, attr, max(low, min(value, 4000)))
        choice = settings.value("window/tree")
        self._tree_choice = False if choice in ("false", False) else None
        self.apply()

    def save(self, settings: QSettings) -> None:
        """Remember the widths and a tree the user hid."""
        settings.setValue("window/tree_px", self.tree_px)
        settings.setValue("window/video_px", self.video_px)
        settings.setValue("window/video_under_px", self.video_under_px)
        if self._tree_choice is False:
            settings.setValue("window/tree", False)
        else:
            settings.remove("window/tree")

    # -- arranging ----------------------------------------------------------------------
    def set_zoom(self, factor: float) -> None:
        """The note page's zoom factor: its em, and so the column's measure, grows with it."""
        note_px = round(NOTE_MIN_PX * max(0.5, factor))
        if note_px != self.note_px:
            self.note_px = note_px
            self.apply()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.outer and event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        """Arrange the panes for the current width (called on every resize)."""
        width, handle = self.outer.width(), self.outer.handleWidth()
        if self._tree_choice is True and plan(width, self.tree_px, None, handle, self.note_px).tree:
            self._tree_choice = None  # wide enough again: back to deciding by width
        new = plan(width, self.tree_px, self._tree_choice, handle, self.note_px)
        self._applying = True
        try:
            self.left.setVisible(new.tree)
            rest = width - (self.tree_px + handle if new.tree else 0)
            if new.tree:
                self.outer.setSizes([self.tree_px, max(0, rest)])
            else:
                self.outer.setSizes([0, width])
            orientation = Qt.Orientation.Horizontal if new.side_by_side else Qt.Orientation.Vertical
            if self.reading.orientation() != orientation:
                self.reading.setOrientation(orientation)
            inner = self.reading.handleWidth()
            if new.side_by_side:
                self.video.setMinimumHeight(0)  # its controls' own minimum again
                video = max(VIDEO_MIN_PX, min(self.video_px, rest - inner - self.note_px))
                self.reading.setSizes([rest - inner - video, video])
            else:
                height = self.outer.height()  # the reading splitter's, before it is resized
                video = self.video_under_px or int(height * 0.35)
                low = min(VIDEO_UNDER_MIN_PX, height // 2)
                video = max(low, min(video, int(height * 0.6)))
                # Under the note the video may be smaller than its controls would like (an
                # offline card asks 335 px, which once left the note 0 px): its picture
                # shrinks first; the note keeps the larger part.
                self.video.setMinimumHeight(low)
                self.reading.setSizes([height - inner - video, video])
        finally:
            self._applying = False
        if self.current is None or self.current.tree != new.tree:
            self.tree_changed.emit(new.tree)
        self.current = new

    def tree_shown(self) -> bool:
        """Whether the tree is shown."""
        return self.current is not None and self.current.tree

    def toggle_tree(self) -> None:
        """Show the tree if folded away, else hide it (the user's choice, kept until the
        window is wide enough to show it anyway)."""
        self._tree_choice = not self.tree_shown()
        self.apply()

    def _on_moved(self, _pos: int, _index: int) -> None:
        """The user dragged a handle: remember the sizes (the note keeps its minimum)."""
        if self._applying or self.current is None:
            return
        if self.sender() is self.outer and self.current.tree:
            self.tree_px = max(120, self.outer.sizes()[0])
        elif self.current.side_by_side:
            self.video_px = max(VIDEO_MIN_PX, self.reading.sizes()[1])
        else:
            self.video_under_px = self.reading.sizes()[1]
        self.apply()  # a drag that squeezed the note below its measure is undone

    def note_width(self) -> int:
        """The note column's width in px (what the layout keeps readable)."""
        return self.note.width()


def restore_window(window: QMainWindow, settings: QSettings, layout: ReadingLayout) -> None:
    """The window's size, its docks and the pane widths as `save_window` left them; a window
    saved wider or taller than the screen (a long title once forced that) comes back within
    it. Without saved geometry: 1400 x 860 px."""
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    else:
        window.resize(1400, 860)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    layout.restore(settings)
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    if screen is not None and (window.width() > screen.width() or window.height() > screen.height()):
        window.resize(min(window.width(), screen.width()), min(window.height(), screen.height()))


def save_window(window: QMainWindow, settings: QSettings, layout: ReadingLayout) -> None:
    """Remember the window's geometry, docks and pane widths (on close)."""
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.remove("window/splitter")  # an older layout's (its note pane was 0 px)
    layout.save(settings)
    settings.sync()
