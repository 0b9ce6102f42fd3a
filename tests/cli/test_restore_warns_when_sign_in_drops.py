"""Restoring a backup taken before sign-in was on, over a database that asks for it, turns sign-in off: the
owner is told so, on the command line and in the window (issue 15: sign-in that holds)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from crmdesk.services import auth, restoring, staff
from crmdesk.services import customers as svc

SQLITE_ONLY = "restores a SQLite backup file; pg_dump restore is issue 16's remaining work"


def _shop(store, db_path, tmp_path):
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
        owner = staff.create_staff(session, "정다온", "owner").id
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    old = tmp_path / "before-passwords.sqlite3"
    shutil.copyfile(db_path, old)
    with store.session() as session:
        auth.set_password(session, owner, "owner-pass")
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    protected = tmp_path / "with-passwords.sqlite3"
    shutil.copyfile(db_path, protected)
    store.close()
    return old, protected


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_a_restore_that_turns_sign_in_off_says_so(store, db_path, tmp_path):
    old, protected = _shop(store, db_path, tmp_path)
    assert restoring.restore_backup(protected, db_path).sign_in_dropped is False  # passwords in both
    assert restoring.restore_backup(old, db_path).sign_in_dropped is True
    assert restoring.restore_backup(old, db_path).sign_in_dropped is False  # it was off already


@pytest.mark.sqlite_only(SQLITE_ONLY)
def test_the_restore_command_warns_in_korean_when_sign_in_drops(store, db_path, tmp_path):
    old, _ = _shop(store, db_path, tmp_path)
    env = {**os.environ, "LANG": "ko_KR.UTF-8", "CRMDESK_PASSWORD": "owner-pass"}
    env.pop("CRMDESK_DB", None)
    env.pop("LC_ALL", None)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", "--db", str(db_path), "restore", str(old), "--yes"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "로그인이 꺼져 있고" in result.stderr
