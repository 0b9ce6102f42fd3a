"""The Privacy screen's list of cards whose consent was never confirmed (issue 17): an earlier version assumed
it; they get no marketing until staff record the customer's answer on the card's Consent tab."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from crmdesk.normalise import mask_phone
from crmdesk.services import consent_review
from crmdesk.store import Store
from crmdesk.ui.kit import formatting
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


class UnconfirmedView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unconfirmedView")
        self._store = store
        self.rows: RowsModel[consent_review.Unconfirmed] = RowsModel([
            Column(self.tr("Customer"), lambda r: r.name),
            Column(self.tr("Phone"), lambda r: mask_phone(r.phone)),
            Column(self.tr("Card made"), lambda r: formatting.day(r.created_at)),
        ], self)
        self.table = QTableView(objectName="unconfirmedTable")
        read_only_list(self.table, self.rows, stretch=[0])
        self.summary = QLabel(objectName="unconfirmedSummary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        with self._store.session() as session:
            rows = consent_review.unconfirmed(session)
        self.rows.set_rows(rows)
        self.summary.setText(self.tr(
            "{n:,} cards whose consent an earlier version assumed. They get no marketing until staff ask the "
            "customer and record the answer on the card's Consent tab.").format(n=len(rows)))
