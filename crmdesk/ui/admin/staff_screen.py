"""Staff: who works here (add, rename, change role, deactivate) and what each did over a period:
contacts logged, follow-ups done and overdue, complaints resolved and their median resolution time."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.models import StaffRole
from crmdesk.services import auth, open_copies
from crmdesk.services import staff as staff_svc
from crmdesk.services.staff_activity import StaffActivity, staff_activity
from crmdesk.store import Store
from crmdesk.ui.admin.staff_regulars import HandOverDialog, figures_by_staff
from crmdesk.ui.kit import dialogs, messages, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


def period_bounds(code: str, today: date) -> tuple[date, date]:
    if code == "week":
        return today - timedelta(days=today.weekday()), today
    if code == "month":
        return today.replace(day=1), today
    if code == "90":
        return today - timedelta(days=89), today
    if code == "year":
        return today.replace(month=1, day=1), today
    return today - timedelta(days=29), today


class StaffScreen(QWidget):
    status_message = Signal(str)
    staff_changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staffScreen")
        self._store = store
        self.today = date.today
        self.period = QComboBox(objectName="staffPeriod")
        for code, text in (("week", self.tr("This week")), ("month", self.tr("This month")),
                           ("30", self.tr("Last 30 days")), ("90", self.tr("Last 90 days")),
                           ("year", self.tr("This year"))):
            self.period.addItem(text, code)
        self.period.setCurrentIndex(1)
        self.period.currentIndexChanged.connect(self.reload)
        self.range_label = QLabel(objectName="staffRange")

        self._build_table()
        editor = self._build_editor()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Period")))
        top.addWidget(self.period)
        top.addWidget(self.range_label, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(editor)
        # Loaded when shown (showEvent): the period figures aggregate every contact of the period.

    # --- building ---------------------------------------------------------------------------------
    def _build_table(self) -> None:
        """Each staff member's work in the period; overdue follow-ups in red."""
        columns = [
            Column(self.tr("Name"), lambda a: a.name if a.active else a.name + " " + self.tr("(inactive)")),
            Column(self.tr("Role"), lambda a: messages.label(messages.ROLES, a.role)),
            Column(self.tr("Contacts"), lambda a: f"{a.contacts:,}", right=True),
            Column(self.tr("Follow-ups done"), lambda a: f"{a.follow_ups_done:,}", right=True),
            Column(self.tr("Follow-ups overdue"), lambda a: f"{a.follow_ups_overdue:,}", right=True),
            Column(self.tr("Complaints resolved"), lambda a: f"{a.complaints_resolved:,}", right=True),
            Column(self.tr("Median resolution"),
                   lambda a: "" if a.median_resolution_hours is None else f"{a.median_resolution_hours:g} h",
                   right=True),
            # Issue 19: sales, regulars, main-contact customers, compliments and ratings (services/staff_figures).
            Column(self.tr("Sales"), lambda a: self._figure(a, "sales"), right=True),
            Column(self.tr("Revenue"), lambda a: self._figure(a, "revenue"), right=True),
            Column(self.tr("Regulars served"), lambda a: self._figure(a, "regulars_served"), right=True),
            Column(self.tr("Main contact for"), lambda a: self._figure(a, "main_contact_for"), right=True),
            Column(self.tr("Complaints about"), lambda a: self._figure(a, "complaints_about"), right=True),
            Column(self.tr("Compliments"), lambda a: self._figure(a, "compliments"), right=True),
            Column(self.tr("Avg rating"), lambda a: self._figure(a, "average_rating"), right=True),
        ]
        self.figures: dict = {}
        self.model: RowsModel[StaffActivity] = RowsModel(
            columns, self, colour=lambda a: theme.colour("error") if a.follow_ups_overdue else None)
        self.table = QTableView(objectName="staffTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, stretch=True)
        self.table.selectionModel().currentRowChanged.connect(self._selected)

    def _figure(self, activity: StaffActivity, field: str) -> str:
        value = getattr(self.figures.get(activity.staff_id), field, None)
        if value is None:
            return "" if field == "average_rating" else "0"
        return f"{value:.2f}" if isinstance(value, float) else f"{value:,}"

    def _build_editor(self) -> QGroupBox:
        """The selected staff member: name, role, active, and their password or PIN."""
        self.name = QLineEdit(objectName="staffName")
        self.role = QComboBox(objectName="staffRole")
        for code, text in messages.ROLES.items():
            self.role.addItem(messages.tr(text), code)
        self.active = QCheckBox(self.tr("Active"), objectName="staffActive")
        self.active.setChecked(True)
        self.add_button = QPushButton(self.tr("Add as new"), objectName="staffAdd")
        self.add_button.clicked.connect(self.add)
        self.save_button = QPushButton(self.tr("Save changes"), objectName="staffSave")
        self.save_button.clicked.connect(self.save)
        self.error = QLabel(objectName="staffError")
        self.error.setStyleSheet(theme.text_style("error"))
        editor = QGroupBox(self.tr("Staff member"))
        form = QFormLayout(editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.name.setMinimumWidth(260)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow("", self.active)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        # Sign-in (issue 8): on as soon as one active account has a password or PIN.
        self.secret = QLineEdit(objectName="staffSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("4+ digit PIN or 6+ character password"))
        self.secret.setMinimumWidth(260)
        self.set_secret_button = QPushButton(self.tr("Set"), objectName="staffSetSecret")
        self.set_secret_button.clicked.connect(lambda: self.set_secret(self.secret.text()))
        self.clear_secret_button = QPushButton(self.tr("Remove"), objectName="staffClearSecret")
        self.clear_secret_button.clicked.connect(lambda: self.set_secret(None))
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret)
        secret_row.addWidget(self.set_secret_button)
        secret_row.addWidget(self.clear_secret_button)
        form.addRow(self.tr("Password or PIN"), secret_row)
        self.sign_in_state = QLabel(objectName="signInState")
        self.sign_in_state.setWordWrap(False)  # two short lines; wrapping inside the form clipped them
        self.sign_in_state.setStyleSheet(theme.text_style("muted"))
        self.sign_in_state.setMinimumWidth(460)
        form.addRow("", self.sign_in_state)
        form.addRow(self.error)
        return editor

    def reload(self) -> None:
        start, end = period_bounds(self.period.currentData(), self.today())
        with self._store.session() as session:
            rows = staff_activity(session, start, end, today=self.today())
            everyone = staff_svc.list_staff(session, include_inactive=True)
        self.figures = figures_by_staff(self._store, start, end, self.today())
        # Inactive staff without activity are still listed here so they can be reactivated.
        shown = {a.staff_id for a in rows}
        rows += [StaffActivity(s.id, s.name, s.role, s.active, 0, 0, 0, 0, None) for s in everyone
                 if s.id not in shown]
        self.model.set_rows(rows)
        self.range_label.setText(f"{start.isoformat()} – {end.isoformat()}")
        self._selected()

    def _selected(self) -> None:
        record = self.model.record(self.table.currentIndex().row())
        self.save_button.setEnabled(record is not None)
        self.set_secret_button.setEnabled(record is not None)
        self.clear_secret_button.setEnabled(record is not None)
        with self._store.session() as session:
            accounts = [s.name for s in auth.accounts(session)]
        if accounts:
            text = self.tr("Sign-in is on: {names} sign in with a password or PIN.").format(names=", ".join(accounts))
        else:
            text = self.tr("Sign-in is off: nobody has a password or PIN yet.")
        if record is not None and record.active and record.name not in accounts:
            text = self.tr("{name} has no password or PIN.").format(name=record.name) + "\n" + text
        self.sign_in_state.setText(text)
        self.error.clear()
        if record is not None:
            self.name.setText(record.name)
            self.role.setCurrentIndex(max(0, self.role.findData(record.role)))
            self.active.setChecked(record.active)
        owner = record is not None and record.role == StaffRole.OWNER.value  # an owner's PIN opens everything
        self.secret.setPlaceholderText(self.tr("6+ digit PIN or 6+ character password") if owner else
                                       self.tr("4+ digit PIN or 6+ character password"))

    def add(self) -> None:
        try:
            with self._store.session() as session:
                staff_svc.create_staff(session, self.name.text(), self.role.currentData())
        except ValidationError as exc:
            self.error.setText(messages.problems_text(exc.problems))
            return
        self.status_message.emit(self.tr("{name} added.").format(name=self.name.text().strip()))
        self.reload()
        self.staff_changed.emit()

    def save(self) -> None:
        record = self.model.record(self.table.currentIndex().row())
        if record is None:
            return
        if record.active and not self.active.isChecked() and self._hand_over(record):
            return
        try:
            with self._store.session() as session:
                staff_svc.update_staff(session, record.staff_id, name=self.name.text(), role=self.role.currentData(),
                                       active=self.active.isChecked())
        except ValidationError as exc:
            if any(p.code == "last_owner" for p in exc.problems):  # show the role and state that were kept
                self.role.setCurrentIndex(max(0, self.role.findData(record.role)))
                self.active.setChecked(record.active)
            self.error.setText(messages.problems_text(exc.problems))
            return
        self.status_message.emit(self.tr("Changes saved."))
        self.reload()
        rows = [r for r in range(self.model.rowCount()) if self.model.record(r).staff_id == record.staff_id]
        if rows:
            self.table.selectRow(rows[0])  # the same person, wherever the new name sorts them
        self.staff_changed.emit()

    def _hand_over(self, record: StaffActivity) -> bool:
        """Deactivating someone who is main contact for customers: the hand-over dialog does it in one step."""
        if not getattr(self.figures.get(record.staff_id), "main_contact_for", 0):
            return False
        self.hand_over_dialog = HandOverDialog(self._store, record.staff_id, record.name, self)
        self.hand_over_dialog.accepted.connect(self._handed_over)
        self.hand_over_dialog.rejected.connect(lambda: self.active.setChecked(True))
        self.hand_over_dialog.open()
        return True

    def _handed_over(self) -> None:
        self.status_message.emit(self.tr("{n} customers handed over.").format(n=self.hand_over_dialog.moved))
        self.reload()
        self.staff_changed.emit()

    def set_secret(self, secret: str | None) -> None:
        """Give the selected person a password or PIN (None removes it); sign-in is on while anyone has one."""
        record = self.model.record(self.table.currentIndex().row())
        if record is None:
            return
        try:
            with self._store.session() as session:
                _member, code = auth.set_password_with_code(session, record.staff_id, secret)
        except ValidationError as exc:
            self.error.setText(messages.problems_text(exc.problems))
            return
        self.secret.clear()
        self.error.clear()
        message = (self.tr("{name} now signs in with a password or PIN.") if secret is not None
                   else self.tr("{name} has no password or PIN now."))
        self.status_message.emit(message.format(name=record.name))
        if code:
            self.show_recovery_code(record.name, record.staff_id, code)
        self._selected()
        if secret is not None:
            self.offer_for_open_copies()

    def offer_for_open_copies(self) -> None:
        """Sign-in is on now, but backups and before-upgrade copies taken before it open without a password:
        say so and offer to protect them with the same passwords or to remove them (as `crmdesk password` does)."""
        try:
            found = open_copies.find(self._store)
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return
        if not found:
            return
        cannot = [c for c in found if not c.protectable]
        text = self.tr("%n backup(s) or copies taken before sign-in was on still open without a password:", "",
                       len(found))
        text += "\n\n" + "\n".join(str(c.path) for c in found[:8]) + ("\n…" if len(found) > 8 else "")
        text += "\n\n" + self.tr("Protect them (they will ask for the same passwords as this database) or remove "
                                  "them?")
        if cannot:
            text += "\n" + self.tr("%n of them cannot be protected (too old or unreadable): only removing them "
                                   "helps.", "", len(cannot))
        answer = dialogs.choose(self, self.tr("Older backups open without a password"), text,
                                [("protect", self.tr("Protect them")), ("remove", self.tr("Remove them")),
                                 ("keep", self.tr("Leave them for now"))])
        try:
            if answer == "protect":
                result = open_copies.protect(self._store, found)
                message = self.tr("Protected %n backup(s).", "", len(result.done))
                if result.left:
                    message += " " + self.tr("%n could not be protected; remove them from the backups folder.",
                                             "", len(result.left))
            elif answer == "remove":
                message = self.tr("Removed %n backup(s).", "", len(open_copies.remove(self._store, found)))
            else:
                return
        except CrmError as exc:
            dialogs.warn(self, self.tr("Older backups open without a password"), error_text(exc))
            return
        dialogs.inform(self, self.tr("Older backups open without a password"), message)

    def show_recovery_code(self, name: str, staff_id: int, code: str) -> None:
        """The first owner password's recovery code: shown this once, never stored readable."""
        dialogs.inform(self, self.tr("Recovery code"), self.tr(
            "Recovery code for {name}:\n\n{code}\n\nWrite it down now and keep it away from this computer. If "
            "{name}'s password is forgotten, it sets a new one (on the command line: crmdesk password {id} "
            "--recovery-code CODE). It is shown only this once.").format(name=name, code=code, id=staff_id))

    def showEvent(self, event) -> None:  # noqa: N802
        self.reload()
        super().showEvent(event)
