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

import json
from datetime import date

import numpy as np
import pandas as pd

from crmdesk.analytics.loader import customer_purchases, setting_text
from crmdesk.errors import CrmError
from crmdesk.store import Store

# (key = English name, Korean name), in the order a summary lists them: best first, then slipping away.
SEGMENTS = (
    ("Champions", "챔피언"),
    ("Loyal Customers", "충성 고객"),
    ("Potential Loyalist", "잠재 충성 고객"),
    ("New Customers", "신규 고객"),
    ("Promising", "유망 고객"),
    ("Need Attention", "관심 필요"),
    ("About To Sleep", "이탈 직전"),
    ("At Risk", "이탈 위험"),
    ("Can't Lose Them", "놓치면 안 될 고객"),
    ("Hibernating", "휴면"),
    ("Lost", "이탈"),
)
NO_PURCHASE = ("No purchase", "구매 없음")
SEGMENT_NAMES = tuple(en for en, _ in SEGMENTS)
KOREAN_NAMES = dict(SEGMENTS) | {NO_PURCHASE[0]: NO_PURCHASE[1]}
ALL_CODES = tuple(f"{r}{f}{m}" for r in range(1, 6) for f in range(1, 6) for m in range(1, 6))

# The common 125-code table of the 11-segment scheme.
DEFAULT_SEGMENT_CODES: dict[str, tuple[str, ...]] = {
    "Champions": ("555", "554", "544", "545", "454", "455", "445"),
    "Loyal Customers": ("543", "444", "435", "355", "354", "345", "344", "335"),
    "Potential Loyalist": ("553", "551", "552", "541", "542", "533", "532", "531", "452", "451", "442", "441",
                           "431", "453", "433", "432", "423", "353", "352", "351", "342", "341", "333", "323"),
    "New Customers": ("512", "511", "422", "421", "412", "411", "311"),
    "Promising": ("525", "524", "523", "522", "521", "515", "514", "513", "425", "424", "413", "414", "415",
                  "315", "314", "313"),
    "Need Attention": ("535", "534", "443", "434", "343", "334", "325", "324"),
    "About To Sleep": ("331", "321", "312", "221", "213", "231", "241", "251"),
    "At Risk": ("255", "254", "245", "244", "253", "252", "243", "242", "235", "234", "225", "224", "153", "152",
                "145", "143", "142", "135", "134", "133", "125", "124"),
    "Can't Lose Them": ("155", "154", "144", "214", "215", "115", "114", "113"),
    "Hibernating": ("332", "322", "233", "232", "223", "222", "132", "123", "122", "212", "211"),
    "Lost": ("111", "112", "121", "131", "141", "151"),
}
SETTING_KEY = "rfm_segments"

RFM_COLUMNS = ["customer_id", "customer_code", "name", "recency_days", "frequency", "monetary", "r", "f", "m",
               "rfm", "segment"]


class SegmentMapError(CrmError):
    """A segment mapping that does not give every code exactly one known segment."""


def segment_map_from_codes(codes_by_segment: object) -> dict[str, str]:
    """Validate ``{"Segment": ["555", ...], ...}`` (English or Korean segment names) and return code -> English
    segment name. Every one of the 125 codes must appear exactly once; a segment may be left out or empty."""
    if not isinstance(codes_by_segment, dict):
        raise SegmentMapError('The RFM segment mapping must be an object like {"Champions": ["555", ...]}.')
    by_korean = {ko: en for en, ko in SEGMENTS}
    mapping: dict[str, str] = {}
    for name, codes in codes_by_segment.items():
        segment = name if name in SEGMENT_NAMES else by_korean.get(name)
        if segment is None:
            raise SegmentMapError(f"Unknown RFM segment {name!r}; known: {', '.join(SEGMENT_NAMES)}.")
        if not isinstance(codes, list | tuple):
            raise SegmentMapError(f"The codes of {name} must be a list like [\"555\", \"554\"].")
        for code in codes:
            code = str(code)
            if code not in ALL_CODES:
                raise SegmentMapError(f"{code!r} under {name} is not an RFM code (three digits 1-5, e.g. 543).")
            if code in mapping:
                raise SegmentMapError(f"RFM code {code} is given twice ({mapping[code]} and {segment}).")
            mapping[code] = segment
    missing = [c for c in ALL_CODES if c not in mapping]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        raise SegmentMapError(f"The RFM segment mapping leaves out {len(missing)} codes: {shown}.")
    return mapping


def default_segment_map() -> dict[str, str]:
    return segment_map_from_codes(DEFAULT_SEGMENT_CODES)


def parse_segment_map(raw: str) -> dict[str, str]:
    """The shop's mapping (code -> segment) from its stored text: the saved override, else the default. A damaged
    saved mapping is refused with a message rather than silently replaced. Storing it is
    :mod:`crmdesk.services.segments`' job; analytics only reads."""
    if not raw:
        return default_segment_map()
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise SegmentMapError(f"The saved RFM segment mapping is not valid JSON: {exc}.") from exc
    return segment_map_from_codes(data)


def shop_segment_map(store: Store) -> dict[str, str]:
    """The mapping the shop uses now (see :func:`parse_segment_map`)."""
    return parse_segment_map(setting_text(store, SETTING_KEY))


def stored_form(mapping: dict[str, str]) -> str:
    """A mapping (code -> segment) as it is stored: compactly, segment -> codes, small enough for any database's
    setting column."""
    grouped: dict[str, list[str]] = {}
    for code in ALL_CODES:
        grouped.setdefault(mapping[code], []).append(code)
    return json.dumps(grouped, ensure_ascii=False, separators=(",", ":"))


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
