"""The Feedback screen's analysis tab: complaints per category per month, the top categories, the time to first
response and to resolution (median and share within the shop's targets), and the recovery table: complaining
customers who bought again within the window after the resolution, beside the baseline of similar customers who
did not complain (analytics/recovery_baseline.py). Small groups say so instead of a share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, jobs
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel


@dataclass(frozen=True)
class Analysis:
    complaints: Any  # analytics.complaints.ComplaintFigures
    recovery: Any  # analytics.recovery_baseline.Recovery


def analyse(store: Store, start: date, end: date, window: int) -> Analysis:
    from crmdesk.analytics.complaints import complaint_figures
    from crmdesk.analytics.recovery_baseline import complaint_recovery
    from crmdesk.services import feedback as feedback_svc

    with store.session() as session:
        limits = feedback_svc.targets(session)
    figures = complaint_figures(store, start, end, first_response_hours=limits.first_response.total_seconds() / 3600,
                                resolution_hours=limits.resolution.total_seconds() / 3600)
    return Analysis(figures, complaint_recovery(store, end, window_days=window))


def _percent(value: float | None) -> str:
    return "–" if value is None or value != value else f"{value * 100:.1f} %"


class FeedbackAnalysis(QWidget):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedbackAnalysis")
        self._store = store
        self.analysis: Analysis | None = None
        today = QDate.currentDate()
        self.start = QDateEdit(today.addMonths(-12), objectName="analysisFrom", calendarPopup=True)
        self.end = QDateEdit(today, objectName="analysisTo", calendarPopup=True)
        self.window = QSpinBox(objectName="recoveryWindow", minimum=7, maximum=730, value=90)
        self.window.setSuffix(self.tr(" days"))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.reload)
        self.window.valueChanged.connect(self.reload)
        self.speed = QLabel(objectName="analysisSpeed", wordWrap=True)
        self.top_model: RowsModel[Any] = RowsModel([
            Column(self.tr("Category"), lambda r: r[0] or self.tr("(none)")),
            Column(self.tr("Complaints"), lambda r: f"{r[1]:,}", right=True),
            Column(self.tr("Share"), lambda r: _percent(r[2]), right=True)], self)
        self.top_table = read_only_list(QTableView(objectName="analysisTop"), self.top_model, wrap=False)
        self.month_model: RowsModel[Any] = RowsModel([], self)
        self.month_table = read_only_list(QTableView(objectName="analysisMonths"), self.month_model, wrap=False)
        self.recovery_note = QLabel(objectName="recoveryNote", wordWrap=True)
        self.recovery_model: RowsModel[Any] = RowsModel([
            Column(self.tr("Resolved"), self._bucket),
            Column(self.tr("Customers"), lambda r: f"{r.customers:,}", right=True),
            Column(self.tr("Returned"), lambda r: f"{r.returned:,}", right=True),
            Column(self.tr("Share"), lambda r: self._share(r.share), right=True),
            Column(self.tr("Baseline"), lambda r: self._share(r.baseline), right=True),
            Column(self.tr("Difference"), lambda r: "–" if r.difference != r.difference
                   else f"{r.difference * 100:+.1f} %p", right=True)], self)
        self.recovery_table = read_only_list(QTableView(objectName="recoveryTable"), self.recovery_model, wrap=False)
        self.task = jobs.Task(self, done=self._shown, failed=lambda exc: dialogs.warn(self, self.tr("Feedback"),
                                                                                         error_text(exc)))
        top = QHBoxLayout()
        for label, widget in ((self.tr("Complaints from"), self.start), (self.tr("to"), self.end),
                              (self.tr("Returned within"), self.window)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addStretch(1)
        grid = QGridLayout()
        for col, (title, table) in enumerate(((self.tr("Top categories"), self.top_table),
                                              (self.tr("Complaints per category per month"), self.month_table))):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(table)
            grid.addWidget(box, 0, col)
        recovery = QGroupBox(self.tr("Do complaining customers come back?"))
        box_layout = QVBoxLayout(recovery)
        box_layout.addWidget(self.recovery_note)
        box_layout.addWidget(self.recovery_table)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.speed)
        layout.addLayout(grid, 1)
        layout.addWidget(recovery, 1)

    def _bucket(self, row: Any) -> str:
        from crmdesk.analytics.recovery import ENGLISH_BUCKETS, KOREAN_BUCKETS

        if row.resolved == "all":
            return self.tr("All")
        korean = QLocale().language() == QLocale.Language.Korean
        return (KOREAN_BUCKETS if korean else ENGLISH_BUCKETS)[row.resolved]

    def _share(self, value: float) -> str:
        return self.tr("too few to say") if value != value else _percent(value)

    def reload(self) -> None:
        start, end, window = self.start.date().toPython(), self.end.date().toPython(), self.window.value()
        store = self._store
        self.task.run(lambda _report: analyse(store, start, end, window))

    def _shown(self, analysis: Analysis) -> None:
        self.analysis = analysis
        c, r = analysis.complaints, analysis.recovery
        first, resolved = c.first_response, c.resolution
        self.speed.setText(self.tr(
            "{n} complaints. First response: median {first_median} h, {first_share} within {first_target} h. "
            "Resolution: median {res_median} h, {res_share} within {res_target} h.").format(
            n=f"{c.complaints:,}", first_median=_hours(first.median_hours), first_share=_percent(first.share),
            first_target=f"{first.target_hours:g}", res_median=_hours(resolved.median_hours),
            res_share=_percent(resolved.share), res_target=f"{resolved.target_hours:g}"))
        self.top_model.set_rows(list(c.top.itertuples(index=False, name=None)))
        self.top_model.fit_columns(self.top_table)
        months = c.per_month
        self.month_model.columns = [Column(self.tr("Month"), lambda m: f"{m[0]:%Y-%m}")] + [
            Column(str(name) or self.tr("(none)"), lambda m, i=i: str(m[i + 1]) if m[i + 1] else "", right=True)
            for i, name in enumerate(months.columns)]
        self.month_model.set_rows(list(months.itertuples(name=None)))
        self.month_model.fit_columns(self.month_table)
        self.recovery_note.setText(self.tr(
            "Returned: bought within {window} days after the complaint was resolved; only complaints resolved by "
            "{cutoff} (a full window), each customer once. Baseline: customers with as many earlier purchases who "
            "never complained, over the same {window} days from the same month. Left out: {open} not resolved, "
            "{recent} resolved too recently.").format(window=r.window_days, cutoff=r.cutoff.isoformat(),
                                                      open=r.not_resolved, recent=r.too_recent))
        self.recovery_model.set_rows(list(r.table.itertuples()))
        self.recovery_model.fit_columns(self.recovery_table)

    def showEvent(self, event) -> None:  # noqa: N802
        if self.analysis is None:
            self.reload()
        super().showEvent(event)


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"
