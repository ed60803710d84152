"""The vault's folders as the tree shows them, kept up to date one path at a time.

A folder's rows (subfolders first, then notes, each by lowercased name) are a sorted list
that an added or removed note changes by one bisect insert, so a save, a new note or a
vault of 100k files never re-sorts or rescans the vault. Qt-free.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

FOLDER, NOTE = 0, 1
Row = tuple[int, str, str]  # (FOLDER or NOTE, lowercased name, name): the sort order


class _Folder:
    __slots__ = ("rows", "shared")

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.shared = False  # handed out by `rows()`: copy before the next change


class FolderRows:
    """prefix ("" or "a/b/") -> that folder's sorted rows; built from and fed note paths."""

    def __init__(self, paths: Iterable[str] = ()) -> None:
        self._folders: dict[str, _Folder] = {"": _Folder()}
        self.version = 0  # bumped on every change of structure
        for path in paths:
            self.add(path)

    def rows(self, prefix: str) -> list[Row]:
        """The rows of folder `prefix`; the list is never changed afterwards (copy on write)."""
        folder = self._folders.get(prefix)
        if folder is None:
            return []
        folder.shared = True
        return folder.rows

    def __contains__(self, prefix: str) -> bool:
        return prefix in self._folders

    def add(self, path: str) -> None:
        """A note at `path` appeared: O(depth · log(folder size))."""
        prefix = ""
        parts = path.split("/")
        for name in parts[:-1]:
            child = f"{prefix}{name}/"
            if child not in self._folders:
                self._folders[child] = _Folder()
                self._insert(prefix, (FOLDER, name.lower(), name))
            prefix = child
        self._insert(prefix, (NOTE, parts[-1].lower(), parts[-1]))

    def remove(self, path: str) -> None:
        """The note at `path` is gone; folders left empty go too."""
        cut = path.rfind("/")
        prefix, name = path[:cut + 1], path[cut + 1:]
        self._delete(prefix, (NOTE, name.lower(), name))
        while prefix and not self._folders[prefix].rows:
            del self._folders[prefix]
            cut = prefix.rfind("/", 0, len(prefix) - 1)
            parent, name = prefix[:cut + 1], prefix[cut + 1:-1]
            self._delete(parent, (FOLDER, name.lower(), name))
            prefix = parent

    def _own(self, prefix: str) -> _Folder:
        folder = self._folders[prefix]
        if folder.shared:
            folder.rows = list(folder.rows)
            folder.shared = False
        self.version += 1
        return folder

    def _insert(self, prefix: str, row: Row) -> None:
        rows = self._folders[prefix].rows
        at = bisect.bisect_left(rows, row)
        if at < len(rows) and rows[at] == row:
            return
        self._own(prefix).rows.insert(at, row)

    def _delete(self, prefix: str, row: Row) -> None:
        folder = self._folders.get(prefix)
        if folder is None:
            return
        at = bisect.bisect_left(folder.rows, row)
        if at < len(folder.rows) and folder.rows[at] == row:
            del self._own(prefix).rows[at]


def find_row(rows: list[Row], kind: int, name: str) -> int:
    """The row of (kind, name) in a folder's rows, or -1: a bisect, O(log n)."""
    row = (kind, name.lower(), name)
    at = bisect.bisect_left(rows, row)
    return at if at < len(rows) and rows[at] == row else -1


def sorted_diff(old: list[Row], new: list[Row], limit: int) -> tuple[list[int], list[int]] | None:
    """(rows of `old` not in `new`, rows of `new` not in `old`) of two sorted lists, by a
    merge walk; None when more than `limit` rows differ (then rebuilding is cheaper)."""
    gone: list[int] = []
    came: list[int] = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i += 1
            j += 1
        elif old[i] < new[j]:
            gone.append(i)
            i += 1
        else:
            came.append(j)
            j += 1
        if len(gone) + len(came) > limit:
            return None
    gone.extend(range(i, len(old)))
    came.extend(range(j, len(new)))
    return (gone, came) if len(gone) + len(came) <= limit else None
