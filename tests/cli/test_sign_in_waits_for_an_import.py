"""Privileged commands during a large import (issue 15, import that survives): a command's sign-in and a backup's
log entry are short writes that wait for the write lock as long as an import may hold it, saying so, instead of
giving up after SQLite's 5 s busy timeout with "cannot be read to check who may do this". When even that wait runs
out, the refusal says the database is busy with another change, not that it cannot be read."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from crmdesk.services import auth, staff
from crmdesk.services import customers as svc
from tests.write_lock import hold_write_lock, release

# An import's write phase holds the lock (tests/write_lock.py) for at least HOLD_SECONDS, then until released.
WAITING = "Waiting for another change (an import?) to finish"
HOLD_SECONDS = 7.0  # longer than the 5 s busy timeout that made these commands fail


@pytest.fixture
def shop(store, db_path):
    """A shop with sign-in on: an owner with a password, a staff member with a PIN, a customer who consented."""
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        owner = staff.create_staff(session, "정다온", "owner").id
        clerk = staff.create_staff(session, "이하나", "staff").id
    with store.session() as session:
        auth.set_password(session, owner, "owner-pass")
        auth.set_password(session, clerk, "4321")
    store.close()
    return db_path, cid


def _start(args, password, *, wait=None):
    env = {**os.environ, "LANG": "en_US.UTF-8", "CRMDESK_PASSWORD": password}
    for name in ("CRMDESK_DB", "LC_ALL", "CRMDESK_WRITE_WAIT"):
        env.pop(name, None)
    if wait is not None:
        env["CRMDESK_WRITE_WAIT"] = str(wait)
    return subprocess.Popen([sys.executable, "-m", "crmdesk.app", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def _read_stderr(proc, lines, said):
    for line in proc.stderr:
        lines.append(line)
        if WAITING in line:
            said.set()


@pytest.mark.sqlite_only("SQLite's write lock held by another process")
def test_staff_consent_and_owner_backup_wait_for_an_import_and_succeed(shop, tmp_path):
    db, cid = shop
    out = tmp_path / "usb" / "copy.sqlite3"
    holder = hold_write_lock(db, HOLD_SECONDS, until_released=True)
    started = time.monotonic()
    consent = _start(["--db", db, "--as", "이하나", "consent", cid, "--withdraw", "sms", "--method", "verbal"], "4321")
    backup = _start(["--db", db, "backup", out], "owner-pass")
    readers = []
    for proc in (consent, backup):
        lines, said = [], threading.Event()
        thread = threading.Thread(target=_read_stderr, args=(proc, lines, said), daemon=True)
        thread.start()
        readers.append((proc, lines, said, thread))
    try:
        # Both say they wait (once they have waited a moment) while the lock is held, then go on once it ends.
        for proc, lines, said, _ in readers:
            assert said.wait(timeout=90), "".join(lines)
            assert proc.poll() is None  # still waiting, not refused
    finally:
        release(holder)
    assert time.monotonic() - started > HOLD_SECONDS  # the lock was held longer than the 5 s busy timeout
    for proc, lines, _, thread in readers:
        stdout = proc.stdout.read()
        proc.wait(timeout=120)
        thread.join(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        stderr = "".join(lines)
        assert proc.returncode == 0, stderr
        assert "cannot be read" not in stderr and "Traceback" not in stderr
        assert stdout
    con = sqlite3.connect(db)
    try:
        withdrawn = con.execute("SELECT granted FROM consent_event WHERE customer_id = ? AND purpose = 'sms' "
                                "ORDER BY id DESC LIMIT 1", (cid,)).fetchone()
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log ORDER BY id")]
    finally:
        con.close()
    assert withdrawn == (0,)
    assert out.exists() and actions.count("sign_in") == 2 and "backup" in actions


@pytest.mark.sqlite_only("SQLite's write lock held by another process")
@pytest.mark.parametrize("lang, busy", [("en", "busy with another change (an import?)"),
                                        ("ko", "다른 변경(가져오기?)이")])
def test_when_the_wait_runs_out_the_refusal_says_busy_not_unreadable(shop, lang, busy):
    db, cid = shop
    holder = hold_write_lock(db, HOLD_SECONDS, until_released=True)
    try:
        proc = _start(["--lang", lang, "--db", db, "--as", "이하나", "consent", cid, "--withdraw", "sms"], "4321",
                      wait=2)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        release(holder)
    assert proc.returncode == 1
    assert busy in stderr, stderr
    assert "cannot be read" not in stderr and "읽을 수 없어" not in stderr and "Traceback" not in stderr


@pytest.mark.sqlite_only("SQLite's write lock held by another process")
def test_a_change_with_sign_in_off_waits_too_and_a_refusal_is_one_line(store, db_path):
    """Without passwords there is no sign-in to wait: the change's own first write waits for the import instead of
    ending in a traceback ("database is locked") after 5 s."""
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
    store.close()
    holder = hold_write_lock(db_path, HOLD_SECONDS, until_released=True)
    started = time.monotonic()
    change = _start(["--db", db_path, "consent", cid, "--grant", "sms"], "")
    lines, said = [], threading.Event()
    reader = threading.Thread(target=_read_stderr, args=(change, lines, said), daemon=True)
    reader.start()
    try:
        assert said.wait(timeout=90), "".join(lines)
    finally:
        release(holder)
    assert time.monotonic() - started > HOLD_SECONDS
    change.wait(timeout=120)
    reader.join(timeout=30)
    change.stdout.close()
    change.stderr.close()
    assert change.returncode == 0 and "Traceback" not in "".join(lines), "".join(lines)
    holder = hold_write_lock(db_path, HOLD_SECONDS, until_released=True)
    try:
        refused = _start(["--db", db_path, "consent", cid, "--withdraw", "sms"], "", wait=2)
        _out, err = refused.communicate(timeout=60)
    finally:
        release(holder)
    assert refused.returncode == 1 and "busy with another change (an import?)" in err and "Traceback" not in err
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT granted FROM consent_event WHERE customer_id = ? AND purpose = 'sms' ORDER BY id "
                           "DESC LIMIT 1", (cid,)).fetchone() == (1,)  # granted; the refused withdrawal left nothing
    finally:
        con.close()


@pytest.mark.parametrize("value", ["inf", "nan", "1e10", "-5", "many"])
def test_an_odd_write_wait_setting_is_a_sane_wait_not_a_traceback(value):
    """CRMDESK_WRITE_WAIT=inf overflowed SQLite's busy timeout into a traceback, 1e10 wrapped round to a wait of
    two seconds: an odd value is the default, a huge one a day, a negative one none."""
    probe = "from crmdesk.store import engine; print(engine.WRITE_WAIT_SECONDS)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, "CRMDESK_WRITE_WAIT": value})
    assert float(out.stdout) == {"1e10": 86_400.0, "-5": 0.0}.get(value, 180.0)


@pytest.mark.sqlite_only("SQLite's write lock held by another process")
def test_a_command_that_gives_up_early_does_not_claim_the_long_wait(store, db_path):
    """A command that reads and then writes gives up after the busy timeout, not after CRMDESK_WRITE_WAIT: its
    refusal says the database is busy without claiming it waited 30 seconds."""
    store.close()
    holder = hold_write_lock(db_path, HOLD_SECONDS, until_released=True)
    try:
        proc = _start(["--db", db_path, "rfm", "--default-segments"], "", wait=30)
        _stdout, stderr = proc.communicate(timeout=60)
    finally:
        release(holder)
    assert proc.returncode == 1
    assert "busy with another change (an import?)" in stderr, stderr
    assert "30 seconds" not in stderr and "Traceback" not in stderr
