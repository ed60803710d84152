"""The one list of the app's actions: the menu bar, the command palette (Ctrl+P) and the
keyboard shortcuts dialog (F1) are all built from `ACTIONS`.

To add a command, add an `ActionSpec` to `ACTIONS` (in menu order): its `run` receives the
main window. Nothing else needs to know about it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from viewer.ui.recent import fill_recent_menu

if TYPE_CHECKING:
    from viewer.ui.window import MainWindow

# Top-level menus in this order; a menu not named here comes after them, in list order.
MENU_ORDER = ("File", "Go", "View", "Playback", "Help")


@dataclass(frozen=True)
class ActionSpec:
    """One command of the app.

    Attributes:
        id: stable name, "area.verb" (e.g. "view.zoom_in"); tests and code look actions up by it.
        text: the menu text with its `&` mnemonic ("Zoom &In"); the palette drops the `&`.
        menu: the menu path, "View" or "View/Theme"; "" for a palette-only command.
        run: called with the main window when the action is triggered.
        keys: shortcuts in portable text ("Ctrl+Shift+O"); the first is the one menus show.
        pane_keys: the keys are bound by a pane that needs them in its own context (the video
            player's Space, K, J, L): they are shown in menus, the palette and F1, not bound here.
        checked: for a toggle, reads its state from the window (menus and palette show it).
        fill: makes the entry a submenu filled with `fill(window, menu)` each time it opens
            (Open Recent); such an entry is not in the palette.
        separator: a separator line goes before this entry in its menu.
        palette: whether the command palette lists it.
    """

    id: str
    text: str
    menu: str
    run: Callable[[MainWindow], object] | None = None
    keys: tuple[str, ...] = ()
    pane_keys: bool = False
    checked: Callable[[MainWindow], bool] | None = None
    fill: Callable[[MainWindow, QMenu], None] | None = None
    separator: bool = False
    palette: bool = True

    @property
    def label(self) -> str:
        """The text without mnemonics or a trailing ellipsis: "Open Folder"."""
        return self.text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()

    @property
    def title(self) -> str:
        """The palette's name for it: "View: Zoom In" (the last menu level: "Theme: Dark")."""
        where = self.menu.rsplit("/", 1)[-1]
        return f"{where}: {self.label}" if where else self.label


def _show_about(window: MainWindow) -> None:
    from viewer.ui.about import show_about  # the dialog is rarely opened: imported then

    show_about(window)


def _show_shortcuts(window: MainWindow) -> None:
    from viewer.ui.shortcuts import show_shortcuts  # imported when first asked for

    show_shortcuts(window)


def _focus_filter(window: MainWindow) -> None:
    window.filter_box.setFocus()
    window.filter_box.selectAll()


def _fill_recent(window: MainWindow, menu: QMenu) -> None:
    window.recent_menu = menu
    fill_recent_menu(menu, window.settings, window.open_vault)


def _toggle_dock(name: str, window: MainWindow) -> None:
    dock = getattr(window, name)
    dock.toggleViewAction().trigger()


def _dock_shown(name: str, window: MainWindow) -> bool:
    return bool(getattr(window, name).toggleViewAction().isChecked())


def _export_note(window: MainWindow) -> None:
    from viewer.ui.export_pdf import export_current_note  # QtWebEngine's printer: on use

    export_current_note(window)


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("file.open_folder", "&Open Folder…", "File", lambda w: w.choose_vault(),
               ("Ctrl+Shift+O",)),
    ActionSpec("file.recent", "Open &Recent", "File", fill=_fill_recent),
    ActionSpec("file.export_note", "&Export Note…", "File", lambda w: _export_note(w),
               separator=True),
    ActionSpec("file.quit", "&Quit", "File", lambda w: w.close(), ("Ctrl+Q",), separator=True),
    # Go
    ActionSpec("go.back", "&Back", "Go", lambda w: w.go_back(), ("Alt+Left", "Back")),
    ActionSpec("go.forward", "&Forward", "Go", lambda w: w.go_forward(), ("Alt+Right", "Forward")),
    ActionSpec("go.switcher", "&Quick Switcher…", "Go", lambda w: w.switcher.popup(), ("Ctrl+O",),
               separator=True),
    ActionSpec("go.search", "&Search All Notes…", "Go", lambda w: w.search_panel.open(),
               ("Ctrl+Shift+F",)),
    ActionSpec("go.find", "F&ind in Note…", "Go", lambda w: w.find_bar.open(), ("Ctrl+F",)),
    ActionSpec("go.filter", "&Filter the Tree", "Go", lambda w: _focus_filter(w), ("Ctrl+L",)),
    # View
    ActionSpec("view.backlinks", "&Backlinks", "View", partial(_toggle_dock, "backlinks_dock"),
               checked=partial(_dock_shown, "backlinks_dock")),
    ActionSpec("view.outline", "&Outline", "View", partial(_toggle_dock, "outline_dock"),
               checked=partial(_dock_shown, "outline_dock")),
    ActionSpec("view.problems", "&Problems", "View", partial(_toggle_dock, "problems_dock"),
               checked=partial(_dock_shown, "problems_dock")),
    ActionSpec("view.transcript", "T&ranscript", "View",
               lambda w: w.study.dock.toggleViewAction().trigger(),
               checked=lambda w: w.study.dock.toggleViewAction().isChecked()),
    ActionSpec("view.tree", "Show &Tree", "View", lambda w: w.layout_plan.toggle_tree(), ("F9",),
               checked=lambda w: w.layout_plan.tree_shown()),
    ActionSpec("view.zoom_in", "Zoom &In", "View", lambda w: w.zoom(+1), ("Ctrl+=", "Ctrl++"),
               separator=True),
    ActionSpec("view.zoom_out", "Zoom &Out", "View", lambda w: w.zoom(-1), ("Ctrl+-",)),
    ActionSpec("view.zoom_reset", "&Reset Zoom", "View", lambda w: w.zoom(0), ("Ctrl+0",)),
    ActionSpec("view.theme_system", "&System", "View/Theme",
               lambda w: w.apply_theme("system", store=True), checked=lambda w: w.theme == "system"),
    ActionSpec("view.theme_light", "&Light", "View/Theme",
               lambda w: w.apply_theme("light", store=True), checked=lambda w: w.theme == "light"),
    ActionSpec("view.theme_dark", "&Dark", "View/Theme",
               lambda w: w.apply_theme("dark", store=True), checked=lambda w: w.theme == "dark"),
    ActionSpec("view.palette", "&Command Palette…", "View", lambda w: w.command_palette.popup(), ("Ctrl+P",),
               separator=True),
    # Playback: the video pane binds these keys itself (Space only while it has focus).
    ActionSpec("play.toggle", "&Play/Pause", "Playback", lambda w: w.video.toggle_play(),
               ("Space", "K"), pane_keys=True),
    ActionSpec("play.back", "&Back 10 s", "Playback", lambda w: w.video.skip(-10), ("J",),
               pane_keys=True),
    ActionSpec("play.forward", "&Forward 10 s", "Playback", lambda w: w.video.skip(10), ("L",),
               pane_keys=True),
    ActionSpec("play.slower", "&Slower", "Playback", lambda w: w.video.step_rate(-1), ("<",),
               pane_keys=True),
    ActionSpec("play.faster", "F&aster", "Playback", lambda w: w.video.step_rate(1), (">",),
               pane_keys=True),
    ActionSpec("play.copy_link", "&Copy Link at Current Time", "Playback",
               lambda w: w.video.copy_link(), separator=True),
    # Studying with the video (issue 17): window-wide keys, like J/K/L.
    ActionSpec("play.captions", "Ca&ptions", "Playback", lambda w: w.study.toggle_captions(),
               ("C",), checked=lambda w: w.study.captions_on, separator=True),
    ActionSpec("play.caption_language", "Caption &Language", "Playback",
               fill=lambda w, menu: w.study.fill_language_menu(menu)),
    ActionSpec("play.passage", "Play This Pa&ssage", "Playback",
               lambda w: w.study.play_passage(), ("P",), separator=True),
    ActionSpec("play.loop", "Loop Passa&ges", "Playback",
               lambda w: w.study.passages.set_loop(not w.study.passages.loop),
               checked=lambda w: w.study.passages.loop),
    ActionSpec("play.mark_a", "Loop from &Here (A)", "Playback",
               lambda w: w.study.passages.mark_a(), ("[",)),
    ActionSpec("play.mark_b", "Loop to H&ere (B)", "Playback",
               lambda w: w.study.passages.mark_b(), ("]",)),
    ActionSpec("play.frame_back", "Frame Bac&k", "Playback", lambda w: w.study.passages.step(-1),
               (",",)),
    ActionSpec("play.frame_forward", "Frame Forwar&d", "Playback",
               lambda w: w.study.passages.step(1), (".",)),
    ActionSpec("play.popout", "Pop &Out Video", "Playback", lambda w: w.study.popout.toggle(),
               checked=lambda w: w.study.popout.is_out(), separator=True),
    ActionSpec("play.fullscreen", "Video &Full Screen", "Playback",
               lambda w: w.study.popout.toggle_full_screen(), ("F",),
               checked=lambda w: w.study.popout.is_full_screen()),
    ActionSpec("play.on_top", "Pop-out Always on &Top", "Playback",
               lambda w: w.study.popout.set_on_top(not w.study.popout.on_top),
               checked=lambda w: w.study.popout.on_top),
    # Help
    ActionSpec("help.shortcuts", "&Keyboard Shortcuts", "Help", lambda w: _show_shortcuts(w),
               ("F1",)),
    ActionSpec("help.about", "&About Lectern", "Help", lambda w: _show_about(w)),
)


def key_text(key: str) -> str:
    """A portable key string as the platform shows it ("Ctrl+Shift+O")."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_text(spec: ActionSpec) -> str:
    """All of `spec`'s shortcuts as shown to the user: "Space, K"; "" if it has none."""
    return ", ".join(key_text(k) for k in spec.keys)


def build_actions(window: MainWindow, specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """Create a QAction per spec on `window`'s menu bar (menus made in MENU_ORDER) and return
    them by id. Shortcuts are window-wide (a QAction in the menu bar)."""
    tops = [m for m in MENU_ORDER if any(s.menu.split("/")[0] == m for s in specs)]
    tops += [m for m in dict.fromkeys(s.menu.split("/")[0] for s in specs) if m and m not in tops]
    menus: dict[str, QMenu] = {}
    for top in tops:
        menus[top] = window.menuBar().addMenu(f"&{top}")
    actions: dict[str, QAction] = {}
    for spec in specs:
        menu = _menu_for(window, menus, spec.menu) if spec.menu else None
        if menu is not None and spec.separator:
            menu.addSeparator()
        if spec.fill is not None:
            if menu is not None:
                sub = menu.addMenu(spec.text)
                sub.setObjectName(spec.id)
                sub.aboutToShow.connect(partial(_refill, window, sub, spec.fill))
            continue
        actions[spec.id] = _make_action(window, spec, menu)
    return actions


def _menu_for(window: MainWindow, menus: dict[str, QMenu], path: str) -> QMenu:
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        key = "/".join(parts[:depth])
        if key not in menus:
            menus[key] = menus["/".join(parts[:depth - 1])].addMenu(f"&{parts[depth - 1]}")
    menu = menus[path]
    if not menu.property("lectern_syncs"):
        menu.setProperty("lectern_syncs", True)
        menu.aboutToShow.connect(partial(sync_checks, window, menu))
    return menu


def _make_action(window: MainWindow, spec: ActionSpec, menu: QMenu | None) -> QAction:
    action = QAction(spec.text, window)
    action.setObjectName(spec.id)
    if spec.keys and spec.pane_keys:
        # Text after a tab is shown as the shortcut without binding it.
        action.setText(f"{spec.text}\t{key_text(spec.keys[0])}")
    elif spec.keys:
        action.setShortcuts([QKeySequence(k) for k in spec.keys])
    if spec.checked is not None:
        action.setCheckable(True)
        action.setProperty("lectern_checked", True)
    if spec.run is not None:
        run = spec.run
        action.triggered.connect(lambda _checked=False: run(window))
    if menu is not None:
        menu.addAction(action)
    else:
        window.addAction(action)  # palette-only, yet its shortcut works
    return action


def sync_checks(window: MainWindow, menu: QMenu | None = None) -> None:
    """Bring the check marks of toggles up to date (before a menu or the palette shows)."""
    by_id = {s.id: s for s in ACTIONS}
    actions = menu.actions() if menu is not None else window.findChildren(QAction)
    for action in actions:
        spec = by_id.get(action.objectName())
        if spec is not None and spec.checked is not None:
            action.blockSignals(True)
            action.setChecked(spec.checked(window))
            action.blockSignals(False)


def _refill(window: MainWindow, menu: QMenu, fill: Callable[[MainWindow, QMenu], None]) -> None:
    menu.clear()
    fill(window, menu)


def spec_by_id(action_id: str, specs: tuple[ActionSpec, ...] = ACTIONS) -> ActionSpec:
    """The spec with `action_id`; KeyError if none."""
    for spec in specs:
        if spec.id == action_id:
            return spec
    raise KeyError(action_id)


def trigger(window: Any, action_id: str) -> None:
    """Run an action as if its menu item were chosen (the palette's way)."""
    window.actions_by_id[action_id].trigger()
