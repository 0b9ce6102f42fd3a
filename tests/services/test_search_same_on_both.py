"""Search finds the same customers in the same order on SQLite and on PostgreSQL (issue 16): one shop, written
to both, asked the same questions. Text sorts by code point on both (COLLATE "C" on PostgreSQL)."""

from __future__ import annotations

import shutil

from crmdesk.services import customers as svc
from crmdesk.store import open_store

PEOPLE = [
    {"name": "김민수", "phone": "010-1234-5678", "tags": "VIP, 단골", "customer_code": "C-10"},
    {"name": "김민지", "phone": "010-2222-5678", "email": "minji@example.com"},
    {"name": "Kim Minsu", "phone": "010-9999-0001", "customer_code": "c-2"},
    {"name": "kim minji", "email": "KIM@example.com", "tags": "단골"},
    {"name": "이서연", "phone": "010-3333-4444", "customer_code": "C-1"},
    {"name": "Émile", "phone": "010-5555-5678"},
    {"name": "_under%score", "tags": "b"},
    {"name": "박지난", "phone": "010-7777-0000", "archive": True},
    {"name": "Ābel", "tags": "a, VIP"},
    {"name": "김 민수", "phone": "02-123-5678"},
]
QUESTIONS = ["", "김", "ㄱㅁ", "ㄱㅁㅅ", "5678", "010", "민수", "minsu", "kim", "example", "c-1", "단골", "vip",
             "%", "_", "e", "ab"]
SORTS = ["name", "phone", "customer_code", "tags", "visit_count", "created_at"]


def _fill(store) -> None:
    with store.session() as session:
        for person in PEOPLE:
            fields = {k: v for k, v in person.items() if k != "archive"}
            customer = svc.create_customer(session, fields)
            if person.get("archive"):
                svc.archive_customer(session, customer.id)


def _answers(store) -> list:
    found = []
    with store.session() as session:
        for text in QUESTIONS:
            for sort in SORTS:
                for descending in (False, True):
                    for archived in (False, True):
                        query = svc.CustomerQuery(text=text, sort_key=sort, descending=descending,
                                                  include_archived=archived)
                        names = [r.name for r in svc.search_customers(session, query)]
                        found.append((text, sort, descending, archived, names, svc.count_customers(session, query)))
    return found


def test_the_same_rows_in_the_same_order(pg_database, template_db, tmp_path):
    path = tmp_path / "shop.sqlite3"
    shutil.copyfile(template_db, path)
    stores = [open_store(path), open_store(str(pg_database))]
    try:
        for store in stores:
            _fill(store)
        on_sqlite, on_postgres = (_answers(store) for store in stores)
    finally:
        for store in stores:
            store.close()
    assert any(names for *_, names, _ in on_sqlite)
    for a, b in zip(on_sqlite, on_postgres, strict=True):
        assert a == b


def test_postgresql_can_answer_a_word_from_the_trigram_index(pg_database):
    store = open_store(str(pg_database))
    try:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")  # a tiny table: make the planner show its index
            plan = "\n".join(r[0] for r in conn.exec_driver_sql(
                "EXPLAIN SELECT id FROM customer WHERE search_text LIKE '%%김민수%%'"))
            indexes = {r[0] for r in conn.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'customer'")}
    finally:
        store.close()
    assert "ix_customer_list_c" in indexes
    assert "ix_customer_search_trgm" in plan
