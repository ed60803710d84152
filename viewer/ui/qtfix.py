"""Workarounds for bugs in the Qt bindings, applied once when the UI package is imported."""

from __future__ import annotations

import ctypes
import logging
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

log = logging.getLogger("lectern.qt")


def _emit_drops_a_reference() -> int:
    """How many references to True/False 16 emits lose (0 in a correct binding)."""

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.ping.emit()
    return before - sys.getrefcount(True)


def fix_signal_emit() -> bool:
    """WORKAROUND for PySide6 6.12.0: `SignalInstance.emit()` returns True/False without a
    new reference, so every emit from Python takes one reference from True; after a few
    thousand emits the interpreter aborts ("bool_dealloc: deallocating True or False").
    Detected at run time, so a fixed binding is left alone. Returns whether it was applied.
    """
    lost = _emit_drops_a_reference()
    if lost <= 0:
        return False
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    for _ in range(lost):
        incref(True)
    original = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = original(self, *args)
        if result is True or result is False:
            incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    log.debug("applied the SignalInstance.emit reference workaround")
    return True


APPLIED = fix_signal_emit()
