"""The loader's plain half: the SQL the analytics read with, and its rows as the driver's tuples. No pandas and
no numpy, so a command that needs only rows and arithmetic (``rfm --out``, see rfm_core.py) starts without them:
importing pandas alone takes about 0.3 s of a 2-core machine's time."""

from __future__ import annotations

from collections.abc import Sequence
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


SETTING = text("SELECT value FROM setting WHERE key = :key")


def setting_text(store: Store, key: str) -> str:
    """A shop setting's stored text, "" when unset: analytics reads settings, only services write them."""
    with store.engine.connect() as conn:
        value = conn.execute(SETTING, {"key": key}).scalar()
    return value or ""


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


def card_rows(store: Store) -> Sequence[tuple]:
    """Every card as plain tuples. Without parameters the query is the same for every database, so it goes
    straight through the driver's cursor (PEP 249): building 100,000 SQLAlchemy rows costs a third more."""
    with store.engine.connect() as conn:
        cursor = conn.connection.cursor()
        try:
            cursor.execute(str(CUSTOMERS))
            return cursor.fetchall()
        finally:
            cursor.close()
