"""The topic tree's model over the link index: Channels > videos > notes, Topics, Folders.

Children are computed when first asked for, so a 50k-note vault costs only what is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeView

from viewer.core.index import LinkIndex
from viewer.ui.plaintext import tooltip_html

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class Node:
    """One row. `children` is filled on first use by `fill`."""

    __slots__ = ("_children", "fill", "key", "kind", "label", "parent", "row", "tip")

    def __init__(self, kind: str, key: str, label: str, parent: Node | None = None,
                 fill: Callable[[Node], list[Node]] | None = None, tip: str = "") -> None:
        self.kind = kind
        self.key = key
        self.label = label
        self.parent = parent
        self.row = 0
        self.fill = fill
        self.tip = tip
        self._children: list[Node] | None = None if fill else []

    @property
    def children(self) -> list[Node]:
        if self._children is None:
            assert self.fill is not None
            self._children = self.fill(self)
            for row, child in enumerate(self._children):
                child.parent, child.row = self, row
        return self._children

    def set_children(self, children: list[Node]) -> None:
        self._children = children
        for row, child in enumerate(children):
            child.parent, child.row = self, row


def topic_label(slug: str) -> str:
    """How a topic (a slug without a note) is shown."""
    return slug.replace("_", " ")


class TreeModel(QAbstractItemModel):
    """Rows: groups; Channels > channel > video > note; Topics > topic; Folders > ... > note."""

    def __init__(self, index: LinkIndex, parent: Any = None) -> None:
        super().__init__(parent)
        self._index = index
        self._filter = ""
        self._matching: set[str] | None = None  # notes matching the filter, computed once
        self._root = Node("root", "", "")
        self._topic_brush = QBrush(QColor("#9a5a00"))  # topics: the page's topic colour
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self.rebuild()

    def set_dark(self, dark: bool) -> None:
        """Match the topic colour to a dark or light palette."""
        self._topic_brush = QBrush(QColor("#f0b36a" if dark else "#9a5a00"))
        self.layoutChanged.emit()

    # -- building ---------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Narrow the tree to titles, topics and files containing `text`."""
        self._filter = " ".join(text.lower().split())
        self._matching = None
        self.rebuild()

    def filter_text(self) -> str:
        """The current filter."""
        return self._filter

    def rebuild(self) -> None:
        """Recompute the rows from the index (after a change notice or a filter)."""
        self._matching = None
        self.beginResetModel()
        self._root.set_children([
            Node("group", "channels", "Channels", fill=self._fill_channels),
            Node("group", "topics", "Topics", fill=self._fill_topics),
            Node("group", "folders", "Folders", fill=lambda n: self._fill_folder(n, "")),
        ])
        self.endResetModel()

    def _match(self, *texts: str) -> bool:
        f = self._filter
        if not f:
            return True
        underscored = f.replace(" ", "_")
        for text in texts:
            lowered = text.lower()
            if f in lowered or underscored in lowered:
                return True
        return False

    def _note_node(self, path: str) -> Node | None:
        record = self._index.note(path)
        if record is None:
            return None
        return Node("note", path, record.title, tip=path)

    def _fill_channels(self, _node: Node) -> list[Node]:
        nodes = []
        for channel in self._index.channels():
            keep_all = self._match(channel.label)
            paths = [p for p in channel.paths if keep_all or self._note_matches(p)]
            if paths:
                nodes.append(Node("channel", channel.slug, channel.label, tip=f"{len(paths)} notes",
                                  fill=partial(self._fill_videos, paths)))
        return nodes

    def _note_matches(self, path: str) -> bool:
        if not self._filter:
            return path in self._index
        if self._matching is None:  # one pass per filter, shared by Channels and Folders
            f, u = self._filter, self._filter.replace(" ", "_")
            self._matching = {
                r.path for r in self._index.records()
                if f in (title := r.title.lower()) or u in title
                or f in (path_lower := r.path.lower()) or u in path_lower}
        return path in self._matching

    def _fill_videos(self, paths: list[str], _node: Node) -> list[Node]:
        by_video: dict[str, list[str]] = {}
        for path in paths:
            record = self._index.note(path)
            by_video.setdefault(record.video_id or "" if record else "", []).append(path)
        nodes: list[Node] = []
        for video_id, video_paths in by_video.items():
            if not video_id:
                nodes.extend(n for p in video_paths if (n := self._note_node(p)))
                continue
            first = self._index.notes_of_video(video_id) or video_paths
            first_record = self._index.note(first[0])
            title = first_record.title if first_record else video_id
            nodes.append(Node("video", video_id, f"{title}  ·  {video_id}", tip=f"video {video_id}",
                              fill=partial(self._fill_notes, sorted(video_paths))))
        nodes.sort(key=lambda n: (n.kind != "video", n.label.lower()))
        return nodes

    def _fill_notes(self, paths: list[str], _node: Node) -> list[Node]:
        return [x for p in paths if (x := self._note_node(p))]

    def _fill_topics(self, _node: Node) -> list[Node]:
        channels = {c.slug for c in self._index.channels()}
        return [Node("topic", slug, f"{topic_label(slug)}  ({count})",
                     tip=f"{count} mentions, no note yet")
                for slug, count in self._index.topics()
                if slug not in channels and self._match(slug)]

    def _fill_folder(self, _node: Node, prefix: str) -> list[Node]:
        inside = [p for p in self._index.paths() if p.startswith(prefix)]
        if self._filter:
            inside = [p for p in inside if self._note_matches(p)]
        folders = {p[len(prefix):].split("/", 1)[0] for p in inside if "/" in p[len(prefix):]}
        nodes = [Node("folder", f"{prefix}{name}/", name,
                      fill=partial(self._fill_folder, prefix=f"{prefix}{name}/"))
                 for name in sorted(folders, key=str.lower)]
        nodes.extend(Node("note", p, p[len(prefix):], tip=self._title(p))
                     for p in sorted(inside, key=str.lower) if "/" not in p[len(prefix):])
        return nodes

    def _title(self, path: str) -> str:
        record = self._index.note(path)
        return record.title if record else path

    # -- lookups ----------------------------------------------------------------------
    def find_note(self, path: str) -> QModelIndex:
        """The row of a note under Channels (else Folders); invalid if filtered out."""
        for group in self._root.children:
            if group.kind == "group" and group.key in ("channels", "folders"):
                found = self._find(group, path)
                if found is not None:
                    return self.createIndex(found.row, 0, found)
        return QModelIndex()

    def _find(self, node: Node, path: str) -> Node | None:
        record = self._index.note(path)
        for child in node.children:
            if child.kind == "note" and child.key == path:
                return child
            descend = (child.kind == "folder" and path.startswith(child.key)) or (
                child.kind == "channel" and record is not None and record.channel == child.key) or (
                child.kind == "video" and record is not None and record.video_id == child.key)
            if descend:
                found = self._find(child, path)
                if found is not None:
                    return found
        return None

    def find_topic(self, slug: str) -> QModelIndex:
        """The row of a topic, if shown."""
        group = self._root.children[1]
        for child in group.children:
            if child.key == slug:
                return self.createIndex(child.row, 0, child)
        return QModelIndex()

    def group_index(self, key: str) -> QModelIndex:
        """The row of a group: "channels", "topics" or "folders"."""
        for group in self._root.children:
            if group.key == key:
                return self.createIndex(group.row, 0, group)
        return QModelIndex()

    def expanded_paths(self, view: QTreeView) -> list[tuple[tuple[str, str], ...]]:
        """The (kind, key) paths of the rows expanded in `view` (only filled rows are looked at)."""
        found: list[tuple[tuple[str, str], ...]] = []

        def walk(node: Node, trail: tuple[tuple[str, str], ...]) -> None:
            for child in node._children or ():
                here = (*trail, (child.kind, child.key))
                if view.isExpanded(self.createIndex(child.row, 0, child)):
                    found.append(here)
                    walk(child, here)

        walk(self._root, ())
        return found

    def restore_expanded(self, view: QTreeView, paths: list[tuple[tuple[str, str], ...]]) -> None:
        """Expand again the rows of `paths` that still exist (after a rebuild)."""
        for path in paths:
            node: Node | None = self._root
            for kind, key in path:
                assert node is not None
                node = next((c for c in node.children if (c.kind, c.key) == (kind, key)), None)
                if node is None:
                    break
            if node is not None and node is not self._root:
                view.expand(self.createIndex(node.row, 0, node))

    # -- QAbstractItemModel -----------------------------------------------------------
    def _node(self, index: Index) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if column != 0 or not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self._node(parent).children)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        node = self._node(parent)
        return node.kind in ("root", "group", "channel", "video", "folder") and (
            node.fill is not None or bool(node.children))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind == "group":
                return f"{node.label}"
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html(node.tip) or None  # titles are untrusted: never rich text
        if role == KIND_ROLE:
            return node.kind
        if role == KEY_ROLE:
            return node.key
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if node.kind == "topic" else self._bold if node.kind == "group" else None
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == "topic":
            return self._topic_brush
        return None
