"""Print the pins of the build venv of `make package`, one a line (pip's requirement format).

The app's dependencies plus the `package` extra, read from pyproject.toml: the project itself
is not installed in the build venv, so PyInstaller always freezes the source tree as it is now
(an installed copy would go stale between builds).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path


def pins(pyproject: Path) -> list[str]:
    """The `dependencies` and the `package` optional dependencies of `pyproject`.

    Raises:
        KeyError: the file has no [project] table or no `package` extra.
    """
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["package"]]


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    sys.stdout.write("".join(f"{pin}\n" for pin in pins(root / "pyproject.toml")))
