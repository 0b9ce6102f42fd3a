"""Everything the dashboard shows, computed in one go off the GUI thread (and by the benchmark).

Qt-free: the screen only draws what :func:`dashboard_figures` returns. ``progress(done, total)`` is called
between steps; the window's job helper raises from it when the user cancels, which stops the work there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from crmdesk.access import Permission, require
from crmdesk.analytics.cohorts import (
    Retention,
    active_customers,
    monthly_from_rows,
    read_purchases,
    retention,
    revenue_by_month,
)
from crmdesk.analytics.loader import CUSTOMER_COLUMNS, _timestamps
from crmdesk.analytics.margin import MarginCoverage, coverage, margin_rows, on_margin, purchase_margins
from crmdesk.analytics.pareto import Pareto, pareto
from crmdesk.analytics.rfm import rfm_scores, segment_summary, shop_segment_map
from crmdesk.store import Store

STEPS = 6


@dataclass(frozen=True)
class RFGrid:
    """The 5×5 grid of recency score (rows, 1..5) by frequency score (columns, 1..5) over buyers."""

    customers: np.ndarray  # int, [r - 1, f - 1]
    revenue: np.ndarray  # int, minor units
    average: np.ndarray  # float, average spend per customer; NaN in empty cells


@dataclass(frozen=True)
class DashboardFigures:
    as_of: date
    rfm: pd.DataFrame  # rfm.RFM_COLUMNS: one row per active customer, for drilling down
    segments: pd.DataFrame  # rfm.segment_summary
    pareto: Pareto
    grid: RFGrid
    retention: Retention
    revenue: pd.DataFrame  # cohorts.REVENUE_COLUMNS
    # On margin (issue 20): the segments' money, Pareto, the grid's spend and the months are gross margin, and this
    # says what the margin is made of and how much revenue has no cost; None on revenue. Members stay the same.
    margin: MarginCoverage | None = None

    def segment_customers(self, segment: str) -> frozenset[int]:
        """Ids of the customers in a segment (English key, as in ``segments``)."""
        return frozenset(self.rfm.loc[self.rfm["segment"] == segment, "customer_id"].tolist())

    def cell_customers(self, r: int, f: int) -> frozenset[int]:
        """Ids of the customers with recency score ``r`` and frequency score ``f``."""
        chosen = (self.rfm["r"] == r) & (self.rfm["f"] == f)
        return frozenset(self.rfm.loc[chosen.fillna(False).to_numpy(dtype=bool), "customer_id"].tolist())


def rf_grid(table: pd.DataFrame) -> RFGrid:
    """Counts, revenue and average spend per (r, f) cell of an RFM table; customers without a purchase are left
    out (they have no scores)."""
    buyers = table[table["r"].notna()]
    r = buyers["r"].to_numpy(dtype="int64") - 1
    f = buyers["f"].to_numpy(dtype="int64") - 1
    customers = np.zeros((5, 5), dtype="int64")
    revenue = np.zeros((5, 5), dtype="int64")
    np.add.at(customers, (r, f), 1)
    np.add.at(revenue, (r, f), buyers["monetary"].to_numpy(dtype="int64"))
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(customers > 0, revenue / np.maximum(customers, 1), np.nan)
    return RFGrid(customers, revenue, average)


def customer_purchases_from_rows(rows: Sequence[tuple], people: pd.DataFrame) -> pd.DataFrame:
    """What :func:`crmdesk.analytics.loader.customer_purchases` returns (without first_purchase_at), from the
    purchase rows the cohorts read anyway (by customer, then time): the dashboard reads the purchases once
    instead of once per figure. A test checks both agree."""
    ids = np.fromiter((row[0] for row in rows), dtype="int64", count=len(rows))
    totals = np.fromiter((row[2] for row in rows), dtype="int64", count=len(rows))
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.zeros(0, dtype="int64")
    ends = np.r_[starts[1:], len(ids)] - 1 if len(ids) else starts
    bought = pd.DataFrame({
        "customer_id": ids[starts],
        "frequency": np.diff(np.r_[starts, len(ids)]).astype("int64"),
        "monetary": np.add.reduceat(totals, starts) if len(ids) else totals,
        "last_purchase_at": _timestamps(pd.Series([rows[i][1] for i in ends.tolist()], dtype=object)),
    })
    frame = people.merge(bought, on="customer_id", how="left", sort=False)
    frame["frequency"] = frame["frequency"].fillna(0).astype("int64")
    frame["monetary"] = frame["monetary"].fillna(0).astype("int64")
    frame = frame.sort_values("customer_id", kind="stable", ignore_index=True)
    return frame[[c for c in CUSTOMER_COLUMNS if c in frame.columns]]


def dashboard_figures(store: Store, as_of: date | None = None,
                      progress: Callable[[int, int], None] | None = None, *, on: str = "revenue") -> DashboardFigures:
    """Segments, Pareto, the R×F grid, retention and revenue by month as of the end of ``as_of``; ``on="margin"``:
    their money on gross margin instead (crmdesk.analytics.margin). The whole shop's figures: the owner's
    (Permission.ANALYTICS), whichever path asks."""
    require(store, Permission.ANALYTICS)
    as_of = as_of or date.today()
    report = progress or (lambda _done, _total: None)
    report(0, STEPS)
    segment_map = shop_segment_map(store)
    rows = read_purchases(store, as_of)
    people = active_customers(store)
    purchases = customer_purchases_from_rows(rows, people)
    report(1, STEPS)
    table = rfm_scores(purchases, as_of, segment_map)  # scores on spend, whichever money the figures show
    money, money_table, money_rows, totals = purchases, table, rows, None
    if on == "margin":
        margins = purchase_margins(store, as_of)
        totals = coverage(margins)
        money, money_table, money_rows = on_margin(purchases, margins), on_margin(table, margins), margin_rows(margins)
    segments = segment_summary(money_table)
    report(2, STEPS)
    figures_pareto = pareto(money)
    grid = rf_grid(money_table)
    report(3, STEPS)
    ids = people["customer_id"].to_numpy()
    monthly = monthly_from_rows(rows, ids)
    report(4, STEPS)
    kept = retention(monthly, as_of)
    report(5, STEPS)
    revenue = revenue_by_month(monthly if money_rows is rows else monthly_from_rows(money_rows, ids), as_of)
    report(STEPS, STEPS)
    return DashboardFigures(as_of, table, segments, figures_pareto, grid, kept, revenue, totals)


__all__ = ["DashboardFigures", "RFGrid", "STEPS", "dashboard_figures", "rf_grid"]
