"""The one way to reach files in `resources/` (CSS, JS, HTML, icons), also when frozen."""

from __future__ import annotations

import functools
import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the resources folder, in a source checkout or a PyInstaller bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def path(name: str) -> Path:
    """Return the path of resource `name` (a relative posix path), refusing escapes."""
    root = resources_dir().resolve()
    target = (root / name).resolve()
    if root not in target.parents:
        raise FileNotFoundError(name)
    return target


@functools.cache
def read_bytes(name: str) -> bytes:
    """Return the bytes of resource `name` (cached: resources do not change at run time)."""
    return path(name).read_bytes()


def read_text(name: str) -> str:
    """Return resource `name` decoded as UTF-8."""
    return read_bytes(name).decode("utf-8")


def sample_vault() -> Path:
    """The bundled sample vault (`notes/`), in a checkout or a bundle."""
    return resources_dir().parent / "notes"
