"""One background helper: run a function on the thread pool, deliver its result on the GUI thread.

Workers never touch widgets; progress travels as a signal. Tests swap the pool for one that runs
jobs at once (``run_inline``), which makes background work deterministic.

Screens use :class:`Task` (as Picard's ``run_task`` and Anki's ``CollectionOp``): one kind of background work
a screen repeats, with progress, cancel, stale results dropped (a newer run supersedes an older one) and
errors, all delivered on the GUI thread. :class:`Job` and :func:`start` are the plumbing underneath.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot


class JobSignals(QObject):
    """Each signal carries its job first, so one receiver tells the runs apart (no object per run to delete)."""

    progress = Signal(object, int, int)
    finished = Signal(object, object)
    failed = Signal(object, object)


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
        self.signals.progress.emit(self, done, total)

    def run(self) -> None:
        try:
            result = self.fn(self.report)
        except Exception as exc:  # noqa: BLE001 - delivered to the GUI thread, which shows it
            self._deliver(self.signals.failed, exc)
        else:
            self._deliver(self.signals.finished, result)
        finally:
            _running.discard(self)

    def _deliver(self, signal: Any, value: object) -> None:
        try:
            signal.emit(self, value)  # the queued event holds the job until the GUI thread has it
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


class Task(QObject):
    """A screen's one kind of background work: at most one run is current.

    ``run(fn)`` starts ``fn(progress)`` on the pool. A run while another is current supersedes it: the older
    one is cancelled (it stops at its next progress report) and whatever it still delivers is dropped.
    ``cancel()`` does the same without a successor; ``stop()`` asks the current run to stop but keeps it
    current, so its :class:`JobCancelled` (or its result, if it finished first) still arrives.

    ``done(result)``, ``failed(exception)`` and ``progress(done, total)`` are called on the GUI thread, and
    only for the current run. The task is a child of ``parent``: once the screen is gone, Qt drops the
    connections and nothing is delivered. Every run's signals go to this one object, which tells them apart by
    the job they carry: no object is made and deleted per run (deleting such helpers while Qt delivered to them
    crashed the process now and then).
    """

    def __init__(self, parent: QObject, *, done: Callable[[Any], None], failed: Callable[[Exception], None],
                 progress: Callable[[int, int], None] | None = None) -> None:
        super().__init__(parent)
        self._on_done, self._on_failed, self._on_progress = done, failed, progress
        self.current: Job | None = None

    @property
    def running(self) -> bool:
        return self.current is not None

    def run(self, fn: Callable[[Callable[[int, int], None]], Any]) -> Job:
        self.cancel()
        job = Job(fn)
        job.signals.progress.connect(self._progress)
        job.signals.finished.connect(self._finished)
        job.signals.failed.connect(self._failed)
        self.current = job
        return start(job)

    def cancel(self) -> bool:
        """Stop waiting for the current run (it stops at its next step; its result is dropped). False when
        nothing ran."""
        job, self.current = self.current, None
        if job is None:
            return False
        job.cancelled = True
        return True

    def stop(self) -> None:
        """Ask the current run to stop at its next step; it stays current and delivers ``JobCancelled``."""
        if self.current is not None:
            self.current.cancelled = True

    @Slot(object, int, int)
    def _progress(self, job: Job, done: int, total: int) -> None:
        if job is self.current and self._on_progress is not None:
            self._on_progress(done, total)

    @Slot(object, object)
    def _finished(self, job: Job, result: object) -> None:
        self._ended(job, result, True)

    @Slot(object, object)
    def _failed(self, job: Job, exc: object) -> None:
        self._ended(job, exc, False)

    def _ended(self, job: Job, value: object, ok: bool) -> None:
        if job is not self.current:
            return  # superseded or cancelled: stale
        self.current = None
        if ok:
            self._on_done(value)
        else:
            self._on_failed(value)  # type: ignore[arg-type]


class Upkeep(QObject):
    """Work the window repeats in the background on a timer (the daily loyalty run, the daily backup): checked
    every ``every_ms``, run by a :class:`Task` when ``due()``, one run at a time; nothing is shown after it.
    Subclasses give ``work`` (off the GUI thread) and may give ``due`` (on it)."""

    def __init__(self, parent: QObject | None, every_ms: int, *, start: bool = True) -> None:
        super().__init__(parent)
        self._task = Task(self, done=self._ended, failed=self._ended)
        self.timer = QTimer(self)
        self.timer.setInterval(every_ms)
        self.timer.timeout.connect(self.run_if_due)
        if start:
            self.timer.start()

    def due(self) -> bool:
        return True

    def work(self) -> object:
        raise NotImplementedError

    def run_if_due(self) -> None:
        if self._task.running or not self.due():
            return
        self._task.run(lambda _progress: self.work())

    def _ended(self, _result: object) -> None:
        """Nothing to show: the next check runs at the next tick."""
