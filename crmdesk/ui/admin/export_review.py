"""The Privacy screen's monthly review of downloads and exports (issue 17): every file of personal data that
left the shop in a month, who wrote it, when, how many rows and the reason given (services/access_log.py)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from crmdesk.errors import CrmError
from crmdesk.services import access_log
from crmdesk.store import Store
from crmdesk.ui.kit import formatting
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


class ExportReview(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportReview")
        self._store = store
        self.month = QDateEdit(QDate.currentDate(), objectName="reviewMonth")
        self.month.setDisplayFormat("yyyy-MM")
        show = QPushButton(self.tr("Show"), objectName="reviewShow")
        show.setAccessibleName(self.tr("Show the exports of the month"))  # the audit tab has a Show button too
        show.clicked.connect(self.reload)
        self.rows: RowsModel[access_log.ExportRecord] = RowsModel([
            Column(self.tr("When"), lambda r: formatting.moment(r.at)),
            Column(self.tr("Who"), lambda r: r.actor),
            Column(self.tr("What"), lambda r: r.what),
            Column(self.tr("Rows"), lambda r: "" if r.rows is None else f"{r.rows:,}", right=True),
            Column(self.tr("Reason"), lambda r: r.reason or self.tr("(none given)")),
            Column(self.tr("File"), lambda r: r.file),
        ], self)
        self.table = QTableView(objectName="reviewTable")
        read_only_list(self.table, self.rows, stretch=[4])
        self.summary = QLabel(objectName="reviewSummary")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Month")))
        bar.addWidget(self.month)
        bar.addWidget(show)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Review once a month who took personal data out of the shop and why.")))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)

    def reload(self) -> None:
        day: date = self.month.date().toPython()
        try:
            with self._store.session() as session:
                records = access_log.monthly_review(session, day)
        except CrmError as exc:
            self.summary.setText(error_text(exc))
            return
        self.rows.set_rows(records)
        missing = sum(1 for r in records if not r.reason)
        self.summary.setText(self.tr("{n:,} exports in {month}; {missing:,} without a reason.").format(
            n=len(records), month=f"{day:%Y-%m}", missing=missing))
