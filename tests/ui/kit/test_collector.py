"""Garbage in reference cycles is freed on the GUI thread, never on a background job's thread (a Qt object freed
from a worker crashed the process: issue found by CI in tests/ui/card/test_card_value_first_of_day.py)."""

from __future__ import annotations

import gc
import threading

from crmdesk.ui.kit import collector


class _Cyclic:
    freed_on: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cyclic.freed_on.append(threading.current_thread().name)


def _allocate_a_lot() -> None:
    keep = []
    for k in range(200_000):  # far past the young generation's threshold, in cyclic containers
        keep.append([k])
        if len(keep) > 1000:
            keep.clear()


def test_cycles_left_behind_are_freed_on_the_gui_thread_not_by_a_worker(app):
    collector.install(app)
    _Cyclic.freed_on.clear()
    for _ in range(50):
        _Cyclic()  # garbage now: only a collection can free it
    worker = threading.Thread(target=_allocate_a_lot, name="worker")
    worker.start()
    worker.join()
    assert _Cyclic.freed_on == []  # the worker's allocations did not set a collection off
    gc.collect()  # what the window's timer does, on the GUI thread
    assert set(_Cyclic.freed_on) == {threading.main_thread().name}


def test_the_timer_collects_once_the_young_generation_is_full(app, qtbot):
    installed = collector.install(app)
    _Cyclic.freed_on.clear()
    for _ in range(3 * installed.threshold[0]):  # well past it: frees elsewhere lower the count too
        _Cyclic()
    qtbot.waitUntil(lambda: len(_Cyclic.freed_on) > 0, timeout=5_000)
    assert set(_Cyclic.freed_on) == {threading.main_thread().name}


def test_after_the_window_the_automatic_collector_is_back(app):
    collector.install(app)
    assert not gc.isenabled()
    collector.uninstall()
    assert gc.isenabled()
