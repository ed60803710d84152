"""`lectern search` finds what was said in a video, as the search panel does (issues 14, 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VTT = "WEBVTT\n\n00:00:09.000 --> 00:00:14.000\nfourth cue about Yerevan\n"


def lectern(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LECTERN_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "viewer.cli", "search", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env=env)


def test_cli_searches_transcripts_with_a_fresh_cache(tmp_path: Path) -> None:
    """Seen: with a cache no window had filled, `lectern search VAULT Yerevan` exited 1."""
    vault = tmp_path / "vault"
    (vault / "media").mkdir(parents=True)
    (vault / "talk.md").write_text("---\ntitle: Talk\nvideoId: VIDEOID0001\n---\nNotes.\n",
                                   encoding="utf-8")
    vtt = vault / "media" / "Some Talk [VIDEOID0001].en.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    done = lectern(str(vault), "Yerevan", cache=tmp_path / "cache")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "media/Some Talk [VIDEOID0001].en.vtt — Said in “Some Talk” (en)"
    # where it was said is a time; a cue has no file line to print ("line 1" before)
    assert lines[1] == "    [0:09] fourth cue about Yerevan"
    found = lectern(str(vault), "Yerevan", "--json", cache=tmp_path / "cache")
    snippet = json.loads(found.stdout)["results"][0]["snippets"][0]
    assert (snippet["time"], snippet["line"]) == ("0:09", None)
    # an edited transcript is searched as it is now, a deleted one no more
    vtt.write_text(VTT.replace("Yerevan", "Gyumri"), encoding="utf-8")
    os.utime(vtt, ns=(1, 10**18))
    assert lectern(str(vault), "Yerevan", cache=tmp_path / "cache").returncode == 1
    assert lectern(str(vault), "Gyumri", cache=tmp_path / "cache").returncode == 0
    vtt.unlink()
    assert lectern(str(vault), "Gyumri", cache=tmp_path / "cache").returncode == 1
