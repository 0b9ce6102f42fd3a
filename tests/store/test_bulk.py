"""The one bulk write path (crmdesk.store.bulk) the import and the demo share."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crmdesk.access import MACHINE_OWNER
from crmdesk.store import bulk

SQLITE_ONLY = "reads the values back as SQLite stores them (text time stamps)"


def _index_names(conn, table: str) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql(
        f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL")}


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_rows_go_in_with_app_shaped_values_and_ids_follow(store):
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    with store.engine.begin() as conn:
        first = bulk.next_id(conn, "staff")
        batches: list[int] = []
        bulk.insert_rows(conn, "staff", ("id", "name", "role", "active", "created_at"),
                         ((first + i, f"직원{i}", "staff", True, stamp) for i in range(5)), batch=2,
                         on_batch=batches.append, actor=MACHINE_OWNER)
        assert batches == [2, 2, 1]
        assert bulk.next_id(conn, "staff") == first + 5
        stored = conn.exec_driver_sql("SELECT active, created_at FROM staff WHERE id = ?", (first,)).one()
    assert tuple(stored) == (1, "2026-01-02 03:04:05.000000")  # as SQLAlchemy writes them
    with store.session() as session:
        from crmdesk.models import Staff

        assert session.get(Staff, first).created_at == stamp


@pytest.mark.sqlite_only("the index drop and rebuild is SQLite's path (sqlite_master)")
def test_indexes_come_back_after_the_load_and_stay_dropped_on_error(store):
    with store.engine.connect() as conn, conn.begin():
        before = _index_names(conn, "purchase")
        assert before
        timings: dict[str, float] = {}
        with bulk.without_indexes(conn, ("purchase",), timings=timings):
            assert _index_names(conn, "purchase") == set()
        assert _index_names(conn, "purchase") == before
        assert timings["purchase"] >= 0
    with store.engine.connect() as conn:
        transaction = conn.begin()
        with pytest.raises(RuntimeError), bulk.without_indexes(conn, ("purchase",)):
            raise RuntimeError("cancelled")
        transaction.rollback()  # the caller's rollback restores them
        assert _index_names(conn, "purchase") == before


@pytest.mark.sqlite_only("PRAGMA cache_size")
def test_large_cache_is_for_the_load_only(store):
    with store.engine.connect() as conn:
        size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        with bulk.large_cache(conn):
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -65_536
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == size
        bulk.fix_sequences(conn, ("customer",))  # nothing to do on SQLite


@pytest.mark.sqlite_only("the FTS5 index trigger is SQLite's")
def test_many_customers_reach_the_search_index(store):
    from crmdesk.models import derived_columns
    from crmdesk.services.customers import CustomerQuery, search_customers

    names = [f"손님{i:04d}" for i in range(1200)]
    stamp = datetime(2026, 1, 1)
    with store.engine.begin() as conn:
        first = bulk.next_id(conn, "customer")
        rows = [(first + i, name, f"010{50000000 + i:08d}", *derived_columns(
            name=name, phone=f"010{50000000 + i:08d}", email=None, customer_code=None, tags=""),
            stamp, stamp, date(2026, 1, 1), False, "", False, False, 0, 0) for i, name in enumerate(names)]
        with bulk.search_index_after(conn, first, len(rows)):
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'customer_search_insert'"
                                        ).scalar_one() == 0
            bulk.insert_rows(conn, "customer", ("id", "name", "phone", "phone_last4", "search_text", "created_at",
                                                "updated_at", "first_seen", "birthday_lunar", "tags",
                                                "marketing_consent", "archived", "visit_count", "total_spent"), rows)
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'customer_search_insert'"
                                    ).scalar_one() == 1
    with store.session() as session:
        found = search_customers(session, CustomerQuery(text="손님1199"))
    assert [c.name for c in found] == ["손님1199"]


def test_model_columns_come_from_the_metadata():
    assert bulk.model_columns("customer")[:3] == ("id", "name", "phone")
    assert {"phone_last4", "search_text"} <= set(bulk.model_columns("customer"))
    assert "name_group" not in bulk.model_columns("customer")  # computed by the database, never written
