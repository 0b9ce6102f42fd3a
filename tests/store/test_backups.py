"""Backups a shop can rely on: copies that hold every saved record, a restore that refuses bad files and
can itself be undone, and a check that finds damage."""

import os
import sqlite3

import pytest
from sqlalchemy import text

from crmdesk.errors import StoreError
from crmdesk.services import customers as svc
from crmdesk.store import backups, open_store

pytestmark = pytest.mark.sqlite_only("backup, restore and check of the SQLite file (pg_dump: issue 16, not yet)")


def names(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM customer"))
    finally:
        conn.close()


def add(store, *people):
    with store.session() as session:
        for name, phone in people:
            svc.create_customer(session, {"name": name, "phone": phone})


def corrupt(path):
    """Overwrite the start of the page holding the customer rows, as a failing disk would."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customer'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as fh:
        fh.seek((root - 1) * page_size + 0)
        fh.write(b"\xff" * 64)


def test_round_trip_keeps_every_record_even_while_the_window_has_the_database_open(store, db_path, tmp_path):
    add(store, ("김민수", "010-1234-5678"), ("이서연", "010-3333-4444"))
    # The window's connection holds the newest rows in the WAL file, not yet in the main file.
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert os.path.getsize(str(db_path) + "-wal") > 0
    copy = backups.backup(store, tmp_path / "copy.sqlite3")
    assert names(copy) == ["김민수", "이서연"]
    assert not os.path.exists(str(copy) + "-wal")  # one self-contained file

    add(store, ("박지난", "010-7777-0000"))
    store.close()
    backups.restore(copy, db_path, yes=True)
    reopened = open_store(db_path)
    try:
        with reopened.session() as session:
            found = {c.name for c in svc.search_customers(session, svc.CustomerQuery())}
    finally:
        reopened.close()
    assert found == {"김민수", "이서연"}


def test_automatic_backups_go_beside_the_database_and_keep_the_newest(store, db_path):
    made = []
    for i in range(5):
        add(store, (f"손님{i}", f"010-1234-{i:04d}"))
        made.append(backups.backup(store, keep=3))
    listed = backups.list_backups(db_path)
    assert [b.path for b in listed] == list(reversed(made))[:3]
    assert all(b.path.parent == db_path.parent / "backups" for b in listed)
    assert all(b.size > 0 for b in listed)
    assert not made[0].exists() and not made[1].exists()
    assert names(listed[0].path) == [f"손님{i}" for i in range(5)]


def test_an_unchanged_database_adds_no_automatic_backup(store, db_path):
    """Opening and closing the window without changes must not push older backups out of the set."""
    add(store, ("김민수", "010-1234-5678"))
    first = backups.backup(store, keep=2)
    add(store, ("이서연", "010-3333-4444"))
    second = backups.backup(store, keep=2)
    for _ in range(3):
        assert backups.automatic_backup(store, keep=2) == second
    assert [b.path for b in backups.list_backups(db_path)] == [second, first]


def test_rotation_keeps_an_older_good_backup_when_the_newest_are_damaged(store, db_path):
    good = backups.backup(store, keep=10)
    damaged = []
    for i in range(2):
        add(store, (f"손님{i}", f"010-1234-{i:04d}"))
        damaged.append(backups.backup(store, keep=10))
    assert len({good, *damaged}) == 3
    for path in damaged:
        corrupt(path)
    backups.rotate(db_path, keep=2)
    assert good.exists()
    assert all(p.exists() for p in damaged)


def test_restore_saves_the_current_database_first_so_it_can_be_undone(store, db_path, tmp_path):
    add(store, ("김민수", "010-1234-5678"))
    copy = backups.backup(store, tmp_path / "old.sqlite3")
    add(store, ("이서연", "010-3333-4444"))
    store.close()
    result = backups.restore(copy, db_path, yes=True)
    assert names(db_path) == ["김민수"]
    assert result.previous is not None and result.previous.parent == db_path.parent / "backups"
    assert names(result.previous) == ["김민수", "이서연"]
    assert any(b.path == result.previous and not b.automatic for b in backups.list_backups(db_path))
    # Undo: restore the copy taken before the restore.
    backups.restore(result.previous, db_path, yes=True)
    assert names(db_path) == ["김민수", "이서연"]


def make_foreign(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    conn.commit()
    conn.close()


def make_newer(path, source):
    conn = sqlite3.connect(path)
    original = sqlite3.connect(source)
    original.backup(conn)
    original.close()
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind, message", [
    ("corrupted", "damaged"), ("foreign", "another program"), ("newer", "newer version"),
    ("text", "not an SQLite file"), ("empty database", "empty database")])
def test_restore_refuses_a_bad_backup_and_leaves_the_database_untouched(store, db_path, tmp_path, kind, message):
    add(store, ("김민수", "010-1234-5678"))
    store.close()
    bad = tmp_path / "bad.sqlite3"
    if kind == "corrupted":
        backups.backup(db_path, bad)
        corrupt(bad)
    elif kind == "foreign":
        make_foreign(bad)
    elif kind == "newer":
        make_newer(bad, db_path)
    elif kind == "text":
        bad.write_text("이름,전화\n김민수,010\n", encoding="utf-8")
    else:
        sqlite3.connect(bad).close()
        bad.write_bytes(b"")
        conn = sqlite3.connect(bad)
        conn.execute("PRAGMA user_version = 1")
        conn.close()
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=message):
        backups.restore(bad, db_path, yes=True)
    assert db_path.read_bytes() == before
    assert names(db_path) == ["김민수"]
    assert not list(tmp_path.glob(".*restoring"))
    assert not [b for b in backups.list_backups(db_path) if not b.automatic]


def test_restore_without_confirmation_does_nothing(store, db_path, tmp_path):
    copy = backups.backup(store, tmp_path / "copy.sqlite3")
    add(store, ("김민수", "010-1234-5678"))
    store.close()
    with pytest.raises(StoreError, match="confirm"):
        backups.restore(copy, db_path, yes=False)
    assert names(db_path) == ["김민수"]


def test_restore_over_a_damaged_database_keeps_the_damaged_bytes_aside(store, db_path, tmp_path):
    add(store, ("김민수", "010-1234-5678"))
    copy = backups.backup(store, tmp_path / "good.sqlite3")
    store.close()
    db_path.write_bytes(b"garbage" * 1000)
    result = backups.restore(copy, db_path, yes=True)
    assert names(db_path) == ["김민수"]
    assert result.previous.read_bytes() == b"garbage" * 1000


def test_backup_of_a_damaged_database_is_refused_and_leaves_no_file(store, db_path, tmp_path):
    add(store, ("김민수", "010-1234-5678"))
    store.close()
    corrupt(db_path)
    with pytest.raises(StoreError, match="damaged"):
        backups.backup(db_path, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()
    assert list(tmp_path.glob(".*partial")) == []


def test_check_finds_nothing_wrong_in_a_sound_database(store, db_path):
    add(store, ("김민수", "010-1234-5678"))
    assert backups.check(db_path) == []


def corrupt_middle_of_a_full_page(path):
    """Overwrite 64 bytes in the middle of a table page whose rows fill it past the middle."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for start in range(page_size, len(data), page_size):
        content_start = int.from_bytes(data[start + 5:start + 7], "big")
        if data[start] == 0x0D and 0 < content_start < page_size // 2:
            data[start + page_size // 2:start + page_size // 2 + 64] = b"\xff" * 64
            path.write_bytes(bytes(data))
            return
    raise AssertionError("no full table page to damage")


def test_check_reports_a_damaged_page(store, db_path, tmp_path):
    for i in range(50):
        add(store, (f"손님{i}", f"010-1234-{i:04d}"))
    copy = backups.backup(store, tmp_path / "copy.sqlite3")
    corrupt_middle_of_a_full_page(copy)
    problems = backups.check(copy)
    assert problems and all(p for p in problems)
    assert any("damaged" in p.lower() or "cannot be read" in p for p in problems)


def test_check_reports_a_purchase_of_a_customer_that_does_not_exist(store, db_path):
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO purchase (customer_id, purchased_at, total, created_at, discount) "
                 "VALUES (424242, '2024-02-01 12:00:00', 12000, '2024-02-01 12:00:00', 0)")
    conn.commit()
    conn.close()
    problems = backups.check(db_path)
    assert len(problems) == 1
    assert "purchase row" in problems[0] and "customer_id" in problems[0] and "does not exist" in problems[0]


def test_check_names_a_foreign_database(tmp_path):
    path = tmp_path / "places.sqlite"
    make_foreign(path)
    assert any("not a crmdesk database" in p for p in backups.check(path))


def test_restore_refuses_a_database_another_program_has_open(store, db_path, tmp_path):
    add(store, ("김민수", "010-1234-5678"))
    copy = backups.backup(store, tmp_path / "copy.sqlite3")
    add(store, ("이서연", "010-3333-4444"))
    with store.engine.connect() as window:  # as the crmdesk window holds it
        window.execute(text("SELECT count(*) FROM customer")).scalar()
        with pytest.raises(StoreError, match="in use"):
            backups.restore(copy, db_path, yes=True)
    store.close()
    assert names(db_path) == ["김민수", "이서연"]
