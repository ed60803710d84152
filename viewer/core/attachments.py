"""The vault's non-note files (images and other attachments), found by one vault scan.

Embeds resolve as Obsidian resolves them ("Accepted file formats", "Embed files"): a path
relative to the embedding note, then a path from the vault root, then a file name anywhere
in the vault (the shortest path, then the first in order, wins). Lookups are dict reads:
the maps are built once per scan, never by walking the vault per note.
"""

from __future__ import annotations

import os
import posixpath
import stat
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from viewer.core.record import NoteRecord

# Files an embed shows as an image; any other attachment shows as a link-like box.
NOTE_EXTENSIONS = frozenset({"md", "txt"})  # as `viewer.core.vault.NOTE_SUFFIXES`
IMAGE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "avif"})


def file_key(path: str) -> str:
    """A path as embeds look it up: NFC, casefolded, `\\` as `/`, no leading `./` or `/`."""
    if not path.isascii():
        path = unicodedata.normalize("NFC", path)
    path = path.replace("\\", "/").casefold().strip()
    while path.startswith(("/", "./")):
        path = path[1:] if path[0] == "/" else path[2:]
    return path


def suffix(name: str) -> str:
    """The lower-case extension of a file name or path, "" if none."""
    base = name.rpartition("/")[2]
    stem, dot, ext = base.rpartition(".")
    return ext.lower() if dot and stem else ""


class Attachments:
    """Vault-relative paths of non-note files, by path and by file name."""

    def __init__(self, paths: Iterable[str] = ()) -> None:
        """Index `paths` (vault-relative, posix)."""
        self._paths: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for path in sorted(paths, key=lambda p: (p.count("/"), len(p), p)):
            key = file_key(path)
            self._paths.setdefault(key, path)
            self._names.setdefault(key.rpartition("/")[2], path)

    def __len__(self) -> int:
        return len(self._paths)

    def find(self, raw: str, from_path: str = "") -> str | None:
        """The file `raw` (as written in an embed) names, seen from the note at `from_path`;
        None if the vault has no such file. Never a path outside the vault: `..` that climbs
        out of it is not followed."""
        key = file_key(raw)
        if not key:
            return None
        folder = from_path.rpartition("/")[0]
        if folder:
            found = self._inside(file_key(folder) + "/" + key)
            if found:
                return found
        return self._inside(key) or (self._names.get(key.rpartition("/")[2])
                                     if "/" in key or ".." not in key else None)

    def _inside(self, key: str) -> str | None:
        normal = posixpath.normpath(key)
        if normal.startswith("../") or normal == ".." or normal.startswith("/"):
            return None
        return self._paths.get(normal)


class _Resolver(Protocol):
    def note(self, path: str) -> NoteRecord | None: ...
    def resolve(self, target: str) -> str | None: ...
    def resolve_embed(self, raw: str, from_path: str = "") -> tuple[str, str] | None: ...


MAX_PLANNED = 200  # embeds resolved for one page (its own, and its embedded notes')
MAX_KINDS = 2000  # link targets of embedded notes resolved; beyond, they show as topics


def plan_embeds(index: _Resolver, path: str, depth: int = 4) -> tuple[
        dict[tuple[str, str], tuple[str, str] | None], dict[str, str]]:
    """What a render worker needs to show the embeds of the note at `path`: (from path,
    target as written) -> what it leads to (`LinkIndex.resolve_embed`), for the note and
    the notes it embeds, `depth` levels down, at most MAX_PLANNED entries; and "note" or
    "topic" for the link targets of the embedded notes. Dict lookups only: cost follows
    the embeds shown, not the vault."""
    resolved: dict[tuple[str, str], tuple[str, str] | None] = {}
    kinds: dict[str, str] = {}
    level, seen = [path], {path}
    for _ in range(depth):
        following: list[str] = []
        for source in level:
            record = index.note(source)
            for raw, _line in (record.embeds if record else ()):
                if len(resolved) >= MAX_PLANNED:
                    return resolved, kinds
                target = resolved[(source, raw)] = index.resolve_embed(raw, source)
                if target and target[0] == "note" and target[1] not in seen:
                    seen.add(target[1])
                    following.append(target[1])
                    embedded = index.note(target[1])
                    for key in (embedded.targets if embedded else ())[:max(0, MAX_KINDS - len(kinds))]:
                        kinds[key] = "note" if index.resolve(key) is not None else "topic"
        level = following
    return resolved, kinds


MAX_SERVED_BYTES = 64 * 1024 * 1024  # an embedded file larger than this is not served


def vault_file(root: str, path: str) -> str | None:
    """The absolute path of the vault file `path` (decoded, vault-relative) names, or None
    unless it is a regular file inside `root` once every symbolic link is followed: no `..`,
    `.`, empty or hidden segment, no NUL, nothing larger than MAX_SERVED_BYTES."""
    path = path.lstrip("/")
    if not root or not path or "\x00" in path or "\\" in path or len(path) > 4096:
        return None
    if any(part in ("", ".", "..") or part.startswith(".") for part in path.split("/")):
        return None
    real_root = os.path.realpath(root)
    full = os.path.realpath(os.path.join(real_root, path))
    if not full.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    try:
        info = os.stat(full)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SERVED_BYTES:
        return None
    return full
