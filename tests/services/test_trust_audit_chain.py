"""Tampering with the audit log is detected (issue 15): the log is a hash chain, its ids are never reused, and
`crmdesk check` reports a broken link, a dropped trigger, entries removed from the end, a blanked entry of a live
customer and a role change without an audit entry; erasure's redaction keeps the chain whole."""

import json
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text

from crmdesk.models.privacy import REDACTED, chain_hash, details_digest
from crmdesk.services import audit, audit_check, privacy, staff
from crmdesk.services import customers as customers_svc

SQLITE_ONLY = ("tampers with the SQLite file's triggers and rows directly; crmdesk check on PostgreSQL is issue 16's"
               " remaining work")


@pytest.fixture
def shop(store, db_path):
    """A card viewed and changed, staff created: a few entries in the log."""
    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "김민수", "phone": "010-1234-5678"}).id
        other = customers_svc.create_customer(s, {"name": "박지민", "phone": "010-2222-3333"}).id
        customers_svc.update_customer(s, cid, {"memo": "라떼 좋아함"})
        staff.create_staff(s, "김하늘")
        staff.create_staff(s, "정다온", "owner")
        audit.record(s, "view", other)
    return db_path, cid, other


def raw(db_path):
    """A plain sqlite3 connection, as someone with the file and a few lines of Python would use."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    return conn


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_a_fresh_log_is_a_sound_chain_with_autoincrement_ids(shop, store):
    db_path, _, _ = shop
    assert audit_check.audit_problems(db_path) == []
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, prev_hash, hash, details, details_salt, details_digest "
                                 "FROM audit_log ORDER BY id")).all()
        table_sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'audit_log'")).scalar()
    assert "AUTOINCREMENT" in table_sql
    assert rows[0].prev_hash == "" and all(b.prev_hash == a.hash for a, b in zip(rows, rows[1:], strict=False))
    assert all(r.details_digest == details_digest(r.details_salt, r.details) for r in rows)


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_check_reports_a_dropped_trigger(shop):
    db_path, _, _ = shop
    with raw(db_path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
    problems = audit_check.audit_problems(db_path)
    assert any("audit_log_no_delete" in p and "missing" in p for p in problems)


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_check_reports_a_weakened_trigger(shop):
    db_path, _, _ = shop
    with raw(db_path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN 0 "
                     "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    assert any("audit_log_no_update" in p and "altered" in p for p in audit_check.audit_problems(db_path))


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_check_reports_a_deleted_entry_and_a_forged_one(shop):
    db_path, _, _ = shop
    conn = raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = 2")
    last = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    # a forged entry that even links to the last hash, but whose own hash is made up
    conn.execute("INSERT INTO audit_log (at, actor, action, details, details_salt, details_digest, prev_hash, hash) "
                 "VALUES ('2026-01-02 10:00:00.000000', 'command line', 'export', '{}', 'x', 'y', ?, 'forged')",
                 (last,))
    conn.close()
    problems = audit_check.audit_problems(db_path)
    assert any("#3 does not follow" in p for p in problems)
    assert any("has been changed since it was written" in p for p in problems)


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_check_reports_entries_removed_from_the_end(shop):
    db_path, _, _ = shop
    conn = raw(db_path)
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log WHERE id = ?", (last,))
    conn.close()
    assert any("have been removed" in p for p in audit_check.audit_problems(db_path))


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_check_reports_changed_details(shop):
    db_path, cid, _ = shop
    conn = raw(db_path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET details = '{}' WHERE action = 'change'")
    conn.close()
    assert any("details of audit entry" in p for p in audit_check.audit_problems(db_path))


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_toggling_erased_at_to_blank_a_live_customers_history_is_caught(shop):
    db_path, cid, _ = shop
    conn = raw(db_path)
    conn.execute("UPDATE customer SET erased_at = '2026-01-01 00:00:00' WHERE id = ?", (cid,))
    conn.execute("UPDATE audit_log SET details = ?, details_salt = NULL WHERE customer_id = ?", (REDACTED, cid))
    conn.execute("UPDATE customer SET erased_at = NULL WHERE id = ?", (cid,))
    conn.close()
    problems = audit_check.audit_problems(db_path)
    assert any("is not erased" in p for p in problems)


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_blanking_an_erased_customers_history_without_a_redaction_entry_is_caught(shop):
    db_path, cid, _ = shop
    conn = raw(db_path)
    conn.execute("UPDATE customer SET erased_at = '2026-01-01 00:00:00' WHERE id = ?", (cid,))
    conn.execute("UPDATE audit_log SET details = ?, details_salt = NULL WHERE customer_id = ?", (REDACTED, cid))
    conn.close()
    assert any("without a redaction entry" in p for p in audit_check.audit_problems(db_path))


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_erasure_redacts_inside_the_chain_and_records_it(shop, store):
    db_path, cid, _ = shop
    with store.session() as s:
        privacy.erase_customer(s, cid, confirm=True)
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, action, details, details_salt FROM audit_log WHERE customer_id = :c "
                                 "ORDER BY id"), {"c": cid}).all()
    blanked = [r.id for r in rows if r.details == REDACTED]
    [redaction] = [r for r in rows if r.action == "redact"]
    assert blanked and json.loads(redaction.details) == {"entries": blanked}
    assert all(r.details_salt is None for r in rows if r.details == REDACTED)
    assert "김민수" not in " ".join(r.details for r in rows) and "라떼" not in " ".join(r.details for r in rows)
    assert audit_check.audit_problems(db_path) == []


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_check_reports_a_role_change_without_an_audit_entry(shop, store):
    db_path, _, _ = shop
    with store.session() as s:
        [clerk] = [m for m in staff.list_staff(s) if m.name == "김하늘"]
        staff.update_staff(s, clerk.id, name="김하늘2")  # audited changes are fine
    assert audit_check.audit_problems(db_path) == []
    conn = raw(db_path)
    conn.execute("UPDATE staff SET role = 'owner' WHERE id = ?", (clerk.id,))
    conn.close()
    problems = audit_check.audit_problems(db_path)
    assert any(f"#{clerk.id}" in p and "without an audit entry" in p for p in problems)


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_an_audited_role_change_passes(shop, store):
    db_path, _, _ = shop
    with store.session() as s:
        [clerk] = [m for m in staff.list_staff(s) if m.name == "김하늘"]
        staff.update_staff(s, clerk.id, role="owner")
    assert audit_check.audit_problems(db_path) == []


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_the_backup_functions_entries_join_the_chain(shop, tmp_path):
    from crmdesk.store import backups

    db_path, _, _ = shop
    backups.backup(db_path, tmp_path / "copy.sqlite3")
    assert audit_check.audit_problems(db_path) == []
    assert audit_check.audit_problems(tmp_path / "copy.sqlite3") == []


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_an_import_entry_joins_the_chain(store, db_path, tmp_path):
    from crmdesk.access import actor_of

    with store.session() as s:
        who = actor_of(s)
    with store.engine.begin() as conn:
        audit.record_on(conn, who, "import", None, {"file": "a.csv"})
        audit.record_on(conn, who, "import", None, {"file": "b.csv"})
    assert audit_check.audit_problems(db_path) == []


def test_the_chain_links_what_redaction_never_touches():
    first = chain_hash("", "2026-01-02 10:00:00", 1, "정다온", "view", 7, "d")
    assert first == chain_hash("", "2026-01-02 10:00:00.000000", 1, "정다온", "view", 7, "d")  # one spelling
    assert first != chain_hash("", "2026-01-02 10:00:01", 1, "정다온", "view", 7, "d")
    assert first != chain_hash("x", "2026-01-02 10:00:00", 1, "정다온", "view", 7, "d")


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_crmdesk_check_fails_on_a_tampered_log(shop):
    db_path, _, _ = shop
    ok = subprocess.run([sys.executable, "-m", "crmdesk.app", "check", "--db", str(db_path)], capture_output=True,
                        text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    with raw(db_path) as conn:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = 2")
    bad = subprocess.run([sys.executable, "-m", "crmdesk.app", "check", "--db", str(db_path)], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 1
    assert "audit_log_no_delete" in bad.stderr and "does not follow" in bad.stderr
