"""The PySide6 emit workaround keeps True alive however often signals fire."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

import viewer.ui  # noqa: F401 - applies the workaround


class Emitter(QObject):
    number = Signal(int)
    flag = Signal(bool)


def test_emits_do_not_drain_true_and_false() -> None:
    emitter = Emitter()
    seen: list[object] = []
    emitter.number.connect(seen.append)
    emitter.flag.connect(seen.append)
    before = (sys.getrefcount(True), sys.getrefcount(False))
    for i in range(20000):
        emitter.number.emit(i)
        emitter.flag.emit(i % 2 == 0)
    seen.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False))
    assert after[0] >= before[0] and after[1] >= before[1]
