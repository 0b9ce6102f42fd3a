"""`crmdesk check` compares each staff member's role with the last role the audit log recorded for them (issue 15).
Staff added in bulk (by an import naming a new cashier, or by the demo) had no entry, so a role changed behind
crmdesk's back went unnoticed for them: the bulk path now records each one it adds."""

from __future__ import annotations

import csv
import sqlite3
from datetime import datetime

import pytest

from crmdesk.access import MACHINE_OWNER
from crmdesk.demo import generate_demo
from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.services.audit_check import audit_problems
from crmdesk.store import bulk

SQLITE_ONLY = "crmdesk check reads the SQLite file; its PostgreSQL port is issue 16's remaining work"


def _promote_with_plain_sql(db_path, name: str) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        assert conn.execute("UPDATE staff SET role = 'owner' WHERE name = ?", (name,)).rowcount == 1
    conn.close()


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_a_cashier_added_by_an_import_is_in_the_role_baseline(store, db_path, tmp_path):
    path = tmp_path / "sales.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["영수증번호", "판매일시", "고객명", "전화번호", "상품명", "수량", "금액", "담당자"])
        writer.writerow(["R1", "2025-03-01 10:00", "김민수", "010-1234-5678", "아메리카노", "1", "4500", "한지우"])
    source = read_source(path)
    report = run_import(store, source, "sales", suggest_mapping(source.headers, "sales"))
    assert report.staff_created == 1
    store.close()
    assert audit_problems(db_path) == []  # the import's own entries keep the chain whole

    _promote_with_plain_sql(db_path, "한지우")

    [problem] = audit_problems(db_path)
    assert "(한지우) is now 'owner'" in problem and "without an audit entry" in problem


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_the_demo_staff_are_in_the_role_baseline(store, db_path):
    generate_demo(store, customers=40, seed=3)
    with store.engine.connect() as conn:
        [name] = conn.exec_driver_sql("SELECT name FROM staff WHERE role = 'staff' ORDER BY id LIMIT 1").one()
    store.close()
    assert audit_problems(db_path) == []

    _promote_with_plain_sql(db_path, name)

    assert any(f"({name}) is now 'owner'" in p for p in audit_problems(db_path))


def test_staff_cannot_go_in_through_the_bulk_path_unaudited(store):
    with store.engine.begin() as conn, pytest.raises(ValueError, match="audited"):
        bulk.insert_rows(conn, "staff", ("id", "name", "role", "active", "created_at"),
                         [(99, "몰래", "owner", True, datetime(2026, 1, 1))])
    with store.engine.begin() as conn:
        bulk.insert_rows(conn, "staff", ("id", "name", "role", "active", "created_at"),
                         [(99, "새직원", "staff", True, datetime(2026, 1, 1))], actor=MACHINE_OWNER)
        [details] = conn.exec_driver_sql("SELECT details FROM audit_log WHERE action = 'staff'").one()
    assert '"role": "staff"' in details and '"staff_id": 99' in details
