"""Feedback: every complaint, compliment, suggestion and inquiry, with filters and a clear overdue marker
against the shop's response targets (24 h to first response, 72 h to resolution unless changed)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.services import feedback as feedback_svc
from crmdesk.services.feedback import FeedbackQuery, FeedbackRow
from crmdesk.store import Store
from crmdesk.ui.kit import formatting, messages, theme
from crmdesk.ui.kit.lists import Selection, read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel
from crmdesk.ui.kit.staff_picker import StaffPicker
from crmdesk.ui.service.feedback_dialog import FeedbackDialog

COL_DESCRIPTION = 4


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:g} h"


class FeedbackScreen(QWidget):
    status_message = Signal(str)
    open_customer = Signal(int)
    data_changed = Signal()  # feedback recorded or moved: timelines showing it are stale

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackScreen")
        self._store = store
        self.status = QComboBox(objectName="feedbackStatusFilter")
        self.status.addItem(self.tr("Open"), "open")
        self.status.addItem(self.tr("All"), None)
        for code, text in messages.STATUSES.items():
            self.status.addItem(messages.tr(text), code)
        self.kind = QComboBox(objectName="feedbackKindFilter")
        self.kind.addItem(self.tr("All kinds"), None)
        for code, text in messages.FEEDBACK_KINDS.items():
            self.kind.addItem(messages.tr(text), code)
        self.staff = StaffPicker(store, remember=False, allow_none=True, none_text=self.tr("Anyone"))
        self.staff.setObjectName("feedbackStaffFilter")
        self.staff.setCurrentIndex(0)
        self.overdue = QCheckBox(self.tr("Overdue only"), objectName="feedbackOverdueFilter")
        for combo in (self.status, self.kind, self.staff):
            combo.currentIndexChanged.connect(self.reload)
        self.overdue.toggled.connect(self.reload)
        self.new_button = QPushButton(self.tr("New feedback…"), objectName="newFeedback")
        self.new_button.clicked.connect(lambda: self.new_feedback())
        self.dialog: FeedbackDialog | None = None  # the one open now (non-blocking, so tests can drive it)
        self.summary = QLabel(objectName="feedbackSummaryLine")

        columns = [
            Column(self.tr("Received"), lambda r: formatting.moment(r.received_at)),
            Column(self.tr("Kind"), lambda r: messages.label(messages.FEEDBACK_KINDS, r.kind)),
            Column(self.tr("Severity"), lambda r: messages.label(messages.SEVERITIES, r.severity)),
            Column(self.tr("Customer"), lambda r: r.customer_name or self.tr("Anonymous")),
            Column(self.tr("What was said"), lambda r: r.description.replace("\n", " "),
                   tooltip=lambda r: r.description),
            Column(self.tr("Status"), self._status_text),
            Column(self.tr("Assigned to"), lambda r: r.assigned_name or ""),
            Column(self.tr("First response"), lambda r: _hours(r.first_response_hours), right=True),
            Column(self.tr("Resolution"), lambda r: _hours(r.resolution_hours), right=True),
        ]
        self.model: RowsModel[FeedbackRow] = RowsModel(columns, self,
                                                       colour=lambda r: theme.colour("error") if r.overdue else None)
        self.table = QTableView(objectName="feedbackTable")
        read_only_list(self.table, self.model, selection=Selection.SingleSelection, wrap=False, on_open=self.open_item)
        self.open_button = QPushButton(self.tr("Open…"), objectName="openFeedback")
        self.open_button.clicked.connect(lambda: self.open_item(self.table.currentIndex().row()))

        filters = QHBoxLayout()
        for label, widget in ((self.tr("Status"), self.status), (self.tr("Kind"), self.kind),
                              (self.tr("Assigned to"), self.staff)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.overdue)
        filters.addStretch(1)
        filters.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.open_button)
        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        list_layout.addLayout(filters)
        list_layout.addWidget(self.table, 1)
        list_layout.addLayout(bottom)
        # Issue 19: the analysis tab (built when first opened: pandas).
        self.tabs = QTabWidget(objectName="feedbackTabs")
        self.tabs.addTab(listing, self.tr("Feedback"))
        self.tabs.addTab(QWidget(), self.tr("Analysis"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.analysis: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        # Loaded when first shown (showEvent): start-up does not wait for thousands of feedback rows.

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.analysis is None:
            from crmdesk.ui.service.feedback_analysis import FeedbackAnalysis

            self.analysis = FeedbackAnalysis(self._store)
            self.tabs.removeTab(1)
            self.tabs.addTab(self.analysis, self.tr("Analysis"))
            self.tabs.setCurrentIndex(1)

    def _status_text(self, row: FeedbackRow) -> str:
        text = messages.label(messages.STATUSES, row.status)
        if row.first_response_late:
            return "⚠ " + text + " · " + self.tr("no response yet")
        if row.resolution_late:
            return "⚠ " + text + " · " + self.tr("late")
        return text

    def query(self) -> FeedbackQuery:
        return FeedbackQuery(status=self.status.currentData(), kind=self.kind.currentData(),
                             staff_id=self.staff.staff_id(), overdue_only=self.overdue.isChecked())

    def reload(self) -> None:
        with self._store.session() as session:
            rows = feedback_svc.list_feedback(session, self.query(), limit=feedback_svc.LIST_LIMIT)
            limits = feedback_svc.targets(session)
        self.model.set_rows(rows)
        self.model.fit_columns(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        late = sum(r.overdue for r in rows)
        if len(rows) >= feedback_svc.LIST_LIMIT:
            self.status_message.emit(self.tr("Showing the newest {n} items; filter to see older ones.").format(
                n=f"{len(rows):,}"))
        median = feedback_svc.median_resolution_hours(rows)
        self.summary.setText(self.tr("{n} shown, {late} overdue · median resolution {median} · targets: first "
                                     "response {first} h, resolution {resolution} h").format(
            n=len(rows), late=late, median=_hours(median) or "–",
            first=int(limits.first_response.total_seconds() // 3600),
            resolution=int(limits.resolution.total_seconds() // 3600)))

    def new_feedback(self, customer_id: int | None = None) -> None:
        dialog = self._new_dialog(customer_id=customer_id)
        dialog.accepted.connect(lambda: self.status_message.emit(self.tr("Feedback recorded.")))
        dialog.open()

    def open_item(self, row: int) -> None:
        record = self.model.record(row)
        if record is None:
            return
        self.open_feedback(record.id)

    def open_feedback(self, feedback_id: int) -> None:
        self._new_dialog(feedback_id=feedback_id).open()

    def _new_dialog(self, **kwargs: int | None) -> FeedbackDialog:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the previous one, closed: its pickers need not follow staff changes
        dialog = self.dialog = FeedbackDialog(self._store, self, **kwargs)
        dialog.changed.connect(lambda _id: self.reload())
        dialog.changed.connect(lambda _id: self.data_changed.emit())
        return dialog

    def showEvent(self, event) -> None:  # noqa: N802
        self.reload()
        super().showEvent(event)
