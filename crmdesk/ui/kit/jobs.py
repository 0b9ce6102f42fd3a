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
            self._deliver(self.signals.failed, exc)
        else:
            self._deliver(self.signals.finished, result)
        finally:
            _running.discard(self)

    @staticmethod
    def _deliver(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the window that asked is gone (closed, or the application quitting)
            pass


class JobCancelled(Exception):
    """Raised inside a job's progress callback once the user pressed Cancel."""


run_inline = False  # tests set this to run jobs synchronously
_running: set[Job] = set()  # started on the pool and not finished: what finish_all cancels


def start(job: Job) -> Job:
    if run_inline:
        job.run()
    else:
        _running.add(job)
        QThreadPool.globalInstance().start(job)
    return job


def finish_all(timeout_ms: int = 10_000) -> bool:
    """At exit: cancel every job (each stops at its next progress report), drop those not started and wait for
    the rest, so none outlives the store it reads. False when some job still ran after ``timeout_ms``."""
    for job in list(_running):
        job.cancelled = True
    pool = QThreadPool.globalInstance()
    pool.clear()
    return pool.waitForDone(timeout_ms)
