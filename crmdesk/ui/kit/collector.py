"""Python's cyclic garbage collector, run on the GUI thread only.

Left to itself, the collector runs in whichever thread happens to allocate when a generation's threshold is
passed: often a background job (a shop-wide fit, an import) on the thread pool. When the garbage it finds holds a
Qt object (a closed dialog, a card left behind in a reference cycle with its slots), that object is deleted from
the worker thread, and Qt crashes the process. So, as Anki's window does (aqt's GarbageCollector), the automatic
collector is switched off while the window runs and a timer on the GUI thread collects with the same thresholds.
Reference counting still frees everything that is not in a cycle at once, in any thread.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QTimer

CHECK_EVERY_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds, as the automatic collector would."""
        young, middle, old = gc.get_count()
        if young <= self.threshold[0]:
            return 0
        if middle <= self.threshold[1]:
            return gc.collect(0)
        if old <= self.threshold[2]:
            return gc.collect(1)
        return gc.collect(2)

    def stop(self) -> None:
        """Back to the automatic collector (the window is gone; tests that follow run without a window)."""
        self.timer.stop()
        gc.enable()


_installed: MainThreadCollector | None = None


def install(app: QObject) -> MainThreadCollector:
    """Once per application (again after :func:`uninstall`): the collector runs on its thread from now on."""
    global _installed
    if _installed is None or not shiboken6.isValid(_installed):
        _installed = MainThreadCollector(app)
    gc.disable()
    if not _installed.timer.isActive():
        _installed.timer.start()
    return _installed


def uninstall() -> None:
    """Back to the automatic collector, after one collection here (tests that follow run without a window)."""
    if _installed is not None and shiboken6.isValid(_installed):
        _installed.stop()
    gc.collect()
    gc.enable()
