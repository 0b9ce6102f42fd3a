"""One background helper: run a function on the thread pool, deliver its result on the GUI thread.

Workers never touch widgets; progress travels as a signal. Tests swap the pool for one that runs
jobs at once (``run_inline``), which makes background work deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    """``fn(progress)`` runs off the GUI thread; ``progress(done, total)`` may be called from it."""

    def __init__(self, fn: Callable[[Callable[[int, int], None]], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.cancelled = False

    def report(self, done: int, total: int) -> None:
        if self.cancelled:
            raise JobCancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.fn(self.report)
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread, which shows it
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class JobCancelled(Exception):
    """Raised inside a job's progress callback once the user pressed Cancel."""


run_inline = False  # tests set this to run jobs synchronously


def start(job: Job) -> Job:
    if run_inline:
        job.run()
    else:
        QThreadPool.globalInstance().start(job)
    return job
