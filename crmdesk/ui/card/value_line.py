"""One line on the customer card for the owner: RFM segment, lifecycle stage, historic value, predicted value and
P(alive) — or why there is no forecast.

The shop-wide computation behind it (RFM quintiles, the return window, the BG/NBD + Gamma-Gamma fit) takes
seconds on a large shop, so it runs off the GUI thread and is cached per database and day by
:mod:`crmdesk.services.customer_value` (the dashboard's lifecycle tab fills the same cache): the first card of
the day says "working out…", the next ones answer at once. pandas is never imported here at start-up.
Owner-only, like the dashboard (Permission.ANALYTICS): staff do not see what a customer is predicted to be worth.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QWidget

from crmdesk.access import Permission, actor_of
from crmdesk.services import customer_value as svc
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, jobs


def _korean() -> bool:
    return QLocale().language() == QLocale.Language.Korean


class CustomerValueLine(QLabel):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardValue")
        self.setWordWrap(True)
        self.setStyleSheet("#cardValue { background: palette(alternate-base); border: 1px solid palette(mid); "
                           "border-radius: 4px; padding: 3px 6px; color: palette(text); }")
        self._store = store
        self._customer_id: int | None = None
        self._shown_for: int | None = None
        self._task = jobs.Task(self, done=self._done, failed=self._failed)
        self.value: svc.CustomerValue | None = None
        self.hide()

    def show_customer(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        if customer_id is None or not actor_of(self._store).can(Permission.ANALYTICS):
            self._shown_for = None
            self.value = None
            self.hide()
            return
        self.show()
        self._shown_for = None  # a reload after a purchase may change the figures: ask again (cheap when cached)
        self._start()

    def _start(self) -> None:
        if self._task.running:  # one at a time; the finished job starts the next if the card moved on
            return
        customer_id, store = self._customer_id, self._store
        if customer_id is None:
            return
        if not svc.is_cached(store):
            self.setText(self.tr("Value: working out the shop's figures (once a day, a few seconds)…"))
            self.setToolTip("")

        def work(_report: Any) -> tuple[int, svc.CustomerValue | None]:
            return customer_id, svc.value_of(store, customer_id)

        self._task.run(work)

    def _done(self, result: tuple[int, svc.CustomerValue | None]) -> None:
        customer_id, value = result
        if customer_id != self._customer_id:
            self._start()
            return
        self._shown_for = customer_id
        self.value = value
        self.setText(self.describe(value))
        self.setToolTip(self._tooltip(value))

    def _failed(self, exc: object) -> None:
        self._shown_for = self._customer_id  # no retry loop; the next card tries again
        self.setText(self.tr("Value could not be worked out: {error}").format(error=exc))

    def describe(self, value: svc.CustomerValue | None) -> str:
        if value is None:
            return self.tr("Archived: not counted in the shop's figures.")
        from crmdesk.analytics.churn import ENGLISH_STAGES, KOREAN_STAGES  # loaded by the job already
        from crmdesk.analytics.rfm import KOREAN_NAMES

        korean = _korean()
        segment = KOREAN_NAMES.get(value.segment, value.segment) if korean else value.segment
        stage = (KOREAN_STAGES if korean else ENGLISH_STAGES).get(value.stage, value.stage)
        if value.purchase_days == 0:
            return self.tr("{segment} · no purchase yet: no value to show").format(segment=segment)
        parts = [self.tr("Segment {segment}").format(segment=segment), self.tr("Stage {stage}").format(stage=stage),
                 self.tr("Historic value {amount}").format(amount=formatting.money(value.historic_value))]
        if value.predicted_value is None:
            parts.append(self.tr("Predicted value: not enough history"))
        else:
            parts.append(self.tr("Predicted (1 year) {amount}").format(
                amount=formatting.money(round(value.predicted_value))))
            parts.append(self.tr("P(alive) {share}").format(share=f"{100 * (value.p_alive or 0):.0f}%"))
        return " · ".join(part.replace(" ", "\u00a0") for part in parts)  # wrap between parts, not inside one

    def _tooltip(self, value: svc.CustomerValue | None) -> str:
        if value is None or value.purchase_days == 0:
            return ""
        if value.predicted_value is None:
            return self.tr("No forecast for the shop yet: {reason}").format(
                reason=value.reason_ko if _korean() else value.reason)
        return self.tr("Predicted value: expected spend over the next 365 days (BG/NBD + Gamma-Gamma). P(alive): "
                       "the chance the customer still buys here at all.")
