"""Privacy (owner only): the audit log, filterable by person, action, customer and date, and the retention
review, which lists customers inactive for the shop's period and erases them in one audited step."""

from __future__ import annotations

import json

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.access import Permission, actor_of
from crmdesk.errors import CrmError
from crmdesk.models import AuditEntry
from crmdesk.services import audit, privacy
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, formatting, jobs, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel
from crmdesk.ui.kit.wal_after_erase import WalAfterErase

ACTIONS = {
    "view": QT_TRANSLATE_NOOP("PrivacyScreen", "opened card"),
    "create": QT_TRANSLATE_NOOP("PrivacyScreen", "created card"),
    "change": QT_TRANSLATE_NOOP("PrivacyScreen", "changed card"),
    "consent": QT_TRANSLATE_NOOP("PrivacyScreen", "consent"),
    "export": QT_TRANSLATE_NOOP("PrivacyScreen", "export"),
    "merge": QT_TRANSLATE_NOOP("PrivacyScreen", "merge"),
    "unmerge": QT_TRANSLATE_NOOP("PrivacyScreen", "merge undone"),
    "erase": QT_TRANSLATE_NOOP("PrivacyScreen", "erased"),
    "archive": QT_TRANSLATE_NOOP("PrivacyScreen", "archived"),
    "restore": QT_TRANSLATE_NOOP("PrivacyScreen", "restored"),
    "sign_in": QT_TRANSLATE_NOOP("PrivacyScreen", "signed in"),
    "sign_in_failed": QT_TRANSLATE_NOOP("PrivacyScreen", "sign-in failed"),
    "locked": QT_TRANSLATE_NOOP("PrivacyScreen", "account locked"),
    "sign_out": QT_TRANSLATE_NOOP("PrivacyScreen", "signed out"),
    "password": QT_TRANSLATE_NOOP("PrivacyScreen", "password set"),
    "staff": QT_TRANSLATE_NOOP("PrivacyScreen", "staff account"),
    "import": QT_TRANSLATE_NOOP("PrivacyScreen", "import"),
    "settings": QT_TRANSLATE_NOOP("PrivacyScreen", "setting changed"),
    "retention_erase": QT_TRANSLATE_NOOP("PrivacyScreen", "retention erase"),
    "backup": QT_TRANSLATE_NOOP("PrivacyScreen", "backup made"),
    "backup_restore": QT_TRANSLATE_NOOP("PrivacyScreen", "backup restored"),
    "purchase": QT_TRANSLATE_NOOP("PrivacyScreen", "purchase entered"),
    "purchase_change": QT_TRANSLATE_NOOP("PrivacyScreen", "purchase changed"),
    "purchase_void": QT_TRANSLATE_NOOP("PrivacyScreen", "purchase voided"),
    "redact": QT_TRANSLATE_NOOP("PrivacyScreen", "history blanked (erasure)"),
}


FIELDS = {
    "name": QT_TRANSLATE_NOOP("PrivacyScreen", "Name"),
    "phone": QT_TRANSLATE_NOOP("PrivacyScreen", "Phone"),
    "email": QT_TRANSLATE_NOOP("PrivacyScreen", "E-mail"),
    "birthday": QT_TRANSLATE_NOOP("PrivacyScreen", "Birthday"),
    "birthday_lunar": QT_TRANSLATE_NOOP("PrivacyScreen", "Lunar calendar"),
    "gender": QT_TRANSLATE_NOOP("PrivacyScreen", "Gender"),
    "address": QT_TRANSLATE_NOOP("PrivacyScreen", "Address"),
    "memo": QT_TRANSLATE_NOOP("PrivacyScreen", "Memo"),
    "tags": QT_TRANSLATE_NOOP("PrivacyScreen", "Tags"),
    "customer_code": QT_TRANSLATE_NOOP("PrivacyScreen", "Customer code"),
    "first_seen": QT_TRANSLATE_NOOP("PrivacyScreen", "First seen"),
    "acquired_via": QT_TRANSLATE_NOOP("PrivacyScreen", "Came via"),
    "role": QT_TRANSLATE_NOOP("PrivacyScreen", "Role"),
    "customer_id": QT_TRANSLATE_NOOP("PrivacyScreen", "Customer"),
    "purchased_at": QT_TRANSLATE_NOOP("PrivacyScreen", "Date and time"),
    "total": QT_TRANSLATE_NOOP("PrivacyScreen", "Total"),
    "discount": QT_TRANSLATE_NOOP("PrivacyScreen", "Discount"),
    "payment_method": QT_TRANSLATE_NOOP("PrivacyScreen", "Payment"),
    "staff_id": QT_TRANSLATE_NOOP("PrivacyScreen", "Staff"),
    "receipt_no": QT_TRANSLATE_NOOP("PrivacyScreen", "Receipt no."),
    "lines": QT_TRANSLATE_NOOP("PrivacyScreen", "Lines"),
    "active": QT_TRANSLATE_NOOP("PrivacyScreen", "Active"),
}


def action_text(action: str) -> str:
    return QCoreApplication.translate("PrivacyScreen", ACTIONS[action]) if action in ACTIONS else action


def details_text(entry: AuditEntry) -> str:
    try:
        details = json.loads(entry.details)
    except ValueError:
        return entry.details
    if details.get("redacted"):
        return QCoreApplication.translate("PrivacyScreen", "(details erased with the customer)")
    if entry.action == "consent" and "purpose" in details:
        from crmdesk.services.consent import Purpose
        from crmdesk.ui.card.consent_panel import method_text, purpose_text

        change = (QCoreApplication.translate("PrivacyScreen", "granted") if details.get("granted")
                  else QCoreApplication.translate("PrivacyScreen", "withdrawn"))
        return f"{purpose_text(Purpose(details['purpose']))}: {change} ({method_text(details.get('method', ''))})"
    if entry.action == "sign_in_failed":
        if details.get("reason") == "locked":
            return QCoreApplication.translate("PrivacyScreen", "tried while the account was locked")
        return QCoreApplication.translate("PrivacyScreen", "wrong password or PIN, attempt {n}").format(
            n=details.get("attempt", "?"))
    if entry.action == "locked":
        return QCoreApplication.translate("PrivacyScreen", "locked until {time}").format(
            time=str(details.get("until", ""))[:16])
    if entry.action == "password":
        return (QCoreApplication.translate("PrivacyScreen", "{name}: password or PIN set") if details.get("set")
                else QCoreApplication.translate("PrivacyScreen", "{name}: password or PIN removed")).format(
            name=details.get("staff", "?"))
    if entry.action == "export" and "file" in details:
        rows = details.get("rows")
        suffix = "" if rows is None else " · " + QCoreApplication.translate("PrivacyScreen", "{n} rows").format(n=rows)
        return details["file"] + suffix
    parts = []
    for key, value in details.items():
        if isinstance(value, list) and len(value) == 2 and entry.action in ("change", "staff", "purchase_change"):
            label = QCoreApplication.translate("PrivacyScreen", FIELDS[key]) if key in FIELDS else key
            parts.append(f"{label}: {value[0] or '—'} → {value[1] or '—'}")
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


class AuditView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.person = QComboBox(objectName="auditPerson")
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.action = QComboBox(objectName="auditAction")
        self.action.addItem(self.tr("Every action"), None)
        for code in audit.ACTIONS:
            self.action.addItem(action_text(code), code)
        self.customer = QLineEdit(objectName="auditCustomer")
        self.customer.setPlaceholderText(self.tr("customer #"))
        self.customer.setMaximumWidth(90)
        today = QDate.currentDate()
        self.start = QDateEdit(today.addDays(-30), objectName="auditFrom")
        self.end = QDateEdit(today, objectName="auditTo")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        show = QPushButton(self.tr("Show"), objectName="auditShow")
        show.setAccessibleName(self.tr("Show the audit log"))  # the export review tab has a Show button too
        show.clicked.connect(self.reload)
        for box in (self.person, self.action):
            box.activated.connect(self.reload)
        self.customer.returnPressed.connect(self.reload)
        self.model: RowsModel[AuditEntry] = RowsModel([
            Column(self.tr("When"), lambda e: audit.local_time(e).strftime("%Y-%m-%d %H:%M:%S")),
            Column(self.tr("Who"), lambda e: e.actor if e.actor != "command line" else self.tr("command line")),
            Column(self.tr("Action"), lambda e: action_text(e.action)),
            Column(self.tr("Customer"), lambda e: "" if e.customer_id is None else f"#{e.customer_id}"),
            Column(self.tr("Details"), details_text, tooltip=details_text),
        ], self, colour=lambda e: theme.colour("error") if e.action in ("sign_in_failed", "locked", "erase") else None)
        self.table = QTableView(objectName="auditTable")
        read_only_list(self.table, self.model, stretch=[4])
        self.count = QLabel(objectName="auditCount")
        bar = QHBoxLayout()
        for label, widget in ((self.tr("Person"), self.person), (self.tr("Action"), self.action),
                              (self.tr("Customer"), self.customer), (self.tr("From"), self.start),
                              (self.tr("To"), self.end)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(show)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)

    def _fill_people(self) -> None:
        chosen = self.person.currentData()
        self.person.clear()
        self.person.addItem(self.tr("Everyone"), None)
        with self._store.session() as session:
            for name in audit.actors(session):
                self.person.addItem(self.tr("command line") if name == "command line" else name, name)
        self.person.setCurrentIndex(max(0, self.person.findData(chosen)))

    def reload(self) -> None:
        if self.person.count() == 0:
            self._fill_people()
        text = self.customer.text().strip().lstrip("#")
        if text and not text.isdigit():
            self.count.setText(self.tr("The customer is a number, such as 42."))
            return
        query = audit.AuditQuery(actor=self.person.currentData(), action=self.action.currentData(),
                                 customer_id=int(text) if text else None,
                                 start=self.start.date().toPython(), end=self.end.date().toPython())
        with self._store.session() as session:
            entries = audit.list_entries(session, query, limit=LIMIT)
        self.model.set_rows(entries)
        self.model.fit_columns(self.table)
        shown = len(entries)
        self.count.setText(self.tr("{count} entries (the newest {limit} when there are more)").format(
            count=f"{shown:,}", limit=f"{LIMIT:,}") if shown >= LIMIT else self.tr("{count} entries").format(
            count=f"{shown:,}"))


LIMIT = 2000


class RetentionView(QWidget):
    customers_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._erase_task = jobs.Task(self, done=self._erased, failed=self._erase_failed)
        self.wal = WalAfterErase(store, self)  # an erase leaves nothing in the -wal file, or says so
        self.years = QSpinBox(objectName="retentionYears")
        self.years.setRange(1, 50)
        self.years.setSuffix(self.tr(" years"))
        with store.session() as session:
            self.years.setValue(privacy.retention_years(session))
        save = QPushButton(self.tr("Keep this period"), objectName="retentionSave")
        save.clicked.connect(self._save_years)
        find = QPushButton(self.tr("List inactive customers"), objectName="retentionFind")
        find.clicked.connect(self.reload)
        self.erase_button = QPushButton(self.tr("Erase all listed…"), objectName="retentionErase")
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase_all)
        self.model: RowsModel[privacy.InactiveCustomer] = RowsModel([
            Column(self.tr("Customer"), lambda c: f"{c.name} (#{c.id})"),
            Column(self.tr("Last activity"), lambda c: formatting.day(c.last_activity)),
            Column(self.tr("Visits"), lambda c: f"{c.visits:,}", right=True),
            Column(self.tr("Spent"), lambda c: formatting.money(c.total_spent), right=True),
        ], self)
        self.table = QTableView(objectName="retentionTable")
        read_only_list(self.table, self.model, selection=Selection.ExtendedSelection, stretch=[0])
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.summary = QLabel(objectName="retentionSummary")
        self.summary.setWordWrap(True)
        explain = QLabel(self.tr("Personal data is kept only as long as it is needed. Customers with no purchase, "
                                 "contact, feedback or change for the period below are listed here for review. "
                                 "Erasing removes their personal data for good; their purchases stay as "
                                 "anonymous figures, so the shop's totals do not change."))
        explain.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("No activity for")))
        bar.addWidget(self.years)
        bar.addWidget(save)
        bar.addWidget(find)
        bar.addStretch(1)
        bar.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def _save_years(self) -> None:
        try:
            with self._store.session() as session:
                privacy.set_retention_years(session, self.years.value())
        except CrmError as err:
            dialogs.warn(self, self.tr("Retention"), error_text(err))
            return
        self.reload()

    def reload(self) -> None:
        with self._store.session() as session:
            found = privacy.inactive_customers(session, years=self.years.value())
        self.model.set_rows(found)
        self.erase_button.setEnabled(bool(found))
        self._selection_changed()
        self.summary.setText(self.tr("{count} customers have had no activity for {years} years or more.").format(
            count=f"{len(found):,}", years=self.years.value()))

    def _chosen(self) -> list[int]:
        """The selected rows, or every listed customer when none is selected."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].id for r in rows] if rows else [c.id for c in self.model.rows]

    def _selection_changed(self) -> None:
        chosen = len(self.table.selectionModel().selectedRows())
        self.erase_button.setText(self.tr("Erase {count} selected…").format(count=f"{chosen:,}") if chosen
                                  else self.tr("Erase all listed…"))

    def erase_all(self) -> None:
        ids = self._chosen()
        if not ids:
            return
        question = self.tr("Erase the personal data of {count} customers?\n\nThis cannot be undone: "
                           "names, phone numbers, addresses and notes are removed for good. Purchases stay as "
                           "anonymous figures.").format(count=f"{len(ids):,}")
        if not dialogs.confirm(self, self.tr("Erase inactive customers"), question):
            return
        years = self.years.value()
        self.erase_button.setEnabled(False)
        store = self._store

        def work(_progress: object) -> tuple[list[int], bool]:
            with store.session() as session:
                erased = privacy.erase_inactive(session, ids, years=years, confirm=True)
            return erased, privacy.wal_left_behind(session)

        self._erase_task.run(work)

    def _erase_failed(self, exc: Exception) -> None:
        dialogs.warn(self, self.tr("Not erased"), error_text(exc))
        self.reload()

    def _erased(self, result: object) -> None:
        erased, wal_left = result if isinstance(result, tuple) else ([], False)
        dialogs.inform(self, self.tr("Erase inactive customers"),
                       self.tr("Customers erased: {count}.").format(count=f"{len(erased):,}"))
        self.reload()
        self.customers_changed.emit()
        self.wal.check(wal_left)


class PrivacyScreen(QWidget):
    status_message = Signal(str)
    customers_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privacyScreen")
        self._store = store
        self.audit = AuditView(store)
        self.retention = RetentionView(store)
        self.retention.customers_changed.connect(self.customers_changed)
        self.tabs = QTabWidget(objectName="privacyTabs")
        self.tabs.addTab(self.audit, self.tr("Audit log"))
        self.tabs.addTab(self.retention, self.tr("Retention"))
        from crmdesk.ui.admin.export_review import ExportReview  # issue 17
        from crmdesk.ui.admin.unconfirmed_view import UnconfirmedView

        self.exports = ExportReview(store)
        self.tabs.addTab(self.exports, self.tr("Monthly export review"))
        self.unconfirmed = UnconfirmedView(store)
        self.tabs.addTab(self.unconfirmed, self.tr("Consent not confirmed"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if actor_of(self._store).can(Permission.AUDIT):  # never shown to staff; the service would refuse
            self.audit.reload()
            self.exports.reload()
            self.unconfirmed.reload()


