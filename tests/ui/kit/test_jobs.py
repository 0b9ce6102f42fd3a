"""Background jobs at exit: cancelled and waited for, so none outlives the store it reads."""

import threading
import time

from crmdesk.ui.kit import jobs


def test_finish_all_cancels_a_long_job_and_waits_for_it(app):
    started, stopped = threading.Event(), []

    def long_work(report):
        started.set()
        for step in range(10_000):
            report(step, 10_000)
            time.sleep(0.005)
        return "done"

    job = jobs.start(jobs.Job(long_work))
    assert started.wait(5)
    job.signals.failed.connect(lambda _job, exc: stopped.append(exc))
    began = time.perf_counter()
    assert jobs.finish_all(timeout_ms=5000)
    assert time.perf_counter() - began < 1  # cancelled at its next report, not run for 50 s
    # This job is cancelled and gone; a job another test's window starts meanwhile (a timer of a widget not yet
    # deleted) may be running, so the whole set is not asked to be empty (it failed so once in CI under load).
    assert job.cancelled and job not in jobs._running


def test_a_result_for_a_window_already_gone_is_dropped_quietly(app, capfd):
    job = jobs.Job(lambda _report: 42)
    job.signals.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    job.run()  # the signal's object is gone: nothing to deliver to, and no traceback
    assert "Signal source has been deleted" not in capfd.readouterr().err
