"""Do complaining customers come back, compared with customers like them who did not complain?

The older figure (analytics/recovery.py) counted any later purchase with no comparison, so a complaint resolved
slowly, with more time to "come back" counted from its receipt, could look better. Here:

- A complaint counts once it is resolved (its resolution stamp, or its closing when it was closed without one)
  and old enough for a full window: resolved at least ``window_days`` (default 90, editable) before the end of
  the as-of day. Each customer counts once, with their latest such complaint. Anonymous complaints, archived or
  merged cards, and complaints not resolved (counted apart) are left out.
- The customer returned when they bought (any purchase not voided) within ``window_days`` after the resolution.
- The baseline: customers who never complained, grouped by how many purchases they had made before the first
  day of the month of the resolution (0-1, 2-3, 4-9, 10 or more), and the share of each group who bought within
  the same ``window_days`` from that day. Each complaining customer is compared with their own group in their own
  month; a group's baseline is the average over its complaining customers.
- Fewer than MIN_GROUP complaining customers, or a comparison group under MIN_BASELINE customers, is too few to
  give a share that means anything: the share is left empty and the table says so (``small``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.loader import active_customers, end_of_day
from crmdesk.analytics.recovery import BUCKETS
from crmdesk.store import Store

WINDOW_DAYS = 90
MIN_GROUP = 10
MIN_BASELINE = 30
BAND_EDGES = (2, 4, 10)  # purchases before: 0-1, 2-3, 4-9, 10+
RESOLVED_BUCKETS = tuple(b for b in BUCKETS if b[0] != "open")
BASELINE_COLUMNS = ["resolved", "customers", "returned", "share", "baseline", "difference", "small"]

_COMPLAINTS = text("SELECT customer_id, received_at, COALESCE(resolved_at, closed_at) FROM feedback "
                   "WHERE kind = 'complaint' AND customer_id IS NOT NULL AND received_at < :until").bindparams(
    bindparam("until", type_=DateTime()))
_PURCHASES = text("SELECT customer_id, purchased_at FROM purchase WHERE customer_id IS NOT NULL AND voided_at IS "
                  "NULL AND purchased_at < :until").bindparams(bindparam("until", type_=DateTime()))


@dataclass(frozen=True)
class Recovery:
    table: pd.DataFrame  # one row per resolution bucket and "all", BASELINE_COLUMNS
    window_days: int
    cutoff: date  # complaints resolved by the end of this day had a full window
    not_resolved: int  # complaining customers left out: their latest complaint is not resolved
    too_recent: int  # left out: resolved, but the window is not over yet


def _frame(rows, columns) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[1:]:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _bands(counts: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.asarray(BAND_EDGES), counts, side="right")


class _Purchases:
    """Every counted purchase, sorted by customer and time: one customer's are a slice found by bisection."""

    def __init__(self, frame: pd.DataFrame, size: int) -> None:
        frame = frame.sort_values(["customer_id", "purchased_at"])
        self.customer = frame["customer_id"].to_numpy(dtype=np.int64)
        self.at = frame["purchased_at"].to_numpy(dtype="datetime64[ns]")
        self.size = size

    def before(self, moment: np.datetime64) -> np.ndarray:
        return np.bincount(self.customer[self.at < moment], minlength=self.size)

    def bought_within(self, start: np.datetime64, end: np.datetime64) -> np.ndarray:
        inside = (self.at > start) & (self.at <= end)
        return np.bincount(self.customer[inside], minlength=self.size) > 0

    def of(self, customer_id: int, moment: np.datetime64, window: np.timedelta64) -> tuple[int, bool]:
        """One customer: purchases before ``moment``, and whether they bought within the window after it."""
        lo, hi = np.searchsorted(self.customer, [customer_id, customer_id + 1])
        times = self.at[lo:hi]
        earlier = int(np.searchsorted(times, moment, side="left"))
        after = int(np.searchsorted(times, moment, side="right"))
        return earlier, bool(after < len(times) and times[after] <= moment + window)


def _baseline_rates(purchases: _Purchases, ordinary: np.ndarray, month: pd.Timestamp,
                    window: np.timedelta64) -> tuple[np.ndarray, np.ndarray]:
    """Per band: the share of ``ordinary`` customers who bought within the window from ``month``, and how many."""
    start = np.datetime64(month.to_datetime64())
    bands = _bands(purchases.before(start))[ordinary]
    back = purchases.bought_within(start, start + window)[ordinary]
    sizes = np.bincount(bands, minlength=len(BAND_EDGES) + 1)
    returned = np.bincount(bands, weights=back, minlength=len(BAND_EDGES) + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = np.where(sizes >= MIN_BASELINE, returned / np.maximum(sizes, 1), np.nan)
    return rates, sizes


def complaint_recovery(store: Store, as_of: date | None = None, *, window_days: int = WINDOW_DAYS) -> Recovery:
    if window_days < 1:
        raise ValueError("the window is at least one day")
    as_of = as_of or date.today()
    until = end_of_day(as_of)
    window = np.timedelta64(window_days, "D")
    with store.engine.connect() as conn:
        complaints = _frame(conn.execute(_COMPLAINTS, {"until": until}).all(),
                            ["customer_id", "received_at", "resolved_at"])
        bought = _frame(conn.execute(_PURCHASES, {"until": until}).all(), ["customer_id", "purchased_at"])
    active = set(active_customers(store)["customer_id"].astype("int64"))
    complaints = complaints[complaints["customer_id"].isin(active)]
    complaints = complaints.assign(resolved_at=complaints["resolved_at"].where(
        complaints["resolved_at"] < pd.Timestamp(until)))
    latest = complaints.sort_values(["customer_id", "received_at"]).drop_duplicates("customer_id", keep="last")
    cutoff = pd.Timestamp(until) - pd.Timedelta(days=window_days)
    open_ = int(latest["resolved_at"].isna().sum())
    latest = latest[latest["resolved_at"].notna()]
    too_recent = int((latest["resolved_at"] > cutoff).sum())
    counted = latest[latest["resolved_at"] <= cutoff].copy()
    size = int(max([0, *active, *bought["customer_id"].tolist()])) + 1
    purchases = _Purchases(bought, size)
    ordinary = np.zeros(size, dtype=bool)
    ordinary[list(active)] = True
    ordinary[complaints["customer_id"].astype("int64").to_numpy()] = False
    ordinary_ids = np.flatnonzero(ordinary)
    expected, returned = [], []
    rates_of: dict[pd.Timestamp, np.ndarray] = {}
    for row in counted.itertuples():
        moment = np.datetime64(row.resolved_at.to_datetime64())
        earlier, back = purchases.of(int(row.customer_id), moment, window)
        month = row.resolved_at.to_period("M").start_time
        if month not in rates_of:
            rates_of[month] = _baseline_rates(purchases, ordinary_ids, month, window)[0]
        returned.append(back)
        expected.append(rates_of[month][int(_bands(np.asarray([earlier]))[0])])
    hours = (counted["resolved_at"] - counted["received_at"]).dt.total_seconds() / 3600
    counted["bucket"] = np.select([hours < 24, hours < 72, hours < 168], ["same_day", "days_1_3", "days_3_7"],
                                  "over_week")
    counted["returned"] = returned
    counted["expected"] = expected
    return Recovery(_table(counted), window_days, as_of - timedelta(days=window_days), open_, too_recent)


def _row(key: str, group: pd.DataFrame) -> dict:
    customers = len(group)
    back = int(group["returned"].sum()) if customers else 0
    known = group["expected"].dropna()
    share = back / customers if customers >= MIN_GROUP else np.nan
    baseline = float(known.mean()) if len(known) >= MIN_GROUP else np.nan
    return {"resolved": key, "customers": customers, "returned": back, "share": share, "baseline": baseline,
            "difference": share - baseline, "small": customers < MIN_GROUP or len(known) < MIN_GROUP}


def _table(counted: pd.DataFrame) -> pd.DataFrame:
    rows = [_row(key, counted[counted["bucket"] == key]) for key, *_ in RESOLVED_BUCKETS]
    rows.append(_row("all", counted))
    return pd.DataFrame(rows, columns=BASELINE_COLUMNS)

