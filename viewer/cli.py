"""The `lectern` command: `lectern [VAULT] [--note N] [--at T]`, `lectern check`,
`lectern export`, `lectern screenshot`."""

from __future__ import annotations

import argparse
import io
import json
import logging
import multiprocessing
import os
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
    if argv[:1] == ["export"]:
        return export(argv[1:])
    if argv[:1] == ["--smoke-test"]:
        from viewer.ui.smoke import smoke_main

        return smoke_main(argv[1:])
    if argv[:1] == ["search"]:
        from viewer.search_cli import search_main

        return search_main(argv[1:])
    if argv[:1] == ["screenshot"]:
        from viewer.ui.app import screenshot_main

        return screenshot_main(argv[1:])
    from viewer.ui.app import gui_main

    return gui_main(argv)


def folder_problem(path: Path) -> str | None:
    """Why `path` cannot be opened as a vault ("'x' is not a folder: it does not exist",
    "cannot read the folder 'x': Permission denied"), or None when it can."""
    shown = repr(str(path))
    if not path.exists():
        return f"{shown} is not a folder: it does not exist"
    if not path.is_dir():
        return f"{shown} is not a folder"
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"cannot read the folder {shown}: {exc.strerror or exc}"
    return None


def _vault_arg(value: str) -> Path:
    """A vault folder that exists and can be listed (argparse type; errors exit 2)."""
    path = Path(value).expanduser()
    problem = folder_problem(path)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return path


def check(argv: list[str]) -> int:
    """`lectern check VAULT [--json]`: figures and problems; exit 0 clean, 1 problems, 2 usage
    or a vault folder that cannot be read.

    Unreadable subfolders are problems (file: the folder). Output cut short by its reader
    (`lectern check BIG | head`) is not an error: the exit code stays the check's.
    """
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
    # No full-text index: a check needs none, and building it doubles a cold check's time.
    index, stats = load_index(args.vault, cache, search=False)
    if cache is not None:
        cache.close()
    if any(folder == "." for folder, _reason in stats.unreadable):  # since the argument check
        reason = dict(stats.unreadable)["."]
        print(f"lectern check: cannot read the folder {str(args.vault)!r}: {reason}",
              file=sys.stderr)
        return USAGE_ERROR
    summary = {"vault": str(args.vault.resolve()), **vault_summary(index),
               "load": {"files": stats.files, "parsed": stats.parsed, "cached": stats.cached,
                        "seconds": round(stats.seconds, 3)}}
    summary["problems"][:0] = [{"file": folder, "line": 0,
                                "message": f"cannot read this folder: {reason}"}
                               for folder, reason in sorted(stats.unreadable)]
    summary["problems"][:0] = [{"file": path, "line": 0, "message": reason}
                               for path, reason in sorted(stats.skipped)]
    if cache is not None:
        summary["cache"] = {"file": str(cache.file), "problem": cache.problem}
    code = 1 if summary["problems"] else 0
    try:
        if args.json:
            print(_json_text(summary))
        else:
            if isinstance(sys.stdout, io.TextIOWrapper):  # names that are not UTF-8: as ls does
                sys.stdout.reconfigure(errors="surrogateescape")
            _print_summary(summary)
        sys.stdout.flush()
    except BrokenPipeError:
        _drop_stdout()
    return code


def export(argv: list[str]) -> int:
    """`lectern export VAULT --note NOTE OUT.html|OUT.pdf`: one note as a standalone page
    (`viewer.export`) or a PDF of it; exit 0 written, 1 failed, 2 usage."""
    parser = argparse.ArgumentParser(prog="lectern export",
                                     description="Export one note as HTML or PDF.")
    parser.add_argument("vault", type=_vault_arg, help="folder of .md/.txt notes")
    parser.add_argument("--note", required=True, help="note path, title, alias or slug")
    parser.add_argument("out", type=Path, help="file to write: .html or .pdf")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return USAGE_ERROR if exc.code else 0
    if args.out.suffix.lower() not in (".html", ".htm", ".pdf"):
        print("lectern export: the output file must end in .html or .pdf", file=sys.stderr)
        return USAGE_ERROR
    from viewer.export import ExportError, export_vault_note

    try:
        exported = export_vault_note(args.vault, args.note)
        if args.out.suffix.lower() == ".pdf":
            from viewer.ui.export_pdf import pdf_main

            why = pdf_main(exported, args.out)
            if why:
                raise ExportError(why)
        else:
            args.out.write_text(exported.html, encoding="utf-8")
    except (ExportError, OSError) as exc:
        print(f"lectern export: {exc}", file=sys.stderr)
        return 1
    if exported.plain:
        print(f"lectern export: the note is {exported.plain}; exported as plain text",
              file=sys.stderr)
    return 0


def _json_text(summary: dict) -> str:
    """JSON of `summary`; with \\u escapes when stdout cannot hold it as text (a file name
    that is not UTF-8 is a lone surrogate, which json.loads turns back into the same str)."""
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(summary, ensure_ascii=True, indent=2)
    return text


def _drop_stdout() -> None:
    """The reader of stdout went away (`| head`): send the rest to devnull, so that Python's
    flush at exit does not raise again (the recipe of Python's `signal` module docs)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _print_summary(s: dict) -> None:
    links = s["links"]
    print(f"Vault       {s['vault']}")
    print(f"Notes       {s['notes']}")
    print(f"Channels    {s['channels']}")
    print(f"Videos      {s['videos']}")
    print(f"Links       {links['total']} ({links['resolved']} resolved, "
          f"{links['unresolved']} unresolved) to {links['targets']} targets")
    embeds = s["embeds"]
    notes, files = embeds["notes"], embeds["files"]
    print(f"Embeds      {embeds['total']} ({notes} note{'' if notes == 1 else 's'}, "
          f"{files} file{'' if files == 1 else 's'}, "
          f"{embeds['missing']} missing; not counted as links)")
    print(f"Topics      {s['topics']}")
    print(f"Timestamps  {s['timestamps']}")
    for topic in s["top_topics"][:5]:
        count = topic["mentions"]
        print(f"  topic {topic['slug']} ({count} mention{'' if count == 1 else 's'})")
    if s.get("cache", {}).get("problem"):
        print(f"Cache       {s['cache']['problem']}")
    print(f"Problems    {len(s['problems'])}")
    for problem in s["problems"]:
        where = f"{problem['file']}:{problem['line']}" if problem["line"] else problem["file"]
        print(f"  {where}: {problem['message']}")


if __name__ == "__main__":
    sys.exit(main())
