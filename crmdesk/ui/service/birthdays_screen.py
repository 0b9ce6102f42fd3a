"""Birthdays: this week's or this month's list (lunar birthdays already on this year's solar date) and the
birthday coupon issued with one click, recorded so no one receives it twice in a year."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import CrmError, ValidationError
from crmdesk.normalise import format_phone
from crmdesk.services import birthdays as bsvc
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, formatting, jobs, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel
from crmdesk.ui.kit.staff_picker import StaffPicker


class BirthdaysScreen(QWidget):
    status_message = Signal(str)
    open_customer = Signal(int)
    data_changed = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("birthdaysScreen")
        self._store = store
        self.today = date.today
        self._task = jobs.Task(self, done=self._show, failed=lambda exc: self.status_message.emit(error_text(exc)))
        self.title = QLabel(objectName="birthdaysTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.period = QComboBox(objectName="birthdaysPeriod")
        self.period.addItem(self.tr("This week"), "week")
        self.period.addItem(self.tr("This month"), "month")
        self.period.currentIndexChanged.connect(self.reload)
        columns = [
            Column(self.tr("Birthday"), self._day_text),
            Column(self.tr("Customer"), lambda r: r.name),
            Column(self.tr("Phone"), lambda r: format_phone(r.phone)),
            Column(self.tr("Calendar"), lambda r: self._calendar_text(r)),
            Column(self.tr("Age"), lambda r: "" if r.age is None else str(r.age), right=True),
            Column(self.tr("Coupon"), lambda r: r.coupon_code or ""),
        ]
        self.model: RowsModel[bsvc.BirthdayRow] = RowsModel(
            columns, self, colour=lambda r: theme.colour("greyed") if r.coupon_code else None)
        self.table = QTableView(objectName="birthdaysTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, stretch=[5], on_open=self._open)
        self.issue_button = QPushButton(self.tr("Issue birthday coupon"), objectName="issueCoupon")
        self.issue_button.clicked.connect(self.issue_selected)
        self.open_button = QPushButton(self.tr("Open card"), objectName="birthdayOpen")
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        self.staff = StaffPicker(store, allow_none=True)
        self.empty = QLabel(self.tr("No birthdays in this period."), objectName="birthdaysEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.period)
        actions = QHBoxLayout()
        actions.addWidget(self.issue_button)
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
        self._selection_changed()

    def _day_text(self, row: bsvc.BirthdayRow) -> str:
        days = (row.on - self.today()).days
        if days == 0:
            return self.tr("{day} (today)").format(day=formatting.day(row.on))
        return formatting.day(row.on)

    def _calendar_text(self, row: bsvc.BirthdayRow) -> str:
        if row.lunar:
            return self.tr("lunar {month}/{day}").format(month=row.birthday.month, day=row.birthday.day)
        return self.tr("solar")

    def _range(self) -> tuple[date, date]:
        today = self.today()
        return bsvc.this_week(today) if self.period.currentData() == "week" else bsvc.this_month(today)

    def reload(self) -> None:
        start, end = self._range()
        self.title.setText(self.tr("Birthdays {start} – {end}: loading…").format(
            start=formatting.day(start), end=formatting.day(end)))
        self._task.run(lambda _progress: self._load(start, end))

    def _load(self, start: date, end: date) -> tuple[date, date, list[bsvc.BirthdayRow]]:
        with self._store.session() as session:
            return start, end, bsvc.birthdays_between(session, start, end)

    def _show(self, result: tuple[date, date, list[bsvc.BirthdayRow]]) -> None:
        start, end, rows = result
        selected = self.model.record(self.table.currentIndex().row())
        self.model.set_rows(rows)
        self.model.fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        issued = sum(1 for r in rows if r.coupon_code)
        self.title.setText(self.tr("Birthdays {start} – {end}: {count}, coupon issued to {issued}").format(
            start=formatting.day(start), end=formatting.day(end), count=len(rows), issued=issued))
        self.empty.setVisible(not rows)
        keep = next((i for i, r in enumerate(rows) if selected and r.customer_id == selected.customer_id), 0)
        if rows:
            self.table.selectRow(keep)
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = self.model.record(self.table.currentIndex().row())
        self.open_button.setEnabled(row is not None)
        self.issue_button.setEnabled(row is not None and not row.coupon_code)

    def _open(self, index: int) -> None:
        row = self.model.record(index)
        if row is not None:
            self.open_customer.emit(row.customer_id)

    def issue_selected(self) -> None:
        row = self.model.record(self.table.currentIndex().row())
        if row is None:
            return
        try:
            with self._store.session() as session:
                coupon = bsvc.issue_birthday_coupon(session, row.customer_id, year=row.on.year,
                                                    staff_id=self.staff.staff_id())
                code = coupon.code
        except ValidationError as exc:
            dialogs.warn(self, self.tr("Birthday coupon"), self.tr("{name} already received this year's coupon.")
                         .format(name=row.name) if exc.problems[0].code == "coupon_already_issued"
                         else error_text(exc))
            self.reload()
            return
        except CrmError as exc:
            dialogs.warn(self, self.tr("Birthday coupon"), error_text(exc))
            return
        self.status_message.emit(self.tr("Birthday coupon {code} issued to {name}.").format(code=code, name=row.name))
        self.data_changed.emit(row.customer_id)
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - fresh whenever the screen is shown
        self.staff.reload()
        self.reload()
        super().showEvent(event)
