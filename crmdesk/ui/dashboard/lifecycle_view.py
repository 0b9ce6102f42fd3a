"""The dashboard's Lifecycle tab: who is drifting away, and whom to call first.

Today's customers per stage (each a button that opens the customer list on them), the stage counts at each
month end as a chart, and the reactivation list: at-risk and dormant customers with their value, last
purchase, usual gap, phone and SMS consent, most valuable first; double-click opens the card, "Save list…"
writes it to CSV/Excel for the owner. Everything is computed off the GUI thread
(:func:`crmdesk.services.customer_value.lifecycle_figures`, shared with the card's value line through its
cache); the tab computes the first time it is shown and again when the as-of day changes.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLocale, QPointF, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.access import Permission, actor_of
from crmdesk.analytics.churn import ENGLISH_STAGES, KOREAN_STAGES, STAGE_NAMES
from crmdesk.analytics.rfm import KOREAN_NAMES
from crmdesk.errors import CrmError
from crmdesk.services import customer_value as svc
from crmdesk.store import Store
from crmdesk.ui.dashboard.charts import ChartCard, HoverPlot, korean, percent
from crmdesk.ui.kit import dialogs, formatting, jobs, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import RECORD_ROLE, Column, RowsModel

DRAWN_STAGES = tuple(key for key in STAGE_NAMES if key != "lost")
SHOWN_ROWS = 1_000  # the table shows the most valuable; Save list… writes them all
STAGE_COLOURS = theme.STAGE_COLOURS


def stage_label(key: str) -> str:
    return (KOREAN_STAGES if korean() else ENGLISH_STAGES).get(key, key)


class StageChart(HoverPlot):
    """Customers per lifecycle stage at each month end, one line per stage; the tooltip gives the month.

    Lost is left out of the lines (the tooltip and its button give it): it only ever grows, and on a shop a few
    years old it is so much larger than the rest that their lines would lie flat along the bottom."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stageChart")
        self.setMinimumHeight(280)
        self.getAxis("left").setLabel(self.tr("Customers"))
        self.legend = self.addLegend(offset=(10, 10), labelTextColor=self.palette().color(QPalette.ColorRole.Text))
        self.months: list[dict] = []

    def show_counts(self, months: list[dict]) -> None:
        """``months``: dicts with label (YYYY-MM) and a count per stage key; oldest first."""
        self.clear()
        self.legend.clear()
        self.months = months
        n = len(months)
        if not n:
            return
        xs = np.arange(n, dtype=float)
        top = 1
        for key in DRAWN_STAGES:
            ys = np.array([m[key] for m in months], dtype=float)
            top = max(top, int(ys.max()))
            self.addItem(pg.PlotDataItem(xs, ys, pen=pg.mkPen(STAGE_COLOURS[key], width=2.5),
                                         symbol="o", symbolSize=5, symbolBrush=STAGE_COLOURS[key], symbolPen=None,
                                         name=stage_label(key)))
        step = max(1, int(np.ceil(n / 8)))
        self.getAxis("bottom").setTicks([[(i, m["label"]) for i, m in enumerate(months) if i % step == 0]])
        self.setXRange(-0.5, n - 0.5, padding=0)
        self.setYRange(0, top * 1.1, padding=0)
        # For a screen reader: the span, the latest month, and how each stage moved since the first month.
        moved = ", ".join(f"{stage_label(key)} {months[-1][key] - months[0][key]:+,}" for key in DRAWN_STAGES)
        self.setAccessibleDescription(self.tr("{first} to {last}. {latest}. Since {first}: {moved}").format(
            first=months[0]["label"], last=months[-1]["label"], latest=self._month_text(months[-1]), moved=moved))

    def tooltip_at(self, point: QPointF) -> str:
        i = round(point.x())
        return self._month_text(self.months[i]) if 0 <= i < len(self.months) else ""

    def _month_text(self, month: dict) -> str:
        parts = ", ".join(f"{stage_label(key)} {month[key]:,}" for key in STAGE_NAMES)
        return self.tr("{month}: {stages}").format(month=month["label"], stages=parts)


class LifecycleView(QWidget):
    open_customers = Signal(str, object)  # title, frozenset of customer ids
    open_card = Signal(int)
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lifecycleView")
        self._store = store
        self._as_of = date.today()
        self._task = jobs.Task(self, done=self._done, failed=self._failed,
                               progress=lambda done, _total: self.progress.setValue(done))
        self._save_task = jobs.Task(self, done=self._saved, failed=self._save_failed)
        self._saving: tuple[str, object] = ("", None)  # the dialog's title and the file being written
        self._stale = True
        self.figures: svc.LifecycleFigures | None = None

        head = self._build_head()
        stages = self._build_stage_buttons()
        self.chart = StageChart()
        title = self.tr("Customers per lifecycle stage at each month end (lost only in the tooltip: it only grows)")
        self.chart_card = ChartCard(title, self.chart, "stagesCard")

        list_head = self._build_list()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addLayout(stages)
        layout.addWidget(self.chart_card, 2)
        layout.addLayout(list_head)
        layout.addWidget(self.list_note)
        layout.addWidget(self.table, 3)
        self._show_stage_buttons(None)

    # --- building ---------------------------------------------------------------------------------
    def _build_head(self) -> QHBoxLayout:
        """What is being worked out, its progress and Cancel."""
        self.status = QLabel(objectName="lifecycleStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar(objectName="lifecycleProgress", maximum=svc.STEPS + 1)
        self.progress.setMaximumWidth(220)
        self.progress.setFormat(self.tr("Computing… %p%"))
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="lifecycleCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        head = QHBoxLayout()
        head.addWidget(self.status, 1)
        head.addWidget(self.progress)
        head.addWidget(self.cancel_button)
        return head

    def _build_stage_buttons(self) -> QHBoxLayout:
        """One button per stage, with its count: a click lists that stage's customers."""
        self.stage_buttons: dict[str, QPushButton] = {}
        stages = QHBoxLayout()
        stages.setSpacing(6)
        for key in STAGE_NAMES:
            button = QPushButton(objectName=f"stage_{key}")
            button.setMinimumHeight(52)
            button.setStyleSheet(f"QPushButton {{ border: 1px solid palette(mid); border-left: 6px solid "
                                 f"{STAGE_COLOURS[key]}; border-radius: 4px; background: palette(base); "
                                 f"padding: 4px 10px; text-align: left; }} "
                                 f"QPushButton:hover {{ background: palette(alternate-base); }}")
            button.clicked.connect(lambda _checked=False, k=key: self._stage_clicked(k))
            button.setEnabled(False)
            self.stage_buttons[key] = button
            stages.addWidget(button, 1)
        return stages

    def _build_list(self) -> QHBoxLayout:
        """The reactivation list (at-risk and dormant customers) and Save list."""
        self.list_title = QLabel(objectName="reactivationTitle")
        self.list_title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.list_note = QLabel(objectName="reactivationNote")
        self.list_note.setWordWrap(True)
        self.list_note.setStyleSheet(theme.text_style("muted"))
        self.save_button = QPushButton(self.tr("Save list…"), objectName="saveReactivation")
        self.save_button.setToolTip(self.tr("Write every overdue and gone-quiet customer to a CSV or Excel file"))
        self.save_button.clicked.connect(self.save_list)
        self.save_button.setEnabled(False)
        columns = [
            Column(self.tr("Name"), lambda r: r.name),
            Column(self.tr("Stage"), lambda r: stage_label(r.stage)),
            Column(self.tr("Segment"), lambda r: KOREAN_NAMES.get(r.segment, r.segment) if korean() else r.segment),
            Column(self.tr("Historic value"), lambda r: formatting.money(int(r.historic_value)), right=True),
            Column(self.tr("Predicted (1 year)"), self._predicted_text, right=True, tooltip=self._predicted_tip),
            Column(self.tr("P(alive)"), lambda r: "–" if r.p_alive != r.p_alive else percent(r.p_alive, 0),
                   right=True),
            Column(self.tr("Last purchase"), lambda r: formatting.day(r.last_purchase_day.date())),
            Column(self.tr("Silent"), lambda r: self.tr("{days} d").format(days=f"{r.silence_days:,.0f}"),
                   right=True),
            Column(self.tr("Usual gap"), self._gap_text, right=True),
            Column(self.tr("Phone"), lambda r: r.phone),
            Column(self.tr("SMS"), lambda r: self.tr("yes") if r.sms_consent else self.tr("no")),
        ]
        self.model: RowsModel = RowsModel(columns, self)
        self.table = QTableView(objectName="reactivationTable")
        read_only_list(self.table, self.model, wrap=False, stretch_last=True)
        self.table.setMinimumHeight(260)
        self.table.setToolTip(self.tr("Double-click a customer to open the card"))
        # Columns are fitted once per result, from the first rows: a ResizeToContents header would measure a
        # thousand rows on every relayout (each a Python call that waits for the GIL while a job runs).
        self.table.horizontalHeader().setResizeContentsPrecision(40)
        self.table.doubleClicked.connect(self._row_double_clicked)
        list_head = QHBoxLayout()
        list_head.addWidget(self.list_title, 1)
        list_head.addWidget(self.save_button)
        return list_head

    # --- computing ---------------------------------------------------------------------------------
    def set_as_of(self, day: date) -> None:
        """The dashboard refreshed (maybe for another day): recompute now if on screen, else when next shown.
        Cheap when nothing changed: the values come from the service's cache."""
        self._as_of = day
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale and not self._task.running:
            self.refresh()

    def refresh(self) -> None:
        as_of, store = self._as_of, self._store
        self._stale = False
        self.progress.setValue(0)
        self._set_busy(True)
        self.status.setText(self.tr("Working out each customer's stage and value as of {day}…").format(
            day=as_of.isoformat()) if not svc.is_cached(store) else self.tr("Reading the stages…"))
        self._task.run(lambda report: svc.lifecycle_figures(store, as_of, progress=report))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def cancel(self) -> None:
        """Stop waiting; the work stops at its next step and its result is ignored. Shown again, it starts over."""
        if self._task.cancel():
            self._stale = True
            self._set_busy(False)
            self.status.setText(self.tr("Cancelled."))

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, jobs.JobCancelled):
            self.status.setText(self.tr("The lifecycle figures could not be computed: {error}").format(error=exc))

    def _done(self, figures: svc.LifecycleFigures) -> None:
        self._set_busy(False)
        self.show_figures(figures)

    # --- drawing -----------------------------------------------------------------------------------
    def show_figures(self, figures: svc.LifecycleFigures) -> None:
        self.figures = figures
        shop = figures.shop
        self._show_stage_buttons(shop)
        self.chart.show_counts([{"label": m.month_end.strftime("%Y-%m"), **{k: int(getattr(m, k))
                                                                           for k in STAGE_NAMES}}
                                for m in figures.counts.itertuples()])
        window = shop.return_window_days
        self.status.setText(self.tr(
            "As of {day}. The shop's return window is {window} (8 in 10 return visits come within it); a customer "
            "is overdue when silent beyond twice their usual gap and one window, gone quiet beyond four times and "
            "two windows, gone beyond eight times and four.").format(
            day=shop.as_of.isoformat(),
            window=self.tr("{days} days").format(days=f"{window:.0f}") if window is not None
            else self.tr("not known yet (nobody came back)")))
        listed = figures.reactivation
        total = len(listed)
        value = int(listed["historic_value"].sum()) if total else 0
        title = self.tr("Win them back: {count} overdue and gone-quiet customers, {value} so far")
        self.list_title.setText(title.format(count=f"{total:,}", value=formatting.money(value)))
        if shop.predicted:
            note = self.tr("Most valuable first by predicted value over the next year (BG/NBD + Gamma-Gamma).")
        else:
            note = self.tr("No predicted value: {reason} Sorted by what they brought so far.").format(
                reason=shop.reason_ko if korean() else shop.reason)
        if total > SHOWN_ROWS:
            note += " " + self.tr("Showing the {shown} most valuable; Save list… writes all {count}.").format(
                shown=f"{SHOWN_ROWS:,}", count=f"{total:,}")
        self.list_note.setText(note)
        self.model.set_rows(list(listed.head(SHOWN_ROWS).itertuples(index=False)))
        self.model.fit_columns(self.table)
        self.save_button.setEnabled(total > 0)
        self.save_button.setVisible(actor_of(self._store).can(Permission.EXPORT))

    def _show_stage_buttons(self, shop: svc.ShopValue | None) -> None:
        counts = shop.stage_counts() if shop is not None else {}
        for key, button in self.stage_buttons.items():
            count = counts.get(key)
            button.setText(f"{stage_label(key)}\n{count:,}" if count is not None else f"{stage_label(key)}\n–")
            button.setEnabled(bool(count))
            button.setToolTip(self.tr("{stage}: {count} customers today. Click to list them.").format(
                stage=stage_label(key), count=f"{count or 0:,}"))

    def _predicted_text(self, r: object) -> str:
        value = r.predicted_value  # type: ignore[attr-defined]
        return "–" if value != value else formatting.money(round(value))

    def _predicted_tip(self, r: object) -> str:
        if r.predicted_value != r.predicted_value:  # type: ignore[attr-defined]
            return self.tr("No forecast: the shop's history is too short to fit the model")
        return self.tr("Expected spend over the next 365 days if the customer's pattern holds")

    def _gap_text(self, r: object) -> str:
        gap = r.usual_gap_days  # type: ignore[attr-defined]
        return "–" if gap != gap else self.tr("{days} d").format(days=f"{gap:,.0f}")

    # --- acting ------------------------------------------------------------------------------------
    def _stage_clicked(self, key: str) -> None:
        if self.figures is not None:
            self.open_customers.emit(self.tr("Stage: {name}").format(name=stage_label(key)),
                                     self.figures.shop.stage_customers(key))

    def _row_double_clicked(self, index) -> None:
        record = self.model.data(index, RECORD_ROLE)
        if record is not None:
            self.open_card.emit(int(record.customer_id))

    def save_list(self) -> None:
        if self.figures is None or self._save_task.running:
            return
        title = self.tr("Save the reactivation list")
        chosen = dialogs.choose_save_file(self, title, f"reactivation-{self.figures.shop.as_of.isoformat()}.xlsx",
                                          self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
        if not chosen:
            return
        from pathlib import Path

        path = Path(chosen)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_name(path.name + ".xlsx")
        from crmdesk.ui.kit.reasons import ask_export_reason, with_reason

        reason = ask_export_reason(self, self._store)  # issue 17: kept in the export's audit entry
        if reason is None:
            return
        store, listed = self._store, self.figures.reactivation
        headers = "ko" if QLocale().language() == QLocale.Language.Korean else "en"
        self._saving = (title, path)
        self.save_button.setEnabled(False)
        self._save_task.run(lambda _report: with_reason(
            reason, lambda: svc.export_reactivation(store, path, listed, headers=headers)))

    def _saved(self, count: int) -> None:
        title, path = self._saving
        self.save_button.setEnabled(True)
        dialogs.inform(self, title, self.tr("Saved {count} customers to {path}.").format(count=f"{count:,}", path=path))

    def _save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        dialogs.warn(self, self._saving[0], error_text(exc) if isinstance(exc, CrmError | OSError) else repr(exc))
