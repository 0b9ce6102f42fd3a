"""Small chart widgets for the dashboard: pyqtgraph plots for the curves and bars, coloured tables for the grids.

The R×F and cohort grids are tables rather than pyqtgraph images: each cell carries two numbers and a
tooltip, needs to be clickable and must stay readable in Korean at any size, which a QTableWidget gives for
free. Every chart sits in a :class:`ChartCard` with a title and "Save PNG"; tooltips give exact numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLocale, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.ui.kit import dialogs, formatting, theme

BLUE, ORANGE, GREY = theme.SERIES["blue"], theme.SERIES["orange"], theme.SERIES["grey"]


def korean() -> bool:
    return QLocale().language() == QLocale.Language.Korean


def percent(share: float | None, digits: int = 1) -> str:
    return "–" if share is None or (isinstance(share, float) and math.isnan(share)) else f"{100 * share:.{digits}f}%"


def short_money(amount: float) -> str:
    """Axis labels: 2.5억 / 3,400만 in Korean, ₩250M / ₩12K in English (tooltips give the exact amount)."""
    if korean():
        if abs(amount) >= 1e8:
            return f"{amount / 1e8:,.1f}억".replace(".0억", "억")
        if abs(amount) >= 1e4:
            return f"{amount / 1e4:,.0f}만"
        return f"{amount:,.0f}"
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(amount) >= limit:
            return f"₩{amount / limit:,.1f}{suffix}".replace(f".0{suffix}", suffix)
    return f"₩{amount:,.0f}"


class ChartCard(QFrame):
    """A titled frame around one chart, with a Save PNG button and the same action on right-click."""

    def __init__(self, title: str, body: QWidget, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setStyleSheet(f"#{name} {{ background: palette(base); border: 1px solid palette(mid); "
                           "border-radius: 6px; }")
        self.body = body
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.save_button = QToolButton(objectName=f"{name}Save", text=self.tr("Save PNG…"))
        self.save_button.setToolTip(self.tr("Save this chart as a PNG picture"))
        self.set_title(title)
        self.save_button.setAutoRaise(True)
        self.save_button.clicked.connect(self.ask_save)
        save_action = QAction(self.tr("Save as PNG…"), self)
        save_action.triggered.connect(self.ask_save)
        for widget in (self, body):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            widget.addAction(save_action)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(head)
        layout.addWidget(body, 1)

    def set_title(self, title: str) -> None:
        """The heading, and the Save button's name: six charts have one, a screen reader says which it saves
        (the title without its hint in brackets)."""
        self.title.setText(title)
        short = title.split(" (")[0].split("(")[0].strip() or title
        self.save_button.setAccessibleName(self.tr("Save PNG: {title}").format(title=short))

    def picture(self) -> QPixmap:
        """The title above the chart, on the chart's background: what a saved PNG shows."""
        title, chart = self.title.grab(), self.body.grab()
        ratio = chart.devicePixelRatio()
        width = max(title.width(), chart.width())
        out = QPixmap(width, title.height() + 6 + chart.height())
        out.setDevicePixelRatio(ratio)
        out.fill(self.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(out)
        painter.drawPixmap(0, 0, title)
        painter.drawPixmap(0, int((title.height() + 6) / ratio), chart)
        painter.end()
        return out

    def save_png(self, path: str) -> bool:
        return self.picture().save(path, "PNG")

    def ask_save(self) -> None:
        suggested = f"{self.objectName().removesuffix('Card')}-{date.today().isoformat()}.png"
        path = dialogs.choose_save_file(self, self.tr("Save chart"), suggested, self.tr("PNG pictures (*.png)"))
        if not path:
            return
        path = path if path.lower().endswith(".png") else path + ".png"
        if not self.save_png(path):
            dialogs.warn(self, self.tr("Save chart"), self.tr("The chart could not be saved to {path}.").format(
                path=path))


class HoverPlot(pg.PlotWidget):
    """A still plot whose tooltip follows the mouse (``tooltip_at``) and which reports clicks (``clicked_at``)."""

    def __init__(self) -> None:
        # Drawn in the window's colours (dark on a dark window); the bars' blue and orange read on both.
        palette = QApplication.palette()
        text, base = palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)
        super().__init__(background=base)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMinimumHeight(240)
        self.setAntialiasing(True)
        font = QFont(self.font())
        for name in ("left", "bottom"):
            axis = self.getAxis(name)
            axis.setTextPen(text)
            axis.setPen(palette.color(QPalette.ColorRole.Mid))
            axis.setStyle(tickFont=font)
            axis.enableAutoSIPrefix(False)
        self.menu: QMenu | None = None
        self.scene().sigMouseMoved.connect(self._moved)
        self.scene().sigMouseClicked.connect(self._clicked)

    def view_point(self, scene_pos: QPointF) -> QPointF | None:
        vb = self.getViewBox()
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        return vb.mapSceneToView(scene_pos)

    def widget_point(self, x: float, y: float) -> QPointF:
        """Where a data point sits on the widget (for tests that click like a person)."""
        return self.mapFromScene(self.getViewBox().mapViewToScene(QPointF(x, y)))

    def tooltip_at(self, point: QPointF) -> str:
        return ""

    def clicked_at(self, point: QPointF) -> None:
        return None

    def label_point(self, scene_pos: QPointF) -> QPointF | None:
        """Where a point on the left axis (its tick labels) sits in data coordinates, else None."""
        if not self.getAxis("left").sceneBoundingRect().contains(scene_pos):
            return None
        return self.getViewBox().mapSceneToView(scene_pos)

    def label_clicked_at(self, point: QPointF) -> None:
        return None

    def label_tooltip_at(self, point: QPointF) -> str:
        return ""

    def _moved(self, scene_pos: QPointF) -> None:
        point = self.view_point(scene_pos)
        if point is not None:
            self.setToolTip(self.tooltip_at(point))
            return
        label = self.label_point(scene_pos)
        self.setToolTip(self.label_tooltip_at(label) if label is not None else "")

    def _clicked(self, event: object) -> None:
        if event.button() == Qt.MouseButton.RightButton:  # type: ignore[attr-defined]
            # pyqtgraph takes right clicks for its own (disabled, untranslated) menu: offer the card's actions.
            if self.actions():
                self.menu = QMenu(self)
                self.menu.addActions(self.actions())
                self.menu.popup(event.screenPos().toPoint())  # type: ignore[attr-defined]
            return
        point = self.view_point(event.scenePos())  # type: ignore[attr-defined]
        if point is not None:
            self.clicked_at(point)
            return
        label = self.label_point(event.scenePos())  # type: ignore[attr-defined]
        if label is not None:
            self.label_clicked_at(label)


class SegmentChart(HoverPlot):
    """Horizontal bars per segment: share of customers and share of revenue. A click names the segment."""

    segment_clicked = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("segmentChart")
        self.setMinimumHeight(320)
        self.rows: list[dict] = []
        self.on_margin = False  # the dashboard's switch (issue 20): the money bars are margin
        self.getAxis("bottom").setLabel(self.tr("% of customers / % of revenue"))
        # bottom right: short bars
        self.legend = self.addLegend(offset=(-10, -10), labelTextColor=self.palette().color(QPalette.ColorRole.Text))

    def show_segments(self, rows: Sequence[dict]) -> None:
        """``rows``: dicts with key, label, customers, share, revenue, revenue_share (margin ones on margin); best
        segment first."""
        self.clear()
        self.legend.clear()
        self.getAxis("bottom").setLabel(self.tr("% of customers / % of margin") if self.on_margin
                                        else self.tr("% of customers / % of revenue"))
        self.rows = list(rows)
        n = len(self.rows)
        ys = np.arange(n, dtype=float)[::-1]  # best segment on top
        shares = np.array([100 * r["share"] for r in self.rows])
        revenue = np.array([100 * r["revenue_share"] for r in self.rows])
        customers_bar = pg.BarGraphItem(x0=0, y=ys + 0.19, height=0.36, width=shares, brush=BLUE, pen=None,
                                        name=self.tr("Customers"))
        revenue_bar = pg.BarGraphItem(x0=0, y=ys - 0.19, height=0.36, width=revenue, brush=ORANGE, pen=None,
                                      name=self.tr("Margin") if self.on_margin else self.tr("Revenue"))
        self.addItem(customers_bar)
        self.addItem(revenue_bar)
        self.getAxis("left").setTicks([[(y, r["label"]) for y, r in zip(ys, self.rows, strict=True)]])
        top = max([*shares, *revenue, 1.0])
        # What the bars show, for a screen reader (and for anyone who prefers reading to looking).
        self.setAccessibleDescription("; ".join(self._row_text(r) for r in self.rows))
        self.setXRange(0, top * 1.05, padding=0)
        self.setYRange(-0.6, n - 0.4, padding=0)

    def row_at(self, point: QPointF) -> dict | None:
        index = len(self.rows) - 1 - round(point.y())
        return self.rows[index] if 0 <= index < len(self.rows) and abs(point.y() - round(point.y())) < 0.45 \
            else None

    def tooltip_at(self, point: QPointF) -> str:
        row = self.row_at(point)
        return "" if row is None else self._row_text(row)

    def _row_text(self, row: dict) -> str:
        text = (self.tr("{segment}: {customers} customers ({share}), margin {revenue} ({revenue_share})")
                if self.on_margin else
                self.tr("{segment}: {customers} customers ({share}), revenue {revenue} ({revenue_share})"))
        return text.format(
            segment=row["label"], customers=f"{row['customers']:,}", share=percent(row["share"]),
            revenue=formatting.money(row["revenue"]), revenue_share=percent(row["revenue_share"]))

    def clicked_at(self, point: QPointF) -> None:
        row = self.row_at(point)
        if row is not None:
            self.segment_clicked.emit(row["key"])

    # The segment names on the axis are as clickable as their bars.
    label_clicked_at = clicked_at
    label_tooltip_at = tooltip_at

    def label_widget_point(self, key: str) -> QPointF:
        """Where a segment's name sits on the widget (for tests that click like a person)."""
        index = next(i for i, row in enumerate(self.rows) if row["key"] == key)
        y = self.getViewBox().mapViewToScene(QPointF(0, len(self.rows) - 1 - index)).y()
        x = self.getAxis("left").sceneBoundingRect().center().x()
        return self.mapFromScene(QPointF(x, y))


class ParetoChart(HoverPlot):
    """The cumulative revenue curve, best customers first, with the top-20 % share marked."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("paretoChart")
        self.getAxis("bottom").setLabel(self.tr("Customers, best first (%)"))
        self.getAxis("left").setLabel(self.tr("Share of revenue (%)"))
        self.xs = np.zeros(0)
        self.ys = np.zeros(0)
        self.customers = 0
        self.marker: pg.TextItem | None = None
        self.on_margin = False  # the dashboard's switch (issue 20): the curve is margin

    def show_curve(self, customer_share: np.ndarray, revenue_share: np.ndarray, top20: float | None) -> None:
        self.clear()
        self.getAxis("left").setLabel(self.tr("Share of margin (%)") if self.on_margin
                                      else self.tr("Share of revenue (%)"))
        self.customers = len(customer_share)
        self.xs = np.concatenate([[0.0], 100 * np.asarray(customer_share, dtype=float)])
        self.ys = np.concatenate([[0.0], 100 * np.asarray(revenue_share, dtype=float)])
        self.addItem(pg.PlotCurveItem([0, 100], [0, 100], pen=pg.mkPen(GREY, width=1, style=Qt.PenStyle.DashLine)))
        if len(self.xs) > 1:
            # 100,000 points draw no better than 1,000: the curve is smooth at any size shown.
            pick = np.unique(np.linspace(0, len(self.xs) - 1, min(len(self.xs), 1000)).astype(int))
            self.addItem(pg.PlotCurveItem(self.xs[pick], self.ys[pick], pen=pg.mkPen(BLUE, width=2.5)))
        self.marker = None
        if top20 is not None:
            pen = pg.mkPen(ORANGE, width=1.5, style=Qt.PenStyle.DashLine)
            self.addItem(pg.InfiniteLine(pos=20, angle=90, pen=pen))
            self.addItem(pg.InfiniteLine(pos=100 * top20, angle=0, pen=pen))
            self.addItem(pg.ScatterPlotItem([20], [100 * top20], size=9, brush=ORANGE, pen=None))
            marker = (self.tr("Top 20 % of customers: {share} of margin") if self.on_margin
                      else self.tr("Top 20 % of customers: {share} of revenue"))
            self.marker = pg.TextItem(marker.format(share=percent(top20)),
                                      color=self.palette().color(QPalette.ColorRole.Text), anchor=(0, 1),
                                      fill=pg.mkBrush(self.palette().color(QPalette.ColorRole.Base)))
            self.marker.setPos(23, 100 * top20 - 4)
            self.addItem(self.marker)
        self.setAccessibleDescription(self.marker.toPlainText() if self.marker is not None else self.tr(
            "{n} customers bought: too few to tell the top 20 %'s share").format(n=f"{self.customers:,}"))
        self.setXRange(0, 100, padding=0.02)
        self.setYRange(0, 100, padding=0.02)

    def tooltip_at(self, point: QPointF) -> str:
        if len(self.xs) < 2 or not 0 <= point.x() <= 100:
            return ""
        k = int(round(point.x() / 100 * self.customers))
        k = min(max(k, 1), self.customers)
        text = (self.tr("Best {count} customers ({share}): {revenue_share} of margin") if self.on_margin
                else self.tr("Best {count} customers ({share}): {revenue_share} of revenue"))
        return text.format(
            count=f"{k:,}", share=percent(self.xs[k] / 100), revenue_share=percent(self.ys[k] / 100))


class RevenueChart(HoverPlot):
    """Revenue per month as bars; the tooltip gives the month's exact revenue, purchases and customers."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("revenueChart")
        self.getAxis("left").setLabel(self.tr("Revenue"))
        self.getAxis("left").tickStrings = lambda values, _scale, _spacing: [short_money(v) for v in values]
        self.months: list[dict] = []
        self.on_margin = False  # the dashboard's switch (issue 20): the bars are margin

    def show_months(self, months: Sequence[dict]) -> None:
        """``months``: dicts with label (YYYY-MM), revenue (margin on margin), purchases, customers; oldest first."""
        self.clear()
        self.getAxis("left").setLabel(self.tr("Margin") if self.on_margin else self.tr("Revenue"))
        self.months = list(months)
        n = len(self.months)
        if not n:
            return
        values = np.array([m["revenue"] for m in self.months], dtype=float)
        self.addItem(pg.BarGraphItem(x=np.arange(n), height=values, width=0.75, brush=BLUE, pen=None))
        step = max(1, math.ceil(n / 8))
        self.getAxis("bottom").setTicks([[(i, m["label"]) for i, m in enumerate(self.months) if i % step == 0]])
        self.setXRange(-0.6, n - 0.4, padding=0)
        self.setYRange(0, max(values.max(), 1) * 1.08, padding=0)
        best = self.months[int(values.argmax())]
        text = (self.tr("{first} to {last}: margin {total}; best month {best}") if self.on_margin
                else self.tr("{first} to {last}: revenue {total}; best month {best}"))
        self.setAccessibleDescription(text.format(
            first=self.months[0]["label"], last=self.months[-1]["label"], total=formatting.money(round(values.sum())),
            best=self._month_text(best)))

    def tooltip_at(self, point: QPointF) -> str:
        i = round(point.x())
        return self._month_text(self.months[i]) if 0 <= i < len(self.months) else ""

    def _month_text(self, m: dict) -> str:
        text = (self.tr("{month}: margin {revenue}, {purchases} purchases by {customers} customers")
                if self.on_margin else
                self.tr("{month}: revenue {revenue}, {purchases} purchases by {customers} customers"))
        return text.format(
            month=m["label"], revenue=formatting.money(m["revenue"]), purchases=f"{m['purchases']:,}",
            customers=f"{m['customers']:,}")


def _shade(value: float, top: float, rgb: tuple[int, int, int] = (59, 120, 194)) -> QColor:
    """The table's background (white, or dark on a dark window) for nothing, up to the full colour for ``top``."""
    t = 0.0 if top <= 0 or math.isnan(value) else min(max(value / top, 0.0), 1.0)
    t = 0.08 + 0.92 * t if value > 0 else 0.0
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    return QColor(*(round(b + (c - b) * t) for b, c in zip((base.red(), base.green(), base.blue()), rgb, strict=True)))


class HeatGrid(QTableWidget):
    """A table whose cells are coloured by value, with tooltips; a click reports (row, column)."""

    cell_chosen = Signal(int, int)

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(True)
        self.setStyleSheet("QTableWidget { gridline-color: palette(base); }")
        self.horizontalHeader().setHighlightSections(False)
        self.verticalHeader().setHighlightSections(False)
        self.cellClicked.connect(self.cell_chosen)

    def set_cell(self, row: int, column: int, text: str, tooltip: str, color: QColor | None) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setToolTip(tooltip)
        if color is not None:
            item.setBackground(color)
            item.setForeground(theme.text_on(color))
        self.setItem(row, column, item)

    def fit_columns(self) -> None:
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)


__all__ = ["ChartCard", "HeatGrid", "ParetoChart", "RevenueChart", "SegmentChart", "korean", "percent",
           "short_money"]
