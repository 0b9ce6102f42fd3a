"""The card's Suggestions tab: products this customer has not bought yet that go with what they buy.

The work runs off the GUI thread (the shop's association rules take a second or more the first time each
day; later cards read them from the service's cache), and only while the tab is on screen: opening a card
costs nothing until someone looks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from crmdesk.services import suggestions as svc
from crmdesk.store import Store
from crmdesk.ui.kit import jobs
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


class SuggestionsView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._customer_id: int | None = None
        self._shown_for: int | None = None  # whose suggestions the table holds
        self._task = jobs.Task(self, done=self._done, failed=self._failed)
        self.status = QLabel(objectName="suggestionsStatus")
        columns = [
            Column(self.tr("Product"), lambda s: s.product),
            Column(self.tr("Goes with"), lambda s: s.because),
            Column(self.tr("Also bought by"), lambda s: f"{s.confidence:.0%}", right=True,
                   tooltip=self._why),
            Column(self.tr("Lift"), lambda s: f"×{s.lift:.2f}", right=True, tooltip=self._why),
        ]
        self.model: RowsModel[svc.Suggestion] = RowsModel(columns, self)
        self.table = QTableView(objectName="suggestions")
        read_only_list(self.table, self.model, wrap=False, stretch=[0, 1])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def _why(self, s: svc.Suggestion) -> str:
        return self.tr("{share} of receipts with {because} also have {product}: {lift} times as often as "
                       "receipts in general.").format(share=f"{s.confidence:.1%}", because=s.because,
                                                      product=s.product, lift=f"{s.lift:.2f}")

    def show_customer(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        if customer_id is None:
            self._shown_for = None
            self.model.set_rows([])
            self.status.setText("")
            return
        if self.isVisible():
            self._start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._customer_id is not None and self._shown_for != self._customer_id:
            self._start()

    def _start(self) -> None:
        if self._task.running:  # one at a time; the finished job starts the next if the card moved on
            return
        customer_id, store = self._customer_id, self._store
        if customer_id is None or self._shown_for == customer_id:
            return
        self.model.set_rows([])
        self.status.setText(self.tr("Looking for products that go with their purchases…")
                            if svc.is_cached(store) else
                            self.tr("Working out what sells together (once a day, a few seconds)…"))

        def work(_report: Any) -> svc.CustomerSuggestions:
            return svc.suggestions_for(store, customer_id)

        self._task.run(work)

    def _done(self, result: svc.CustomerSuggestions) -> None:
        if result.customer_id != self._customer_id:
            self._start()
            return
        self._shown_for = result.customer_id
        self.model.set_rows(result.items)
        if result.bought == 0:
            self.status.setText(self.tr("No purchases yet: nothing to go on."))
        elif not result.items:
            self.status.setText(self.tr("Nothing to suggest: nothing sells notably often with theirs."))
        else:
            self.status.setText(self.tr("Not tried yet, sold with what they buy · {baskets} receipts").format(
                baskets=f"{result.baskets:,}"))
            self.status.setToolTip(self.tr("Products this customer has not bought yet that sell together with "
                                           "what they buy, from the shop's receipts up to today."))
        self.model.fit_columns(self.table)

    def _failed(self, exc: object) -> None:
        self.status.setText(self.tr("Suggestions could not be worked out: {error}").format(error=exc))
        if self._customer_id is not None and self._shown_for != self._customer_id:
            self._shown_for = self._customer_id  # do not retry in a loop; the next card tries again
