"""The SQL half of the loader (analytics/loader.py), without pandas: the per-customer aggregate of the purchases
and the cards, read as plain tuples. `crmdesk rfm` runs these queries while pandas loads on another thread
(SQLite works without Python's lock), so the two overlap on a two-core machine (issue 18).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import DateTime, bindparam, text

from crmdesk.store import Store

# Plain, portable SQL: the covering index ix_purchase_customer_date_total answers it without the table.
_AGGREGATES = ("SELECT customer_id, COUNT(*), {first}MAX(purchased_at), SUM(total) FROM purchase "
               "WHERE customer_id IS NOT NULL AND voided_at IS NULL AND purchased_at < :until GROUP BY customer_id")
PURCHASE_AGGREGATES = text(_AGGREGATES.format(first="")).bindparams(bindparam("until", type_=DateTime()))
# With the first purchase too (lifetime figures need it; RFM does not, and it costs a fifth more).
PURCHASE_AGGREGATES_WITH_FIRST = text(_AGGREGATES.format(first="MIN(purchased_at), ")).bindparams(
    bindparam("until", type_=DateTime()))

# Every card, filtered afterwards: "WHERE archived" makes SQLite walk the list index (name order) and fetch each
# row at random, twice as slow as one scan of the table.
CUSTOMERS = text("SELECT id, customer_code, name, archived FROM customer")


def end_of_day(as_of: date) -> datetime:
    """The first moment after ``as_of``: purchases before it are the ones known on that day."""
    return datetime.combine(as_of + timedelta(days=1), time.min)


def purchase_aggregates(store: Store, as_of: date, *, first_purchase: bool = False) -> Sequence[tuple]:
    """The raw GROUP BY rows (customer_id, count, [first,] last, sum) for purchases up to the end of ``as_of``."""
    query = PURCHASE_AGGREGATES_WITH_FIRST if first_purchase else PURCHASE_AGGREGATES
    with store.engine.connect() as conn:
        result = conn.execute(query, {"until": end_of_day(as_of)})
        # SQLAlchemy binds the parameter the database's way; the rows are read from the driver's cursor as plain
        # tuples (text() columns have no result processing to lose), a tenth of the time saved on 100,000 rows.
        try:
            return result.cursor.fetchall()
        finally:
            result.close()


def customer_rows(store: Store) -> Sequence[tuple]:
    """Every card as plain tuples. Without parameters the query is the same for every database, so it goes
    straight through the driver's cursor (PEP 249): building 100,000 SQLAlchemy rows costs a third more."""
    with store.engine.connect() as conn:
        cursor = conn.connection.cursor()
        try:
            cursor.execute(str(CUSTOMERS))
            return cursor.fetchall()
        finally:
            cursor.close()


@dataclass(frozen=True)
class Fetched:
    """What customer_purchases reads for a day: the GROUP BY rows and every card."""

    aggregates: Sequence[tuple]
    customers: Sequence[tuple]


def fetch(store: Store, as_of: date, *, first_purchase: bool = False) -> Fetched:
    return Fetched(purchase_aggregates(store, as_of, first_purchase=first_purchase), customer_rows(store))


@contextmanager
def loading(module: str) -> Iterator[None]:
    """``module`` imported on another thread while the block runs (its queries leave Python's lock free); a failed
    import is left for the caller's own import to raise."""
    def load() -> None:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the caller imports it again and sees the error
            pass

    loader = threading.Thread(target=load, name=f"import {module}", daemon=True)
    loader.start()
    try:
        yield
    finally:
        loader.join()
