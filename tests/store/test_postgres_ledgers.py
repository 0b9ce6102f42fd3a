"""On PostgreSQL the audit log and the consent ledger are append-only as on SQLite (migration 0013's triggers),
only an erased customer's audit rows can be redacted, and the login role crmdesk connects as cannot drop, disable
or get around the triggers (the tables belong to another role: crmdesk.store.postgres.guard_ledgers)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, IntegrityError

from crmdesk.services import audit, consent, privacy
from crmdesk.services import customers as svc
from crmdesk.store import open_store

ASKED = {"collection": True}  # the customer's answer to collection, as the new-card form asks it


@pytest.fixture
def pg_store(pg_database):
    store = open_store(str(pg_database))
    yield store
    store.close()


def _two_customers_with_history(store) -> tuple[int, int]:
    with store.session() as session:
        gone = svc.create_customer(session, {"name": "김지울", "phone": "010-1111-2222"}, consents=ASKED).id
        kept = svc.create_customer(session, {"name": "이남음", "phone": "010-3333-4444"}, consents=ASKED).id
        consent.record_consent(session, gone, "sms", True, method="verbal")
        consent.record_consent(session, kept, "sms", True, method="verbal")
        svc.update_customer(session, gone, {"email": "gone@example.com"})
        svc.update_customer(session, kept, {"email": "kept@example.com"})
    return gone, kept


@pytest.mark.parametrize("sql", [
    "DELETE FROM audit_log", "UPDATE audit_log SET actor = 'nobody'",
    "DELETE FROM consent_event", "UPDATE consent_event SET granted = false",
])
def test_rows_cannot_be_changed_or_removed(pg_store, sql):
    _two_customers_with_history(pg_store)
    with pytest.raises(IntegrityError, match="append-only"), pg_store.session() as session:
        session.execute(text(sql))


@pytest.mark.parametrize("sql", [
    "DROP TRIGGER audit_log_append_only ON audit_log",
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    "ALTER TABLE consent_event DISABLE TRIGGER ALL",
    "DROP TRIGGER consent_event_append_only ON consent_event",
    "DROP FUNCTION crmdesk_audit_log_append_only() CASCADE",
    "TRUNCATE audit_log",
    "DROP TABLE consent_event CASCADE",
    "SET session_replication_role = replica",  # would silence every trigger of the session
])
def test_the_login_role_cannot_get_around_the_triggers(pg_store, sql):
    _two_customers_with_history(pg_store)
    with pytest.raises(DatabaseError, match="must be owner|permission denied|append-only"), \
            pg_store.engine.begin() as conn:
        conn.exec_driver_sql(sql)
    with pg_store.session() as session:
        assert len(audit.list_entries(session)) >= 4
        assert consent.consented_ids(session, "sms") != set()


def test_only_an_erased_customers_audit_rows_can_be_redacted(pg_store):
    gone, kept = _two_customers_with_history(pg_store)
    with pytest.raises(IntegrityError, match="append-only"), pg_store.session() as session:
        session.execute(text("UPDATE audit_log SET details = '{\"redacted\": true}' WHERE customer_id = :c"),
                        {"c": kept})
    with pg_store.session() as session:
        privacy.erase_customer(session, gone, confirm=True)
    with pg_store.session() as session:
        rows = session.execute(text("SELECT customer_id, details FROM audit_log WHERE customer_id IS NOT NULL"
                                    " AND action NOT IN ('erase', 'redact')")).all()  # the redact entry names them
    assert {d for c, d in rows if c == gone} == {audit.REDACTED}
    assert all("kept@example.com" in d or d != audit.REDACTED for c, d in rows if c == kept)
    assert any(c == kept and d != audit.REDACTED for c, d in rows)
