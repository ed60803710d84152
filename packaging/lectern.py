"""Entry script of the frozen app (build.spec): the `lectern` launcher of dist/Lectern/."""

import multiprocessing
import sys

if __name__ == "__main__":
    # First of all: render and index workers start with "spawn", which in a frozen app runs
    # this very executable; freeze_support() turns such a child into the worker it was
    # started for and exits, so that it never reaches the GUI below.
    multiprocessing.freeze_support()
    from viewer.cli import main

    sys.exit(main())
