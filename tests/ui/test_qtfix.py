"""The PySide6 workaround keeps None and True alive however often Qt is called."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import viewer.ui  # noqa: F401 - applies the workaround


class Emitter(QObject):
    number = Signal(int)


def test_emits_and_void_calls_do_not_drain_singletons() -> None:
    emitter = Emitter()
    seen: list[object] = []
    emitter.number.connect(seen.append)
    for i in range(50_000):
        emitter.number.emit(i)
        emitter.setObjectName("x")  # a void call
    seen.clear()
    assert sys.getrefcount(True) > 1000 and sys.getrefcount(None) > 1000
