"""The card's Suggestions tab: what to offer this customer next, with the reason in words, and their usual items.

Three kinds, up-sell first (crmdesk.services.next_offer): a dearer product of a category they buy that customers
like them moved up to, what buyers of their products went on to buy within 60 days, and what sells on the same
receipt as theirs. The work runs off the GUI thread (the shop's rules take a second or more the first time each
day; later cards read them from the services' caches), and only while the tab is on screen: opening a card
costs nothing until someone looks.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from crmdesk.services import next_offer as svc
from crmdesk.services import suggestions
from crmdesk.store import Store
from crmdesk.ui.kit import jobs
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel

SEQUENCE_DAYS = 60  # as crmdesk.analytics.next_offer.SEQUENCE_DAYS (pandas is not imported with the window)


class SuggestionsView(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._customer_id: int | None = None
        self._shown_for: int | None = None  # whose suggestions the table holds
        self._task = jobs.Task(self, done=self._done, failed=self._failed)
        self.status = QLabel(objectName="suggestionsStatus")
        self.usual = QLabel(objectName="usualItems")
        self.usual.setWordWrap(True)
        columns = [
            Column(self.tr("Offer"), self.kind_name),
            Column(self.tr("Product"), lambda o: o.product),
            Column(self.tr("Why"), self.reason, tooltip=self.reason),
        ]
        self.model: RowsModel[svc.Offer] = RowsModel(columns, self)
        self.table = QTableView(objectName="suggestions")
        read_only_list(self.table, self.model, stretch=[2])  # the reason wraps: it is read, not skimmed
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.usual)
        layout.addWidget(self.status)
        layout.addWidget(self.table)

    def kind_name(self, offer: svc.Offer) -> str:
        return {"up_sell": self.tr("Up-sell"), "sequence": self.tr("Next in sequence"),
                "cross_sell": self.tr("Cross-sell")}.get(offer.kind, offer.kind)

    def reason(self, o: svc.Offer) -> str:
        share = f"{o.share:.0%}"
        if o.kind == "up_sell":
            return self.tr("{customers} customers who bought {because} moved up to {product} ({share} of its buyers); "
                           "it costs {step} more").format(customers=o.customers, because=o.because, product=o.product,
                                                          share=share, step=f"{o.step:,}")
        if o.kind == "sequence":
            return self.tr("{share} of the customers who bought {because} bought {product} within {days} days "
                           "(usually {step} days later)").format(share=share, because=o.because, product=o.product,
                                                                 days=SEQUENCE_DAYS, step=o.step)
        return self.tr("{share} of the receipts with {because} also have {product}").format(
            share=share, because=o.because, product=o.product)

    def show_customer(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        if customer_id is None:
            self._shown_for = None
            self.model.set_rows([])
            self.status.setText("")
            self.usual.setText("")
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
        self.usual.setText("")
        self.status.setText(self.tr("Looking for what to offer…") if suggestions.is_cached(store) else
                            self.tr("Working out what sells together and what follows (once a day, a few seconds)…"))

        def work(_report: Any) -> svc.NextOffers:
            return svc.next_offers(store, customer_id)

        self._task.run(work)

    def _done(self, result: svc.NextOffers) -> None:
        if result.customer_id != self._customer_id:
            self._start()
            return
        self._shown_for = result.customer_id
        self.model.set_rows(result.offers)
        self.usual.setText(self.tr("Usual items: {items}").format(
            items=", ".join(self.tr("{product} ({receipts}×)").format(product=u.product, receipts=u.receipts)
                            for u in result.usual)) if result.usual else "")
        if result.bought == 0:
            self.status.setText(self.tr("No purchases yet: nothing to go on."))
        elif not result.offers:
            self.status.setText(self.tr("Nothing to suggest: nothing sells notably often after or with theirs."))
        else:
            self.status.setText(self.tr("What to offer next, from the shop's purchases up to today:"))
        self.model.fit_columns(self.table)

    def _failed(self, exc: object) -> None:
        self.status.setText(self.tr("Suggestions could not be worked out: {error}").format(error=exc))
        if self._customer_id is not None and self._shown_for != self._customer_id:
            self._shown_for = self._customer_id  # do not retry in a loop; the next card tries again
