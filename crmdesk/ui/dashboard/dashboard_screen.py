"""The dashboard: who the best customers are and who is slipping away, at a glance.

Everything is computed off the GUI thread (:func:`crmdesk.analytics.dashboard.dashboard_figures`) with a
progress bar and Cancel; the screen only draws the result. A click on a segment or an R×F cell asks the
window to open the customer list filtered to those customers (``open_customers``).
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.analytics.dashboard import STEPS, DashboardFigures, dashboard_figures
from crmdesk.analytics.rfm import KOREAN_NAMES
from crmdesk.store import Store
from crmdesk.ui.dashboard.charts import (
    ChartCard,
    HeatGrid,
    ParetoChart,
    RevenueChart,
    SegmentChart,
    _shade,
    korean,
    percent,
)
from crmdesk.ui.dashboard.coupons_view import CouponsView
from crmdesk.ui.dashboard.fit_view import FitView
from crmdesk.ui.dashboard.lifecycle_view import LifecycleView
from crmdesk.ui.kit import dialogs, formatting, jobs
from crmdesk.ui.kit.i18n import error_text


def segment_label(key: str) -> str:
    """Segment names come from rfm.py in both languages."""
    return KOREAN_NAMES.get(key, key) if korean() else key


class DashboardScreen(QWidget):
    status_message = Signal(str)
    open_customers = Signal(str, object)  # a title for the list ("Segment: At Risk"), frozenset of customer ids
    open_card = Signal(int)  # a customer of the reactivation list was double-clicked

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardScreen")
        self._store = store
        self._task = jobs.Task(self, done=self._done, failed=self._failed,
                               progress=lambda done, _total: self.progress.setValue(done))
        self._started = 0.0
        self.figures: DashboardFigures | None = None

        top = self._build_top()
        scroll = self._build_overview()
        # The lifecycle tab computes on its own when first shown (it fits the lifetime-value model).
        self.lifecycle = LifecycleView(store)
        self.lifecycle.open_customers.connect(self.open_customers)
        self.lifecycle.open_card.connect(self.open_card)
        self.tabs = QTabWidget(objectName="dashboardTabs")
        self.tabs.addTab(scroll, self.tr("Overview"))
        self.tabs.addTab(self.lifecycle, self.tr("Lifecycle and reactivation"))
        self.coupons = CouponsView(store)  # these two count when first shown
        self.tabs.addTab(self.coupons, self.tr("Coupons"))
        self.fit = FitView(store)
        self.tabs.addTab(self.fit, self.tr("CRM fit"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

    # --- building ---------------------------------------------------------------------------------
    def _build_top(self) -> QHBoxLayout:
        """The day the figures count up to, Refresh, progress, Cancel and the summary."""
        self.as_of = QDateEdit(QDate.currentDate(), objectName="dashboardAsOf", calendarPopup=True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setMaximumDate(QDate.currentDate())  # the future has no purchases yet
        self.as_of.setToolTip(self.tr("Every figure counts the purchases made up to the end of this day"))
        self.as_of_timer = QTimer(self, singleShot=True, interval=400)
        self.as_of.dateChanged.connect(self.as_of_timer.start)
        self.as_of_timer.timeout.connect(self.refresh)
        # Issue 20: the money figures on revenue or on gross margin (the catalogue's costs).
        self.on = QComboBox(objectName="dashboardOn")
        self.on.addItem(self.tr("Revenue"), "revenue")
        self.on.addItem(self.tr("Margin"), "margin")
        self.on.setToolTip(self.tr("Show the money figures on revenue, or on gross margin (what products cost is set "
                                   "in Settings > Products and costs)"))
        self.on.currentIndexChanged.connect(self.refresh)
        on_label = QLabel(self.tr("&Show"))
        on_label.setBuddy(self.on)
        self.refresh_button = QPushButton(self.tr("Refresh"), objectName="dashboardRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.progress = QProgressBar(objectName="dashboardProgress", maximum=STEPS)
        self.progress.setFormat(self.tr("Computing… %p%"))
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton(self.tr("Cancel"), objectName="dashboardCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.summary = QLabel(objectName="dashboardSummary")
        self.summary.setWordWrap(True)
        self._set_busy(False)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("As of")))
        top.addWidget(self.as_of)
        top.addWidget(on_label)
        top.addWidget(self.on)
        top.addWidget(self.refresh_button)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.summary, 1)
        return top

    def _build_overview(self) -> QScrollArea:
        """The overview tab: one card per chart."""
        self.segments = SegmentChart()
        self.segments.segment_clicked.connect(self._segment_clicked)
        self.pareto = ParetoChart()
        self.rf_grid = HeatGrid("rfGrid")
        self.rf_grid.setMinimumHeight(300)
        self.rf_grid.cell_chosen.connect(self._cell_clicked)
        self.revenue = RevenueChart()
        self.cohorts = HeatGrid("cohortGrid")
        self.cohorts.setMinimumHeight(360)
        self.cards = {
            "segments": ChartCard(self.tr("Segments: customers and revenue (click a segment to list it)"),
                                  self.segments, "segmentsCard"),
            "pareto": ChartCard(self.tr("Pareto: how much the best customers bring"), self.pareto, "paretoCard"),
            "rf": ChartCard(self.tr("Recency × frequency: customers and average spend (click a cell)"),
                            self.rf_grid, "rfCard"),
            "revenue": ChartCard(self.tr("Revenue by month"), self.revenue, "revenueCard"),
            "cohorts": ChartCard(self.tr("Retention by month of first purchase: % buying again in month +1, +2, …"),
                                 self.cohorts, "cohortsCard"),
        }

        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.cards["segments"], 0, 0)
        grid.addWidget(self.cards["pareto"], 0, 1)
        grid.addWidget(self.cards["rf"], 1, 0)
        grid.addWidget(self.cards["revenue"], 1, 1)
        grid.addWidget(self.cards["cohorts"], 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        inner = QWidget(objectName="dashboardCharts")
        inner.setLayout(grid)
        scroll = QScrollArea(objectName="dashboardScroll")
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        return scroll

    # --- computing ---------------------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self.figures is None and not self._task.running:
            self.refresh()  # first shown: computed then, not at start-up

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def refresh(self) -> None:
        """Compute every figure as of the chosen day in the background; a running computation is dropped."""
        self.as_of_timer.stop()
        self.cancel()
        as_of = self.as_of.date().toPython()
        self.lifecycle.set_as_of(as_of)
        self._started = time.perf_counter()
        self.progress.setValue(0)
        self._set_busy(True)
        self.summary.setText(self.tr("Computing the figures as of {day}…").format(day=as_of.isoformat()))
        store, on = self._store, self.on.currentData()
        self._task.run(lambda report: dashboard_figures(store, as_of, report, on=on))

    def cancel(self) -> None:
        if self._task.cancel():  # it stops at its next step; its result, if any, is ignored
            self._set_busy(False)
            self.summary.setText(self.tr("Cancelled."))

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, jobs.JobCancelled):
            return
        self.summary.setText(self.tr("The figures could not be computed."))
        dialogs.warn(self, self.tr("Dashboard"), error_text(exc))

    def _done(self, figures: DashboardFigures) -> None:
        self._set_busy(False)
        self.show_figures(figures)
        seconds = time.perf_counter() - self._started
        p = figures.pareto
        if p.customers == 0:
            self.summary.setText(self.tr("No purchases by {day} yet: the charts fill once customers buy.").format(
                day=figures.as_of.isoformat()))
        elif figures.margin is not None:
            self.summary.setText(self._margin_summary(figures, seconds))
        else:
            self.summary.setText(self.tr(
                "As of {day}: {customers} customers bought, for {revenue}; the best 20 % brought {share}. "
                "({seconds:.1f} s)").format(day=figures.as_of.isoformat(), customers=f"{p.customers:,}",
                                            revenue=formatting.money(p.revenue), share=percent(p.top20_revenue_share),
                                            seconds=seconds))

    def _margin_summary(self, figures: DashboardFigures, seconds: float) -> str:
        """On margin: the margin, the best customers' share of it, and how much revenue has no cost (left out of
        margin, never taken as zero cost)."""
        p, totals = figures.pareto, figures.margin
        assert totals is not None
        text = self.tr("As of {day}: {customers} customers bought; margin {margin} ({rate} of the revenue with a "
                       "cost); the best 20 % brought {share} of it. ({seconds:.1f} s)").format(
            day=figures.as_of.isoformat(), customers=f"{p.customers:,}", margin=formatting.money(totals.margin),
            rate=percent(totals.margin_rate), share=percent(p.top20_revenue_share), seconds=seconds)
        if totals.uncosted_revenue > 0:
            text += " " + self.tr("{share} of revenue ({amount}) has no cost; it is left out of margin. Set costs in "
                                  "Settings > Products and costs.").format(
                share=percent(totals.uncosted_share), amount=formatting.money(totals.uncosted_revenue))
        return text

    # --- drawing -----------------------------------------------------------------------------------
    def show_figures(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self._name_money(figures.margin is not None)
        self.segments.show_segments([
            {"key": r.segment, "label": segment_label(r.segment), "customers": int(r.customers),
             "share": float(r.share), "revenue": int(r.revenue), "revenue_share": float(r.revenue_share)}
            for r in figures.segments.itertuples()])
        curve = figures.pareto.curve
        self.pareto.show_curve(curve["customer_share"].to_numpy(dtype=float),
                               curve["revenue_share"].to_numpy(dtype=float), figures.pareto.top20_revenue_share)
        self.revenue.show_months([
            {"label": m.month.strftime("%Y-%m"), "revenue": int(m.revenue), "purchases": int(m.purchases),
             "customers": int(m.customers)} for m in figures.revenue.itertuples()])
        self._draw_rf_grid(figures)
        self._draw_cohorts(figures)

    def _name_money(self, margin: bool) -> None:
        """The charts and their titles say revenue or margin, as the figures are."""
        for chart in (self.segments, self.pareto, self.revenue):
            chart.on_margin = margin
        titles = {
            "segments": (self.tr("Segments: customers and revenue (click a segment to list it)"),
                         self.tr("Segments: customers and margin (click a segment to list it)")),
            "rf": (self.tr("Recency × frequency: customers and average spend (click a cell)"),
                   self.tr("Recency × frequency: customers and average margin (click a cell)")),
            "pareto": (self.tr("Pareto: how much the best customers bring"),
                       self.tr("Pareto: how much margin the best customers bring")),
            "revenue": (self.tr("Revenue by month"), self.tr("Margin by month")),
        }
        for key, (revenue, margin_title) in titles.items():
            self.cards[key].set_title(margin_title if margin else revenue)

    def _draw_rf_grid(self, figures: DashboardFigures) -> None:
        grid, table = figures.grid, self.rf_grid
        table.clear()
        table.setRowCount(5)
        table.setColumnCount(5)
        table.setHorizontalHeaderLabels([self.tr("F{score}").format(score=f) for f in range(1, 6)])
        table.setVerticalHeaderLabels([self.tr("R{score}").format(score=r) for r in range(5, 0, -1)])
        table.horizontalHeaderItem(0).setToolTip(self.tr("Frequency score: 1 fewest purchases, 5 most"))
        top = int(grid.customers.max()) if grid.customers.size else 0
        for row, r in enumerate(range(5, 0, -1)):  # recent customers on top
            for col, f in enumerate(range(1, 6)):
                count = int(grid.customers[r - 1, f - 1])
                average = grid.average[r - 1, f - 1]
                text = f"{count:,}\n" + (self.tr("avg {amount}").format(amount=formatting.money(round(average)))
                                          if count else "")
                tip = (self.tr("Recency {r}, frequency {f}. Customers: {count}; they brought a margin of {revenue} in "
                               "all, {average} each on average. Click to list them.") if figures.margin is not None
                       else self.tr("Recency {r}, frequency {f}. Customers: {count}; they spent {revenue} in all, "
                                    "{average} each on average. Click to list them.")).format(
                    r=r, f=f, count=f"{count:,}", revenue=formatting.money(int(grid.revenue[r - 1, f - 1])),
                    average=formatting.money(round(average)) if count else "–")
                if not count:
                    tip = self.tr("Recency {r}, frequency {f}: no customers. Equal values always share one score, "
                                  "so when many customers tie (most bought once) a score can stay empty.").format(
                        r=r, f=f)
                table.set_cell(row, col, text.strip(), tip, _shade(count, top))
        table.fit_columns()
        table.setAccessibleDescription(self._rf_summary(grid))

    def _rf_summary(self, grid: object) -> str:
        """The grid in words for a screen reader: the fullest cell, the best customers' cell, the total."""
        counts = np.asarray(grid.customers)  # type: ignore[attr-defined]
        if not counts.size or not counts.sum():
            return self.tr("No customers to place yet.")
        r, f = np.unravel_index(int(counts.argmax()), counts.shape)
        return self.tr("{total} customers. Most are at recency {r}, frequency {f} ({count}); the most recent and "
                       "most frequent (R5, F5): {best}; long gone and bought once (R1, F1): {lost}.").format(
            total=f"{int(counts.sum()):,}", r=r + 1, f=f + 1, count=f"{int(counts[r, f]):,}",
            best=f"{int(counts[4, 4]):,}", lost=f"{int(counts[0, 0]):,}")

    def _draw_cohorts(self, figures: DashboardFigures) -> None:
        """A few dozen cohorts × months: plain arrays and one translated template, so 1,400 cells take
        milliseconds on the GUI thread."""
        kept, table = figures.retention, self.cohorts
        table.setUpdatesEnabled(False)
        table.clear()
        shares, counts, sizes = kept.shares.to_numpy(), kept.customers.to_numpy(), kept.sizes.to_numpy()
        offsets = [int(c) for c in kept.shares.columns if c >= 1]
        labels = [c.strftime("%Y-%m") for c in kept.shares.index]
        firsts = [c.year * 12 + c.month - 1 for c in kept.shares.index]
        table.setRowCount(len(labels))
        table.setColumnCount(1 + len(offsets))
        table.setHorizontalHeaderLabels([self.tr("Customers"), *(f"+{k}" for k in offsets)])
        table.setVerticalHeaderLabels(labels)
        later = shares[:, 1:] if shares.shape[1] > 1 else np.zeros((len(labels), 0))
        top = float(np.nanmax(later)) if later.size and not np.isnan(later).all() else 0.0
        size_tip = self.tr("{size} customers first bought in {month}")
        again_tip = self.tr("Cohort {cohort} ({size} customers): {count} ({share}) bought again in month +{k} "
                            "({month})")
        for row, label in enumerate(labels):
            size = f"{int(sizes[row]):,}"
            table.set_cell(row, 0, size, size_tip.format(size=size, month=label), None)
            for k in offsets:
                share = shares[row, k]
                if np.isnan(share):
                    continue
                month = firsts[row] + k
                tip = again_tip.format(cohort=label, size=size, count=f"{int(counts[row, k]):,}", share=percent(share),
                                       k=k, month=f"{month // 12:04d}-{month % 12 + 1:02d}")
                table.set_cell(row, k, f"{100 * share:.0f}", tip, _shade(share, top, (46, 139, 87)))
        header = table.horizontalHeader()
        header.setDefaultSectionSize(38)
        header.resizeSection(0, 64)
        table.verticalHeader().setDefaultSectionSize(22)
        table.setToolTip(self.tr("Percent of each month's new customers who bought again k months later"))
        table.setAccessibleDescription(self._cohort_summary(labels, shares))
        table.setUpdatesEnabled(True)

    def _cohort_summary(self, labels: list[str], shares: np.ndarray) -> str:
        """The grid in words: how many cohorts, the average and best share buying again the next month."""
        if not labels:
            return self.tr("No cohorts yet.")
        nxt = shares[:, 1] if shares.ndim == 2 and shares.shape[1] > 1 else np.array([np.nan])
        if np.isnan(nxt).all():
            return self.tr("{n} cohorts from {first} to {last}; none has a next month yet.").format(
                n=len(labels), first=labels[0], last=labels[-1])
        best = int(np.nanargmax(nxt))
        return self.tr("{n} cohorts from {first} to {last}; on average {average} bought again the next month, "
                       "most in {best} ({share}).").format(
            n=len(labels), first=labels[0], last=labels[-1], average=percent(float(np.nanmean(nxt))),
            best=labels[best], share=percent(float(nxt[best])))

    # --- drilling down -----------------------------------------------------------------------------
    def _segment_clicked(self, key: str) -> None:
        if self.figures is not None:
            self.open_customers.emit(self.tr("Segment: {name}").format(name=segment_label(key)),
                                     self.figures.segment_customers(key))

    def _cell_clicked(self, row: int, col: int) -> None:
        if self.figures is None:
            return
        r, f = 5 - row, col + 1
        self.open_customers.emit(self.tr("Recency {r} × frequency {f}").format(r=r, f=f),
                                 self.figures.cell_customers(r, f))
