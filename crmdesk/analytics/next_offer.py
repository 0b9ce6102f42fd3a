"""What to offer a customer next, beyond "bought together" (crmdesk.analytics.basket): sequences and up-sell.

Both read the known customers' counted purchase lines (voided purchases and walk-ins left out) up to the end of
the as-of day, and each customer's FIRST purchase of each product:

- Sequence A -> B: customers whose first B came on a later day than their first A, at most ``window_days``
  (default 60) later. ``confidence`` = those customers / customers who bought A; a rule needs at least
  ``min_customers`` such customers. "Customers who bought A later bought B."
- Up-sell A -> B: within one category, B's usual price (the median unit price it sold at) is higher than A's,
  and the customer bought A first and B on a later day (any time later). "Customers like this one (who bought
  A) moved up to B." ``confidence`` = movers / buyers of A.

A customer's usual items are their most frequent products, by the number of receipts they appear on (then the
quantity, then the name), for the counter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.loader import end_of_day
from crmdesk.store import Store

SEQUENCE_DAYS = 60
MIN_CUSTOMERS = 3
RULE_COLUMNS = ["antecedent", "consequent", "customers", "buyers", "confidence", "step"]
LINE_COLUMNS = ["customer_id", "purchase_id", "purchased_at", "product", "category", "quantity", "unit_price"]

_LINES = text(
    "SELECT p.customer_id, p.id, p.purchased_at, l.product, l.category, l.quantity, l.unit_price "
    "FROM purchase_line l JOIN purchase p ON p.id = l.purchase_id "
    "WHERE p.customer_id IS NOT NULL AND p.voided_at IS NULL AND p.purchased_at < :until"
).bindparams(bindparam("until", type_=DateTime()))


@dataclass(frozen=True)
class OfferRules:
    as_of: date
    sequences: pd.DataFrame  # RULE_COLUMNS; step = median days from A to B
    upsells: pd.DataFrame  # RULE_COLUMNS; step = B's usual price minus A's


def customer_lines(store: Store, as_of: date | None = None) -> pd.DataFrame:
    as_of = as_of or date.today()
    with store.engine.connect() as conn:
        rows = conn.execute(_LINES, {"until": end_of_day(as_of)}).all()
    frame = pd.DataFrame(rows, columns=LINE_COLUMNS)
    frame["purchased_at"] = pd.to_datetime(frame["purchased_at"], format="ISO8601") if len(frame) else \
        pd.Series([], dtype="datetime64[us]")
    return frame[frame["product"].fillna("").str.strip() != ""].reset_index(drop=True)


def _firsts(lines: pd.DataFrame) -> pd.DataFrame:
    """customer_id, product, first (day of the first purchase of it)."""
    out = lines.groupby(["customer_id", "product"], as_index=False)["purchased_at"].min()
    out["first"] = out["purchased_at"].dt.normalize()
    return out[["customer_id", "product", "first"]]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in RULE_COLUMNS})


def _rules(pairs: pd.DataFrame, buyers: pd.Series, min_customers: int, step: pd.Series) -> pd.DataFrame:
    if pairs.empty:
        return _empty()
    counted = pairs.groupby(["product_a", "product_b"]).agg(customers=("customer_id", "nunique")).reset_index()
    counted = counted[counted["customers"] >= min_customers]
    if counted.empty:
        return _empty()
    counted["buyers"] = counted["product_a"].map(buyers).astype("int64")
    counted["confidence"] = counted["customers"] / counted["buyers"]
    counted["step"] = [step.get((a, b), 0) for a, b in zip(counted["product_a"], counted["product_b"], strict=True)]
    out = counted.rename(columns={"product_a": "antecedent", "product_b": "consequent"})[RULE_COLUMNS]
    return out.sort_values(["confidence", "customers", "antecedent", "consequent"],
                           ascending=[False, False, True, True], ignore_index=True)


def sequences(lines: pd.DataFrame, *, window_days: int = SEQUENCE_DAYS,
              min_customers: int = MIN_CUSTOMERS) -> pd.DataFrame:
    firsts = _firsts(lines)
    buyers = firsts.groupby("product")["customer_id"].nunique()
    pairs = firsts.merge(firsts, on="customer_id", suffixes=("_a", "_b"))
    gap = (pairs["first_b"] - pairs["first_a"]).dt.days
    pairs = pairs[(gap > 0) & (gap <= window_days)].assign(gap=gap)
    step = pairs.groupby(["product_a", "product_b"])["gap"].median().round().astype("int64") if len(pairs) else \
        pd.Series(dtype="int64")
    return _rules(pairs, buyers, min_customers, step)


def usual_prices(lines: pd.DataFrame) -> pd.DataFrame:
    """product, category (the most frequent one), price (median unit price)."""
    if lines.empty:
        return pd.DataFrame({"product": [], "category": [], "price": []})
    known = lines.dropna(subset=["category"])
    category = known.groupby("product")["category"].agg(lambda s: s.mode().iloc[0])
    price = lines.groupby("product")["unit_price"].median()
    return pd.DataFrame({"product": price.index, "category": category.reindex(price.index).to_numpy(),
                         "price": price.to_numpy()})


def upsells(lines: pd.DataFrame, *, min_customers: int = MIN_CUSTOMERS) -> pd.DataFrame:
    prices = usual_prices(lines).dropna(subset=["category"])
    firsts = _firsts(lines).merge(prices, on="product")
    buyers = firsts.groupby("product")["customer_id"].nunique()
    pairs = firsts.merge(firsts, on=["customer_id", "category"], suffixes=("_a", "_b"))
    pairs = pairs[(pairs["price_b"] > pairs["price_a"]) & (pairs["first_b"] > pairs["first_a"])]
    price = dict(zip(prices["product"], prices["price"], strict=True))
    step = pd.Series({(a, b): int(round(price[b] - price[a]))
                      for a, b in pairs[["product_a", "product_b"]].drop_duplicates().itertuples(index=False)},
                     dtype="int64")
    return _rules(pairs, buyers, min_customers, step)


def offer_rules(store: Store, as_of: date | None = None, *, window_days: int = SEQUENCE_DAYS,
                min_customers: int = MIN_CUSTOMERS) -> OfferRules:
    as_of = as_of or date.today()
    lines = customer_lines(store, as_of)
    return OfferRules(as_of, sequences(lines, window_days=window_days, min_customers=min_customers),
                      upsells(lines, min_customers=min_customers))


def pick(table: pd.DataFrame, bought: set[str], *, limit: int = 3) -> pd.DataFrame:
    """The best rule into each product not in ``bought`` from a product in it, strongest first."""
    if not bought or table.empty:
        return _empty()
    candidates = table[table["antecedent"].isin(bought) & ~table["consequent"].isin(bought)]
    best = candidates.drop_duplicates("consequent")  # the table is sorted strongest first
    return best.head(limit).reset_index(drop=True)


__all__ = ["OfferRules", "customer_lines", "offer_rules", "pick", "sequences", "upsells", "usual_prices"]
