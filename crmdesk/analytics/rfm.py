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

from crmdesk.analytics.rfm_core import SEGMENT_LABELS, Scores, read_table, score, shop_segment_map, tie_safe
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


def tie_safe_scores(values: pd.Series, *, higher_is_better: bool = True) -> pd.Series:
    """Scores 1-5 by quintiles of ``values`` (5 = best) where equal values always share one score: each tie group
    takes the score of the first position it occupies in the worst-to-best order (rfm_core.tie_safe)."""
    return pd.Series(tie_safe(values.to_numpy(), higher_is_better=higher_is_better), index=values.index,
                     dtype="int64")


def rfm_scores(purchases: pd.DataFrame, as_of: date | None = None,
               segment_map: dict[str, str] | None = None) -> pd.DataFrame:
    """RFM per customer from :func:`crmdesk.analytics.loader.customer_purchases` rows, with the columns of
    ``RFM_COLUMNS``; segment holds the English segment name (see ``KOREAN_NAMES``). Customers without a
    purchase have empty recency_days, r, f, m, rfm and the segment "No purchase". The arithmetic is
    rfm_core.score's, which ``rfm --out`` uses without pandas."""
    as_of = as_of or date.today()
    scores = score(purchases["frequency"].to_numpy(dtype="int64"), purchases["monetary"].to_numpy(dtype="int64"),
                   purchases["last_purchase_at"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]"), as_of,
                   segment_map or default_segment_map())
    return _frame(purchases["customer_id"].to_numpy(dtype="int64"), purchases["customer_code"],
                  purchases["name"], purchases["frequency"].to_numpy(dtype="int64"),
                  purchases["monetary"].to_numpy(dtype="int64"), scores, purchases.index)


def rfm_table(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """RFM with the shop's segment mapping for every active card (loader.customer_purchases's rules), as of the
    end of ``as_of`` (default today), by customer_id: rfm_core.read_table's rows as a frame."""
    table = read_table(store, as_of or date.today())
    return _frame(table.customer_id, table.customer_code, table.name, table.frequency, table.monetary, table.scores,
                  pd.RangeIndex(len(table.customer_id)))


def _frame(ids: np.ndarray, codes, names, frequency: np.ndarray, monetary: np.ndarray, s: Scores,
           index: pd.Index) -> pd.DataFrame:
    """The RFM frame (RFM_COLUMNS): scores as pandas' nullable integers, empty where a customer never bought."""

    def column(values: np.ndarray) -> pd.Series:
        out = pd.Series(pd.NA, index=index, dtype="Int64")
        out[s.buyers] = values[s.buyers]
        return out

    codes_text = pd.Series(s.code.astype(str), index=index, dtype=object)
    codes_text[~s.buyers] = None
    return pd.DataFrame({
        "customer_id": pd.Series(ids, index=index, dtype="int64"),
        "customer_code": _text(codes, index),
        "name": _text(names, index),
        "recency_days": column(s.recency_days),
        "frequency": pd.Series(frequency, index=index, dtype="int64"),
        "monetary": pd.Series(monetary, index=index, dtype="int64"),
        "r": column(s.r), "f": column(s.f), "m": column(s.m),
        "rfm": codes_text,
        "segment": pd.Series(pd.Categorical.from_codes(s.segment, categories=list(SEGMENT_LABELS)), index=index),
    }, index=index)


def _text(values: pd.Series | list, index: pd.Index) -> pd.Series:
    """A text column as the loader's frames hold it: a frame's column kept as it is; the driver's values typed by
    pandas as the loader's merge types them (its text type, missing as NaN; all missing: None; none: float)."""
    if isinstance(values, pd.Series):
        return values
    if not values:
        return pd.Series([], index=index, dtype="float64")
    return pd.Series(values, index=index)


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
