"""Full-text search (issue 14): ranking, snippets, filters, languages, updates, damage."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from viewer.core import search as search_module
from viewer.core.cache import Cache
from viewer.core.search import SearchIndex
from viewer.core.vault import LoadStats, iter_load

HEADER = "---\ntitle: {title}\nvideoId: {video}\n---\n\n"


def write(root: Path, name: str, title: str, body: str, video: str = "abcdefghijk",
          extra: str = "") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    front = HEADER.format(title=title, video=video)
    if extra:
        front = front.replace("---\n\n", extra + "---\n\n", 1)
        front = "---\n" + front[4:]
    path.write_text(front + body, encoding="utf-8")
    return path


def load(root: Path, cache_dir: Path) -> LoadStats:
    """Bring the parse cache and search index beside it up to date, as the app's loader does."""
    stats = LoadStats()
    cache = Cache(root, cache_dir)
    try:
        for _batch in iter_load(root, cache, stats, workers=1):
            pass
    finally:
        cache.close()
    return stats


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    write(root, "armenia.md", "Peace process in the Caucasus",
          "From: [[jameskerlindsay|James Ker-Lindsay]] <br/>\n\n"
          "Intro line without a timestamp.\n\n"
          "## Role of Russia\n\n"
          'Russia brokered the deal <a class="yt-timestamp" data-t="00:01:11">[00:01:11]</a>. '
          "Many expected Russia to come to Yerevan's aid "
          '<a class="yt-timestamp" data-t="00:10:14">[00:10:14]</a>.\n'
          "- A list item about the [[border_dispute|border]] and ceasefire lines "
          '<a class="yt-timestamp" data-t="00:12:00">[00:12:00]</a>.\n\n'
          "## Outcomes\n\nThe <b>peace agreement</b> keeps the conflict frozen.\n",
          extra="tags: [history, caucasus]\naliases: [Karabakh talks]\n")
    write(root, "mexico.md", "Travel notes", "We flew to México City and Querétaro.\n",
          video="mexicoVID01")
    write(root, "moscow.md", "Заметки о Москве", "Москва — столица России. Кремль.\n")
    write(root, "tokyo.md", "旅行", "東京都に住んでいます。京都は古い都市です。\n")
    write(root, "sub/yerevan.md", "Yerevan", "A short note about a city.\n",
          extra="tags: travel\n")
    write(root, "sub/ranking.md", "Ordinary", "Yerevan appears once in this long body. "
          + "Filler words fill the body. " * 40 + "\n")
    write(root, "other_channel.md", "Cooking", "From: [[chef_tv]]\n\nRussia is a word here.\n",
          video="cookingVID1")
    return root


@pytest.fixture
def index(vault: Path, tmp_path: Path) -> SearchIndex:
    load(vault, tmp_path / "cache")
    found = SearchIndex(vault, tmp_path / "cache")
    yield found
    found.close()


def paths(index: SearchIndex, query: str, limit: int = 50) -> list[str]:
    return [hit.path for hit in index.search(query, limit).hits]


def test_the_sample_vault_finds_yerevan(tmp_path: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "notes"
    load(sample, tmp_path)
    result = SearchIndex(sample, tmp_path).search("Yerevan")
    assert [hit.path for hit in result.hits] == [
        "role_of_russia_in_the_nagornokarabakh_peace_process.md"]
    snippet = result.hits[0].snippets[0]
    assert snippet.match_text == "Yerevan" and snippet.seconds == 614
    assert snippet.heading == "Russia's Role During the 2020 Conflict"


def test_a_title_hit_outranks_a_body_hit(index: SearchIndex) -> None:
    found = paths(index, "yerevan")
    assert found[0] == "sub/yerevan.md" and sorted(found[1:]) == ["armenia.md", "sub/ranking.md"]


def test_snippets_mark_words_and_name_heading_timestamp_and_line(index: SearchIndex) -> None:
    hit = next(h for h in index.search("yerevan").hits if h.path == "armenia.md")
    assert hit.path == "armenia.md" and hit.title == "Peace process in the Caucasus"
    [snippet] = hit.snippets
    assert ("Yerevan", True) in snippet.segments
    assert snippet.heading == "Role of Russia"
    assert snippet.seconds == 614 and snippet.video_id == "abcdefghijk"
    assert snippet.line == 14 and snippet.match_text == "Yerevan"
    assert "<a" not in snippet.text and "00:10:14" not in snippet.text
    # A match before the block's first timestamp takes that one; a block without any: None.
    first = index.search('"brokered the deal"').hits[0].snippets[0]
    assert first.seconds == 71 and first.match_text == "brokered the deal"
    assert index.search("intro").hits[0].snippets[0].seconds is None
    # A list item is a block of its own; link labels read as text, HTML tags dropped.
    item = index.search("ceasefire").hits[0].snippets[0]
    assert item.text.startswith("A list item about the border and") and item.seconds == 720
    assert index.search('"peace agreement"').hits[0].snippets[0].text == (
        "The peace agreement keeps the conflict frozen.")


def test_at_most_three_snippets_most_matches_first_in_document_order(tmp_path: Path) -> None:
    root = tmp_path / "v"
    body = "\n\n".join(["alpha once."] * 3 + ["alpha alpha twice."] * 3 + ["alpha x3 alpha alpha."])
    write(root, "a.md", "A", body + "\n")
    load(root, tmp_path / "c")
    snippets = SearchIndex(root, tmp_path / "c").search("alpha").hits[0].snippets
    # Lines 6-18 hold one, one, one, two, two, two and three matches.
    assert [s.line for s in snippets] == [12, 14, 18]


def test_heading_match_snippet_and_link_target_words(index: SearchIndex) -> None:
    snippet = index.search("outcomes").hits[0].snippets[0]
    assert snippet.heading == "Outcomes" and snippet.text == "Outcomes"
    # A link's target is searchable as words; its label is what the snippet shows, marked.
    snippet = index.search('"border dispute"').hits[0].snippets[0]
    assert ("border", True) in snippet.segments


def test_filters(index: SearchIndex) -> None:
    assert paths(index, "channel:jameskerlindsay") == ["armenia.md"]
    assert paths(index, 'channel:"James Ker-Lindsay"') == ["armenia.md"]
    assert paths(index, "russia -channel:chef_tv") == ["armenia.md"]
    assert paths(index, "video:mexicoVID01") == ["mexico.md"]
    assert paths(index, "title:yerevan") == ["sub/yerevan.md"]
    assert paths(index, "title:karabakh") == ["armenia.md"]  # aliases are titles too
    assert sorted(paths(index, "tag:travel")) == ["sub/yerevan.md"]
    assert paths(index, "tag:caucasus") == ["armenia.md"]
    assert paths(index, "topic:border_dispute") == ["armenia.md"]
    assert paths(index, 'topic:"Border Dispute"') == ["armenia.md"]
    assert sorted(paths(index, "path:sub")) == ["sub/ranking.md", "sub/yerevan.md"]
    assert paths(index, "path:sub title:yer*") == ["sub/yerevan.md"]


def test_query_language(index: SearchIndex) -> None:
    assert paths(index, "russia yerevan") == ["armenia.md"]  # all words
    assert sorted(paths(index, "russia OR mexico")) == ["armenia.md", "mexico.md",
                                                       "other_channel.md"]
    assert sorted(paths(index, "(russia OR mexico) -cooking -ceasefire")) == ["mexico.md"]
    assert paths(index, '"many deal"') == []  # a phrase keeps its order
    assert paths(index, '"deal many"') == ["armenia.md"]  # across a timestamp and a stop
    assert paths(index, "brok*") == ["armenia.md"]
    assert paths(index, "NOT yerevan russia") == ["other_channel.md"]
    result = index.search("-russia")
    assert result.hits == [] and "exclusions" in (result.message or "")


def test_diacritics_fold_and_cyrillic_case_folds(index: SearchIndex) -> None:
    assert paths(index, "Mexico") == ["mexico.md"]
    assert paths(index, "queretaro") == ["mexico.md"]
    assert paths(index, "MÉXICO") == ["mexico.md"]
    assert paths(index, "москва") == ["moscow.md"]
    assert paths(index, "МОСКВА") == ["moscow.md"]
    assert paths(index, "кремл*") == ["moscow.md"]
    assert index.search("Mexico").hits[0].snippets[0].match_text == "México"


def test_cjk_is_found_by_substring_of_any_length(index: SearchIndex) -> None:
    assert paths(index, "東京") == ["tokyo.md"]
    assert paths(index, "京") == ["tokyo.md"]
    assert paths(index, "住んで") == ["tokyo.md"]
    assert paths(index, "古い都市") == ["tokyo.md"]
    assert paths(index, "京東") == []  # not a substring
    assert paths(index, "旅行") == ["tokyo.md"] and index.search("旅").hits[0].title == "旅行"
    snippet = index.search("京都").hits[0].snippets[0]
    assert snippet.match_text == "京都" and "\x0f" not in snippet.text
    assert snippet.text == "東京都に住んでいます。京都は古い都市です。"


HOSTILE = ['"unbalanced', "(unclosed", "closed)", ")(", "*", "**", "-", "--", "- -x", "NEAR",
           "NEAR(a b)", "a NEAR b", "AND", "OR", "NOT", "AND OR NOT", "a OR", "OR a", "title:",
           "body:x", "{title}: x", "title : x", "^x", "x^", "x + y", "col:", ":", '"', '""',
           "a\x00b", "\x00", "\x1b[31m", "a" * 10_000, "yerevan " * 2000, "(" * 500,
           '"' * 501, "-(" * 300, "x*" * 400, "\ud800", "日本語" * 1000, "null", "'", "%",
           "rank:1", "rowid:1", "docs:x", "*:x", "tag:*", "path:/", "video:-"]


@pytest.mark.parametrize("query", HOSTILE)
def test_any_text_gives_results_or_a_plain_message(index: SearchIndex, query: str) -> None:
    result = index.search(query)
    assert result.hits or result.message
    for word in ("fts5", "syntax error", "sqlite", "malformed", "no such column"):
        assert word not in (result.message or "").lower()


def test_unbalanced_quotes_and_parentheses_still_search(index: SearchIndex) -> None:
    assert paths(index, '"Yerevan') == paths(index, "yerevan")
    assert paths(index, "(yerevan title:yer*") == ["sub/yerevan.md"]
    assert paths(index, "yerevan)") == paths(index, "yerevan")


def test_limit_bounds_the_work_per_hit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "v"
    for i in range(120):
        write(root, f"n{i:03d}.md", f"Note {i}", "common word here.\n")
    load(root, tmp_path / "c")
    calls: list[int] = []
    real = search_module.snippets
    monkeypatch.setattr(search_module, "snippets", lambda *a: calls.append(1) or real(*a))
    result = SearchIndex(root, tmp_path / "c").search("common", limit=7)
    assert len(result.hits) == 7 and result.truncated and len(calls) == 7


def test_one_edit_rename_and_delete_update_only_those_notes(vault: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load(vault, cache_dir)
    index = SearchIndex(vault, cache_dir)
    assert paths(index, "querétaro") == ["mexico.md"]
    write(vault, "mexico.md", "Travel notes", "Now about Guadalajara only.\n", video="mexicoVID01")
    os.utime(vault / "mexico.md", ns=(1, 10**18))
    (vault / "moscow.md").rename(vault / "moskva.md")
    (vault / "tokyo.md").unlink()
    stats = load(vault, cache_dir)
    assert stats.parsed == 2  # the edited note and the renamed one; nothing else
    assert paths(index, "queretaro") == [] and paths(index, "guadalajara") == ["mexico.md"]
    assert paths(index, "москва") == ["moskva.md"]
    assert paths(index, "東京") == []
    assert sorted(index.known()) == sorted(
        p.relative_to(vault).as_posix() for p in vault.rglob("*.md"))
    index.close()


def test_a_refresh_of_one_file_updates_it_alone_and_fast(vault: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    load(vault, cache_dir)
    known = {p: v for p, v in SearchIndex(vault, cache_dir).known().items()}
    write(vault, "mexico.md", "Travel notes", "Oaxaca instead.\n", video="mexicoVID01")
    os.utime(vault / "mexico.md", ns=(1, 10**18))
    cache = Cache(vault, cache_dir)
    started = time.perf_counter()
    batches = list(iter_load(vault, cache, known=known, only=["mexico.md"], workers=1))
    seconds = time.perf_counter() - started
    cache.close()
    assert [r.path for upserts, _ in batches for r in upserts] == ["mexico.md"]
    assert paths(SearchIndex(vault, cache_dir), "oaxaca") == ["mexico.md"]
    assert seconds < 1.0  # 50 ms budget in make bench; generous here for a loaded machine


def test_a_reader_in_another_thread_sees_the_writer(vault: Path, tmp_path: Path) -> None:
    import threading

    cache_dir = tmp_path / "cache"
    reader = SearchIndex(vault, cache_dir)
    assert reader.search("yerevan").message == "The search index is not built yet."
    load(vault, cache_dir)
    found: list[list[str]] = []
    thread = threading.Thread(target=lambda: found.append(paths(reader, "yerevan")))
    thread.start()
    thread.join()
    assert found[0][0] == "sub/yerevan.md"
    reader.close()


@pytest.mark.parametrize("damage", ["garbage", "old_schema", "missing_table", "empty_file"])
def test_a_damaged_or_old_index_is_rebuilt(vault: Path, tmp_path: Path, damage: str) -> None:
    cache_dir = tmp_path / "cache"
    load(vault, cache_dir)
    index_file = SearchIndex(vault, cache_dir).file
    for suffix in ("-wal", "-shm"):
        Path(str(index_file) + suffix).unlink(missing_ok=True)
    if damage == "garbage":
        index_file.write_bytes(b"this is not a database at all" * 100)
    elif damage == "empty_file":
        index_file.write_bytes(b"")
    else:
        db = sqlite3.connect(index_file)
        if damage == "old_schema":
            db.execute("UPDATE meta SET value='search-0' WHERE key='schema'")
        else:
            db.execute("DROP TABLE notes")
        db.commit()
        db.close()
    reader = SearchIndex(vault, cache_dir)
    result = reader.search("yerevan")  # a reader never fails on it
    assert result.hits or result.message
    load(vault, cache_dir)  # the loader rebuilds it and fills it again from the files
    assert paths(SearchIndex(vault, cache_dir), "yerevan")[0] == "sub/yerevan.md"
    assert paths(reader, "yerevan")[0] == "sub/yerevan.md"  # the reader follows the new file


def test_an_unwritable_cache_folder_is_not_fatal(vault: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    stats = load(vault, blocker / "cache")
    assert stats.files == 7
    result = SearchIndex(vault, blocker / "cache").search("yerevan")
    assert result.hits == [] and result.message


@pytest.mark.parametrize("query", ["common", '"common word"', "commo*", "common -absent"])
def test_beyond_the_window_title_hits_still_come_first(tmp_path: Path, query: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A query matching more than WINDOW notes ranks a bounded part of them (time does not
    grow with the matches); a title hit still comes first where it can be found cheaply."""
    monkeypatch.setattr(search_module, "WINDOW", 5)
    root = tmp_path / "v"
    for i in range(30):
        write(root, f"n{i:03d}.md", f"Note {i}", "A common word here.\n" * (1 + i % 3))
    write(root, "z_title.md", "Common word", "Nothing else.\n")
    load(root, tmp_path / "c")
    result = SearchIndex(root, tmp_path / "c").search(query, limit=4)
    assert len(result.hits) == 4 and result.truncated
    assert "roughly ranked" in (result.message or "")
    if query in ("common", '"common word"'):
        assert result.hits[0].path == "z_title.md"
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert all(h.snippets for h in result.hits if h.path != "z_title.md")
