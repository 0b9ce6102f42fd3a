"""Several terminals writing at once on PostgreSQL: the locks that make a read-then-write unit of work exact.

On SQLite one writer holds the database at a time and a unit of work sees everything committed before its first
write. On PostgreSQL (READ COMMITTED) two counters can run at once: a purchase's totals, computed by one statement
from the purchases it sees, would miss the other counter's purchase committed meanwhile, and two cards could pass
the "code already taken" check together. The fix is to lock what the unit of work is about before it reads:

- ``lock_customers``: the customers' rows (SELECT ... FOR UPDATE, in id order so two units never deadlock); the
  second counter waits for the first to commit, and its later statements see the first's rows;
- ``lock_name``: a transaction-scoped advisory lock on a name (a customer code, "import"), for what has no row yet.

Both do nothing on SQLite, whose write lock already serialises the writers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import text

IMPORT = "crmdesk:import"


def _postgresql(session: Any) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_customers(session: Any, ids: Iterable[int | None]) -> None:
    wanted = sorted({i for i in ids if i is not None})
    if wanted and _postgresql(session):
        session.execute(text("SELECT id FROM customer WHERE id = ANY(:ids) ORDER BY id FOR UPDATE"), {"ids": wanted})


def lock_name(session: Any, name: str) -> None:
    """Held until the transaction ends; ``session`` may be a Session or a Core connection."""
    if _postgresql_any(session):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": name})


def _postgresql_any(bound: Any) -> bool:
    dialect = getattr(bound, "dialect", None)
    return dialect.name == "postgresql" if dialect is not None else _postgresql(bound)
