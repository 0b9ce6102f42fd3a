"""The dashboard's CRM fit tab: does CRM pay for this shop? The figures from its own data, a verdict in the
owner's words with what to focus on, and the what-if (5 % fewer customers leaving) with its assumptions
(crmdesk.services.crm_fit; `crmdesk fit` prints the same). Worked out off the GUI thread when first shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crmdesk.services.crm_fit import CrmFit, crm_fit
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, jobs


def _pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


class FitView(QWidget):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._loaded = False
        self.fit: CrmFit | None = None
        self._task = jobs.Task(self, done=self._done, failed=self._failed)
        self.status = QLabel(objectName="fitStatus")
        self.figures = {key: QLabel(objectName=f"fit_{key}") for key in ("known", "gap", "value", "reach")}
        form = QFormLayout()
        for key, text in (("known", self.tr("Sales to known customers")), ("gap", self.tr("A regular comes back")),
                          ("value", self.tr("Customer value so far")), ("reach", self.tr("Reachable directly"))):
            self.figures[key].setWordWrap(True)
            form.addRow(text, self.figures[key])
        self.verdict = QLabel(objectName="fitVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.advice = QLabel(objectName="fitAdvice")
        self.advice.setWordWrap(True)
        self.what_if = QLabel(objectName="fitWhatIf")
        self.what_if.setWordWrap(True)
        self.what_if.setStyleSheet("#fitWhatIf { background: palette(alternate-base); border: 1px solid palette(mid); "
                                   "border-radius: 4px; padding: 6px; }")
        self.refresh_button = QPushButton(self.tr("Work out again"), objectName="fitRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        line = QFrame(frameShape=QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(line)
        layout.addWidget(self.verdict)
        layout.addWidget(self.advice)
        layout.addWidget(self.what_if)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        self._loaded = True
        store = self._store
        self.status.setText(self.tr("Working out the shop's figures…"))

        def work(_report: Any) -> CrmFit:
            with store.session() as session:
                return crm_fit(session)

        self._task.run(work)

    def advice_text(self, key: str) -> str:
        return {
            "register_more": self.tr("Most sales are to walk-ins: ask customers to join (points, a stamp card) so "
                                     "you know who buys."),
            "ask_consent": self.tr("Few customers can be reached: ask for a phone number and consent at the "
                                   "counter."),
            "frequent_visits": self.tr("Regulars come often: points, usual items at the counter and a warm word pay "
                                       "more than mailings."),
            "remind_between_visits": self.tr("Visits are far apart: a reminder (birthday, season, a new item) keeps "
                                             "you in mind."),
            "care_for_the_best": self.tr("A few customers are worth far more than the rest: look after your best "
                                         "customers personally."),
            "keep_them_coming": self.tr("Less than half of last year's customers came back: win them back before "
                                        "finding new ones."),
        }.get(key, key)

    def _done(self, fit: CrmFit) -> None:
        self.fit = fit
        self.status.setText(self.tr("From the shop's own data, the 12 months up to {day}.").format(
            day=formatting.day(fit.as_of)))
        self.figures["known"].setText(self.tr("{share} ({known} of {revenue}); the rest are walk-ins").format(
            share=_pct(fit.known_share), known=formatting.money(fit.known_revenue),
            revenue=formatting.money(fit.revenue)))
        self.figures["gap"].setText(
            self.tr("every {days} days (median of {regulars} regulars with 3 or more visits)").format(
                days=f"{fit.median_gap_days:g}", regulars=f"{fit.regulars:,}")
            if fit.median_gap_days is not None else self.tr("no regulars yet (nobody came 3 times in 12 months)"))
        self.figures["value"].setText(
            self.tr("average {mean}, median {median}, spread {std} (coefficient of variation {cv}); "
                    "{customers} customers").format(
                mean=formatting.money(round(fit.value_mean)), median=formatting.money(round(fit.value_median)),
                std=formatting.money(round(fit.value_std)),
                cv="-" if fit.value_cv is None else f"{fit.value_cv:.2f}", customers=f"{fit.customers_with_value:,}"))
        self.figures["reach"].setText(self.tr("{share} ({reachable} of {cards} cards have a phone and consent to "
                                              "SMS, KakaoTalk or calls)").format(
            share=_pct(fit.reachable_share), reachable=f"{fit.reachable:,}", cards=f"{fit.active_cards:,}"))
        self.verdict.setText({
            "strong": self.tr("CRM will pay here: your customers are known, reachable and come back."),
            "partial": self.tr("CRM will pay in part: work on what is missing below first."),
            "weak": self.tr("CRM cannot pay much yet: start with the basics below before any campaign."),
        }[fit.verdict])
        self.advice.setText("\n".join("• " + self.advice_text(k) for k in fit.advice))
        self._show_what_if(fit)

    def _show_what_if(self, fit: CrmFit) -> None:
        w = fit.what_if
        if w.retention is None:
            self.what_if.setText(self.tr("What if fewer customers left? Not yet possible: it needs customers from "
                                         "more than a year ago."))
            return
        self.what_if.setText(
            self.tr("What if 5 % fewer customers left each year (5 of every 100 customers kept)? Revenue would be "
                    "{extra} higher over the next year.").format(extra=formatting.money(w.extra_revenue))
            + "\n" + self.tr("Assumptions: {active} customers bought in the last 12 months; {retention} of last "
                             "year's customers came back ({leaving} left); {kept} more customers kept, each spending "
                             "what a returning customer spent in a year ({spend}).").format(
                active=f"{w.active:,}", retention=_pct(w.retention), leaving=_pct(1 - w.retention),
                kept=f"{w.kept:.1f}", spend=formatting.money(w.returning_spend)))

    def _failed(self, exc: object) -> None:
        self.status.setText(self.tr("The figures could not be worked out: {error}").format(error=exc))
