"""`lectern search VAULT QUERY [--json] [--limit N]`: the search panel's engine on the command
line (issue 14).

Brings the vault's parse cache and search index up to date (only changed notes are read),
then prints the ranked notes: path and title, then each snippet with its heading, timestamp
and file line. Exit status: 0 with results, 1 with none, 2 on a usage error (no such
folder, an empty query, a bad --limit). A query starting with `-` follows `--`:
`lectern search VAULT -- -draft topic:x`.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from viewer.cli import USAGE_ERROR, _drop_stdout, _json_text, _vault_arg
from viewer.core.cache import Cache
from viewer.core.media_scan import MediaScan
from viewer.core.search import SearchIndex, SearchResult
from viewer.core.timecode import format_time
from viewer.core.transcript_search import index_transcripts, is_transcript_path
from viewer.core.vault import LoadStats, iter_load

DEFAULT_LIMIT = 20
_BOLD, _PLAIN = "\x1b[1m", "\x1b[0m"


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= number <= 10_000:
        raise argparse.ArgumentTypeError("must be between 1 and 10000")
    return number


def search_main(argv: list[str]) -> int:
    """Run `lectern search`; return the exit status."""
    parser = argparse.ArgumentParser(prog="lectern search",
                                     description="Search the notes of a vault.")
    parser.add_argument("vault", type=_vault_arg, help="folder of .md/.txt notes")
    parser.add_argument("query", help='words, "phrases", prefix*, -exclude, OR, and filters '
                        "title: channel: video: tag: topic: path:")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT,
                        help=f"most notes to list (default {DEFAULT_LIMIT})")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return USAGE_ERROR if exc.code else 0
    if not args.query.strip():
        print("lectern search: the query is empty", file=sys.stderr)
        return USAGE_ERROR
    root: Path = args.vault
    cache = Cache(root)
    index = SearchIndex(root)
    try:
        stats = LoadStats()
        for _batch in iter_load(root, cache, stats, search=index):
            pass
        # Transcripts too, as the window indexes them (issue 17): without this a fresh cache
        # found none, and an old one the transcripts of the last window's run.
        index_transcripts(index, root, MediaScan.scan(root).all_captions())
        result = index.search(args.query, args.limit)
    finally:
        cache.close()
        index.close()
    if any(folder == "." for folder, _reason in stats.unreadable):
        reason = dict(stats.unreadable)["."]
        print(f"lectern search: cannot read the folder {str(root)!r}: {reason}", file=sys.stderr)
        return USAGE_ERROR
    try:
        if args.json:
            print(_json_text(as_json(root, args.query, result)))
        else:
            if isinstance(sys.stdout, io.TextIOWrapper):  # names that are not UTF-8: as ls does
                sys.stdout.reconfigure(errors="surrogateescape")
            if result.message:
                print(result.message, file=sys.stderr)
            _print(result, sys.stdout.isatty())
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
    return 0 if result.hits else 1


def as_json(root: Path, query: str, result: SearchResult) -> dict[str, object]:
    """The `--json` object (README "lectern search"): vault, query, message, truncated, and
    results, best first: path, title, score, snippets (text, segments [[text, is_match]],
    heading, seconds, time, video_id, line (null for a transcript), match_text)."""
    return {
        "vault": str(root.resolve()),
        "query": query,
        "message": result.message,
        "truncated": result.truncated,
        "results": [{
            "path": hit.path,
            "title": hit.title,
            "score": round(hit.score, 6),
            "snippets": [{
                "text": snippet.text,
                "segments": [[text, is_match] for text, is_match in snippet.segments],
                "heading": snippet.heading,
                "seconds": snippet.seconds,
                "time": None if snippet.seconds is None else format_time(snippet.seconds),
                "video_id": snippet.video_id,
                "line": None if is_transcript_path(hit.path) else snippet.line,
                "match_text": snippet.match_text,
            } for snippet in hit.snippets],
        } for hit in result.hits],
    }


def _print(result: SearchResult, bold: bool) -> None:
    for hit in result.hits:
        print(f"{hit.path} — {hit.title}")
        for snippet in hit.snippets:
            # A transcript's "line" is its cue text's, not a file line: its time says where.
            where = [] if is_transcript_path(hit.path) else [f"line {snippet.line}"]
            if snippet.seconds is not None:
                where.insert(0, format_time(snippet.seconds))
            if snippet.heading:
                where.insert(0, f"§ {snippet.heading}")
            text = "".join(f"{_BOLD}{t}{_PLAIN}" if m and bold else t
                           for t, m in snippet.segments)
            print(f"    [{' · '.join(where)}] {text}")
    if result.truncated:
        print(f"(more notes match; --limit {len(result.hits)} listed the best)")

