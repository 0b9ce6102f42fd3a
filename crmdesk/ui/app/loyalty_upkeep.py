"""The daily loyalty run (expire points past their date, move tiers as old spend drops out of the 12 months):
shortly after start-up and then whenever the day has changed, off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from crmdesk.services import loyalty
from crmdesk.store import Store
from crmdesk.ui.kit import jobs

CHECK_EVERY_MS = 60 * 60 * 1000
# The first run waits until the window has settled: on a large shop it takes seconds of Python that would
# otherwise share the interpreter with the first screen and the first searches at the counter.
FIRST_RUN_AFTER_MS = 20_000


class LoyaltyUpkeep(QObject):
    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._task = jobs.Task(self, done=self._done, failed=self._done)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.run_if_due)
        self.timer.start()
        QTimer.singleShot(FIRST_RUN_AFTER_MS, self.run_if_due)

    def run_if_due(self) -> None:
        if self._task.running:
            return
        self._task.run(lambda _progress: self._run())

    def _run(self) -> tuple[int, int] | None:
        with self._store.session(immediate=True) as session:
            if not loyalty.upkeep_due(session):
                return None
            return loyalty.daily_upkeep(session)

    def _done(self, _result: object) -> None:
        """Nothing to show: the next check runs in an hour."""
