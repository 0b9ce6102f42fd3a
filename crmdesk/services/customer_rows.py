"""What the customer list shows, without the models: its query and row types, the plain list (everyone not
archived, in name order) read with plain SQL, and the shop's name for the window's title.

The window paints its first rows through this module alone, so the models (SQLModel classes: about 0.15 s to
define) and the services load after the first rows are on screen. services/customers.py reads every other list
(searches, sets, other orders) and re-exports these types; tests/services/test_customer_rows.py holds the plain
read to the rows that one gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class CustomerQuery:
    """What the list shows: search text, archived or not, the order, and optionally only a given set of
    customers (a segment or R×F cell the dashboard drilled into; None: everyone)."""

    text: str = ""
    include_archived: bool = False
    only_archived: bool = False
    sort_key: str = "name"
    descending: bool = False
    customer_ids: frozenset[int] | None = None


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list: only what the list displays, read without ORM overhead."""

    id: int
    name: str
    phone: str | None
    email: str | None
    customer_code: str | None
    tags: str
    last_purchase_at: datetime | None
    visit_count: int
    total_spent: int
    archived: bool
    created_at: datetime | None = None


PLAIN_LIST = CustomerQuery()

# The statement services/customers.py builds for PLAIN_LIST, written out: the same WHERE and ORDER BY walk the list
# index (ix_customer_list: archived, name_group, name, id) and stop at the page's last row.
_PLAIN_SQL = ("SELECT id, name, phone, email, customer_code, tags, last_purchase_at, visit_count, total_spent, "
              "archived, created_at FROM customer WHERE archived IS {no} ORDER BY name_group, name{collate}, id "
              "LIMIT :limit OFFSET :offset")


def plain_list_page(session: Any, *, offset: int = 0, limit: int = 200) -> list[CustomerRow]:
    """One page of the plain list (PLAIN_LIST), through a Session, without the models."""
    from sqlalchemy import Boolean, DateTime, text

    postgres = session.get_bind().dialect.name == "postgresql"
    sql = _PLAIN_SQL.format(no="false" if postgres else "0", collate=' COLLATE "C"' if postgres else "")
    # The types convert as the models' columns do (SQLite keeps datetimes as text and booleans as 0 and 1).
    stmt = text(sql).columns(last_purchase_at=DateTime(), archived=Boolean(), created_at=DateTime())
    return [CustomerRow(*row) for row in session.execute(stmt, {"limit": limit, "offset": offset})]


def any_customer(session: Any) -> bool:
    """Whether the database holds any customer at all, archived ones included (a brand-new one holds none)."""
    from sqlalchemy import text

    return session.execute(text("SELECT 1 FROM customer LIMIT 1")).first() is not None


def shop_name(session: Any) -> str:
    """The shop's name as set in Settings ("" until one is set), without the models."""
    from sqlalchemy import text

    return session.execute(text("SELECT value FROM setting WHERE key = 'shop_name'")).scalar() or ""
