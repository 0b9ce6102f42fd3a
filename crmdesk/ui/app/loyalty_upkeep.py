"""The daily loyalty run (expire points past their date, move tiers as old spend drops out of the 12 months):
shortly after start-up and then whenever the day has changed, off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from crmdesk.store import Store
from crmdesk.ui.kit import jobs

CHECK_EVERY_MS = 60 * 60 * 1000
# The first run waits until the window has settled: on a large shop it takes seconds of Python that would
# otherwise share the interpreter with the first screen and the first searches at the counter.
FIRST_RUN_AFTER_MS = 20_000


class LoyaltyUpkeep(jobs.Upkeep):
    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent, CHECK_EVERY_MS)
        self._store = store
        QTimer.singleShot(FIRST_RUN_AFTER_MS, self.run_if_due)

    def work(self) -> tuple[int, int] | None:
        from crmdesk.services import loyalty  # loaded by the window's card long before this first run

        with self._store.session(immediate=True) as session:
            if not loyalty.upkeep_due(session):
                return None
            return loyalty.daily_upkeep(session)
