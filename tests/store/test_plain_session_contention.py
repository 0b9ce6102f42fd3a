"""Several processes writing one SQLite file at once through plain sessions (issue 16): a unit of work whose first
statement writes begins IMMEDIATE, so it waits for the other writers as Store.session(immediate=True) does instead
of failing at once with "database is locked"; and rows written straight through the driver's cursor (the bulk
path) still belong to their transaction."""

from __future__ import annotations

import multiprocessing
from datetime import datetime

import pytest
import sqlalchemy as sa

from crmdesk.models import Customer, Product
from crmdesk.services import customers as svc
from crmdesk.store import bulk, open_store

PROCESSES, CARDS = 3, 25


def _create_cards(path, n, start, results):
    store = open_store(path)
    start.wait(30)
    failures = []
    for i in range(CARDS):
        try:
            with store.session() as session:  # plain: not immediate
                svc.create_customer(session, {"name": f"손님{n}-{i}", "phone": f"010-{n + 1:04d}-{i:04d}"},
                                    consents={"collection": True})
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            failures.append(repr(exc)[:120])
    results.put(failures)
    store.close()


@pytest.mark.sqlite_only("several processes on one SQLite file; PostgreSQL's row locks are tested elsewhere")
def test_processes_creating_cards_at_once_all_get_through(db_path):
    open_store(db_path).close()
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_create_cards, args=(str(db_path), n, start, results))
               for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    start.set()
    failures = [f for _ in workers for f in results.get(timeout=120)]
    for worker in workers:
        worker.join(30)
    assert failures == []
    store = open_store(db_path)
    with store.session() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Customer)).scalar_one() == PROCESSES * CARDS
    store.close()


@pytest.mark.sqlite_only("the driver's own cursor and SQLite's deferred BEGIN")
def test_bulk_rows_as_a_transactions_first_statement_roll_back_with_it(db_path):
    store = open_store(db_path)
    with pytest.raises(RuntimeError), store.engine.begin() as conn:
        bulk.insert_rows(conn, "product", ("id", "name", "category", "unit_price", "active", "created_at"),
                         [(1, "아메리카노", "커피", 4500, True, datetime(2025, 1, 1, 9))])
        raise RuntimeError("the work fails after the rows")
    with store.session() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Product)).scalar_one() == 0
    store.close()
