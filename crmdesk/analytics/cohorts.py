"""Cohort retention by month of first purchase, and revenue month by month.

Decisions a caller must know:

- The base is the one RFM and Pareto use (see :mod:`crmdesk.analytics.loader`): purchases of active cards
  (archived and merged cards left out; walk-in sales have nobody to follow), not voided, made before the
  end of the as-of day. Months are calendar months of the purchase time as stored (the shop's local time).
- A customer's cohort is the month of their first counted purchase. Retention in month +k is the share of
  the cohort that bought at least once in the k-th calendar month after it (so a first purchase on the 31st
  and a second on the 1st count as month +1). Month +0 is always 100 %. Months after the as-of month do not
  exist yet and are left empty (NaN), never shown as 0 %; the as-of month itself is usually partial.
- Revenue over time runs from the first month with a purchase to the as-of month, months without sales
  included as 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.loader import active_customers, end_of_day
from crmdesk.store import Store

MONTHLY_COLUMNS = ["customer_id", "month", "purchases", "revenue"]
REVENUE_COLUMNS = ["month", "revenue", "purchases", "customers"]

# Plain rows, grouped by month here: SQLite's strftime() over every purchase, then a GROUP BY that has to sort,
# costs twice as long as reading the covering index (customer, date, total) straight through.
PURCHASES = text("SELECT customer_id, purchased_at, total FROM purchase "
                 "WHERE customer_id IS NOT NULL AND voided_at IS NULL AND purchased_at < :until "
                 "ORDER BY customer_id, purchased_at").bindparams(bindparam("until", type_=DateTime()))


def month_number(day: date | pd.Timestamp) -> int:
    """Months since year 0: consecutive months differ by one, whatever the year."""
    return day.year * 12 + day.month - 1


def month_start(number: int) -> pd.Timestamp:
    return pd.Timestamp(year=number // 12, month=number % 12 + 1, day=1)


def _month_numbers(values: list) -> np.ndarray:
    """Month numbers of purchase times: SQLite's stored text ("2024-01-31 13:05:00.000000") or datetimes."""
    if not values:
        return np.zeros(0, dtype="int64")
    if isinstance(values[0], str):
        # Only "YYYY-MM" matters: numpy truncates to 7 characters on conversion, and the few dozen distinct
        # months are parsed once each.
        distinct, position = np.unique(np.array(values, dtype="U7"), return_inverse=True)
        numbers = np.array([int(text[:4]) * 12 + int(text[5:7]) - 1 for text in distinct], dtype="int64")
        return numbers[position]
    months = pd.to_datetime(pd.Series(values))
    return (months.dt.year * 12 + months.dt.month - 1).to_numpy(dtype="int64")


def read_purchases(store: Store, as_of: date) -> Sequence[tuple]:
    """Every counted purchase up to the end of ``as_of`` as plain (customer_id, purchased_at, total) tuples,
    by customer and time (the order of the covering index, so no sort)."""
    with store.engine.connect() as conn:
        result = conn.execute(PURCHASES, {"until": end_of_day(as_of)})
        try:  # plain driver tuples, as the loader reads them
            return result.cursor.fetchall()
        finally:
            result.close()


def monthly_from_rows(rows: Sequence[tuple], active_ids: np.ndarray) -> pd.DataFrame:
    """:func:`monthly_purchases` from :func:`read_purchases` rows and the ids of the active customers."""
    # One pass per column (map + fromiter) is several times faster than transposing 500,000 tuples with zip.
    frame = pd.DataFrame({
        "customer_id": np.fromiter(map(itemgetter(0), rows), dtype="int64", count=len(rows)),
        "month": _month_numbers(list(map(itemgetter(1), rows))),
        "revenue": np.fromiter(map(itemgetter(2), rows), dtype="int64", count=len(rows)),
    })
    frame = frame[frame["customer_id"].isin(active_ids)]
    grouped = frame.groupby(["customer_id", "month"], sort=True).agg(
        purchases=("revenue", "size"), revenue=("revenue", "sum")).reset_index()
    return grouped.astype("int64")[MONTHLY_COLUMNS]


def monthly_purchases(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """One row per active customer and month they bought in: customer_id, month (see :func:`month_number`),
    purchases, revenue (minor units); purchases up to the end of ``as_of`` (default today)."""
    as_of = as_of or date.today()
    rows = read_purchases(store, as_of)
    return monthly_from_rows(rows, active_customers(store)["customer_id"].to_numpy())


@dataclass(frozen=True)
class Retention:
    """``sizes``: customers per cohort (index: cohort month start). ``customers`` and ``shares``: one row per
    cohort, one column per month offset 0, 1, 2, ...; NaN where the month lies after the as-of month."""

    sizes: pd.Series
    customers: pd.DataFrame
    shares: pd.DataFrame


def retention(monthly: pd.DataFrame, as_of: date | None = None) -> Retention:
    """Cohort retention from :func:`monthly_purchases` rows."""
    as_of = as_of or date.today()
    last = month_number(as_of)
    if monthly.empty:
        empty = pd.DataFrame(index=pd.DatetimeIndex([], name="cohort"), dtype="float64")
        return Retention(pd.Series([], index=empty.index, dtype="int64", name="customers"), empty, empty.copy())
    cohort = monthly.groupby("customer_id")["month"].transform("min")
    offsets = monthly["month"] - cohort
    counts = pd.crosstab(cohort.rename("cohort"), offsets.rename("offset"))
    first, span = int(counts.index.min()), last - int(counts.index.min())
    counts = counts.reindex(index=range(first, last + 1), columns=range(span + 1), fill_value=0)
    counts = counts[counts[0] > 0].astype("float64")
    # Months that have not happened yet for a cohort are unknown, not zero.
    future = counts.index.to_numpy()[:, None] + counts.columns.to_numpy()[None, :] > last
    counts = counts.mask(future)
    sizes = counts[0].astype("int64").rename("customers")
    shares = counts.div(counts[0], axis=0)
    index = pd.DatetimeIndex([month_start(m) for m in counts.index], name="cohort")
    for frame in (counts, shares, sizes):
        frame.index = index
    counts.columns.name = shares.columns.name = "offset"
    return Retention(sizes, counts, shares)


def revenue_by_month(monthly: pd.DataFrame, as_of: date | None = None) -> pd.DataFrame:
    """Per month from the first sale to the as-of month: revenue, purchases and distinct customers buying."""
    as_of = as_of or date.today()
    if monthly.empty:
        return pd.DataFrame({c: pd.Series([], dtype="int64") for c in REVENUE_COLUMNS}).astype(
            {"month": "datetime64[ns]"})
    grouped = monthly.groupby("month").agg(revenue=("revenue", "sum"), purchases=("purchases", "sum"),
                                           customers=("customer_id", "size"))
    months = range(int(grouped.index.min()), month_number(as_of) + 1)
    grouped = grouped.reindex(months, fill_value=0).astype("int64")
    grouped.index = pd.DatetimeIndex([month_start(m) for m in grouped.index], name="month")
    return grouped.reset_index()[REVENUE_COLUMNS]


def cohort_report(store: Store, as_of: date | None = None) -> tuple[Retention, pd.DataFrame]:
    """Retention and revenue by month for the shop as of the end of ``as_of`` (default today), from one read."""
    as_of = as_of or date.today()
    monthly = monthly_purchases(store, as_of)
    return retention(monthly, as_of), revenue_by_month(monthly, as_of)


__all__ = ["MONTHLY_COLUMNS", "REVENUE_COLUMNS", "Retention", "active_customers", "cohort_report", "month_number",
           "month_start", "monthly_from_rows", "monthly_purchases", "read_purchases", "retention", "revenue_by_month"]
