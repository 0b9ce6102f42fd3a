"""The dashboard's Coupons tab: coupons issued and redeemed, the redemption rate and the revenue of the
redeeming purchases, per kind and per campaign (crmdesk.services.coupon_report; `crmdesk coupons` prints the
same). Worked out off the GUI thread when the tab is first shown, and again on Refresh or a new period."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from crmdesk.services.coupon_report import CouponLine, coupon_lines
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, jobs
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


class CouponsView(QWidget):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._loaded = False
        self._task = jobs.Task(self, done=self._done, failed=self._failed)
        self.whole = QCheckBox(self.tr("Whole history"), objectName="couponsWhole", checked=True)
        self.start = QDateEdit(QDate.currentDate().addYears(-1), objectName="couponsFrom", calendarPopup=True)
        self.end = QDateEdit(QDate.currentDate(), objectName="couponsTo", calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.whole.toggled.connect(lambda on: [e.setEnabled(not on) for e in (self.start, self.end)])
        self.refresh_button = QPushButton(self.tr("Show"), objectName="couponsRefresh")
        self.refresh_button.setAccessibleName(self.tr("Show the coupons"))  # the dashboard's "Show" is its view
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel(objectName="couponsStatus")
        self.status.setWordWrap(True)
        columns: list[Column[CouponLine]] = [
            Column(self.tr("Coupons"), self.label),
            Column(self.tr("Issued"), lambda c: f"{c.issued:,}", right=True),
            Column(self.tr("Redeemed"), lambda c: f"{c.redeemed:,}", right=True),
            Column(self.tr("Redemption rate"), lambda c: "-" if c.rate is None else f"{c.rate:.1%}", right=True),
            Column(self.tr("Revenue"), lambda c: formatting.money(c.revenue), right=True,
                   tooltip=lambda c: self.tr("Totals of the purchases the coupons were redeemed on (voided ones "
                                             "left out)")),
            Column(self.tr("Discount"), lambda c: formatting.money(c.discount), right=True),
        ]
        self.model: RowsModel[CouponLine] = RowsModel(columns, self)
        self.table = QTableView(objectName="couponsTable")
        read_only_list(self.table, self.model, wrap=False, stretch=[0])
        top = QHBoxLayout()
        top.addWidget(self.whole)
        top.addWidget(QLabel(self.tr("Issued from")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)

    def label(self, line: CouponLine) -> str:
        if line.group == "kind":
            return {"birthday": self.tr("Birthday coupons"), "campaign": self.tr("Campaign offers"),
                    "manual": self.tr("Made by hand")}.get(line.key, line.key)
        if line.group == "campaign":
            return self.tr("   Campaign: {name}").format(name=line.key)
        return self.tr("All coupons")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def period(self) -> tuple[date | None, date | None]:
        if self.whole.isChecked():
            return None, None
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def refresh(self) -> None:
        self._loaded = True
        start, end = self.period()
        store = self._store
        self.status.setText(self.tr("Counting…"))

        def work(_report: Any) -> list[CouponLine]:
            with store.session() as session:
                return coupon_lines(session, start, end)

        self._task.run(work)

    def _done(self, lines: list[CouponLine]) -> None:
        self.model.set_rows(lines if lines[-1].issued else [])
        self.status.setText(self.tr("No coupons were issued in this period.") if not lines[-1].issued else
                            self.tr("A coupon counts as redeemed when a purchase that still counts carries its code; "
                                    "revenue is those purchases' totals."))
        self.model.fit_columns(self.table)

    def _failed(self, exc: object) -> None:
        self.status.setText(self.tr("The coupons could not be counted: {error}").format(error=exc))
