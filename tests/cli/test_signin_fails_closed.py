"""Sign-in fails closed (issue 15): when the live database cannot be read to tell whether sign-in is on (another
process holds a lock, the file is busy or damaged), `restore` and the other privileged commands refuse instead of
skipping the check; and `backup --keep 1` no longer deletes older backups for whoever asks."""

import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from crmdesk.services import auth, staff
from crmdesk.services import customers as svc

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
if sys.argv[2] == "exclusive":
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
else:
    conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE customer SET memo = memo WHERE id = -1")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


def crmdesk(*args, password=None, stdin=""):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    for name in ("CRMDESK_DB", "LC_ALL", "CRMDESK_PASSWORD"):
        env.pop(name, None)
    if password is not None:
        env["CRMDESK_PASSWORD"] = password
    env["CRMDESK_WRITE_WAIT"] = "2"  # a sign-in waits this long for a lock (an import's: minutes) before it refuses
    return subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, input=stdin)


@pytest.fixture
def protected(store, db_path, tmp_path):
    """A shop whose backup was taken before sign-in was turned on (no passwords in it), then an owner password."""
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
        owner = staff.create_staff(session, "정다온", "owner").id
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    old = tmp_path / "old.sqlite3"
    shutil.copyfile(db_path, old)
    with store.session() as session:
        auth.set_password(session, owner, "owner-pass")
    store.close()
    return db_path, old


def _passwords(db) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM staff WHERE password_hash IS NOT NULL").fetchone()[0]
    finally:
        conn.close()


class _Holder:
    """A second process holding a lock on the database until closed."""

    def __init__(self, db, how: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(db), how], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@pytest.mark.parametrize("how", ["write", "exclusive"])
@pytest.mark.parametrize("password", [None, "owner-pass"])
@pytest.mark.sqlite_only("an SQLite file locked or of an older schema")
def test_a_restore_while_another_process_holds_a_lock_is_refused(protected, how, password):
    db, old = protected
    holder = _Holder(db, how)
    try:
        result = crmdesk("--db", db, "restore", old, "--yes", password=password)
    finally:
        holder.close()
    assert result.returncode == 1, result.stdout
    assert "Restored" not in result.stdout and "Traceback" not in result.stderr
    assert "password" in result.stderr or "busy with another change" in result.stderr, result.stderr
    assert _passwords(db) == 1  # the protected database is still the protected one


@pytest.mark.parametrize("args", [["export", "customers", "{out}"], ["backup", "{out}"], ["audit"]])
@pytest.mark.sqlite_only("an SQLite file locked or of an older schema")
def test_privileged_commands_refuse_a_database_they_cannot_read(protected, tmp_path, args):
    db, _ = protected
    out = tmp_path / "out.sqlite3" if args[0] == "backup" else tmp_path / "out.csv"
    holder = _Holder(db, "exclusive")
    try:
        result = crmdesk("--db", db, *[a.format(out=out) for a in args])
    finally:
        holder.close()
    assert result.returncode == 1 and "busy with another change" in result.stderr, result.stderr  # store's or sign-in's
    assert not out.exists()


@pytest.mark.sqlite_only("an SQLite file locked or of an older schema")
def test_a_damaged_protected_database_is_not_replaced_unchecked(protected, tmp_path):
    db, old = protected
    size = db.stat().st_size
    with db.open("r+b") as fh:  # keep the header and the schema page, spoil every page after it
        fh.seek(4096)
        fh.write(b"\xff" * (size - 4096))
    result = crmdesk("--db", db, "restore", old, "--yes")
    assert result.returncode == 1 and "cannot be read to check who may do this" in result.stderr, result.stderr
    assert "Restored" not in result.stdout


@pytest.mark.sqlite_only("an SQLite file locked or of an older schema")
def test_backup_keep_one_needs_the_owner_and_deletes_nothing_without(protected):
    db, _ = protected
    for _ in range(3):
        assert crmdesk("--db", db, "backup", password="owner-pass").returncode == 0
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("UPDATE customer SET memo = coalesce(memo, '') || 'x'")  # a change, so a new backup is kept
        conn.close()
    folder = db.parent / "backups"
    before = sorted(folder.iterdir())
    refused = crmdesk("--db", db, "backup", "--keep", "1")
    assert refused.returncode == 1 and "password" in refused.stderr
    assert sorted(folder.iterdir()) == before
    assert crmdesk("--db", db, "backup", "--keep", "1", password="owner-pass").returncode == 0
    assert len([p for p in folder.iterdir() if p.suffix == ".sqlite3"]) < len(before)
