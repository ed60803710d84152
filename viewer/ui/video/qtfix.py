"""WORKAROUND for a PySide6 6.12.0 bug: `SignalInstance.emit()` loses a reference to True.

`emit()` returns `True` without owning a reference to it, so every Python call of
`signal.emit(...)` drops one reference to `True`; after a few hundred emits the
interpreter aborts with "bool_dealloc: deallocating True or False" (seen here at exit
of the test run). Signals emitted by Qt itself (C++) are not affected.

All of the video pane's emits go through `emit()` below, which gives the reference back
when (and only when) a probe shows the bug is present.
"""

from __future__ import annotations

import ctypes
import functools
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 16

_py_incref = ctypes.pythonapi.Py_IncRef
_py_incref.argtypes = [ctypes.py_object]
_py_incref.restype = None


class _Probe(QObject):
    fired = Signal()


@functools.cache
def emit_drops_true() -> bool:
    """Whether `SignalInstance.emit()` drops a reference to True (checked once)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.fired.emit()
    dropped = before - sys.getrefcount(True)
    if dropped >= _PROBES // 2:
        for _ in range(_PROBES):
            _py_incref(True)
        return True
    return False


def emit(signal: SignalInstance, *args: object) -> None:
    """`signal.emit(*args)`, without the reference leak of PySide6 6.12.0."""
    signal.emit(*args)
    if emit_drops_true():
        _py_incref(True)
