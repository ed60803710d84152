"""WORKAROUND for PySide6 6.12 on Python 3.11: calls into Qt leak references to None/True.

PySide6 6.12's abi3 wheels return `None` (from every void method: `setText`, `update`,
`setPosition`...) and `True` (from `SignalInstance.emit`) without a new reference. That is
only right where these objects are immortal (Python >= 3.12, PEP 683). On Python 3.11
every such call drops a reference, and after some thousands of calls the interpreter
aborts: "Fatal Python error: none_dealloc: deallocating None" (bench/bench_video.py hit it
after about 100 seeks) or "bool_dealloc" (at the exit of the test run).

`install()` detects the leak with a probe and then gives None, True and False so many
references that they can never reach zero, which is what Python 3.12 does for them.
The real fix is to run Lectern on Python >= 3.12.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject

log = logging.getLogger("lectern.qt")

_PROBES = 32
# Far more references than any run can leak; still far from overflowing a Py_ssize_t.
_HEADROOM = 1 << 48
_installed = False


def calls_leak_none() -> bool:
    """Whether a void call into PySide drops a reference to None (probed)."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= _PROBES // 2


def install() -> bool:
    """Make None, True and False immortal if this PySide leaks them; True if it did.

    Idempotent; does nothing on Python >= 3.12, on debug builds and off CPython.
    """
    global _installed
    if _installed:
        return True
    if (
        sys.version_info >= (3, 12)
        or sys.implementation.name != "cpython"
        or hasattr(sys, "gettotalrefcount")  # debug build: another object layout
        or not calls_leak_none()
    ):
        return False
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a CPython release build.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += _HEADROOM
    _installed = True
    log.info("PySide leaks references to None/True on Python %d.%d: applied the workaround",
             *sys.version_info[:2])
    return True
