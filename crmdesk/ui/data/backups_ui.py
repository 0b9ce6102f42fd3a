"""Backups in the window: the Settings group (back up now, restore), the daily schedule, and the start-up
offer to restore a backup when the database cannot be opened. The work itself is crmdesk.store.backups."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crmdesk.errors import CrmError
from crmdesk.store import Store, backups, open_store, schema
from crmdesk.store.engine import database_url, sqlite_path
from crmdesk.ui.kit import dialogs, jobs
from crmdesk.ui.kit.i18n import error_text

FILE_FILTER = "crmdesk (*.sqlite3 *.sqlite *.db);;* (*)"
CHECK_EVERY_MS = 60 * 60 * 1000  # look once an hour whether the daily backup is due


class BackupsGroup(QGroupBox):
    """Settings → Backups. ``database_replaced`` fires after a restore: the window is rebuilt on it."""

    database_replaced = Signal()
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._backup_task = jobs.Task(self, done=self._backed_up, failed=self._backup_failed)
        self.setObjectName("backupsGroup")
        self.setTitle(self.tr("Backups"))
        self._store = store
        self.last_backup = QLabel(objectName="lastBackup")
        self.last_backup.setWordWrap(True)
        self.backup_now = QPushButton(self.tr("Back up now"), objectName="backupNow")
        self.restore = QPushButton(self.tr("Restore…"), objectName="restoreBackup")
        # Backups taken before an erase still hold the erased customers: said here, and removable by the owner.
        self.holding_erased = QLabel(objectName="backupsHoldingErased")
        self.holding_erased.setWordWrap(True)
        self.remove_erased = QPushButton(self.tr("Remove those backups…"), objectName="removeErasedBackups")
        self.backup_now.clicked.connect(self.make_backup)
        self.restore.clicked.connect(self.restore_backup)
        self.remove_erased.clicked.connect(self.remove_backups_holding_erased)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_now)
        buttons.addWidget(self.restore)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.last_backup)
        layout.addLayout(buttons)
        erased_row = QHBoxLayout()
        erased_row.addWidget(self.holding_erased, 1)
        erased_row.addWidget(self.remove_erased)
        layout.addLayout(erased_row)
        self.holding_erased.hide()
        self.remove_erased.hide()
        if store.path is None:
            self.backup_now.setEnabled(False)
            self.restore.setEnabled(False)
            self.last_backup.setText(self.tr("This is a server database: back it up with the server's own tools."))
        else:
            self.refresh()

    def refresh(self) -> None:
        found = backups.list_backups(self._store.path)
        folder = backups.backups_dir(self._store.path)
        if found:
            text = self.tr("Last backup: %1 (%2 kept in %3). crmdesk also backs up when it closes and once a day.")
            text = text.replace("%1", found[0].created.strftime("%Y-%m-%d %H:%M")).replace(
                "%2", str(len(found))).replace("%3", str(folder))
        else:
            text = self.tr("No backup yet. crmdesk backs up into %1 when it closes and once a day.").replace(
                "%1", str(folder))
        self.last_backup.setText(text)
        holding = backups.backups_holding_erased(self._store.path)
        self.holding_erased.setText(self.tr(
            "%n backup(s) still hold customers erased since they were taken. Remove them once a newer backup "
            "exists.", "", len(holding)))
        self.holding_erased.setVisible(bool(holding))
        self.remove_erased.setVisible(bool(holding))

    def remove_backups_holding_erased(self) -> None:
        holding = backups.backups_holding_erased(self._store.path)
        if not holding:
            self.refresh()
            return
        question = self.tr("Delete the %n backup(s) that still hold erased customers? This cannot be undone.", "",
                           len(holding))
        if not dialogs.confirm(self, self.tr("Backups"), question):
            return
        try:
            removed = backups.remove_backups_holding_erased(self._store.path, yes=True, by=self._store)
        except CrmError as exc:
            dialogs.warn(self, self.tr("Backups"), error_text(exc))
            return
        self.refresh()
        self.status_message.emit(self.tr("Removed %n backup(s).", "", len(removed)))

    def make_backup(self) -> None:
        """Off the GUI thread: copying and checking a large database takes seconds."""
        self.backup_now.setEnabled(False)
        store = self._store
        self._backup_task.run(lambda _progress: backups.backup(store))

    def _backed_up(self, made: object) -> None:
        self.backup_now.setEnabled(True)
        self.refresh()
        self.status_message.emit(self.tr("Backed up to %1.").replace("%1", str(made)))

    def _backup_failed(self, exc: object) -> None:
        self.backup_now.setEnabled(True)
        dialogs.warn(self, self.tr("Backup failed"), error_text(exc))

    def restore_backup(self) -> None:
        chosen = dialogs.choose_open_file(self, self.tr("Restore a backup"),
                                          str(backups.backups_dir(self._store.path)), FILE_FILTER)
        if not chosen:
            return
        question = self.tr("Replace the database with the backup %1?\n\nEverything saved since that backup is "
                           "replaced. The current database is saved in the backups folder first, so this can be "
                           "undone.").replace("%1", chosen)
        if not dialogs.confirm(self, self.tr("Restore a backup"), question):
            return
        self._store.close()  # no pooled connection may keep the old file open
        try:
            # Customers erased since the backup are erased again on the copy, before it replaces the database.
            from crmdesk.services import restoring  # the models: a restore is rare, opening the window is not

            result = restoring.restore_backup(chosen, self._store.path, by=self._store)
            schema.ensure_current(self._store)  # a backup from an older crmdesk is upgraded
            again = result.erased_again
        except CrmError as exc:
            dialogs.warn(self, self.tr("Not restored"), error_text(exc))
            return
        done = self.tr("The database was restored from %1.").replace("%1", str(result.restored_from))
        if result.previous is not None:
            done += "\n" + self.tr("The database it replaced was saved as %1.").replace("%1", str(result.previous))
        if again:
            done += "\n" + self.tr("%n customer(s) erased since that backup were in it; they were erased again.",
                                   "", len(again))
        if result.erasures_unknown:
            done += "\n\n" + self.tr("Warning: the database that was replaced could not be read, so who was erased "
                                     "in it is unknown. Customers erased after the newest readable backup may be "
                                     "back: check the customer list and erase them again.")
        if result.sign_in_dropped:
            done += "\n\n" + self.tr("Warning: this backup was taken before sign-in was on, so sign-in is off now and "
                                     "anyone at this PC opens the database. Give an owner a password again on the "
                                     "Staff screen.")
        dialogs.inform(self, self.tr("Backup restored"), done)
        self.database_replaced.emit()


class DailyBackup(jobs.Upkeep):
    """Once an hour, back up off the GUI thread when the newest automatic backup is a day old."""

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent, CHECK_EVERY_MS, start=store.path is not None)
        self._store = store

    def due(self) -> bool:
        return backups.backup_due(self._store)

    def work(self) -> object:
        return backups.automatic_backup(self._store)


def open_or_offer_restore(target: str) -> Store | None:
    """Open the database; when it cannot be opened (damaged, foreign, newer), say why and offer to restore
    a backup over it. None when the user gives up: the caller exits without creating anything."""
    while True:
        try:
            return open_store(target)
        except CrmError as exc:
            path = sqlite_path(database_url(target))
            title = QCoreApplication.translate("Backups", "crmdesk cannot open the database")
            if path is None or not path.exists() or backups.is_newer_schema(path):
                dialogs.warn(None, title, error_text(exc))
                return None
            question = QCoreApplication.translate(
                "Backups", "%1\n\nRestore a backup over it? The file as it is now is kept in the backups folder.")
            if not dialogs.confirm(None, title, question.replace("%1", error_text(exc))):
                return None
            chosen = dialogs.choose_open_file(None, QCoreApplication.translate("Backups", "Restore a backup"),
                                              str(backups.backups_dir(path)),
                                              FILE_FILTER)
            if not chosen:
                return None
            from crmdesk.services import restoring

            try:  # customers erased since the backup: erased again on the copy before it replaces the file
                result = restoring.restore_backup(chosen, path)
                if result.erasures_unknown:
                    dialogs.warn(None, QCoreApplication.translate("Backups", "Restored"), QCoreApplication.translate(
                        "Backups", "The damaged database could not be read, so who was erased in it is unknown. "
                        "Customers erased after the newest readable backup may be back: check the customer list "
                        "and erase them again."))
            except CrmError as refused:
                dialogs.warn(None, QCoreApplication.translate("Backups", "Not restored"), error_text(refused))
