"""Feedback and repurchase: of the customers who complained, how many bought again, by how fast the complaint
was resolved.

Each customer counts once, with their latest complaint received at least ``settle_days`` (default 30) before
the as-of day: a complaint from yesterday has had no time to show whether the customer comes back. A customer
"bought again" with any counted purchase (not voided) after the complaint was received, up to the end of the
as-of day. Resolution time runs from receiving the complaint to its resolution stamp (or closing, when it was
closed without a separate resolution); a complaint not resolved by the as-of day is "not resolved".
Anonymous complaints and archived or merged cards are left out.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.loader import _timestamps, active_customers, end_of_day
from crmdesk.store import Store

SETTLE_DAYS = 30
# (key, upper bound in hours or None, English, Korean); "open" last.
BUCKETS = (
    ("same_day", 24, "Within a day", "하루 안"),
    ("days_1_3", 72, "1-3 days", "1~3일"),
    ("days_3_7", 168, "3-7 days", "3~7일"),
    ("over_week", None, "Over a week", "일주일 넘게"),
    ("open", None, "Not resolved", "미해결"),
)
BUCKET_KEYS = tuple(b[0] for b in BUCKETS)
ENGLISH_BUCKETS = {b[0]: b[2] for b in BUCKETS}
KOREAN_BUCKETS = {b[0]: b[3] for b in BUCKETS}
RECOVERY_COLUMNS = ["resolved", "customers", "bought_again", "share", "median_days_to_return"]

# One row per complaint with the first counted purchase after it; portable SQL (f.id is the key, so the
# other feedback columns may be selected with GROUP BY f.id on PostgreSQL too).
_COMPLAINTS = text(
    "SELECT f.id, f.customer_id, f.received_at, f.resolved_at, f.closed_at, MIN(p.purchased_at) "
    "FROM feedback f LEFT JOIN purchase p ON p.customer_id = f.customer_id AND p.voided_at IS NULL "
    "AND p.purchased_at > f.received_at AND p.purchased_at < :until "
    "WHERE f.kind = 'complaint' AND f.customer_id IS NOT NULL AND f.received_at < :settled "
    "GROUP BY f.id, f.customer_id, f.received_at, f.resolved_at, f.closed_at").bindparams(
    bindparam("until", type_=DateTime()), bindparam("settled", type_=DateTime()))


def complaint_returns(store: Store, as_of: date | None = None, *, settle_days: int = SETTLE_DAYS) -> pd.DataFrame:
    """One row per complaining customer: customer_id, received_at, resolution_hours (NaN: not resolved by
    then), bucket, returned_at (first purchase after it, NaT: none) and days_to_return."""
    as_of = as_of or date.today()
    until = end_of_day(as_of)
    with store.engine.connect() as conn:
        rows = conn.execute(_COMPLAINTS, {"until": until,
                                          "settled": end_of_day(as_of - timedelta(days=settle_days))}).all()
    frame = pd.DataFrame(rows, columns=["id", "customer_id", "received_at", "resolved_at", "closed_at",
                                        "returned_at"])
    for column in ("received_at", "resolved_at", "closed_at", "returned_at"):
        frame[column] = _timestamps(frame[column].astype(object).where(frame[column].notna(), None))
    frame = frame[frame["customer_id"].isin(active_customers(store)["customer_id"])]
    frame = frame.sort_values(["customer_id", "received_at", "id"]).drop_duplicates("customer_id", keep="last")
    resolved = frame["resolved_at"].fillna(frame["closed_at"])
    resolved = resolved.where(resolved < pd.Timestamp(until))
    hours = (resolved - frame["received_at"]).dt.total_seconds() / 3600
    bucket = np.select([hours.isna(), hours < 24, hours < 72, hours < 168],
                       ["open", "same_day", "days_1_3", "days_3_7"], "over_week")
    return pd.DataFrame({
        "customer_id": frame["customer_id"].astype("int64").to_numpy(),
        "received_at": frame["received_at"].to_numpy(),
        "resolution_hours": hours.to_numpy(),
        "bucket": pd.Categorical(bucket, categories=BUCKET_KEYS),
        "returned_at": frame["returned_at"].to_numpy(),
        "days_to_return": ((frame["returned_at"] - frame["received_at"]).dt.total_seconds() / 86400).to_numpy(),
    })


def repurchase_by_resolution(returns: pd.DataFrame) -> pd.DataFrame:
    """Per resolution bucket (all five, in order): customers, how many bought again, their share (NaN with
    nobody in the bucket) and the median days from complaint to the next purchase."""
    grouped = returns.assign(back=returns["returned_at"].notna()).groupby("bucket", observed=False)
    out = pd.DataFrame({
        "customers": grouped.size(),
        "bought_again": grouped["back"].sum().astype("int64"),
        "median_days_to_return": grouped["days_to_return"].median(),
    }).reindex(list(BUCKET_KEYS))
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out["bought_again"] = out["bought_again"].fillna(0).astype("int64")
    out["share"] = np.where(out["customers"] > 0, out["bought_again"] / out["customers"].where(out["customers"] > 0, 1),
                            np.nan)
    return out.reset_index(names="resolved")[RECOVERY_COLUMNS]
