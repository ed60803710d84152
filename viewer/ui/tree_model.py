"""The topic tree's model over the link index: Channels > videos > notes, Topics, Folders.

Children are computed when first asked for, so a 50k-note vault costs only what is opened.
Folders come from `FolderRows`, kept up to date path by path; a folder's rows are made as
the view asks for them (1,000 at a time through fetchMore), and a rebuild that changes no
path keeps the Folders rows as they are. Every walk is a loop (1,100 nested folders broke
the old recursion), and `find_note` follows the note's path: O(depth · log n), not O(vault).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QTreeView

from viewer.core.index import IndexChange, LinkIndex
from viewer.ui.folder_rows import FOLDER, NOTE, FolderRows, Row, sorted_diff
from viewer.ui.background import LatestJobWorker
from viewer.ui.plaintext import tooltip_html
from viewer.ui.tree_filter import FilterData, FilterMatch, normalize_filter
from viewer.ui.tree_nodes import FETCH, FolderChildren, Node, no_channel_node, plural, tag_nodes, video_node

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
FILTER_ROWS = 300  # channels or topics a filter lists (then a "… n more" row)
MAX_ROW_CHANGES = 200  # more folder rows than this came or went: rebuild the rows


def _signature(node: Node) -> tuple[object, ...]:
    """What a row shows and lists: equal signatures need no signal to the view."""
    listed = node.fill.args if isinstance(node.fill, partial) else None
    return node.kind, node.key, node.label, node.tip, listed


def _more_node(count: int, kind: str) -> Node:
    """The last row of a filtered group that lists FILTER_ROWS rows: how many more match."""
    return Node("more", "", f"… {plural(count, 'more ' + kind)}: type more to narrow",
                tip="A filter lists the first rows of a group; a longer filter finds fewer")


def topic_label(slug: str) -> str:
    """How a topic (a slug without a note) is shown."""
    return slug.replace("_", " ")


class TreeModel(QAbstractItemModel):
    """Rows: groups; Channels > channel > video > note; Topics > topic; Folders > ... > note.
    A filter that matches nothing shows one "no notes match" row (kind "empty") instead.

    Signals:
        filter_applied(): the rows now show the filter asked for with `request_filter`.
    """

    filter_applied = Signal()

    def __init__(self, index: LinkIndex, parent: Any = None) -> None:
        super().__init__(parent)
        self._index = index
        self._filter = ""
        self._match = FilterMatch("", 0)  # what the filter matches (notes, topics, folders)
        self._data: FilterData | None = None  # the filter's text of the vault, per generation
        self._wanted = ""  # the filter last asked for (applied once its match is back)
        self._worker: LatestJobWorker | None = None
        self._shared: dict[int, FilterData] = {}  # the worker's latest text, by generation
        self._root = Node("root", "", "")
        self._groups: list[Node] = []
        self._empty = False
        self._topic_brush = QBrush(QColor("#9a5a00"))  # topics: the page's topic colour
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold = QFont()
        self._bold.setBold(True)
        self._folders = FolderRows(index.paths())
        self._built: tuple[str, int] | None = None  # (filter, folders version) of the rows
        self._topics_shown: tuple[object, ...] | None = None
        index.subscribe(self._on_index_change)
        self.rebuild()

    def _on_index_change(self, change: IndexChange) -> None:
        for path in change.removed:
            self._folders.remove(path)
        for path in change.added:
            self._folders.add(path)

    def set_dark(self, dark: bool) -> None:
        """Match the topic colour to a dark or light palette."""
        self._topic_brush = QBrush(QColor("#f0b36a" if dark else "#9a5a00"))
        self.layoutChanged.emit()

    # -- filtering --------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        """Narrow the tree to the notes whose title, path, video id, channel or alias contains
        `text`, and the topics that do, computed on this thread (see `request_filter`)."""
        self._wanted = text
        data = self._data if self._data and self._data.generation == self._index.generation \
            else FilterData(*self._snapshot())
        self._apply(data, data.match(text, self._match))

    def request_filter(self, text: str) -> None:
        """`set_filter` with the matching done on a worker thread; `filter_applied` follows."""
        self._wanted = text
        if self._worker is None:
            self._worker = LatestJobWorker("tree-filter")
            self._worker.result.connect(self._on_filtered)
        generation = self._index.generation
        data = self._data if self._data and self._data.generation == generation \
            else self._shared.get(generation)
        snapshot = self._snapshot() if data is None else None
        previous = self._match
        shared = self._shared

        def job(emit: Any, _stale: Any) -> None:
            # A job queued while the text was being built finds it here: built once.
            built = data or shared.get(generation) or FilterData(*snapshot)  # type: ignore[misc]
            shared.clear()
            shared[generation] = built
            emit((built, built.match(text, previous)))

        self._worker.submit(job)

    def _snapshot(self) -> tuple[int, list[Any], dict[str, str], list[tuple[str, int]]]:
        """What a FilterData is built from: pointers copied, no text touched."""
        return (self._index.generation, list(self._index.records()),
                {c.slug: c.label for c in self._index.channels()}, self._index.topics())

    def _on_filtered(self, _generation: int, value: Any) -> None:
        if value is None:
            return
        data, match = value
        if match.text != normalize_filter(self._wanted):
            return  # a newer filter is on its way
        self._apply(data, match)
        self.filter_applied.emit()

    def _apply(self, data: FilterData, match: FilterMatch) -> None:
        self._data = data
        self._match = match
        self._filter = match.text
        self.rebuild()

    def filter_match(self) -> FilterMatch:
        """What the filter shown matches."""
        return self._match

    def filter_text(self) -> str:
        """The current filter."""
        return self._filter

    def rebuild(self) -> None:
        """Recompute the rows from the index (after a change notice or a filter).

        When no path came or went and the filter is the same, Folders is left as it is and
        only the filled Channels and Topics rows are replaced: a save of one note does not
        cost a row per file.
        """
        if self._filter and self._match.generation != self._index.generation:
            self.request_filter(self._wanted)  # the notes changed: match again, off this thread
        built = (self._filter, self._folders.version)
        same_filter = self._built is not None and self._built[0] == self._filter
        if same_filter and not self._empty and not self._match.empty() and (
                built == self._built or (not self._filter and self._update_folders())):
            self._built = built
            channels, topics, _folders, tags = self._groups
            self._refill(channels)
            self._refill(tags)
            if topics._children is not None and self._topics_key() != self._topics_shown:
                self._refill(topics)  # most saves change no topic: no row made
            return
        self._built = built
        self.beginResetModel()
        self._groups = [
            Node("group", "channels", "Channels", fill=self._fill_channels),
            Node("group", "topics", "Topics", fill=self._fill_topics),
            Node("group", "folders", "Folders", fill=lambda n: self._fill_folder(n, "")),
            Node("group", "tags", "Tags", fill=lambda _n: tag_nodes(
                self._index, self._filter, self._match.paths, self._fill_notes)),
        ]
        self._empty = self._match.empty()
        if self._empty:
            self._root.set_children([Node("empty", "", f"No notes match \u201c{self._filter}\u201d",
                                          tip=None)])
        else:
            self._root.set_children(self._groups)
        self.endResetModel()

    def _update_folders(self) -> bool:
        """Bring the folder rows made so far up to the vault's paths, a row signal per path
        that came or went; False (nothing done) when too many did."""
        plans = []
        budget = MAX_ROW_CHANGES
        stack = [self._groups[2]]
        while stack:
            node = stack.pop()
            children = node._children
            if not isinstance(children, FolderChildren) or children.prefix not in self._folders:
                continue  # unfilled, or a folder that is gone (its parent drops its row)
            new = self._folders.rows(children.prefix)
            if children.rows is not new:
                diff = sorted_diff(children.rows, new, budget)
                if diff is None:
                    return False
                budget -= len(diff[0]) + len(diff[1])
                plans.append((node, children, new, diff))
            stack.extend(children.folders.values())
        for node, children, new, (gone, came) in plans:
            parent = self._index_of(node)
            for row in reversed(gone):
                shown = children.shown(row)
                if shown:
                    self.beginRemoveRows(parent, row, row)
                children.take(row)
                if shown:
                    self.endRemoveRows()
            for row in came:
                shown = children.shown(row, inserting=True)
                if shown:
                    self.beginInsertRows(parent, row, row)
                children.put(row, new[row])
                if shown:
                    self.endInsertRows()
            children.rows = new
        return True

    def _refill(self, node: Node) -> None:
        """Bring a filled list of rows up to the index; an unfilled one stays lazy.

        Rows that come out the same (kind, key, label, tip and what they list) are kept,
        with their filled children brought up to date the same way, so a save that changes
        no topic count and no title sends the view no signal at all.
        """
        old = node._children
        if old is None or not isinstance(old, list) or node.fill is None:
            return
        new = node.fill(node)
        assert isinstance(new, list)
        if [_signature(n) for n in old] == [_signature(n) for n in new]:
            for child in old:
                self._refill(child)
            return
        parent = self.createIndex(node.row, 0, node)
        if len(old):
            self.beginRemoveRows(parent, 0, len(old) - 1)
            node.set_children([])
            self.endRemoveRows()
        if new:
            self.beginInsertRows(parent, 0, len(new) - 1)
            node.set_children(new)
            self.endInsertRows()

    def _note_node(self, path: str) -> Node | None:
        record = self._index.note(path)
        if record is None:
            return None
        return Node("note", path, record.title, tip=path)

    def _fill_channels(self, _node: Node) -> list[Node]:
        nodes = []
        if self._filter and self._data is not None:  # the matching channels, FILTER_ROWS at most
            labels, by_channel = self._data.channel_labels, self._match.by_channel
            slugs = sorted(by_channel, key=lambda slug: (labels.get(slug, slug).lower(), slug))
            channels = [(slug, labels.get(slug, slug), by_channel[slug]) for slug in slugs]
        else:
            channels = [(c.slug, c.label, c.paths) for c in self._index.channels()]
        for slug, label, paths in channels[:FILTER_ROWS] if self._filter else channels:
            nodes.append(Node("channel", slug, label, tip=plural(len(paths), "note"),
                              fill=partial(self._fill_videos, paths)))
        if self._filter and len(channels) > FILTER_ROWS:
            nodes.append(_more_node(len(channels) - FILTER_ROWS, "channel"))
        loose = self._index.notes_without_channel()  # no From: line: a "No channel" group
        loose = [p for p in loose if p in self._match.paths] if self._filter else loose
        if loose:
            nodes.append(no_channel_node(loose, self._fill_videos))
        return nodes

    def _fill_videos(self, paths: list[str], _node: Node) -> list[Node]:
        by_video: dict[str, list[str]] = {}
        for path in paths:
            record = self._index.note(path)
            by_video.setdefault(record.video_id or "" if record else "", []).append(path)
        nodes: list[Node] = []
        for video_id, video_paths in by_video.items():
            if not video_id or len(video_paths) == 1:  # one note: no video level of its own
                nodes.extend(n for p in video_paths if (n := self._note_node(p)))
                continue
            nodes.append(video_node(video_id, video_paths, self._fill_notes))
        nodes.sort(key=lambda n: (n.kind != "video", n.label.lower()))
        return nodes

    def _fill_notes(self, paths: list[str], _node: Node) -> list[Node]:
        return [x for p in paths if (x := self._note_node(p))]

    def _topics_key(self) -> tuple[object, ...]:
        """What the Topics rows are made of (a list compare, no row built)."""
        if self._filter:  # the match holds the topics (and is replaced when they change)
            return self._filter, id(self._match)
        return self._filter, self._index.topics(), [c.slug for c in self._index.channels()]

    def _fill_topics(self, _node: Node) -> list[Node]:
        self._topics_shown = self._topics_key()
        if self._filter:
            topics = self._match.topics
        else:
            channels = {c.slug for c in self._index.channels()}
            topics = [(slug, count) for slug, count in self._index.topics() if slug not in channels]
        nodes = [Node("topic", slug, f"{topic_label(slug)}  ({count})",
                      tip=f"{plural(count, 'mention')}, no note yet")
                 for slug, count in (topics[:FILTER_ROWS] if self._filter else topics)]
        if self._filter and len(topics) > FILTER_ROWS:  # the most mentioned are listed
            nodes.append(_more_node(len(topics) - FILTER_ROWS, "topic"))
        return nodes

    def _fill_folder(self, node: Node, prefix: str) -> FolderChildren:
        rows = self._folders.rows(prefix)
        if self._filter:
            folders, paths = self._match.folders, self._match.paths
            rows = [r for r in rows if (f"{prefix}{r[2]}/" in folders if r[0] == FOLDER
                                        else prefix + r[2] in paths)]
        return FolderChildren(node, prefix, rows, self._folder_row)

    def _folder_row(self, prefix: str, row: Row) -> Node:
        kind, _lower, name = row
        if kind == FOLDER:
            key = f"{prefix}{name}/"
            return Node("folder", key, name, fill=partial(self._fill_folder, prefix=key))
        return Node("note", prefix + name, name, tip=None)

    def _reveal(self, node: Node, row: int) -> None:
        """Give the view a folder's rows up to `row` (to select a row past those fetched)."""
        children = node.children
        if isinstance(children, FolderChildren) and row >= children.fetched:
            parent = self._index_of(node)
            self.beginInsertRows(parent, children.fetched, row)
            children.fetched = row + 1
            self.endInsertRows()

    def _index_of(self, node: Node) -> QModelIndex:
        return QModelIndex() if node is self._root else self.createIndex(node.row, 0, node)

    def _title(self, path: str) -> str:
        record = self._index.note(path)
        return record.title if record else path

    # -- lookups ----------------------------------------------------------------------
    def find_note(self, path: str) -> QModelIndex:
        """The row of a note under Channels (else Folders); invalid if filtered out.

        Follows the note's channel and video, or its folders: no walk over the vault.
        """
        record = self._index.note(path)
        if record is None or self._empty:
            return QModelIndex()
        channels, _topics, folders, _tags = self._groups
        if record.channel:  # a note without one is found under Folders
            found = self._child(channels, "channel", record.channel)
            if found is not None and record.video_id:  # a video of one note has no row
                found = self._child(found, "video", record.video_id) or found
            if found is not None:
                found = self._child(found, "note", path)
            if found is not None:
                return self.createIndex(found.row, 0, found)
        node: Node | None = folders
        parts = path.split("/")
        prefix = ""
        for name in parts[:-1]:
            prefix += name + "/"
            node = self._child(node, "folder", prefix) if node is not None else None
        node = self._child(node, "note", path) if node is not None else None
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def _child(self, node: Node, kind: str, key: str) -> Node | None:
        """`node`'s child of (kind, key): a bisect in a folder, a scan of a list."""
        children = node.children
        if isinstance(children, FolderChildren):
            name = key[len(children.prefix):].rstrip("/")
            row = children.find(FOLDER if kind == "folder" else NOTE, name)
            if row < 0:
                return None
            self._reveal(node, row)
            return children[row]
        return next((c for c in children if c.kind == kind and c.key == key), None)

    def find_topic(self, slug: str) -> QModelIndex:
        """The row of a topic, if shown."""
        if self._empty:
            return QModelIndex()
        for child in self._groups[1].children:
            if child.key == slug:
                return self.createIndex(child.row, 0, child)
        return QModelIndex()

    def group_index(self, key: str) -> QModelIndex:
        """The row of a group: "channels", "topics" or "folders"."""
        for group in self._root.children:
            if group.key == key and group.kind == "group":
                return self.createIndex(group.row, 0, group)
        return QModelIndex()

    def expanded_paths(self, view: QTreeView) -> list[tuple[tuple[str, str], ...]]:
        """The (kind, key) paths of the rows expanded in `view`, parents first (only rows
        that exist and can have children are looked at)."""
        found: list[tuple[tuple[str, str], ...]] = []
        stack: list[tuple[Node, tuple[tuple[str, str], ...]]] = [(self._root, ())]
        while stack:
            node, trail = stack.pop()
            for child in reversed(node.made()):
                if view.isExpanded(self.createIndex(child.row, 0, child)):
                    here = (*trail, (child.kind, child.key))
                    found.append(here)
                    stack.append((child, here))
        return found

    def restore_expanded(self, view: QTreeView, paths: list[tuple[tuple[str, str], ...]]) -> None:
        """Expand again the rows of `paths` that still exist (after a rebuild); each path's
        parent is looked up once, so 1,100 nested folders cost 1,100 steps, not 1,100²."""
        nodes: dict[tuple[tuple[str, str], ...], Node] = {(): self._root}
        for path in paths:
            parent = nodes.get(path[:-1]) if path else None
            node = self._child(parent, *path[-1]) if parent is not None else None
            if node is None:
                continue
            nodes[path] = node
            index = self.createIndex(node.row, 0, node)
            if not view.isExpanded(index):
                view.expand(index)

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

    def canFetchMore(self, parent: Index) -> bool:
        if not parent.isValid():
            return False
        children = self._node(parent).children
        return isinstance(children, FolderChildren) and children.fetched < len(children.rows)

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        children = node.children
        if isinstance(children, FolderChildren) and children.fetched < len(children.rows):
            self._reveal(node, min(len(children.rows), children.fetched + FETCH) - 1)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        node = self._node(parent)
        return node.kind in ("root", "group", "channel", "video", "folder", "tag") and (
            node.fill is not None or bool(node.children))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            if node.kind == "group" and self._filter:  # how many match, as groups may stay shut
                children = node.children
                count = len(children.rows) if isinstance(children, FolderChildren) else len(children)
                return f"{node.label}  ({count:,})"
            return node.label
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.kind in ("empty", "more"):
                return None
            tip = self._title(node.key) if node.tip is None else node.tip
            return tooltip_html(tip) or None  # titles are untrusted: never rich text
        if role == KIND_ROLE:
            return node.kind
        if role == KEY_ROLE:
            return node.key
        if role == Qt.ItemDataRole.FontRole:
            return self._italic if node.kind in ("topic", "empty", "more") else self._bold if node.kind == "group" else None
        if role == Qt.ItemDataRole.ForegroundRole and node.kind == "topic":
            return self._topic_brush
        return None
