"""One line on the customer card for the owner: RFM segment, lifecycle stage, historic value, predicted value and
P(alive) — or why there is no forecast.

The shop-wide computation behind it (RFM quintiles, the return window, the BG/NBD + Gamma-Gamma fit) takes
seconds on a large shop, so it runs off the GUI thread and is cached per database and day by
:mod:`crmdesk.services.customer_value` (the dashboard's lifecycle tab fills the same cache). Its shop-wide figures
are kept in the database, so the first card of a day is scored from the last fit at once (issue 18; the tooltip
names the fit's day) while the shop is refitted in the background, once a day; only a shop never computed says
"working out…". pandas is never imported here at start-up.
Owner-only, like the dashboard (Permission.ANALYTICS): staff do not see what a customer is predicted to be worth.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QLabel, QWidget

from crmdesk.access import Permission, actor_of
from crmdesk.services import customer_value as svc
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, jobs

# (database, day) pairs whose refit was started: every card of the day shares one.
_REFITS: set[tuple[str, date]] = set()


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
        # The shop refitted off the GUI thread when a card was scored from an older fit (at most once a day).
        self._refit = jobs.Task(self, done=self._refitted, failed=lambda _exc: None)
        self.fit_day: str | None = None  # the day of the fit the shown line was scored with; None: today's figures
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
        if not svc.is_cached(store) and not svc.has_stored_fit(store):  # else the answer comes at once
            self.setText(self.tr("Value: working out the shop's figures (once a day, a few seconds)…"))
            self.setToolTip("")

        def work(_report: Any) -> tuple[int, svc.CustomerValue | None, str | None]:
            return customer_id, *svc.quick_value(store, customer_id)

        self._task.run(work)

    def _done(self, result: tuple[int, svc.CustomerValue | None, str | None]) -> None:
        customer_id, value, fit_day = result
        if customer_id != self._customer_id:
            self._start()
            return
        self._shown_for = customer_id
        self.value, self.fit_day = value, fit_day
        self.setText(self.describe(value))
        tip = self._tooltip(value)
        if fit_day is not None and value is not None and value.purchase_days:
            tip = " ".join(filter(None, (tip, self.tr("Scored with the shop's figures of {day}; today's are being "
                                                      "worked out.").format(day=fit_day))))
            self._refit_once_today()
        self.setToolTip(tip)

    def _refit_once_today(self) -> None:
        key = (self._store.url, date.today())
        if key in _REFITS or self._refit.running:
            return
        _REFITS.add(key)
        store = self._store
        self._refit.run(lambda _report: svc.shop_value(store))

    def _refitted(self, _shop: object) -> None:
        if self._customer_id is not None and self.isVisible():
            self._start()  # today's figures are in memory now: the line answers from them

    def _failed(self, exc: object) -> None:
        self._shown_for = self._customer_id  # no retry loop; the next card tries again
        self.setText(self.tr("Value could not be worked out: {error}").format(error=exc))

    def describe(self, value: svc.CustomerValue | None) -> str:
        if value is None:
            return self.tr("Archived: not counted in the shop's figures.")
        from crmdesk.analytics.segment_codes import KOREAN_NAMES  # loaded by the job already (no pandas)
        from crmdesk.analytics.stages import ENGLISH_STAGES, KOREAN_STAGES

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
