import sqlite3

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

from crmdesk.errors import StoreError
from crmdesk.store import open_store, schema


def test_new_database_is_created_at_head_with_wal_and_foreign_keys(tmp_path):
    store = open_store(tmp_path / "shop.sqlite3")
    try:
        assert schema.current_revision(store) == schema.HEAD
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            tables = set(inspect(conn).get_table_names())
        assert {"customer", "staff", "purchase", "purchase_line"} <= tables
    finally:
        store.close()


def test_revision_list_matches_the_migration_files():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(schema.MIGRATIONS_DIR))
    ordered = [rev.revision for rev in reversed(list(scripts.walk_revisions()))]
    assert tuple(ordered) == schema.REVISIONS


def test_models_match_the_migrated_schema(store):
    """The SQLModel tables and the migrations describe the same schema (no forgotten migration)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import crmdesk.models  # noqa: F401

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": schema.include_in_comparison})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_a_version_1_database_upgrades_keeping_its_data_and_a_copy(tmp_path):
    path = tmp_path / "old.sqlite3"
    from crmdesk.store.engine import Store, database_url, make_engine

    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0001")
    with old.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customer (name, phone, phone_last4, birthday_lunar, tags, marketing_consent, archived, "
            "created_at, updated_at, search_text) VALUES ('김민수', '01012345678', '5678', 0, '', 0, 0, "
            "'2024-01-01 10:00:00', '2024-01-01 10:00:00', '김민수')"))
        conn.execute(text("INSERT INTO purchase (customer_id, purchased_at, total, created_at) "
                          "VALUES (1, '2024-02-01 12:00:00', 12000, '2024-02-01 12:00:00'), "
                          "(1, '2024-03-05 12:00:00', 8000, '2024-03-05 12:00:00')"))
    old.close()

    store = open_store(path)
    try:
        assert schema.current_revision(store) == schema.HEAD
        with store.engine.connect() as conn:
            row = conn.execute(text("SELECT name, visit_count, total_spent, last_purchase_at FROM customer")).one()
        assert row[0] == "김민수"
        assert (row[1], row[2]) == (2, 20000)
        assert str(row[3]).startswith("2024-03-05")
    finally:
        store.close()
    copies = list(tmp_path.glob("old.before-v*.sqlite3"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def test_a_version_5_database_gets_the_loyalty_tables_and_keeps_its_search_triggers(tmp_path):
    """0007 only adds tables: a card and a purchase of version 5 stay, balances start at zero, and the customer
    table keeps the full-text triggers of 0003 (it is never copied)."""
    path = tmp_path / "v5.sqlite3"
    from crmdesk.store.engine import Store, database_url, make_engine

    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0005")
    with old.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customer (name, phone, phone_last4, birthday_lunar, tags, marketing_consent, archived, "
            "created_at, updated_at, search_text, visit_count, total_spent) VALUES ('박서준', '01055556666', "
            "'6666', 0, '', 1, 0, '2025-01-01 10:00:00', '2025-01-01 10:00:00', '박서준 01055556666', 1, 9000)"))
        conn.execute(text("INSERT INTO purchase (customer_id, purchased_at, total, created_at, discount) "
                          "VALUES (1, '2025-02-01 12:00:00', 9000, '2025-02-01 12:00:00', 0)"))
        triggers_before = conn.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customer'")).scalar()
    old.close()

    store = open_store(path)
    try:
        assert schema.current_revision(store) == schema.HEAD == "0019"
        with store.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            assert {"points_entry", "tier_change", "birthday_coupon", "household", "household_member", "referral",
                    "campaign", "campaign_member"} <= tables
            assert conn.execute(text("SELECT count(*) FROM points_entry")).scalar() == 0
            assert conn.execute(text("SELECT name, total_spent FROM customer")).one() == ("박서준", 9000)
            assert conn.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customer'")
            ).scalar() == triggers_before > 0
        from crmdesk.services import customers as csvc

        with store.session() as session:
            assert [r.name for r in csvc.search_customers(session, csvc.CustomerQuery(text="6666"))] == ["박서준"]
    finally:
        store.close()


@pytest.mark.sqlite_only("compares the SQLite file's bytes before and after")
def test_a_database_from_a_newer_crmdesk_is_refused_untouched(db_path):
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="newer version of crmdesk"):
        open_store(db_path)
    assert db_path.read_bytes() == before
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing written beside it either
    assert not list(db_path.parent.glob("*.before-v*"))  # and no upgrade was attempted


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("these are my notes, not a database")
    with pytest.raises(StoreError, match="not a crmdesk database"):
        open_store(path)
    assert path.read_text() == "these are my notes, not a database"


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match="another program"):
        open_store(path)


def test_a_version_5_database_gets_a_consent_ledger_from_its_cards(tmp_path):
    """0006: the single marketing flag becomes ledger events, so no consent (or withdrawal) is lost."""
    from crmdesk.services import consent
    from crmdesk.store.engine import Store, database_url, make_engine

    path = tmp_path / "v5.sqlite3"
    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0005")
    with old.engine.begin() as conn:
        for name, flag, at in (("동의함", 1, "'2024-05-01 10:00:00'"), ("철회함", 0, "'2024-06-01 09:00:00'"),
                               ("기록없음", 0, "NULL")):
            conn.execute(text(
                "INSERT INTO customer (name, birthday_lunar, tags, marketing_consent, marketing_consent_at, archived, "
                f"created_at, updated_at, search_text) VALUES ('{name}', 0, '', {flag}, {at}, 0, "
                "'2024-01-01 10:00:00', '2024-01-01 10:00:00', '')"))
    old.close()
    store = open_store(path)
    try:
        with store.session() as session:
            # 0015 then marks the cards "consent not confirmed" (their collection event was assumed): the ledger
            # keeps what 0006 wrote, the current state counts no marketing until staff confirm.
            assert consent.unconfirmed_ids(session) == {1, 2, 3}
            assert not consent.consent_states(session, "sms")[1].granted
            for purpose in consent.MARKETING_PURPOSES:
                states = {cid: consent.states_of(consent.consent_history(session, cid, purpose))[purpose]
                          for cid in (1, 2, 3)}
                assert states[1].granted and str(states[1].since) == "2024-05-01 10:00:00"
                assert not states[2].granted and str(states[2].since) == "2024-06-01 09:00:00"
                assert states[3] == consent.ConsentState(False, None)
            collection = consent.consent_states(session, "collection")
            assert all(s.granted and str(s.since) == "2024-01-01 10:00:00" for s in collection.values())
            assert {h.method for h in consent.consent_history(session, 2)} == {"migrated"}
    finally:
        store.close()


def test_a_version_7_ledger_gets_the_earn_rate_column_and_keeps_its_entries(tmp_path):
    """0009 adds points_entry.earn_percent (NULL on older rows) and an index; entries and triggers stay."""
    path = tmp_path / "v7.sqlite3"
    from crmdesk.store.engine import Store, database_url, make_engine

    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0007")
    with old.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO customer (name, phone, phone_last4, birthday_lunar, tags, marketing_consent, archived, "
            "created_at, updated_at, search_text, visit_count, total_spent) VALUES ('박서준', '01055556666', "
            "'6666', 0, '', 1, 0, '2025-01-01 10:00:00', '2025-01-01 10:00:00', '박서준 01055556666', 0, 0)"))
        conn.execute(text("INSERT INTO points_entry (customer_id, at, kind, points, reason, expires_at) "
                          "VALUES (1, '2026-01-01 10:00:00', 'adjust', 500, 'gift', '2027-01-01 10:00:00')"))
        triggers_before = conn.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customer'")).scalar()
    old.close()

    store = open_store(path)
    try:
        assert schema.current_revision(store) == schema.HEAD == "0019"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT points, earn_percent FROM points_entry")).one() == (500, None)
            indexes = {i["name"] for i in inspect(conn).get_indexes("points_entry")}
            assert "ix_points_entry_kind_reason" in indexes
            assert conn.execute(text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customer'")
            ).scalar() == triggers_before > 0
        from crmdesk.services import loyalty

        with store.session() as session:
            assert loyalty.balance(session, 1) == 500
    finally:
        store.close()


def test_a_version_7_database_gets_the_narrowed_audit_trigger(tmp_path):
    """0008 replaces the audit log's update trigger: on an upgraded file, only an erased customer's entries can
    be redacted, and INSERT OR REPLACE over an existing entry is refused."""
    path = tmp_path / "v7.sqlite3"
    from crmdesk.store.engine import Store, database_url, make_engine

    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0007")
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, actor, action, details) VALUES "
                          "('2026-01-02 10:00:00', 'command line', 'export', '{\"file\": \"all.csv\"}')"))
        conn.execute(text("UPDATE audit_log SET details = '{\"redacted\": true}'"))  # 0006 let this through
        conn.execute(text("INSERT INTO audit_log (at, actor, action, details) VALUES "
                          "('2026-01-02 11:00:00', 'command line', 'export', '{\"file\": \"b.csv\"}')"))
    old.close()

    store = open_store(path)
    try:
        assert schema.current_revision(store) == schema.HEAD == "0019"
        with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET details = '{\"redacted\": true}' WHERE id = 2"))
        with pytest.raises(DatabaseError, match="append-only"), store.engine.begin() as conn:
            conn.execute(text("INSERT OR REPLACE INTO audit_log (id, at, actor, action, details) VALUES "
                              "(2, '2026-01-02 11:00:00', 'x', 'export', '{}')"))
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT details FROM audit_log WHERE id = 2")).scalar() == '{"file": "b.csv"}'
    finally:
        store.close()


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN and sqlite_master")
def test_voided_purchases_are_counted_from_their_own_small_index(store):
    """0010: the customer values' freshness check counts voided purchases on every card the owner opens; the
    partial index answers it without reading every purchase."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        plan = " ".join(row[3] for row in conn.execute(
            text("EXPLAIN QUERY PLAN SELECT count(*) FROM purchase WHERE voided_at IS NOT NULL")))
        definition = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'ix_purchase_voided'")).scalar()
    assert "ix_purchase_voided" in plan
    assert "WHERE voided_at IS NOT NULL" in definition
