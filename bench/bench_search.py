"""Benchmark full-text search (issue 14) on the generated 50k-note vault.

Budgets: search p95 <= 30 ms over QUERIES (and the same queries through `rg -l -i` over the
same files, ratio printed: beat it); building the search index adds at most 50% to the cold
index time; updating one edited note <= 50 ms; the index's size on disk is printed.
Cold loads run in fresh processes (as bench_core's), with and without the search index.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.vaultgen import cached_vault

N_NOTES = 50_000
SEARCH_P95_MS = 30.0
COLD_EXTRA = 0.5
UPDATE_MS = 50.0
# (query, what `rg -l -i` looks for: the query's most telling literal, as a grep user would).
QUERIES: list[tuple[str, str]] = [
    # common words
    ("the", "the"), ("history", "history"), ("Russia", "russia"), ("python", "python"),
    ("recursion", "recursion"), ("expected", "expected"), ("percent", "percent"),
    ("special case", "special case"), ("memory management", "memory management"),
    ("gradient descent", "gradient descent"), ("Einstein relativity", "einstein"),
    # rare words
    ("Hossenfelder", "hossenfelder"), ("Zettelkasten", "zettelkasten"), ("1895", "1895"),
    ("WebAssembly", "webassembly"), ("Noether", "noether"), ("Readwise", "readwise"),
    ("Kosovo", "kosovo"), ("Heisenberg", "heisenberg"), ("telescope", "telescope"),
    # phrases
    ('"garbage collection"', "garbage collection"), ('"peace agreement"', "peace agreement"),
    ('"the borrow checker"', "the borrow checker"), ('"special relativity"', "special relativity"),
    ('"frozen conflict"', "frozen conflict"), ('"weekly reviews"', "weekly reviews"),
    ('"carefully timing the change"', "carefully timing the change"),
    # prefixes
    ("eigen*", "eigen"), ("recur*", "recur"), ("kube*", "kube"), ("quant*", "quant"),
    ("sanc*", "sanc"), ("popularis*", "popularis"),
    # operators
    ("russia -turkey", "russia"), ("rust OR haskell", "rust"), ("euler gauss riemann", "euler"),
    ('"dark matter" einstein', "dark matter"), ("(notion OR obsidian) -evernote", "notion"),
    # filters
    ("channel:jameskerlindsay", "[[jameskerlindsay"), ("title:euler", "title: euler"),
    ("topic:garbage_collection", "[[garbage_collection"), ("tag:history", "history"),
    ("path:euler*", "euler"), ("title:fourier series", "fourier"),
    ("video:xAPYPOtu6Mr", "xAPYPOtu6Mr"), ("tag:closures recursion", "closures"),
    # non-Latin and diacritics
    ("Poincare", "poincar"), ("Schrödinger", "schrödinger"), ("Cote d'Ivoire", "ivoire"),
    ("Москва", "москва"), ("東京", "東京"), ("日本語の", "日本語の"), ("Ελλάδα", "ελλάδα"),
    ("naïve", "naïve"),
]


def cold(vault: Path, cache_dir: Path, search: bool) -> dict[str, float]:
    """One cold load in a child process (`search`: with the search index beside the cache)."""
    code = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from viewer.core.cache import Cache\n"
        "from viewer.core.index import LinkIndex\n"
        "from viewer.core.vault import LoadStats, iter_load\n"
        "root = Path(sys.argv[1]); index = LinkIndex(); stats = LoadStats()\n"
        "t0 = time.perf_counter()\n"
        "for up, rm in iter_load(root, Cache(root, Path(sys.argv[2])), stats,"
        " search=sys.argv[3] == '1'):\n"
        "    index.apply(up, rm, notify=False)\n"
        "t1 = time.perf_counter()\n"
        "me = resource.getrusage(resource.RUSAGE_SELF)\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'load_s': t1 - t0, 'notes': len(index), 'parsed': stats.parsed,"
        " 'cpu_s': me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime,"
        " 'rss_mb': me.ru_maxrss / 1024, 'worker_rss_mb': kids.ru_maxrss / 1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(vault), str(cache_dir),
                          "1" if search else "0"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def search_times(vault: Path, cache_dir: Path) -> tuple[list[float], list[int]]:
    """Milliseconds of each query (after one warm-up round), and the hits of each."""
    from viewer.core.search import SearchIndex

    index = SearchIndex(vault, cache_dir)
    try:
        for query, _ in QUERIES:  # warm the connection and the OS cache of the index
            index.search(query)
        times, hits = [], []
        for query, _ in QUERIES:
            started = time.perf_counter()
            result = index.search(query, 50)
            times.append((time.perf_counter() - started) * 1000)
            hits.append(len(result.hits))
        return times, hits
    finally:
        index.close()


def rg_times(vault: Path) -> list[float] | None:
    """Milliseconds of `rg -l -i -F` for each query's literal, or None without ripgrep."""
    rg = shutil.which("rg")
    if rg is None:
        return None
    times = []
    for _, literal in QUERIES:
        started = time.perf_counter()
        subprocess.run([rg, "-l", "-i", "-F", "--", literal, "."], cwd=vault,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - started) * 1000)
    return times


def update_times(vault: Path, cache_dir: Path, edits: int = 7) -> list[float]:
    """Milliseconds to bring cache and search index to one edited note (as a live reload of
    the open note does: `iter_load(only=[path])`), each edit a new word; the note is restored."""
    from viewer.core.cache import Cache
    from viewer.core.search import SearchIndex
    from viewer.core.vault import iter_load

    path = sorted(p for p in os.listdir(vault) if p.endswith(".md"))[123]
    full = vault / path
    original, stat = full.read_bytes(), full.stat()
    times = []
    index = SearchIndex(vault, cache_dir)
    try:
        for i in range(edits):
            word = f"benchedit{i}x"
            full.write_bytes(original + f"\nA new line with {word}.\n".encode())
            os.utime(full, ns=(stat.st_atime_ns, stat.st_mtime_ns + (i + 1) * 1000))
            known = {path: (stat.st_size, stat.st_mtime_ns)}
            cache = Cache(vault, cache_dir)
            started = time.perf_counter()
            for _ in iter_load(vault, cache, known=known, only=[path], search=index):
                pass
            times.append((time.perf_counter() - started) * 1000)
            cache.close()
            assert [h.path for h in index.search(word).hits] == [path], "edit not indexed"
    finally:
        full.write_bytes(original)
        os.utime(full, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        index.close()
    return times


def main() -> None:
    """Print the figures."""
    print(f"== search: {N_NOTES} notes ==")
    vault = cached_vault(N_NOTES)
    for path in vault.rglob("*.md"):  # read once: every run finds the files in RAM
        path.read_bytes()
    plain_dir = Path(tempfile.mkdtemp(prefix="lectern-bench-search-"))
    search_dir = Path(tempfile.mkdtemp(prefix="lectern-bench-search-"))
    try:
        plain = cold(vault, plain_dir, search=False)
        with_search = cold(vault, search_dir, search=True)
        extra = with_search["load_s"] / plain["load_s"] - 1
        print(f"cold index without search: {plain['load_s']:.2f} s (CPU {plain['cpu_s']:.1f} s,"
              f" peak RSS {plain['rss_mb']:.0f} MB, workers {plain['worker_rss_mb']:.0f} MB);"
              f" with search: {with_search['load_s']:.2f} s (CPU {with_search['cpu_s']:.1f} s,"
              f" peak RSS {with_search['rss_mb']:.0f} MB, workers"
              f" {with_search['worker_rss_mb']:.0f} MB): +{extra:.0%}  budget"
              f" +{COLD_EXTRA:.0%} {'OK' if extra <= COLD_EXTRA else 'MISSED'}")
        size = sum(f.stat().st_size for f in search_dir.glob("search-*"))
        files = sum(f.stat().st_size for f in vault.rglob("*.md"))
        print(f"search index on disk: {size / 2**20:.0f} MB (notes: {files / 2**20:.0f} MB)")
        times, hits = search_times(vault, search_dir)
        p95 = _p95(times)
        slowest = sorted(zip(times, (q for q, _ in QUERIES)), reverse=True)[:3]
        print(f"search over {len(QUERIES)} queries: p95 {p95:.1f} ms, median "
              f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms  budget "
              f"{SEARCH_P95_MS:.0f} ms {'OK' if p95 <= SEARCH_P95_MS else 'MISSED'}; slowest: "
              + ", ".join(f"{q!r} {t:.0f} ms" for t, q in slowest)
              + f"; {sum(1 for h in hits if h)} queries found notes")
        rg = rg_times(vault)
        if rg is None:
            print("rg -l -i: ripgrep not installed (apt-get install ripgrep); comparison skipped")
        else:
            ratio = _p95(rg) / p95
            print(f"rg -l -i over the same files: p95 {_p95(rg):.0f} ms, median "
                  f"{statistics.median(rg):.0f} ms: search is {ratio:.0f}x faster at p95 "
                  f"{'OK' if ratio > 1 else 'MISSED'}")
        updates = update_times(vault, search_dir)
        worst = max(updates)
        print(f"update one edited note: median {statistics.median(updates):.1f} ms, max "
              f"{worst:.1f} ms  budget {UPDATE_MS:.0f} ms "
              f"{'OK' if statistics.median(updates) <= UPDATE_MS else 'MISSED'}")
    finally:
        shutil.rmtree(plain_dir, ignore_errors=True)
        shutil.rmtree(search_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
