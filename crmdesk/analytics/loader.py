"""Per-customer purchase aggregates, read from the store in one pass: what RFM, Pareto and later figures share.

Which customers count: active cards only. Archived cards (the shop "deleted" them) and cards merged into
another (archived too; their purchases moved to the survivor) are left out. Customers who never bought (by
the as-of date) are kept with frequency 0; the analytics decide what to do with them.

Which purchases count: those of a known customer (walk-in sales have nobody to attribute them to), not
voided, made before the end of the as-of day. One purchase row is one receipt, so lines sharing a receipt
count once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, bindparam, text

from crmdesk.analytics.rows import card_rows as _customers
from crmdesk.analytics.rows import end_of_day, purchase_aggregates
from crmdesk.store import Store

# The SQL and the plain reads live in rows.py (no pandas); the two the analytics take from here are re-exported.
__all__ = ["CUSTOMER_COLUMNS", "active_customers", "customer_purchases", "end_of_day", "purchase_aggregates",
           "purchase_days", "referral_pairs"]

CUSTOMER_COLUMNS = ["customer_id", "customer_code", "name", "frequency", "monetary", "first_purchase_at",
                    "last_purchase_at"]


def _timestamps(values: pd.Series) -> pd.Series:
    # SQLite hands back its stored text ("2024-01-31 13:05:00.000000"), other databases datetimes.
    return pd.to_datetime(values, format="ISO8601") if len(values) else pd.Series([], dtype="datetime64[us]")


def _frame(rows: Sequence[tuple], columns: dict[str, str | None]) -> pd.DataFrame:
    """Rows (plain tuples from the driver) to a frame; ``columns`` maps name -> numpy dtype (None: leave to
    pandas). pandas turns a list of tuples into columns in C, three times faster than transposing in Python;
    an empty result is built column by column so its dtypes stay what they always were."""
    if rows:
        typed = {name: dtype for name, dtype in columns.items() if dtype}
        return pd.DataFrame(rows, columns=list(columns)).astype(typed)
    data = [()] * len(columns)
    return pd.DataFrame({
        name: np.fromiter(values, dtype=dtype, count=len(values)) if dtype else list(values)
        for (name, dtype), values in zip(columns.items(), data, strict=True)
    })


def active_customers(store: Store) -> pd.DataFrame:
    """customer_id, customer_code and name of every active card (not archived, not merged away), by id."""
    people = _frame(_customers(store),
                    {"customer_id": "int64", "customer_code": None, "name": None, "archived": "bool"})
    people = people[~people["archived"]].drop(columns="archived")
    return people.sort_values("customer_id", kind="stable", ignore_index=True)


def customer_purchases(store: Store, as_of: date | None = None, *, first_purchase: bool = False) -> pd.DataFrame:
    """One row per active customer: customer_id, customer_code, name, frequency (purchases), monetary (their
    total, minor units), last_purchase_at (NaT for those who never bought) and, with ``first_purchase``,
    first_purchase_at; sorted by customer_id. Only purchases up to the end of ``as_of`` (default today) count."""
    as_of = as_of or date.today()
    rows = purchase_aggregates(store, as_of, first_purchase=first_purchase)
    people = _frame(_customers(store),
                    {"customer_id": "int64", "customer_code": None, "name": None, "archived": "bool"})
    people = people[~people["archived"]].drop(columns="archived")
    dates = ["first_purchase_at", "last_purchase_at"] if first_purchase else ["last_purchase_at"]
    bought = _frame(rows,
                    {"customer_id": "int64", "frequency": "int64", **dict.fromkeys(dates), "monetary": "int64"})
    for column in dates:
        bought[column] = _timestamps(bought[column])
    frame = people.merge(bought, on="customer_id", how="left", sort=False)
    frame["frequency"] = frame["frequency"].fillna(0).astype("int64")
    frame["monetary"] = frame["monetary"].fillna(0).astype("int64")
    frame = frame.sort_values("customer_id", kind="stable", ignore_index=True)
    return frame[[c for c in CUSTOMER_COLUMNS if c in frame.columns]]



# Every counted receipt in (customer, time) order, straight off the covering index; grouped by day in numpy.
# Grouping by date(purchased_at) in SQL is portable too, but SQLite then sorts in a temporary tree: 3x slower.
_RECEIPTS = text(
    "SELECT customer_id, purchased_at, total FROM purchase "
    "WHERE customer_id IS NOT NULL AND voided_at IS NULL AND purchased_at < :until "
    "ORDER BY customer_id, purchased_at").bindparams(bindparam("until", type_=DateTime()))

PURCHASE_DAY_COLUMNS = ["customer_id", "day", "purchases", "spend"]


def purchase_days(store: Store, as_of: date | None = None) -> pd.DataFrame:
    """One row per customer and calendar day with a purchase, up to the end of ``as_of`` (default today):
    customer_id, day (datetime64, midnight), purchases (receipts that day), spend (their total, minor units);
    sorted by customer and day. Lifetime models count purchase days, not receipts: two receipts in one visit
    are one purchase occasion. Archived cards are not filtered here; join with :func:`customer_purchases`."""
    as_of = as_of or date.today()
    with store.engine.connect() as conn:
        result = conn.execute(_RECEIPTS, {"until": end_of_day(as_of)})
        try:
            rows = result.cursor.fetchall()
        finally:
            result.close()
    # pandas builds a frame from a list of tuples in C: a third faster than transposing here (_frame).
    receipts = pd.DataFrame(rows, columns=["customer_id", "purchased_at", "total"])
    ids = receipts["customer_id"].to_numpy(dtype="int64")
    days = _timestamps(receipts["purchased_at"]).to_numpy().astype("datetime64[D]")
    starts = np.flatnonzero(np.concatenate([[True], (ids[1:] != ids[:-1]) | (days[1:] != days[:-1])])) \
        if len(ids) else np.array([], dtype="int64")
    counts = np.diff(np.append(starts, len(ids))).astype("int64")
    spend = np.add.reduceat(receipts["total"].to_numpy(dtype="int64"), starts) if len(ids) else \
        np.array([], dtype="int64")
    return pd.DataFrame({"customer_id": ids[starts], "day": days[starts].astype("datetime64[ns]"),
                         "purchases": counts, "spend": spend.astype("int64")})


REFERRALS = text("SELECT customer_id, referrer_id FROM referral")


def referral_pairs(store: Store) -> pd.DataFrame:
    """Who referred whom: customer_id (the one referred) and referrer_id, every stored referral. Which cards count
    (active ones) is the caller's to decide."""
    with store.engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(REFERRALS)]
    return pd.DataFrame(rows, columns=["customer_id", "referrer_id"]).astype("int64")
