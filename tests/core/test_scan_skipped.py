"""Note names that are not note files (a FIFO `x.md`, a symlink loop, a link out of the vault)
are passed over with a problem naming the file, never silently (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from viewer.core.vault import LoadStats, load_index, scan


def _vault(tmp_path: Path) -> Path:
    vault = tmp_path / "vault"
    (vault / "y.md").mkdir(parents=True)  # a folder with a note's name: a folder
    (vault / "y.md" / "inner.md").write_text("---\ntitle: Inner\n---\nx\n")
    (vault / "ok.md").write_text("---\ntitle: OK\n---\nx\n")
    os.mkfifo(vault / "x.md")
    os.symlink("loop.md", vault / "loop.md")
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: Secret\n---\n")
    os.symlink(outside, vault / "out.md")
    os.symlink("ok.md", vault / "alias.md")  # a link inside the vault is a note
    return vault


def test_scan_lists_what_it_passes_over(tmp_path: Path) -> None:
    skipped: list[tuple[str, str]] = []
    found = scan(_vault(tmp_path), None, skipped)
    assert sorted(found) == ["alias.md", "ok.md", "y.md/inner.md"]
    reasons = dict(skipped)
    assert sorted(reasons) == ["loop.md", "out.md", "x.md"]
    assert "FIFO" in reasons["x.md"]
    assert "leads nowhere" in reasons["loop.md"]
    assert "outside the vault" in reasons["out.md"]


def test_load_stats_and_check_report_them(tmp_path: Path) -> None:
    vault = _vault(tmp_path)
    stats = LoadStats()
    from viewer.core.vault import iter_load
    for _ in iter_load(vault, None, stats, workers=1):
        pass
    assert sorted(p for p, _ in stats.skipped) == ["loop.md", "out.md", "x.md"]
    index, _ = load_index(vault, None, workers=1)
    assert len(index) == 3
    done = subprocess.run([sys.executable, "-m", "viewer.cli", "check", str(vault), "--json",
                           "--no-cache"], capture_output=True, text=True, timeout=60)
    problems = {p["file"]: p["message"] for p in json.loads(done.stdout)["problems"]}
    assert {"x.md", "loop.md", "out.md"} <= set(problems), problems
    assert done.returncode == 1
