"""The search query language: whatever is typed compiles to an FTS5 expression that FTS5
accepts (hypothesis fuzzes it against a real FTS5 table), or to nothing with a reason."""

from __future__ import annotations

import sqlite3
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from viewer.core.search import COLUMNS
from viewer.core.search_query import MAX_QUERY_CHARS, compile_query

PIECES = ['"', "(", ")", "*", "-", ":", "^", "+", "{", "}", " ", " ", "\n", "\x00", "\t", "OR",
          "AND", "NOT", "NEAR", "NEAR(", "|", "title:", "channel:", "video:", "tag:", "topic:",
          "path:", "body:", "rank:", "a", "b", "word", "méxico", "Москва", "東京", "🙂", "_",
          "'", "\\", ",", ".", "#", "\ud800", "\u0301", "\ue000", "a*", "-x", '"a b"']


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    columns = ", ".join(name for name, _ in COLUMNS)
    db.execute(f"CREATE VIRTUAL TABLE docs USING fts5({columns},"
               " tokenize='unicode61 remove_diacritics 2')")
    db.execute(f"INSERT INTO docs VALUES ({', '.join('?' * len(COLUMNS))})",
               ("a word", "b", "heading", "méxico Москва \x0f東\x0f\x0f京\x0f", "chan", "vid",
                "tag", "topic", "path.md"))
    return db


def assert_accepted(db: sqlite3.Connection, query: str) -> None:
    compiled = compile_query(query)
    if compiled.match is not None:
        db.execute("SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ?",
                   (compiled.match,)).fetchall()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_pieces_of_syntax_always_compile_to_accepted_fts5(fts: sqlite3.Connection,
                                                          query: str) -> None:
    assert_accepted(fts, query)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_any_text_compiles_to_accepted_fts5(fts: sqlite3.Connection, query: str) -> None:
    assert_accepted(fts, query)


@pytest.mark.parametrize("query, expected", [
    ("Yerevan", '"Yerevan"'),
    ("a b", '"a" AND "b"'),
    ('"peace agreement" russia', '"peace agreement" AND "russia"'),
    ("bro*", '"bro" *'),
    ("a -b", '("a") NOT "b"'),
    ("a OR b c", '("a" OR "b") AND "c"'),
    ("NEAR(a b)", '"NEAR" AND ("a" AND "b")'),
    ("title:x", '{title aliases} : "x"'),
    ("tag:a*", '{tags} : "a" *'),
    ('path:"a b"', '{path} : "a b"'),
    ("topic:Border-Dispute", '{links} : ("Border-Dispute" OR "borderdispute")'),
    ('say "x""', '"say" AND "x"'),
    ("東京", '"東  京"'),
    ("a AND b", '"a" AND "b"'),
    ("a NOT b", '("a") NOT "b"'),
    ("x:y", '"x:y"'),
])
def test_compiled_forms(query: str, expected: str) -> None:
    assert compile_query(query).match == expected


@pytest.mark.parametrize("query", ["", "   ", "*", "-x", "NOT x", "()", "title:", '""', "-"])
def test_nothing_to_search_for_says_so(query: str) -> None:
    compiled = compile_query(query)
    assert compiled.match is None


def test_huge_queries_are_cut_and_compile_fast(fts: sqlite3.Connection) -> None:
    for query in ("word " * 5000, "(" * 10_000, '"' * 10_000, "a*" * 5000, "-x " * 4000):
        started = time.process_time()
        compiled = compile_query(query)
        assert time.process_time() - started < 0.5
        assert compiled.notes or compiled.match is None
        assert_accepted(fts, query)
    assert "first" in " ".join(compile_query("w " * MAX_QUERY_CHARS).notes)
