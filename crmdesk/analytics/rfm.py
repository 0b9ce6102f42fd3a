"""RFM: recency, frequency and monetary scores 1-5 per customer, the three-digit code, and a named segment.

Decisions a caller must know:

- Scores are quintiles of the customers who bought by the as-of date, 5 best (for recency: fewest days).
  Equal values always get the same score: a group of tied customers takes the score of the first position
  it occupies in the sorted order (score = 1 + floor(5 x position / customers)). Without ties this is
  exactly the usual quintile cut; with many ties (most customers bought once) a score can stay empty, and
  when everyone ties, everyone scores 1. A base of fewer than five buyers cannot fill all five scores: with two,
  the better one sits at the 50th percentile and scores 3.
- Customers who never bought are not scored (they would drag every quintile): recency_days, r, f, m and
  rfm are empty and their segment is "No purchase" (구매 없음).
- Segments: the widely used 11-segment scheme, every one of the 125 codes in exactly one segment. A shop
  can store its own mapping (setting ``rfm_segments``, JSON ``{"Segment": ["555", ...]}``); it is
  validated on saving and on loading.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from crmdesk.analytics.loader import customer_purchases, setting_text
from crmdesk.analytics.segment_codes import (
    ALL_CODES,
    DEFAULT_SEGMENT_CODES,
    KOREAN_NAMES,
    NO_PURCHASE,
    RFM_COLUMNS,
    SEGMENT_NAMES,
    SEGMENTS,
    SETTING_KEY,
    SegmentMapError,
    default_segment_map,
    parse_segment_map,
    segment_map_from_codes,
    stored_form,
)
from crmdesk.store import Store

# Re-exported: the segment scheme and its stored mapping live in segment_codes.py (no pandas), so one card is
# named its segment without loading pandas.
__all__ = ["ALL_CODES", "DEFAULT_SEGMENT_CODES", "KOREAN_NAMES", "NO_PURCHASE", "RFM_COLUMNS", "SEGMENTS",
           "SEGMENT_NAMES", "SETTING_KEY", "SegmentMapError", "default_segment_map", "parse_segment_map", "rfm_scores",
           "rfm_table", "segment_map_from_codes", "segment_summary", "shop_segment_map", "stored_form",
           "tie_safe_scores"]

def shop_segment_map(store: Store) -> dict[str, str]:
    """The mapping the shop uses now (see :func:`parse_segment_map`)."""
    return parse_segment_map(setting_text(store, SETTING_KEY))


def tie_safe_scores(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 by quintiles of ``values`` (5 = best) where equal values always share one score: each tie group
    takes the score of the first position it occupies in the worst-to-best order."""
    n = len(values)
    if n == 0:
        return pd.Series([], index=values.index, dtype="int64")
    position = values.rank(method="min", ascending=higher_is_better).to_numpy(dtype="int64") - 1
    return pd.Series(1 + (5 * position) // n, index=values.index, dtype="int64")


def rfm_scores(purchases: pd.DataFrame, as_of: date | None = None,
               segment_map: dict[str, str] | None = None) -> pd.DataFrame:
    """RFM per customer from :func:`crmdesk.analytics.loader.customer_purchases` rows, with the columns of
    ``RFM_COLUMNS``; segment holds the English segment name (see ``KOREAN_NAMES``). Customers without a
    purchase have empty recency_days, r, f, m, rfm and the segment "No purchase"."""
    as_of = as_of or date.today()
    segment_map = segment_map or default_segment_map()
    frame = purchases[["customer_id", "customer_code", "name", "frequency", "monetary"]].copy()
    buyers = (purchases["frequency"] > 0).to_numpy()
    last = purchases.loc[buyers, "last_purchase_at"]
    days = (pd.Timestamp(as_of) - last.dt.normalize()).dt.days.astype("int64")
    r = tie_safe_scores(days, higher_is_better=False)
    f = tie_safe_scores(purchases.loc[buyers, "frequency"])
    m = tie_safe_scores(purchases.loc[buyers, "monetary"])

    def column(values: pd.Series) -> pd.Series:
        out = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        out[buyers] = values.to_numpy()
        return out

    frame.insert(3, "recency_days", column(days))
    frame["r"], frame["f"], frame["m"] = column(r), column(f), column(m)
    # Code -> segment through a lookup table indexed by the code as a number: fast on 100,000 customers.
    names = [*SEGMENT_NAMES, NO_PURCHASE[0]]
    lookup = np.full(556, len(SEGMENT_NAMES), dtype="int64")
    for code, segment in segment_map.items():
        lookup[int(code)] = SEGMENT_NAMES.index(segment)
    number = np.zeros(len(frame), dtype="int64")
    number[buyers] = (100 * r + 10 * f + m).to_numpy()
    codes = pd.Series(number.astype(str), index=frame.index, dtype=object)
    codes[~buyers] = None
    frame["rfm"] = codes
    frame["segment"] = pd.Categorical.from_codes(lookup[number], categories=names)
    return frame[RFM_COLUMNS]


def rfm_table(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """RFM with the shop's segment mapping for every active customer, as of the end of ``as_of`` (default today)."""
    as_of = as_of or date.today()
    return rfm_scores(customer_purchases(store, as_of), as_of, shop_segment_map(store))


def segment_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per segment (in scheme order, "No purchase" last; empty segments left out): customers, share of
    customers, revenue and share of revenue. Shares are 0 when there are no customers or no revenue."""
    grouped = table.groupby("segment", observed=False, sort=False).agg(
        customers=("customer_id", "size"), revenue=("monetary", "sum"))
    grouped = grouped.reindex([*SEGMENT_NAMES, NO_PURCHASE[0]], fill_value=0)
    grouped = grouped[grouped["customers"] > 0]
    total_customers, total_revenue = int(grouped["customers"].sum()), int(grouped["revenue"].sum())
    grouped["share"] = grouped["customers"] / total_customers if total_customers else 0.0
    grouped["revenue_share"] = grouped["revenue"] / total_revenue if total_revenue else 0.0
    out = grouped.reset_index(names="segment")
    out["segment"] = out["segment"].astype(str)
    return out[["segment", "customers", "share", "revenue", "revenue_share"]]
