"""`lectern search VAULT QUERY [--json] [--limit N]` (issue 14): output, JSON shape, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def lectern(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LECTERN_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "viewer.cli", "search", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)


def test_search_finds_yerevan_in_the_sample_vault(tmp_path: Path) -> None:
    done = lectern("notes", "Yerevan", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("role_of_russia_in_the_nagornokarabakh_peace_process.md — "
                        "Role of Russia in the NagornoKarabakh peace process")
    assert "§ Russia's Role During the 2020 Conflict · 10:14 · line 25]" in lines[1]
    assert "come to Yerevan's aid" in lines[1]
    assert done.stderr == ""
    assert any(tmp_path.glob("search-*.sqlite3"))


def test_json_shape(tmp_path: Path) -> None:
    done = lectern("notes", '"peace agreement" russia', "--json", "--limit", "1", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert set(found) == {"vault", "query", "message", "truncated", "results"}
    assert found["query"] == '"peace agreement" russia' and found["truncated"] is False
    [hit] = found["results"]
    assert set(hit) == {"path", "title", "score", "snippets"} and hit["score"] > 0
    snippet = hit["snippets"][0]
    assert set(snippet) == {"text", "segments", "heading", "seconds", "time", "video_id",
                            "line", "match_text"}
    assert ["peace agreement", True] in snippet["segments"]
    assert snippet["text"] == "".join(text for text, _ in snippet["segments"])
    assert snippet["seconds"] == 0 and snippet["time"] == "0:00" and snippet["line"] == 8
    assert snippet["video_id"] == "8sGHxZkZReo" and snippet["heading"] is None


def test_no_results_exit_1_with_a_plain_line(tmp_path: Path) -> None:
    done = lectern("notes", "zzzqqq", cache=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.strip() == "No notes match “zzzqqq”."
    done = lectern("notes", "NEAR(", "--json", cache=tmp_path)
    assert done.returncode == 1 and json.loads(done.stdout)["results"] == []


@pytest.mark.parametrize("args", [("notes",), (), ("no-such-folder", "x"), ("notes", "  "),
                                  ("notes", "x", "--limit", "0"), ("notes", "x", "--limit", "a"),
                                  ("notes", "x", "--bogus")])
def test_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = lectern(*args, cache=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip()


def test_a_query_starting_with_a_dash_follows_two_dashes(tmp_path: Path) -> None:
    done = lectern("notes", "--", "-zzz russia", cache=tmp_path)
    assert done.returncode == 0 and "role_of_russia" in done.stdout


def test_check_builds_no_search_index_and_search_still_finds(tmp_path: Path) -> None:
    # A check needs no full-text index (building it doubled a cold check); the cache it
    # leaves must not hide notes from a later search (they are read again for it).
    env = {**os.environ, "LECTERN_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "viewer.cli", "check", "notes"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode in (0, 1), done.stderr
    assert any(tmp_path.glob("vault-*.sqlite3")) and not any(tmp_path.glob("search-*.sqlite3"))
    found = lectern("notes", "Yerevan", cache=tmp_path)
    assert found.returncode == 0 and "come to Yerevan's aid" in found.stdout
