"""What other terminals changed shows up here within a few seconds (issue 16): a light poll of
crmdesk.services.changes.marker in the background; when it moves, ``changed`` is emitted and the window refreshes
the Today badge, follow-ups, the customer list and (unless something is being typed in it) the open card."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from crmdesk.services import changes
from crmdesk.store import Store
from crmdesk.ui.kit import jobs

POLL_MS = 3_000


class OtherTerminals(QObject):
    changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None, *, every_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._store = store
        self._last: tuple | None = None
        self._task = jobs.Task(self, done=self._seen, failed=lambda _exc: None)  # unreachable: try at the next tick
        self.timer = QTimer(self, interval=every_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        if self._task.running:
            return
        store = self._store

        def look(_progress) -> tuple:
            with store.session() as session:
                return changes.marker(session)

        self._task.run(look)

    def _seen(self, marker: tuple) -> None:
        before, self._last = self._last, marker
        if before is not None and marker != before:
            self.changed.emit()
