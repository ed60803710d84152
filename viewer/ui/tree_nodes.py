"""The topic tree's rows: plain nodes, and a folder's rows made as a view asks for them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from functools import partial
from typing import Union

from viewer.core.index import LinkIndex
from viewer.ui.folder_rows import Row, find_row

FETCH = 1000  # folder rows handed to the view at a time


class Node:
    """One row. `children` is filled on first use by `fill` (a list, or a folder's rows)."""

    __slots__ = ("_children", "fill", "key", "kind", "label", "parent", "row", "tip")

    def __init__(self, kind: str, key: str, label: str, parent: Node | None = None,
                 fill: Callable[[Node], Children] | None = None, tip: str | None = "") -> None:
        self.kind = kind
        self.key = key
        self.label = label
        self.parent = parent
        self.row = 0
        self.fill = fill
        self.tip = tip  # None: the note's title, looked up when shown
        self._children: Children | None = None if fill else []

    @property
    def children(self) -> Children:
        if self._children is None:
            assert self.fill is not None
            children = self.fill(self)
            if isinstance(children, list):
                for row, child in enumerate(children):
                    child.parent, child.row = self, row
            self._children = children
        return self._children

    def set_children(self, children: list[Node]) -> None:
        self._children = children
        for row, child in enumerate(children):
            child.parent, child.row = self, row

    def made(self) -> list[Node]:
        """The children that exist so far and can have children (for walks)."""
        children = self._children
        if children is None:
            return []
        if isinstance(children, FolderChildren):
            return list(children.folders.values())
        return [c for c in children if c.fill is not None or c._children]


class FolderChildren:
    """A folder's rows, made on demand: `len` is how many the view was given so far."""

    __slots__ = ("_made", "_make", "fetched", "folders", "owner", "prefix", "rows")

    def __init__(self, owner: Node, prefix: str, rows: list[Row],
                 make: Callable[[str, Row], Node]) -> None:
        self.owner = owner
        self.prefix = prefix
        self.rows = rows  # never changed (FolderRows copies on write)
        self.fetched = min(len(rows), FETCH)
        self._made: dict[int, Node] = {}
        self.folders: dict[int, Node] = {}
        self._make = make

    def __len__(self) -> int:
        return self.fetched

    def __getitem__(self, row: int) -> Node:
        node = self._made.get(row)
        if node is None:
            node = self._make(self.prefix, self.rows[row])
            node.parent, node.row = self.owner, row
            self._made[row] = node
            if node.kind == "folder":
                self.folders[row] = node
        return node

    def __iter__(self) -> Iterator[Node]:
        for row in range(self.fetched):
            yield self[row]

    def find(self, kind: int, name: str) -> int:
        """The row of a subfolder (FOLDER) or note (NOTE) by name, or -1 (a bisect)."""
        return find_row(self.rows, kind, name)

    def shown(self, row: int, inserting: bool = False) -> bool:
        """Whether `row` is among the rows the view was given (or, inserting, would be)."""
        return row < self.fetched or (inserting and row == self.fetched == len(self.rows))

    def take(self, row: int) -> None:
        """Drop row `row` (the model tells the view around this)."""
        self.rows = self.rows[:row] + self.rows[row + 1:]
        if row < self.fetched:
            self.fetched -= 1
        self._renumber({(r - 1 if r > row else r): n for r, n in self._made.items() if r != row})

    def put(self, row: int, item: Row) -> None:
        """Insert `item` at `row` (the model tells the view around this)."""
        shown = self.shown(row, inserting=True)
        self.rows = [*self.rows[:row], item, *self.rows[row:]]
        if shown:
            self.fetched += 1
        self._renumber({(r + 1 if r >= row else r): n for r, n in self._made.items()})

    def _renumber(self, made: dict[int, Node]) -> None:
        for row, node in made.items():
            node.row = row
        self._made = made
        self.folders = {r: n for r, n in made.items() if n.kind == "folder"}


Children = Union[list[Node], FolderChildren]



def plural(count: int, word: str) -> str:
    """"1 note", "2 notes" (never "1 notes")."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


NotesFill = Callable[[list[str], Node], list[Node]]


def video_node(video_id: str, paths: list[str], fill_notes: NotesFill) -> Node:
    """A video with several notes: labelled by the video (activating it opens its page)."""
    return Node("video", video_id, f"Video {video_id} · {plural(len(paths), 'note')}",
                tip=f"Video {video_id}: its notes' passages in time order",
                fill=partial(fill_notes, sorted(paths)))


def no_channel_node(paths: list[str], fill_videos: NotesFill) -> Node:
    """The notes without a `From:` line, as a channel of their own (key "")."""
    return Node("channel", "", "No channel", tip=f"{plural(len(paths), 'note')} without a From: line",
                fill=partial(fill_videos, paths))


def tag_nodes(index: LinkIndex, filter_text: str, matching: Collection[str],
              fill_notes: NotesFill) -> list[Node]:
    """The Tags group's rows: each tag with its notes (those matching `filter_text`, unless
    the tag itself does). Made when the group is opened: O(tagged notes)."""
    nodes = []
    for tag, _count in index.tags():
        paths = index.notes_of_tag(tag)
        if filter_text and filter_text not in tag.lower():
            paths = [p for p in paths if p in matching]
        if paths:
            nodes.append(Node("tag", tag, f"#{tag} · {len(paths):,}",
                              tip=f"{plural(len(paths), 'note')} tagged #{tag}",
                              fill=partial(fill_notes, paths)))
    return nodes
