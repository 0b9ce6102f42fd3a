"""Copies taken before sign-in was turned on (issue 15): they opened with --db and exported everything. Turning
sign-in on says so and offers to protect (the same passwords inside each copy) or remove them; off a terminal
`crmdesk password ID` reads one line and asks nothing else, and prints how to do either."""

import io
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from crmdesk.services import customers as svc
from crmdesk.services import staff


def crmdesk(*args, password=None, stdin=""):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    for name in ("CRMDESK_DB", "LC_ALL", "CRMDESK_PASSWORD"):
        env.pop(name, None)
    if password is not None:
        env["CRMDESK_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, input=stdin)


@pytest.fixture
def unsigned(store, db_path):
    """A shop with an owner but no password yet, two automatic backups and a before-upgrade copy beside it."""
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
        owner = staff.create_staff(session, "정다온", "owner").id
    store.close()
    assert crmdesk("--db", db_path, "backup").returncode == 0
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE customer SET memo = 'changed'")
    conn.close()
    assert crmdesk("--db", db_path, "backup").returncode == 0
    upgrade_copy = db_path.with_name(f"{db_path.stem}.before-v0009.20250101-120000.sqlite3")
    shutil.copyfile(db_path.parent / "backups" / sorted(os.listdir(db_path.parent / "backups"))[0], upgrade_copy)
    copies = sorted((db_path.parent / "backups").glob("*.sqlite3")) + [upgrade_copy]
    assert len(copies) == 3
    return db_path, owner, copies


@pytest.mark.sqlite_only("older SQLite copies in the backups folder")
def test_turning_sign_in_on_off_a_terminal_reads_one_line_asks_nothing_and_says_what_is_open(unsigned, tmp_path):
    db, owner, copies = unsigned
    out = tmp_path / "all.csv"
    assert crmdesk("--db", copies[0], "export", "customers", out).returncode == 0  # the hole, before sign-in
    out.unlink()
    # The secret, then a line a question would have read: nothing is asked, so the copies stay.
    turned = crmdesk("--db", db, "password", owner, stdin="owner-pass\nr\n")
    assert turned.returncode == 0 and turned.stderr == "", turned.stderr
    assert "signs in with the new password" in turned.stdout
    assert "3 older copies of this database open without a password" in turned.stdout
    assert "crmdesk backups --protect" in turned.stdout and "(p)" not in turned.stdout
    assert all(str(c) in turned.stdout for c in copies) and all(c.exists() for c in copies)
    assert "Password or PIN" not in turned.stdout + turned.stderr  # no prompt off a terminal

    refused = crmdesk("--db", db, "backups", "--protect")
    assert refused.returncode == 1 and "password" in refused.stderr
    protected = crmdesk("--db", db, "backups", "--protect", password="owner-pass")
    assert protected.returncode == 0 and "Protected 3 copies" in protected.stdout, protected.stderr
    for copy in copies:
        locked = crmdesk("--db", copy, "export", "customers", out)
        assert locked.returncode == 1 and "password" in locked.stderr and not out.exists(), copy
    assert crmdesk("--db", copies[0], "export", "customers", out, "--reason", "점검",
                   password="owner-pass").returncode == 0
    again = crmdesk("--db", db, "backups", "--protect", password="owner-pass")
    assert "No copy of this database opens without a password" in again.stdout
    log = crmdesk("--db", db, "audit", "--action", "backups_protected", password="owner-pass").stdout
    assert "정다온" in log


@pytest.mark.sqlite_only("older SQLite copies in the backups folder")
def test_copies_that_cannot_be_protected_are_said_and_removed(unsigned, tmp_path):
    db, owner, copies = unsigned
    conn = sqlite3.connect(copies[-1])  # a copy from before passwords existed
    with conn:
        conn.execute("ALTER TABLE staff DROP COLUMN password_hash")
    conn.close()
    assert crmdesk("--db", db, "password", owner, stdin="owner-pass\n").returncode == 0
    protected = crmdesk("--db", db, "backups", "--protect", password="owner-pass")
    assert "Protected 2 copies" in protected.stdout and "1 copies cannot be protected" in protected.stdout
    assert "cannot be protected: remove it" in protected.stdout
    assert crmdesk("--db", db, "backups", "--remove-open").returncode == 1  # the owner's call
    removed = crmdesk("--db", db, "backups", "--remove-open", password="owner-pass")
    assert removed.returncode == 0 and "Removed 1 copies" in removed.stdout
    assert not copies[-1].exists() and copies[0].exists() and copies[1].exists()


@pytest.mark.sqlite_only("older SQLite copies in the backups folder")
def test_on_a_terminal_turning_sign_in_on_offers_to_protect_or_remove(unsigned, monkeypatch, capsys):
    from crmdesk.app import main

    db, owner, copies = unsigned

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("CRMDESK_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "owner-pass")
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt="": asked.append(prompt) or "r")
    assert main(["--db", str(db), "password", str(owner)]) == 0
    out = capsys.readouterr().out
    assert "비밀번호 없이 열립니다" in out and "삭제했습니다" in out
    assert len(asked) == 1 and "보호(p)" in asked[0]
    assert not any(c.exists() for c in copies)
