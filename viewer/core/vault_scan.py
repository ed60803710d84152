"""Finding a vault's files: the one folder walk of a load, and the inside-the-vault rule.

Kept apart from `viewer.core.vault` (which reads and parses what this finds); that module
re-exports these names.
"""

from __future__ import annotations

import os
from pathlib import Path

NOTE_SUFFIXES = (".md", ".txt")


def scan(root: Path, errors: list[tuple[str, str]] | None = None,
         skipped: list[tuple[str, str]] | None = None,
         attachments: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Every note file under `root` (hidden folders and files skipped): path -> (size, mtime_ns).

    A folder that cannot be listed is skipped and, if `errors` is given, appended to it as
    (vault-relative folder, "." for `root`; the OS's reason, e.g. "Permission denied").
    `attachments`, if given, gets the path of every other regular file (not a symbolic
    link): what embeds may show.
    """
    found: dict[str, tuple[int, int]] = {}
    root_str = os.fspath(root)
    stack = [(root_str, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            if errors is not None:
                errors.append((prefix.rstrip("/") or ".", exc.strerror or str(exc)))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, prefix + name + "/"))
                elif name.endswith(NOTE_SUFFIXES):
                    why = _not_a_note(root, entry)
                    if why is None:
                        stat = entry.stat()
                        found[prefix + name] = (stat.st_size, stat.st_mtime_ns)
                    elif skipped is not None:
                        skipped.append((prefix + name, why))
                elif attachments is not None and entry.is_file(follow_symlinks=False):
                    attachments.append(prefix + name)
            except OSError as exc:
                if skipped is not None and name.endswith(NOTE_SUFFIXES):
                    skipped.append((prefix + name, f"cannot read it: {exc.strerror or exc}"))
                continue
    return found


def _not_a_note(root: Path, entry: os.DirEntry[str]) -> str | None:
    """Why a directory entry with a note's name is passed over, or None for a note file."""
    if entry.is_symlink():
        try:
            os.stat(entry.path)
        except OSError as exc:  # ELOOP, or a dangling link
            return f"symbolic link that leads nowhere: {exc.strerror or exc}; skipped"
        if not inside(root, entry.path):
            return "symbolic link to a file outside the vault; skipped"
    if entry.is_file():
        return None
    if entry.is_dir():
        return None if not entry.is_symlink() else "symbolic link to a folder; skipped"
    return "not a regular file (a FIFO, socket or device); skipped"


def inside(root: Path, full: str | Path) -> bool:
    """Whether `full` (symlinks resolved) lies inside the vault folder `root`."""
    try:
        return Path(full).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def is_note_file(root: Path, path: str) -> bool:
    """Whether vault-relative `path` names a note file inside the vault."""
    full = Path(root) / path
    return path.endswith(NOTE_SUFFIXES) and inside(root, full) and full.is_file()
