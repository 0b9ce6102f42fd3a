"""Filling an empty database with the demo café: draw it, write it through the store's bulk path, then let
the services earn the loyalty points and tiers its purchases give."""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

import numpy as np
import sqlalchemy as sa
from sqlmodel import col

from crmdesk.access import MACHINE_OWNER, Actor, Permission, require
from crmdesk.demo import selling
from crmdesk.demo.progress import ProgressFn, Steps
from crmdesk.demo.ratings import add_moments
from crmdesk.demo.rows import DEMO_TABLES, TOUCHPOINT_TABLES, follow_up_links, table_rows
from crmdesk.demo.sales import Demo, Generator
from crmdesk.demo.touchpoints import TouchpointGenerator, Touchpoints
from crmdesk.demo.world import CATEGORY_MARGINS, CLOSING_HOUR, OPENING_HOUR, SHOP_NAME, STAFF
from crmdesk.errors import CrmError
from crmdesk.store.bulk import (
    fix_sequences,
    insert_rows,
    large_cache,
    model_columns,
    search_index_after,
    update_rows,
    without_indexes,
)

if TYPE_CHECKING:
    from crmdesk.store import Store

_BATCH = 50_000  # rows per executemany: the demo's rows are ready driver values
NOT_EMPTY = "The database already has customers; demo data goes only into an empty database."
NOT_EMPTY_KO = "데이터베이스에 이미 고객이 있습니다. 데모 데이터는 빈 데이터베이스에만 넣을 수 있습니다."


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    purchases: int
    lines: int
    staff: int
    contacts: int = 0
    follow_ups_open: int = 0  # on as_of: due that day, overdue or coming up
    feedback: int = 0
    # Time spent on contacts and feedback alone (drawing them, inserting them, building their indexes).
    touchpoint_seconds: float = 0.0


def generate_demo(store: Store, *, customers: int = 2000, seed: int = 7, as_of: date | None = None,
                  progress: ProgressFn | None = None) -> DemoSummary:
    """Fill an empty database with a demo café: ``customers`` customers, 4 staff, ~3 years of purchases.

    ``store`` is an open, migrated :class:`crmdesk.store.Store` without customers (else CrmError). ``as_of``
    (default today) is the demo's today: the sales cover the three years up to its eve, closing time. The same
    ``seed`` and ``as_of`` give the same data. ``progress(done, total)`` is called between steps and batches
    (``total`` stays the same); an exception raised from it (a cancel) rolls everything back.
    """
    who = require(store, Permission.BULK)  # thousands of cards at once: the owner's call
    if customers < 1:
        raise CrmError("A demo shop needs at least one customer.",
                       ko="데모 가게에는 고객이 한 명 이상 필요합니다.")
    as_of = as_of or date.today()
    steps = Steps(progress)
    with store.engine.connect() as conn:
        refuse_customers(conn)
    steps(0.0)
    generator = Generator(customers, seed, as_of, steps)
    demo = generator.build()
    started = time.perf_counter()
    tp = TouchpointGenerator(generator, demo, OPENING_HOUR, CLOSING_HOUR).build()
    touchpoint_seconds = time.perf_counter() - started
    steps(0.28)
    with store.engine.begin() as conn:
        refuse_customers(conn)
        timings = write_demo(conn, demo, tp, steps, actor=who)
        started = time.perf_counter()
        earn_loyalty(conn, seed, as_of)
        selling.add_coupons(conn, seed, as_of)  # its own random generator: the rest stays identical
        timings["loyalty"] = time.perf_counter() - started
        add_moments(conn, seed, as_of)
    steps(1.0)
    open_follow_ups = int(((tp.contact_follow_up_day >= 0) & (tp.contact_done_by < 0)).sum())
    return DemoSummary(customers=customers, purchases=len(demo.receipt_day), lines=len(demo.line_product),
                       staff=len(STAFF), contacts=len(tp.contact_customer), follow_ups_open=open_follow_ups,
                       feedback=len(tp.feedback),
                       touchpoint_seconds=touchpoint_seconds + sum(timings.get(t, 0.0) for t in TOUCHPOINT_TABLES))


def earn_loyalty(conn: sa.Connection, seed: int, as_of: date) -> None:
    """Points for the last year's purchases, tiers, and some families and referrals: about one customer in
    twenty-five shares a household with the next one, one in fifty was referred by an earlier customer."""
    from sqlmodel import Session

    from crmdesk.models import Customer, Household, HouseholdMember, Purchase, Referral
    from crmdesk.services import loyalty

    end = datetime.combine(as_of, datetime.min.time())
    with Session(bind=conn) as session:
        first, last = session.execute(sa.select(sa.func.min(Purchase.id), sa.func.max(Purchase.id))).one()
        if first is not None:  # the last year's purchases earn (older ones would have expired)
            loyalty.earn_for_purchases(session, range(first, last + 1), at=end)
        loyalty.recompute_tiers(session, at=end)
        ids = list(session.execute(sa.select(col(Customer.id), col(Customer.name)).order_by(col(Customer.id))).all())
        rng = np.random.default_rng(seed + 77)
        pairs = [i for i in range(0, len(ids) - 1, 2) if rng.random() < 0.08]
        households = [{"id": n + 1, "name": f"{ids[i][1]}네", "created_at": end} for n, i in enumerate(pairs)]
        relations = ("child", "spouse", "sibling")
        members = []
        for n, i in enumerate(pairs):
            relation = relations[int(rng.integers(0, 3))]
            members.append({"household_id": n + 1, "customer_id": ids[i][0], "added_at": end,
                            "relation": "parent" if relation == "child" else relation})
            members.append({"household_id": n + 1, "customer_id": ids[i + 1][0], "added_at": end,
                            "relation": relation})
        referred = [i for i in range(10, len(ids)) if rng.random() < 0.02]
        referrals = [{"customer_id": ids[i][0], "referrer_id": ids[int(rng.integers(0, i))][0], "created_at": end}
                     for i in referred]
        for model, rows in ((Household, households), (HouseholdMember, members), (Referral, referrals)):
            if rows:
                session.execute(sa.insert(model), rows)
        session.flush()


def refuse_customers(conn: sa.Connection) -> None:
    if conn.execute(sa.text("SELECT count(*) FROM customer")).scalar_one():
        raise CrmError(NOT_EMPTY,
                       ko=NOT_EMPTY_KO)


def write_demo(conn: sa.Connection, demo: Demo, touchpoints: Touchpoints, steps: Steps, *,
               actor: Actor = MACHINE_OWNER) -> dict[str, float]:
    """Insert every table through the store's bulk path; returns the seconds spent per table (converting,
    inserting, indexing). The demo's staff are audited as added by ``actor``."""
    timings: dict[str, float] = {}
    data = table_rows(demo, touchpoints, conn, timings)
    steps(0.32)
    total_rows = sum(len(columns["id"]) for columns in data.values())
    done = 0

    def inserted(rows: int) -> None:
        nonlocal done
        done += rows
        steps(0.35 + 0.55 * done / total_rows)

    with large_cache(conn), without_indexes(conn, DEMO_TABLES, timings=timings):
        for table in DEMO_TABLES:
            started = time.perf_counter()
            columns = data[table]
            names = [c for c in model_columns(table) if c in columns]
            unknown = set(columns) - set(names)
            if unknown:  # a column the models do not have: a bug in crmdesk.demo.rows, not in the database
                raise KeyError(f"{table} has no column {', '.join(sorted(unknown))}")
            ids = columns["id"]
            with search_index_after(conn, ids[0] if ids else 0, len(ids)) if table == "customer" else nullcontext():
                insert_rows(conn, table, names, zip(*(columns[c] for c in names), strict=True), ready=True,
                            batch=_BATCH, on_batch=inserted, actor=actor)
            timings[table] = timings.get(table, 0.0) + time.perf_counter() - started
        started = time.perf_counter()
        links = follow_up_links(touchpoints, data["contact"]["id"][0] if data["contact"]["id"] else 0)
        update_rows(conn, "UPDATE contact SET follow_up_contact_id = :done WHERE id = :id", links)
        timings["contact"] += time.perf_counter() - started
    steps(0.97)
    fix_sequences(conn, DEMO_TABLES)  # explicit ids: on PostgreSQL the sequences move past them
    _name_the_shop(conn)
    _category_margins(conn)
    return timings


def _category_margins(conn: sa.Connection) -> None:
    """The categories whose products carry no cost of their own get their margin (a category already given one
    keeps it)."""
    categories = sa.table("product_category", sa.column("name", sa.String), sa.column("margin_percent", sa.Float))
    known = set(conn.execute(sa.select(categories.c.name)).scalars())
    rows = [{"name": name, "margin_percent": margin} for name, margin in CATEGORY_MARGINS.items() if name not in known]
    if rows:
        conn.execute(categories.insert(), rows)


def _name_the_shop(conn: sa.Connection) -> None:
    settings = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))
    current = conn.execute(sa.select(settings.c.value).where(settings.c.key == "shop_name")).scalar_one_or_none()
    if current is None:
        conn.execute(settings.insert().values(key="shop_name", value=SHOP_NAME))
    elif not current:
        conn.execute(settings.update().where(settings.c.key == "shop_name").values(value=SHOP_NAME))
