"""After an erase in the window: the write-ahead log must be emptied, or the pages from before the erase stay in
the database's -wal file. When another program (another crmdesk window, a reader) holds the file, the erase's own
try gives up after about two seconds (services.privacy); this says so and tries again off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from crmdesk.services import privacy
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, jobs
from crmdesk.ui.kit.i18n import error_text

RETRY_SECONDS = 30.0


class WalAfterErase(QObject):
    """``check(left)`` after each erase; ``left``: privacy.wal_left_behind(session) of its unit of work."""

    def __init__(self, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self._store = store
        self._parent = parent
        self.retry_seconds = RETRY_SECONDS
        self._task = jobs.Task(self, done=self._done, failed=self._failed)

    def _title(self) -> str:
        return self.tr("Erased values still in the file")

    def check(self, left: bool) -> None:
        if not left:
            return
        wal = f"{self._store.path}-wal"
        dialogs.warn(self._parent, self._title(), self.tr(
            "The customer is erased, but another program (another crmdesk window?) has the database open, so the "
            "erased values are still in %1.\n\nClose that program, then press OK: crmdesk tries again for %2 "
            "seconds.").replace("%1", wal).replace("%2", f"{self.retry_seconds:g}"))
        engine, seconds = self._store.engine, self.retry_seconds
        self._task.run(lambda _progress: privacy.checkpoint_wal(engine, seconds=seconds))

    def _done(self, emptied: object) -> None:
        wal = f"{self._store.path}-wal"
        if emptied:
            dialogs.inform(self._parent, self._title(), self.tr(
                "The write-ahead log %1 is emptied: the erased values are gone from the database's files.").replace(
                "%1", wal))
            return
        dialogs.warn(self._parent, self._title(), self.tr(
            "The erased values are still in %1 because another program keeps the database open. Close it (every "
            "other crmdesk window): the log is emptied when the last one closes, or at the next erase.").replace(
            "%1", wal))

    def _failed(self, exc: Exception) -> None:
        dialogs.warn(self._parent, self._title(), error_text(exc))
