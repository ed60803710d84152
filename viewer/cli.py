"""The `lectern` command: `lectern [VAULT] [--note N] [--at T]`, `lectern check`,
`lectern screenshot`."""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import sys
from pathlib import Path

from viewer.core.cache import Cache
from viewer.core.summary import vault_summary
from viewer.core.vault import load_index

USAGE_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    multiprocessing.freeze_support()  # first: a frozen app's workers start through here
    argv = sys.argv[1:] if argv is None else argv
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if argv[:1] == ["check"]:
        return check(argv[1:])
    if argv[:1] == ["screenshot"]:
        from viewer.ui.app import screenshot_main

        return screenshot_main(argv[1:])
    from viewer.ui.app import gui_main

    return gui_main(argv)


def _vault_arg(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{value!r} is not a folder")
    return path


def check(argv: list[str]) -> int:
    """`lectern check VAULT [--json]`: figures and problems; exit 0 clean, 1 problems, 2 usage."""
    parser = argparse.ArgumentParser(prog="lectern check",
                                     description="Index a vault and report its problems.")
    parser.add_argument("vault", type=_vault_arg, help="folder of .md/.txt notes")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-cache", action="store_true", help="parse every file again")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return USAGE_ERROR if exc.code else 0
    cache = None if args.no_cache else Cache(args.vault)
    index, stats = load_index(args.vault, cache)
    summary = {"vault": str(args.vault.resolve()), **vault_summary(index),
               "load": {"files": stats.files, "parsed": stats.parsed, "cached": stats.cached,
                        "seconds": round(stats.seconds, 3)}}
    if cache is not None:
        summary["cache"] = {"file": str(cache.file), "problem": cache.problem}
        cache.close()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary)
    return 1 if summary["problems"] else 0


def _print_summary(s: dict) -> None:
    links = s["links"]
    print(f"Vault       {s['vault']}")
    print(f"Notes       {s['notes']}")
    print(f"Channels    {s['channels']}")
    print(f"Videos      {s['videos']}")
    print(f"Links       {links['total']} ({links['resolved']} resolved, "
          f"{links['unresolved']} unresolved) to {links['targets']} targets")
    print(f"Topics      {s['topics']}")
    print(f"Timestamps  {s['timestamps']}")
    for topic in s["top_topics"][:5]:
        print(f"  topic {topic['slug']} ({topic['mentions']} mentions)")
    if s.get("cache", {}).get("problem"):
        print(f"Cache       {s['cache']['problem']}")
    print(f"Problems    {len(s['problems'])}")
    for problem in s["problems"]:
        where = f"{problem['file']}:{problem['line']}" if problem["line"] else problem["file"]
        print(f"  {where}: {problem['message']}")


if __name__ == "__main__":
    sys.exit(main())
