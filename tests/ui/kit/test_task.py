"""The screens' job runner: progress, cancel, a newer run superseding an older one, errors on the GUI thread."""

import threading

from PySide6.QtCore import QObject

from crmdesk.ui.kit import jobs


class Recorder:
    def __init__(self):
        self.done, self.failed, self.progress, self.threads = [], [], [], []

    def task(self, parent):
        return jobs.Task(parent, done=self._done, failed=self._failed, progress=self._progress)

    def _done(self, result):
        self.threads.append(threading.current_thread())
        self.done.append(result)

    def _failed(self, exc):
        self.threads.append(threading.current_thread())
        self.failed.append(exc)

    def _progress(self, done, total):
        self.threads.append(threading.current_thread())
        self.progress.append((done, total))


def blocking(gate, result, steps=0):
    def work(report):
        assert gate.wait(5)
        for step in range(steps):
            report(step + 1, steps)
        return result
    return work


def test_result_and_progress_arrive_on_the_gui_thread(app, qtbot):
    owner, record = QObject(), Recorder()
    task = record.task(owner)
    gate = threading.Event()
    gate.set()
    task.run(blocking(gate, "figures", steps=3))
    qtbot.waitUntil(lambda: record.done == ["figures"])
    assert record.progress == [(1, 3), (2, 3), (3, 3)]
    assert set(record.threads) == {threading.main_thread()}
    assert not task.running


def test_a_newer_run_supersedes_an_older_one_whose_result_is_dropped(app, qtbot):
    owner, record = QObject(), Recorder()
    task = record.task(owner)
    first_gate, second_gate = threading.Event(), threading.Event()
    first = task.run(blocking(first_gate, "old"))
    task.run(blocking(second_gate, "new"))
    assert first.cancelled
    first_gate.set()  # the old one finishes anyway (it made no progress report to stop at)
    qtbot.waitUntil(lambda: not jobs._running or first not in jobs._running)
    app.processEvents()
    assert record.done == [] and record.failed == []
    second_gate.set()
    qtbot.waitUntil(lambda: record.done == ["new"])
    assert record.failed == []


def test_cancel_drops_the_run_and_stops_it_at_its_next_step(app, qtbot):
    owner, record = QObject(), Recorder()
    task = record.task(owner)
    gate = threading.Event()
    job = task.run(blocking(gate, "never", steps=100))
    assert task.cancel()
    assert not task.running and job.cancelled
    gate.set()
    qtbot.waitUntil(lambda: job not in jobs._running)
    app.processEvents()
    assert record.done == [] and record.failed == [] and record.progress == []
    assert not task.cancel()  # nothing left to cancel


def test_stop_keeps_the_run_current_so_its_cancellation_is_delivered(app, qtbot):
    owner, record = QObject(), Recorder()
    task = record.task(owner)
    gate = threading.Event()
    task.run(blocking(gate, "never", steps=100))
    task.stop()
    gate.set()
    qtbot.waitUntil(lambda: len(record.failed) == 1)
    assert isinstance(record.failed[0], jobs.JobCancelled)


def test_an_error_is_delivered_to_failed_on_the_gui_thread(app, qtbot):
    owner, record = QObject(), Recorder()
    task = record.task(owner)

    def broken(_report):
        raise ValueError("no such file")

    task.run(broken)
    qtbot.waitUntil(lambda: len(record.failed) == 1)
    assert str(record.failed[0]) == "no such file"
    assert record.threads == [threading.main_thread()]


def test_inline_runs_deliver_at_once(app, inline_jobs):
    owner, record = QObject(), Recorder()
    task = record.task(owner)
    task.run(lambda report: report(1, 1) or 7)
    assert record.done == [7] and record.progress == [(1, 1)] and not task.running


def test_nothing_is_delivered_once_the_owner_is_gone(app, qtbot):
    owner, record = QObject(), Recorder()
    task = record.task(owner)
    gate = threading.Event()
    job = task.run(blocking(gate, "late"))
    owner.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gate.set()
    qtbot.waitUntil(lambda: job not in jobs._running)
    app.processEvents()
    assert record.done == []
