"""Churn, dormancy and lifecycle stages: who is slipping away, judged against their own rhythm and the shop's.

The rule, in a shop owner's words (README, "Churn and lifecycle"):

- Each regular (three or more purchase days) has a *usual gap*: the average number of days between their
  visits (first to last visit, divided by the gaps in between).
- The shop has a *return window*: 8 in 10 of all return visits in the shop came within this many days (the
  80th percentile of the gaps between consecutive purchase days, over every customer).
- *Silence* is the number of days since the customer's last purchase.
- **Overdue** (at_risk): silent for more than twice their usual gap, and longer than the shop's return window.
  **Gone quiet** (dormant): more than four times their usual gap, and more than twice the window.
  **Gone** (lost): more than eight times their usual gap, and more than four times the window.
  Customers with fewer than three purchase days have no usual gap of their own; only the shop's window counts
  (at risk beyond one window, dormant beyond two, lost beyond four).
- Of the others: **Newcomer** (new) when the first purchase was within the last 90 days; **Regular** (loyal)
  when they have at least as many purchase days as the shop's top fifth (and at least 3); otherwise **Steady**
  (active).

Every figure is as of the end of the as-of day; voided purchases and archived or merged cards never count
(the loader's rules). Counts over time use today's card list: a card archived since is left out of the past
too.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crmdesk.analytics.clv import DEFAULT_HORIZON_DAYS, LifetimeValue, lifetime_value, repeat_summary
from crmdesk.analytics.loader import active_customers, purchase_days
from crmdesk.analytics.stages import (
    ENGLISH_STAGES,
    KOREAN_STAGES,
    LOYAL_PERCENTILE,
    MIN_LOYAL_DAYS,
    NEW_DAYS,
    STAGE_NAMES,
    STAGES,
    WINDOW_PERCENTILE,
    ShopRhythm,
)
from crmdesk.analytics.stages import stages as _stages
from crmdesk.store import Store

# Re-exported: the stage rules live in stages.py (numpy only), so one card is judged without loading pandas.
__all__ = ["ENGLISH_STAGES", "KOREAN_STAGES", "NEW_DAYS", "STAGES", "STAGE_NAMES", "ShopRhythm", "_stages",
           "churn_report", "churn_table", "lifecycle_counts", "lifecycle_report", "month_ends", "reactivation_list",
           "shop_rhythm"]

CHURN_COLUMNS = ["customer_id", "customer_code", "name", "stage", "purchase_days", "first_purchase_day",
                 "last_purchase_day", "silence_days", "usual_gap_days", "expected_back_by", "historic_value",
                 "predicted_value", "p_alive"]


def _gaps(ids: np.ndarray, day_numbers: np.ndarray) -> np.ndarray:
    """Days between consecutive purchase days of the same customer (rows sorted by customer and day)."""
    same = ids[1:] == ids[:-1]
    return (day_numbers[1:] - day_numbers[:-1])[same]


def shop_rhythm(days: pd.DataFrame, purchase_days_per_buyer: np.ndarray) -> ShopRhythm:
    ids = days["customer_id"].to_numpy()
    numbers = days["day"].to_numpy().astype("datetime64[D]").astype("int64")
    gaps = _gaps(ids, numbers)
    window = float(np.percentile(gaps, WINDOW_PERCENTILE)) if len(gaps) else None
    loyal = int(np.percentile(purchase_days_per_buyer, LOYAL_PERCENTILE)) if len(purchase_days_per_buyer) else 0
    return ShopRhythm(window, max(MIN_LOYAL_DAYS, loyal))


def churn_table(customers: pd.DataFrame, days: pd.DataFrame, as_of: date,
                lifetime: LifetimeValue | None = None) -> pd.DataFrame:
    """Stage, silence and usual gap of every customer in ``customers`` (customer_id, customer_code, name) from
    their purchase days (:func:`crmdesk.analytics.loader.purchase_days`), with historic value and, when
    ``lifetime`` holds a fitted forecast, predicted value and P(alive). Customers who never bought have the
    stage "no_purchase". Adds boolean columns at_risk and dormant for the reactivation lists."""
    days = days[days["customer_id"].isin(customers["customer_id"])]
    grouped = days.groupby("customer_id", sort=False)
    stats = pd.DataFrame({"purchase_days": grouped.size(), "first_purchase_day": grouped["day"].min(),
                          "last_purchase_day": grouped["day"].max(), "historic_value": grouped["spend"].sum()})
    table = customers[["customer_id", "customer_code", "name"]].merge(
        stats, left_on="customer_id", right_index=True, how="left").reset_index(drop=True)
    table["purchase_days"] = table["purchase_days"].fillna(0).astype("int64")
    table["historic_value"] = table["historic_value"].fillna(0).astype("int64")
    buyers = (table["purchase_days"] > 0).to_numpy()
    rhythm = shop_rhythm(days, table.loc[buyers, "purchase_days"].to_numpy())
    as_of_number = int(np.datetime64(as_of, "D").astype("int64"))
    first = table.loc[buyers, "first_purchase_day"].to_numpy().astype("datetime64[D]").astype("int64")
    last = table.loc[buyers, "last_purchase_day"].to_numpy().astype("datetime64[D]").astype("int64")
    stage, silence, usual = _stages(table.loc[buyers, "purchase_days"].to_numpy(), first, last, as_of_number,
                                    rhythm)
    names = [*STAGE_NAMES, "no_purchase"]
    codes = np.full(len(table), len(STAGE_NAMES))
    codes[buyers] = stage
    table["stage"] = pd.Categorical.from_codes(codes, categories=names)
    table["silence_days"] = np.nan
    table.loc[buyers, "silence_days"] = silence
    table["usual_gap_days"] = np.nan
    table.loc[buyers, "usual_gap_days"] = usual
    table["expected_back_by"] = table["last_purchase_day"] + pd.to_timedelta(table["usual_gap_days"].round(),
                                                                               unit="D")
    table["predicted_value"] = np.nan
    table["p_alive"] = np.nan
    if lifetime is not None and lifetime.predicted:
        forecast = lifetime.table.set_index("customer_id")
        table["predicted_value"] = table["customer_id"].map(forecast["clv"]).to_numpy()
        table["p_alive"] = table["customer_id"].map(forecast["p_alive"]).to_numpy()
    table["at_risk"] = table["stage"] == "at_risk"
    table["dormant"] = table["stage"] == "dormant"
    table.attrs["return_window_days"] = rhythm.return_window_days
    table.attrs["loyal_days"] = rhythm.loyal_days
    return table[[*CHURN_COLUMNS, "at_risk", "dormant"]]


def reactivation_list(table: pd.DataFrame, stage: str) -> pd.DataFrame:
    """The customers in ``stage`` (at_risk, dormant or lost), most valuable first: by predicted value when there
    is a forecast, else by what they brought so far."""
    chosen = table[table["stage"] == stage]
    value = chosen["predicted_value"] if chosen["predicted_value"].notna().any() else chosen["historic_value"]
    order = np.lexsort((chosen["customer_id"].to_numpy(), -chosen["historic_value"].to_numpy(),
                        -value.fillna(0).to_numpy()))
    return chosen.iloc[order].reset_index(drop=True)


def month_ends(first: date, last: date) -> list[date]:
    """The last day of every month from ``first``'s month to ``last``'s, the last one cut at ``last``."""
    months = pd.period_range(pd.Period(first, "M"), pd.Period(last, "M"), freq="M")
    return [min(month.end_time.date(), last) for month in months]


def lifecycle_counts(customers: pd.DataFrame, days: pd.DataFrame, as_of: date, *, months: int = 24) -> pd.DataFrame:
    """Customers per lifecycle stage at each of the last ``months`` month ends (the last row is ``as_of``
    itself): columns month_end, new, active, loyal, at_risk, dormant, lost, customers. Each month end is judged
    with only the purchases made by then, the shop's window and loyalty bar as they were then."""
    days = days[days["customer_id"].isin(customers["customer_id"])]
    ids = days["customer_id"].to_numpy()
    numbers = days["day"].to_numpy().astype("datetime64[D]").astype("int64")
    start = (pd.Timestamp(as_of).to_period("M") - (months - 1)).to_timestamp().date()
    rows = []
    for end in month_ends(start, as_of):
        end_number = int(np.datetime64(end, "D").astype("int64"))
        keep = numbers <= end_number
        if not keep.any():
            rows.append({"month_end": end, **dict.fromkeys(STAGE_NAMES, 0), "customers": 0})
            continue
        k_ids, k_days = ids[keep], numbers[keep]
        starts = np.flatnonzero(np.concatenate([[True], k_ids[1:] != k_ids[:-1]]))
        ends = np.append(starts[1:], len(k_ids)) - 1
        count = np.diff(np.append(starts, len(k_ids)))
        gaps = _gaps(k_ids, k_days)
        window = float(np.percentile(gaps, WINDOW_PERCENTILE)) if len(gaps) else None
        loyal = max(MIN_LOYAL_DAYS, int(np.percentile(count, LOYAL_PERCENTILE)))
        stage, _, _ = _stages(count, k_days[starts], k_days[ends], end_number, ShopRhythm(window, loyal))
        tally = np.bincount(stage, minlength=len(STAGE_NAMES))
        rows.append({"month_end": end, **{name: int(n) for name, n in zip(STAGE_NAMES, tally, strict=True)},
                     "customers": int(len(starts))})
    return pd.DataFrame(rows, columns=["month_end", *STAGE_NAMES, "customers"])


def churn_report(store: Store, as_of: date | None = None, *, forecast: bool = True,
                 horizon_days: int = DEFAULT_HORIZON_DAYS) -> tuple[pd.DataFrame, LifetimeValue | None]:
    """:func:`churn_table` for every active customer as of the end of ``as_of`` (default today), with the
    lifetime-value forecast (also returned, so a caller can say when there is none) unless ``forecast`` is
    False."""
    as_of = as_of or date.today()
    customers, days = active_customers(store), purchase_days(store, as_of)
    lifetime = lifetime_value(repeat_summary(customers, days, as_of), as_of, horizon_days=horizon_days) \
        if forecast else None
    return churn_table(customers, days, as_of, lifetime), lifetime


def lifecycle_report(store: Store, as_of: date | None = None, *, months: int = 24) -> pd.DataFrame:
    """:func:`lifecycle_counts` for the shop's active customers, as of the end of ``as_of`` (default today)."""
    as_of = as_of or date.today()
    return lifecycle_counts(active_customers(store), purchase_days(store, as_of), as_of, months=months)
