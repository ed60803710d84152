"""Benchmark the vault model: cold index, warm (cache) open, peak RSS, for 10k and 50k notes.

Each measurement runs in a fresh process so that peak RSS and caches are its own.
Budgets (2-core machine): cold 10k <= 1.0 s, cold 50k <= 6 s, warm 50k <= 1.5 s,
peak RSS <= 400 MB at 50k.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.vaultgen import cached_vault

BUDGETS = {("cold", 10_000): 1.0, ("cold", 50_000): 6.0, ("warm", 50_000): 1.5}
RSS_BUDGET_MB = 400


def measure(vault: Path, cache_dir: Path) -> dict[str, float]:
    """Run one load in a child process; return its figures."""
    code = (
        "import json, resource, sys, time\n"
        "t0 = time.perf_counter()\n"
        "from pathlib import Path\n"
        "from viewer.core.cache import Cache\n"
        "from viewer.core.vault import load_index\n"
        "t1 = time.perf_counter()\n"
        "index, stats = load_index(Path(sys.argv[1]), Cache(Path(sys.argv[1]), Path(sys.argv[2])))\n"
        "t2 = time.perf_counter()\n"
        "me = resource.getrusage(resource.RUSAGE_SELF)\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'import_s': t1 - t0, 'load_s': t2 - t1, 'notes': len(index),"
        " 'parsed': stats.parsed, 'cached': stats.cached,"
        " 'cpu_s': me.ru_utime + me.ru_stime, 'worker_cpu_s': kids.ru_utime + kids.ru_stime,"
        " 'rss_mb': me.ru_maxrss / 1024, 'worker_rss_mb': kids.ru_maxrss / 1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(vault), str(cache_dir)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    """Print the figures for 10k and 50k notes."""
    print("== vault model: cold index / warm open (files in the OS page cache) ==")
    for n in (10_000, 50_000):
        started = time.perf_counter()
        vault = cached_vault(n)
        gen_s = time.perf_counter() - started
        for path in vault.rglob("*.md"):  # read once so that both runs find files in RAM
            path.read_bytes()
        cache_dir = Path(tempfile.mkdtemp(prefix="lectern-bench-cache-"))
        try:
            cold = measure(vault, cache_dir)
            warm = measure(vault, cache_dir)
        finally:
            shutil.rmtree(cache_dir, ignore_errors=True)
        for kind, figures in (("cold", cold), ("warm", warm)):
            budget = BUDGETS.get((kind, n))
            verdict = "" if budget is None else (
                f"  budget {budget:.1f} s {'OK' if figures['load_s'] <= budget else 'MISSED'}")
            # CPU seconds (this process, and its workers) say what a load costs when the
            # machine is shared; wall time alone swings with the other load on it.
            print(f"{kind} {n:>6} notes: {figures['load_s']:.3f} s "
                  f"(+{figures['import_s']:.3f} s imports; CPU {figures['cpu_s']:.1f} s + "
                  f"workers {figures['worker_cpu_s']:.1f} s), parsed {figures['parsed']}, "
                  f"cached {figures['cached']}, peak RSS {figures['rss_mb']:.0f} MB "
                  f"(workers {figures['worker_rss_mb']:.0f} MB){verdict}")
        if n == 50_000:
            peak = max(cold["rss_mb"], warm["rss_mb"], cold["worker_rss_mb"])
            print(f"peak RSS at 50k: {peak:.0f} MB  budget {RSS_BUDGET_MB} MB "
                  f"{'OK' if peak <= RSS_BUDGET_MB else 'MISSED'}   (vault ready in {gen_s:.1f} s)")


if __name__ == "__main__":
    main()
