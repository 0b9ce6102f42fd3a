"""The audit entry of a card opened ("view"), written off the GUI thread and retried until it is kept.

Opening a card must never wait for, or fail on, another process's write lock: an import holds it from its start,
and a write waits at most the busy timeout (5 s) before "database is locked". So the view is queued here with the
moment and the person, and a background task (ui/kit/jobs.Task) writes the queue in one unit of work that takes
the lock at its start; while the file stays locked it tries again, and then again every ``retry_ms``. Nothing in
the queue is dropped: what is still queued when the window closes is written by :func:`flush_all`.
"""

from __future__ import annotations

import time
import weakref
from datetime import datetime

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.exc import OperationalError

from crmdesk.access import Actor, actor_of
from crmdesk.models.base import utc_now
from crmdesk.services import audit
from crmdesk.store import Store
from crmdesk.ui.kit import jobs

View = tuple[int, Actor, datetime]  # customer id, who, when (UTC)
_logs: weakref.WeakSet[ViewLog] = weakref.WeakSet()


def is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and ("locked" in text or "busy" in text)


def write_views(store: Store, views: list[View], *, tries: int = 3, pause: float = 0.5) -> int:
    """Write the queued views (oldest first) in one unit of work; a locked file is tried ``tries`` times (each
    waits up to the busy timeout). Returns how many were written; raises the last lock error."""
    for attempt in range(tries):
        try:
            with store.session(immediate=True) as session:
                for customer_id, who, at in views:
                    audit.record(session, "view", customer_id, actor=who, at=at)
            return len(views)
        except OperationalError as exc:
            if not is_locked(exc) or attempt == tries - 1:
                raise
            time.sleep(pause)
    return 0


class ViewLog(QObject):
    """``record(customer_id)`` on the GUI thread returns at once; the entry is written in the background."""

    def __init__(self, store: Store, parent: QObject) -> None:
        super().__init__(parent)
        self._store = store
        self.pending: list[View] = []
        self.tries, self.pause = 3, 0.5
        self._task = jobs.Task(self, done=self._written, failed=self._failed)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(30_000)  # still locked after the tries: once more every half minute
        self._later.timeout.connect(self._drain)
        _logs.add(self)

    @property
    def retry_ms(self) -> int:
        return self._later.interval()

    @retry_ms.setter
    def retry_ms(self, value: int) -> None:
        self._later.setInterval(value)

    def record(self, customer_id: int) -> None:
        self.pending.append((customer_id, actor_of(self._store), utc_now()))
        self._drain()

    def _drain(self) -> None:
        if self._task.running or self._later.isActive() or not self.pending:
            return
        store, batch, tries, pause = self._store, list(self.pending), self.tries, self.pause
        self._task.run(lambda _progress: write_views(store, batch, tries=tries, pause=pause))

    def _written(self, count: object) -> None:
        del self.pending[:int(count)]  # type: ignore[call-overload]
        self._drain()  # views queued while this batch was written

    def _failed(self, _exc: Exception) -> None:
        # Locked for longer than the tries, or another error (a disk problem): the views stay queued and are
        # tried again later; the card itself works on.
        self._later.start()

    def flush(self) -> None:
        """Write what is queued now, on this thread (at exit: the window is closing, nothing else waits)."""
        self._later.stop()
        if self.pending:
            del self.pending[:write_views(self._store, list(self.pending))]


def flush_all() -> None:
    """At exit, before the store closes: every window's queued views are written (a failure is said, not hidden)."""
    for log in list(_logs):
        try:
            log.flush()
        except Exception as exc:  # noqa: BLE001 - at exit: say it and let the store close
            import sys

            print(f"crmdesk: {len(log.pending)} card views could not be written to the audit log: {exc}",
                  file=sys.stderr)
