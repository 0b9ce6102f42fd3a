"""Today: follow-ups and call-backs due today and overdue (optionally the week ahead), done with one click.

"Done" logs the follow-up contact (a call out by whoever is at the counter) and ticks the item off; the
list and the navigation badge update at once.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import ValidationError
from crmdesk.services import contacts as contacts_svc
from crmdesk.services.contacts import FollowUp
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, formatting, messages, theme
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel
from crmdesk.ui.kit.staff_picker import StaffPicker


class TodayScreen(QWidget):
    status_message = Signal(str)
    open_customer = Signal(int)
    counts_changed = Signal(int, int)  # due today, overdue
    data_changed = Signal(int)  # a customer whose timeline gained a contact

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayScreen")
        self._store = store
        self.today = date.today
        self.title = QLabel(objectName="todayTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.week = QCheckBox(self.tr("Also the next 7 days"), objectName="todayWeek")
        self.week.toggled.connect(self.reload)
        self.done_channel = QComboBox(objectName="todayChannel")
        for code in ("phone_out", "message", "visit", "home_visit", "email"):
            self.done_channel.addItem(messages.label(messages.CHANNELS, code), code)
        self.staff = StaffPicker(store, allow_none=True)
        self.staff.setObjectName("todayStaff")

        columns = [
            Column(self.tr("Due"), self._due_text),
            Column(self.tr("Customer"), lambda f: f.customer_name),
            Column(self.tr("Phone"), lambda f: formatting.list_phone(store, f.phone)),
            Column(self.tr("Purpose"), lambda f: messages.label(messages.PURPOSES, f.purpose)),
            Column(self.tr("Note"), lambda f: f.note, tooltip=lambda f: f.note),
            Column(self.tr("Logged by"), lambda f: f.staff_name or ""),
        ]
        self.model: RowsModel[FollowUp] = RowsModel(columns, self, colour=self._colour)
        self.table = QTableView(objectName="followUpTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, stretch=[4], on_open=self._open)
        self.done_button = QPushButton(self.tr("Done ✓"), objectName="followUpDone")
        self.done_button.clicked.connect(self.done_selected)
        self.open_button = QPushButton(self.tr("Open card"), objectName="followUpOpen")
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        self.empty = QLabel(self.tr("Nothing to follow up today."), objectName="todayEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.week)
        actions = QHBoxLayout()
        actions.addWidget(self.done_button)
        actions.addWidget(QLabel(self.tr("logged as")))
        actions.addWidget(self.done_channel)
        actions.addWidget(QLabel(self.tr("by")))
        actions.addWidget(self.staff)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)

    def _due_text(self, item: FollowUp) -> str:
        late = (self.today() - item.due).days
        if late > 0:
            return self.tr("Overdue {days} d").format(days=late)
        if late == 0:
            return self.tr("Today")
        return formatting.day(item.due)

    def _colour(self, item: FollowUp) -> str | None:
        return theme.colour("error") if item.overdue(self.today()) else None

    def reload(self) -> None:
        today = self.today()
        with self._store.session() as session:
            items = contacts_svc.open_follow_ups(session, today, days_ahead=7 if self.week.isChecked() else 0)
            due, overdue = contacts_svc.follow_up_counts(session, today)
        self.model.set_rows(items)
        self.model.fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.title.setText(self.tr("Follow-ups: {due} due today, {overdue} overdue").format(due=due, overdue=overdue))
        self.empty.setVisible(not items)
        if items:
            self.table.selectRow(0)
        self._selection_changed()
        self.counts_changed.emit(due, overdue)

    def refresh_counts(self) -> None:
        """Only the figures (for the navigation badge): the list and its selection stay as they are."""
        with self._store.session() as session:
            self.counts_changed.emit(*contacts_svc.follow_up_counts(session, self.today()))

    def _selection_changed(self) -> None:
        has = self.model.record(self.table.currentIndex().row()) is not None
        self.done_button.setEnabled(has)
        self.open_button.setEnabled(has)

    def _open(self, row: int) -> None:
        item = self.model.record(row)
        if item is not None:
            self.open_customer.emit(item.customer_id)

    def done_selected(self) -> None:
        item = self.model.record(self.table.currentIndex().row())
        if item is None:
            return
        try:
            with self._store.session() as session:
                contacts_svc.complete_follow_up(session, item.contact_id, staff_id=self.staff.staff_id(),
                                                channel=self.done_channel.currentData())
        except ValidationError as exc:
            dialogs.warn(self, self.tr("Follow-up"), messages.problems_text(exc.problems))
            self.reload()  # done elsewhere, or the customer archived meanwhile: show the list as it is now
            return
        self.data_changed.emit(item.customer_id)
        self.status_message.emit(self.tr("Follow-up with {name} done and logged.").format(name=item.customer_name))
        row = self.table.currentIndex().row()
        self.reload()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    def showEvent(self, event) -> None:  # noqa: N802 - fresh figures whenever the screen is shown
        self.staff.reload()
        self.reload()
        super().showEvent(event)
