"""Erased means gone (issue 15): after `privacy erase` nothing of the customer is readable from the database
file (the full-text index, freed pages, the write-ahead log), the import's row fingerprints are keyed and
cleared, backups from before the erase are marked and can be removed, and a restore re-erases before the
restored file replaces the live one."""

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from crmdesk.errors import CrmError
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


TRACES = [NAME.encode(), PHONE.encode(), EMAIL.encode(), CODE.encode(), b"010-9876-1234"]


@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
def test_erase_leaves_no_trace_of_name_phone_email_or_code_in_the_database_file(store, db_path):
    others = [make_customer(store, f"손님{i:03d}", f"0101111{i:04d}", f"guest{i}@example.com", f"C{i:05d}")
              for i in range(40)]
    cid = make_customer(store)
    with store.engine.connect() as conn:  # the search index found them before
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


@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
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


# --- 5. keyed row fingerprints -------------------------------------------------------------------------------
SALES_HEAD = "판매일시,고객명,전화번호,상품명,수량,금액\n"
SALES_ROW = "2026-03-02 10:15,황보준혁,010-9876-1234,카페라떼,1,4500\n"


def import_sales(store, path):
    from crmdesk.importing import read_source, run_import, suggest_mapping

    source = read_source(path)
    return run_import(store, source, "sales", suggest_mapping(source.headers, "sales"))


def source_keys(store):
    with store.engine.connect() as conn:
        return [k for (k,) in conn.execute(text("SELECT source_key FROM purchase ORDER BY id"))]


def plain_sha1(values):
    """The unsalted fingerprint crmdesk stored up to schema 0010."""
    import hashlib

    text_ = "\x1f".join("" if p is None else p.isoformat() if hasattr(p, "isoformat") else str(p)
                        for p in [values.get(f) for f in ("customer_code", "phone", "email", "name", "date",
                                                          "product", "category", "quantity", "amount", "staff")])
    return hashlib.sha1(text_.encode("utf-8")).hexdigest()


def test_row_fingerprints_are_keyed_with_the_stores_secret_and_erasure_clears_them(store, tmp_path, monkeypatch):
    import hashlib
    import hmac

    from crmdesk.importing import rows, runner

    seen = []
    real = rows.row_digest

    def spy(values):
        seen.append((plain_sha1(values), values.get("phone")))
        return real(values)

    monkeypatch.setattr(runner, "row_digest", spy)  # each receipt-less row's plain digest, keyed before it is stored
    path = tmp_path / "pos.csv"
    path.write_text(SALES_HEAD + SALES_ROW, encoding="utf-8")
    assert import_sales(store, path).purchases_created == 1
    [key] = source_keys(store)
    with store.engine.connect() as conn:
        secret = conn.execute(text("SELECT value FROM setting WHERE key = 'row_fingerprint_key'")).scalar()
    assert secret and len(secret) == 64
    # The brute force of the issue hashed candidate rows with the plain SHA-1 and compared: the stored key is not
    # that hash, but the HMAC of it under the store's secret.
    digest = key.split(":")[1]
    plain, phone = seen[0]
    assert digest != plain and phone == "01098761234"
    assert digest == hmac.new(secret.encode("ascii"), plain.encode("ascii"), hashlib.sha256).hexdigest()
    assert import_sales(store, path).purchases_created == 0  # the same row again is recognised
    with store.engine.connect() as conn:
        cid = conn.execute(text("SELECT customer_id FROM purchase")).scalar()
    erase(store, cid)
    assert source_keys(store) == [None]


def test_migration_0011_rekeys_old_fingerprints_so_an_old_file_still_matches(tmp_path, monkeypatch):
    from crmdesk.importing import sales
    from crmdesk.store import open_store, schema
    from crmdesk.store.engine import Store, database_url, make_engine

    path = tmp_path / "pos.csv"
    path.write_text(SALES_HEAD + SALES_ROW + SALES_ROW.replace("4500", "5000"), encoding="utf-8")
    # The rows as crmdesk up to schema 0010 stored them (the plain SHA-1), imported into a current file ...
    donor_path = tmp_path / "donor.sqlite3"
    donor = open_store(donor_path)

    def unkeyed(_secret, digest):
        return digest  # the plain SHA-1, as stored up to schema 0010

    monkeypatch.setattr(sales, "keyed", unkeyed)
    assert import_sales(donor, path).purchases_created == 2
    monkeypatch.undo()
    old_keys = source_keys(donor)
    assert all(len(k.split(":")[1]) == 40 for k in old_keys)
    donor.close()
    # ... and copied into a real version-10 file (no secret yet), whose tables these rows fit unchanged.
    db = tmp_path / "old.sqlite3"
    url = database_url(db)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0010")
    old.close()
    con = sqlite3.connect(db)
    con.execute("ATTACH DATABASE ? AS donor", (str(donor_path),))
    for table in ("customer", "product", "purchase", "purchase_line"):
        columns = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})"))
        con.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM donor.{table}")
    con.commit()
    con.close()
    store = open_store(db)  # migrates 0010 -> HEAD (a copy is taken first)
    try:
        assert schema.current_revision(store) == schema.HEAD
        new_keys = source_keys(store)
        assert len(new_keys) == 2
        assert all(len(k.split(":")[1]) == 64 for k in new_keys) and new_keys != old_keys
        assert import_sales(store, path).purchases_created == 0  # the old file's rows are still recognised
    finally:
        store.close()
    assert list(tmp_path.glob("old.before-v*.sqlite3"))


# --- 6. backups from before an erase -------------------------------------------------------------------------
@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
def test_backups_holding_erased_customers_are_listed_and_the_owner_removes_them(store, db_path):
    from crmdesk.store import backups

    cid = make_customer(store)
    make_customer(store, "이서연", "01022223333", "seoyeon@example.com", "C-2")
    before = backups.backup(store)
    assert backups.backups_holding_erased(db_path) == {}
    erase(store, cid)
    after = backups.backup(store)
    assert after != before
    assert backups.backups_holding_erased(db_path) == {before: 1}
    with pytest.raises(CrmError, match="confirm"):
        backups.remove_backups_holding_erased(db_path, yes=False, by=store)
    assert backups.remove_backups_holding_erased(db_path, yes=True, by=store) == [before]
    assert not before.exists() and after.exists() and backups.backups_holding_erased(db_path) == {}
    with store.engine.connect() as conn:
        details = conn.execute(text("SELECT details FROM audit_log WHERE action = 'backup_remove'")).scalar()
    assert str(before) in details


# --- 7. a restore from before an erase erases again, before the swap -----------------------------------------
@pytest.fixture
def erased_after_backup(store, db_path, tmp_path):
    """A shop with a USB backup taken before a customer was erased."""
    from crmdesk.store import backups

    gone = make_customer(store)
    kept = make_customer(store, "이서연", "01022223333", "seoyeon@example.com", "C-2")
    usb = backups.backup(store, tmp_path / "usb.sqlite3")
    erase(store, gone)
    store.close()
    return usb, gone, kept


def card(db_path, cid):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT name, phone FROM customer WHERE id = ?", (cid,)).fetchone()
    finally:
        conn.close()


@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
def test_a_restore_re_erases_on_the_copy_before_it_replaces_the_live_file(erased_after_backup, db_path,
                                                                           monkeypatch):
    from crmdesk.services import restoring
    from crmdesk.store import backups

    usb, gone, kept = erased_after_backup
    placed = []
    real_replace = os.replace

    def crash_at_the_swap(src, dst):
        if Path(dst) == db_path:
            placed.append(card(src, gone))  # what was about to become the live file
            raise KeyboardInterrupt("power cut")
        return real_replace(src, dst)

    monkeypatch.setattr(backups.os, "replace", crash_at_the_swap)
    with pytest.raises(KeyboardInterrupt):
        restoring.restore_backup(usb, db_path)
    assert placed == [(f"(erased #{gone})", None)]  # erased before the swap, not after it
    assert card(db_path, gone) == (f"(erased #{gone})", None)  # the crash left the old file: still erased
    monkeypatch.undo()
    result = restoring.restore_backup(usb, db_path)
    assert result.erased_since == result.erased_again == (gone,) and not result.erasures_unknown
    assert card(db_path, gone) == (f"(erased #{gone})", None) and card(db_path, kept)[0] == "이서연"
    assert not [p for p in db_path.parent.iterdir() if ".restoring" in p.name]
    assert [t for t in TRACES if t in raw_bytes(db_path)] == []


@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
def test_a_failed_re_erase_restores_nothing(erased_after_backup, db_path, monkeypatch):
    from crmdesk.services import privacy as privacy_svc
    from crmdesk.services import restoring

    usb, gone, kept = erased_after_backup
    before = [card(db_path, gone), card(db_path, kept)]

    def fails(session, ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(privacy_svc, "erase_again_after_restore", fails)
    with pytest.raises(RuntimeError):
        restoring.restore_backup(usb, db_path)
    assert [card(db_path, gone), card(db_path, kept)] == before and before[0] == (f"(erased #{gone})", None)
    assert not list(db_path.parent.glob("backups/*before-restore*"))  # nothing was replaced


@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
def test_a_damaged_live_file_warns_and_newer_backups_still_say_who_was_erased(store, db_path, tmp_path):
    from crmdesk.services import restoring
    from crmdesk.store import backups

    gone = make_customer(store)
    usb = backups.backup(store, tmp_path / "usb.sqlite3")
    erase(store, gone)
    backups.backup(store)  # the daily backup after the erase knows it
    store.close()
    data = bytearray(db_path.read_bytes())
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)  # damaged beyond reading
    db_path.write_bytes(bytes(data))
    result = restoring.restore_backup(usb, db_path)
    assert result.erasures_unknown and result.erased_again == (gone,)
    assert card(db_path, gone) == (f"(erased #{gone})", None)


@pytest.mark.sqlite_only("about the bytes of the SQLite file (FTS, WAL, free pages)")
def test_a_damaged_live_file_without_newer_backups_is_a_warning_not_silence(store, db_path, tmp_path):
    from crmdesk.services import restoring
    from crmdesk.store import backups

    make_customer(store)
    usb = backups.backup(store, tmp_path / "usb.sqlite3")
    store.close()
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    result = restoring.restore_backup(usb, db_path)
    assert result.erasures_unknown and result.erased_again == ()
