"""Run `LAUNCHER --smoke-test` as CI does (issue 13): with the network unreachable where a
network namespace can be made (`unshare -n`), a time limit, and stderr checked line by line
against packaging/smoke-allowed-stderr.txt. Exit 0 only if the smoke test passed and printed
nothing unexpected on stderr.

Usage: python packaging/check_smoke.py dist/Lectern/lectern [--timeout S]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ALLOWED = Path(__file__).resolve().parent / "smoke-allowed-stderr.txt"


def allowed_patterns(path: Path = ALLOWED) -> list[re.Pattern[str]]:
    """The allow-list: one regex per line that is neither blank nor a # comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [re.compile(line) for line in lines if line.strip() and not line.startswith("#")]


def unexpected_lines(stderr: str, patterns: list[re.Pattern[str]]) -> list[str]:
    """The lines of `stderr` that no pattern matches in full."""
    return [line for line in stderr.splitlines()
            if line.strip() and not any(p.fullmatch(line) for p in patterns)]


def offline_prefix() -> list[str]:
    """`unshare -n` (no network but loopback, down) when it works here, else [] with a note:
    an unprivileged container may forbid new namespaces."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True,
                                  check=False).returncode == 0:
        return [unshare, "-n"]
    print("check_smoke: cannot make a network namespace (unshare -n); running with the "
          "network (the smoke test never goes online)", file=sys.stderr)
    return []


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="check_smoke")
    parser.add_argument("launcher", type=Path)
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    command = [*offline_prefix(), str(args.launcher), "--smoke-test"]
    print("check_smoke: " + " ".join(command))
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout,
                                check=False)
    except subprocess.TimeoutExpired:
        print(f"check_smoke: no answer within {args.timeout:g} s", file=sys.stderr)
        return 1
    sys.stdout.write(result.stdout)
    unexpected = unexpected_lines(result.stderr, allowed_patterns())
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        print(f"check_smoke: the smoke test exited {result.returncode}", file=sys.stderr)
        return 1
    if unexpected:
        print("check_smoke: unexpected stderr lines (add a pattern to "
              f"{ALLOWED.name} only with a reason):", file=sys.stderr)
        for line in unexpected:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("check_smoke: passed, stderr holds only allowed lines")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
