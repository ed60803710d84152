"""The synthetic vault generator used by the benchmarks: deterministic, sized and shaped like
the sample note."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bench.vaultgen import cached_vault, generate_vault, main

N = 50
_ANCHOR = re.compile(r'<a class="yt-timestamp" data-t="([^"]+)">\[[^\]]+\]</a>')
_LINK = re.compile(r"\[\[([^\[\]\n]+)\]\]")
_VIDEO_ID = re.compile(r"^videoId: ([A-Za-z0-9_-]{11})$", re.MULTILINE)


def _read(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_count_determinism_and_sizes(tmp_path: Path) -> None:
    generate_vault(tmp_path / "a", N, seed=1)
    generate_vault(tmp_path / "b", N, seed=1)
    generate_vault(tmp_path / "c", N, seed=2)
    a, b, c = _read(tmp_path / "a"), _read(tmp_path / "b"), _read(tmp_path / "c")
    assert len(a) == N
    assert a == b
    assert a != c
    assert all(path.endswith((".md", ".txt")) for path in a)
    assert any("/" in path for path in a)  # spread over folders
    sizes = [len(text.encode()) for text in a.values()]
    assert all(4000 <= s <= 15500 for s in sizes), sizes


def test_notes_look_like_the_sample(tmp_path: Path) -> None:
    generate_vault(tmp_path, N, seed=3)
    notes = _read(tmp_path)
    videos: Counter[str] = Counter()
    for path, text in notes.items():
        assert text.startswith("---\n"), path
        front, _, body = text[4:].partition("\n---\n")
        assert "videoId:" in front
        videos.update(_VIDEO_ID.findall(front))
        assert re.search(r"^From: \[\[[a-z0-9_]+\]\] <br/> $", body, re.MULTILINE), path
        assert re.search(r"^## \S", body, re.MULTILINE), path
        stamps = _ANCHOR.findall(body)
        assert 18 <= len(stamps) <= 65, (path, len(stamps))
        assert 15 <= len(_LINK.findall(body)) <= 50, path
    joined = "\n".join(notes.values())
    assert "\n*   " in joined and "**" in joined
    assert " | " in joined  # [[target | label]] links
    assert max(videos.values()) >= 2  # several notes share a video
    slugs = {Path(p).stem for p in notes}
    targets = [t.split("|")[0].split("#")[0].strip() for t in _LINK.findall(joined)]
    share = sum(t in slugs for t in targets) / len(targets)
    assert 0.2 < share < 0.8  # links both to notes and to topics that have none
    times = [_ANCHOR.findall(text) for text in notes.values()]
    assert any(ts != sorted(ts) for ts in times)  # not in time order, like the sample


def test_cached_vault_and_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LECTERN_BENCH_DIR", str(tmp_path / "cache"))
    first = cached_vault(20, seed=4)
    assert first == tmp_path / "cache" / "n20-s4"
    assert len(_read(first)) == 20
    marker = next(first.rglob("*.md"))
    marker.write_text("touched", encoding="utf-8")  # a second call must not regenerate
    assert cached_vault(20, seed=4) == first
    assert marker.read_text(encoding="utf-8") == "touched"
    main([str(tmp_path / "cli"), "10", "--seed", "4"])
    assert "10 files" in capsys.readouterr().out
    assert len(_read(tmp_path / "cli")) == 10
