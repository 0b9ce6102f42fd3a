"""Settings → Database: move the whole store into an empty database (the shop's PostgreSQL server, or an SQLite
file for the way back), as `crmdesk move-to` does, in the background with progress."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget

from crmdesk.store import Store
from crmdesk.store.engine import mask_url
from crmdesk.ui.kit import dialogs, jobs
from crmdesk.ui.kit.i18n import error_text


class MoveDatabaseGroup(QGroupBox):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveDatabase")
        self.setTitle(self.tr("Move to another database"))
        self._store = store
        explain = QLabel(self.tr(
            "Copies every customer, purchase, point, consent record, audit entry and setting into an empty "
            "database: the shop's PostgreSQL server (its URL from `crmdesk server init`) or a new file. This "
            "database stays as it is; afterwards start crmdesk on every terminal with the new one."))
        explain.setWordWrap(True)
        self.target = QLineEdit(objectName="moveTarget")
        self.target.setPlaceholderText(self.tr("postgresql+psycopg://crmdesk:password@192.168.0.10:5432/shop or a "
                                               "file"))
        # The password stays out of sight: typed or pasted inside the URL, it moves into this hidden field.
        self.target.editingFinished.connect(self._hide_password)
        self.password = QLineEdit(objectName="movePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Server password"))
        browse = QPushButton(self.tr("File…"), objectName="moveChooseFile")
        browse.clicked.connect(self._choose_file)
        self.move_button = QPushButton(self.tr("Move"), objectName="moveStart")
        self.move_button.clicked.connect(self.start_move)
        self.progress = QProgressBar(objectName="moveProgress")
        self.progress.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(self.password)
        row.addWidget(browse)
        row.addWidget(self.move_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        self._task = jobs.Task(self, done=self._moved, failed=self._failed, progress=self._progressed)

    def _choose_file(self) -> None:
        chosen = dialogs.choose_save_file(self, self.tr("New database file"), "crmdesk-moved.sqlite3",
                                          self.tr("crmdesk database (*.sqlite3)"))
        if chosen:
            self.target.setText(chosen)

    def _hide_password(self) -> None:
        from sqlalchemy.engine import URL, make_url

        text = self.target.text().strip()
        if "://" not in text:
            return
        try:
            url = make_url(text)
        except Exception:  # noqa: BLE001 - not a URL yet: the move will say so
            return
        if url.password:
            self.password.setText(str(url.password))
            bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
            self.target.setText(bare.render_as_string(hide_password=False))

    def _full_target(self) -> str:
        from sqlalchemy.engine import make_url

        self._hide_password()
        text = self.target.text().strip()
        if "://" not in text or not self.password.text():
            return text
        return make_url(text).set(password=self.password.text()).render_as_string(hide_password=False)

    def start_move(self) -> None:
        from crmdesk.store.moving import move_to

        target = self._full_target()
        if not target:
            dialogs.warn(self, self.tr("Move"), self.tr("Enter the new database's URL, or choose a file."))
            return
        if not dialogs.confirm(self, self.tr("Move"), self.tr("Copy everything into %1? This database is left as "
                                                             "it is.").replace("%1", mask_url(target))):
            return
        self.move_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        store = self._store
        self._task.run(lambda progress: move_to(store, target, progress=progress))

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _moved(self, result) -> None:
        self._ended()
        rows = sum(c.target_rows for c in result.checks)
        lines = "\n".join(f"{c.table}: {c.target_rows:,}" for c in result.checks if c.target_rows)
        text = self.tr("Copied %1 rows into %2; every table's rows and sums match the source.\n\n%3\n\nStart crmdesk "
                       "with --db and the new database (or set CRMDESK_DB) on every terminal.")
        dialogs.inform(self, self.tr("Move"), text.replace("%1", f"{rows:,}").replace("%2", result.target)
                       .replace("%3", lines))
        self.status_message.emit(self.tr("Moved into %1").replace("%1", result.target))

    def _failed(self, exc: Exception) -> None:
        self._ended()
        dialogs.warn(self, self.tr("Move"), self.tr("Nothing was moved: %1").replace("%1", error_text(exc)))

    def _ended(self) -> None:
        self.move_button.setEnabled(True)
        self.progress.setVisible(False)
