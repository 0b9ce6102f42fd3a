"""The card's timeline: purchases, contacts and feedback in one list, newest first, filterable by kind."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services.customers import PurchaseSummary
from crmdesk.services.timeline import KINDS, TimelineEntry, customer_timeline
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, messages, theme
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel

COL_TEXT = 2
KIND_COLOURS = {"feedback": "purple", "contact": "blue", "loyalty": "gold", "campaign": "teal"}  # theme roles


class TimelineView(QWidget):
    log_contact = Signal()
    new_feedback = Signal()
    open_feedback = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._customer_id: int | None = None
        self.kind = QComboBox(objectName="timelineKind")
        self.kind.addItem(self.tr("Everything"), None)
        self.kind.addItem(self.tr("Purchases"), "purchase")
        self.kind.addItem(self.tr("Contacts"), "contact")
        self.kind.addItem(self.tr("Feedback"), "feedback")
        self.kind.addItem(self.tr("Points and tiers"), "loyalty")
        self.kind.addItem(self.tr("Campaigns"), "campaign")
        self.kind.currentIndexChanged.connect(lambda _index: self.reload())
        log = QPushButton(self.tr("Log contact (Ctrl+L)"), objectName="cardLogContact")
        log.clicked.connect(self.log_contact)
        feedback = QPushButton(self.tr("Feedback…"), objectName="cardNewFeedback")
        feedback.clicked.connect(self.new_feedback)
        columns = [
            Column(self.tr("When"), lambda e: e.at.strftime("%y-%m-%d %H:%M")),
            Column(self.tr("What"), self._what),
            Column(self.tr("Details"), self._details, tooltip=self._tooltip),
            Column(self.tr("Amount"), lambda e: "" if e.kind in ("loyalty", "campaign") else formatting.money(e.amount),
                   right=True),
        ]
        self.model: RowsModel[TimelineEntry] = RowsModel(
            columns, self, colour=lambda e: theme.colour("greyed") if e.code == "void" and e.kind == "purchase"
            else theme.colour(KIND_COLOURS[e.kind]) if e.kind in KIND_COLOURS else None)
        self.table = QTableView(objectName="timeline")
        read_only_list(self.table, self.model, wrap=False)
        self.table.doubleClicked.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(log)
        top.addWidget(feedback)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)

    def _what(self, e: TimelineEntry) -> str:
        if e.kind == "purchase":
            return self.tr("Purchase (voided)") if e.code == "void" else self.tr("Purchase")
        if e.kind == "contact":
            return messages.label(messages.CHANNELS, e.code)
        if e.kind == "campaign":
            return {"target": self.tr("Campaign: targeted"), "control": self.tr("Campaign: control group"),
                    "excluded": self.tr("Campaign: left out")}.get(e.code, e.code)
        if e.kind == "loyalty":
            return {"tier": self.tr("Tier changed"), "adjust": self.tr("Points adjusted"),
                    "expire": self.tr("Points expired"), "coupon": self.tr("Birthday coupon")}.get(e.code, e.code)
        return messages.label(messages.FEEDBACK_KINDS, e.code)

    def _details(self, e: TimelineEntry) -> str:
        if e.kind == "loyalty":
            return self._loyalty_details(e)
        if e.kind == "campaign":
            why = {"no_consent": self.tr("no consent for the channel"), "no_phone": self.tr("no phone number"),
                   "no_email": self.tr("no e-mail address")}.get(e.subcode)
            return f"{e.text} — {why}" if why else e.text
        text = e.text.replace("\n", " ")
        if e.kind == "purchase" and e.code == "void":
            text = f"{text} — {e.subcode}" if e.subcode else text
        if e.kind == "contact":
            text = f"[{messages.label(messages.PURPOSES, e.subcode)}] {text}"
        elif e.kind == "feedback":
            text = f"[{messages.label(messages.STATUSES, e.subcode)}] {text}"
        if e.follow_up == "done":
            text += " — " + self.tr("followed up")
        elif e.follow_up.startswith("due "):
            text += " — " + self.tr("follow up on {date}").format(date=e.follow_up[4:])
        return text

    def _loyalty_details(self, e: TimelineEntry) -> str:
        if e.code == "tier":
            return self.tr("{old} → {new} (12-month spend {spend})").format(
                old=e.subcode, new=e.text, spend=formatting.money(e.amount))
        if e.code == "coupon":
            return self.tr("{code} for the birthday on {day}").format(code=e.text, day=e.subcode)
        points = int(e.subcode) if e.subcode.lstrip("-").isdigit() else 0
        text = self.tr("{points} P").format(points=f"{points:+,}")
        return f"{text} — {e.text}" if e.text else text

    def _tooltip(self, e: TimelineEntry) -> str:
        return f"{e.text}\n({e.staff_name})" if e.staff_name else e.text

    def show_customer(self, customer_id: int | None, purchases: Sequence[PurchaseSummary] | None = None) -> None:
        """``purchases``: the customer's purchases just read by the card, newest first (not read twice)."""
        self._customer_id = customer_id
        self.reload(purchases)

    def reload(self, purchases: Sequence[PurchaseSummary] | None = None) -> None:
        if self._customer_id is None:
            self.model.set_rows([])
            return
        kind = self.kind.currentData()
        with self._store.session() as session:
            entries = customer_timeline(session, self._customer_id, kinds=[kind] if kind else KINDS,
                                        purchases=purchases)
        self.model.set_rows(entries)
        self.model.fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)

    def _activated(self, index) -> None:
        entry = self.model.record(index.row())
        if entry is not None and entry.kind == "feedback":
            self.open_feedback.emit(entry.ref_id)
