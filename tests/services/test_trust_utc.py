"""Time for security comes from UTC, not from the TZ variable (issue 15): a lock-out made under one TZ holds under
another, lasts five minutes of real time, and audit entries are stamped in UTC whatever TZ says; the upgrade
converts the local stamps written before."""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from crmdesk.services import audit, audit_check, auth, staff

TRIES = """
import json, sys
from crmdesk.services import auth
from crmdesk.store import open_store
store = open_store(sys.argv[1])
out = []
for secret in sys.argv[3:]:
    try:
        auth.sign_in(store, int(sys.argv[2]), secret)
        out.append("ok")
    except auth.SignInRefused as refused:
        out.append("locked" if refused.locked_until else "wrong")
store.close()
print(json.dumps(out))
"""

WEST, EAST = "PST8", "KST-9"  # POSIX zones: UTC-8 and UTC+9, 17 hours apart, no tz database needed


def tries(db_path, owner_id, *secrets, tz):
    env = {**os.environ, "TZ": tz}
    done = subprocess.run([sys.executable, "-c", TRIES, str(db_path), str(owner_id), *secrets], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def owner(store):
    with store.session() as s:
        member = staff.create_staff(s, "정다온", "owner")
        auth.set_password(s, member.id, "owner-secret")
        s.get_one(type(member), member.id).password_hash = auth.hash_secret("owner-secret", n=2**10)  # quick
    store.close()
    return member.id


def utc_now():
    return datetime.now(UTC).replace(tzinfo=None)


def test_a_lock_made_in_one_time_zone_holds_in_another(db_target, owner):
    assert tries(db_target, owner, *["wrong-1"] * 5, tz=WEST) == ["wrong"] * 4 + ["locked"]
    # 17 hours "later" by the local clock: before, this escaped the lock (16 guesses in 27 s)
    assert tries(db_target, owner, "owner-secret", "wrong-2", tz=EAST) == ["locked", "locked"]


def test_a_lock_lasts_five_real_minutes_whatever_the_zone(db_target, owner, store):
    assert tries(db_target, owner, *["wrong-1"] * 5, tz=EAST)[-1] == "locked"
    with store.engine.connect() as conn:
        until = conn.execute(text("SELECT locked_until FROM staff WHERE id = :i"), {"i": owner}).scalar()
    until = until if isinstance(until, datetime) else datetime.fromisoformat(until)  # SQLite: text
    # before: nine hours ahead of UTC (an owner locked out for most of a day)
    assert timedelta(minutes=4) < until - utc_now() <= timedelta(minutes=5)
    assert tries(db_target, owner, "owner-secret", tz=WEST) == ["locked"]


def test_audit_entries_are_stamped_in_utc_in_any_zone(db_target, owner, store):
    tries(db_target, owner, "wrong-1", tz=EAST)
    tries(db_target, owner, "wrong-1", tz=WEST)
    tries(db_target, owner, "owner-secret", tz="UTC0")
    with store.session() as s:
        entries = [e for e in audit.list_entries(s) if e.action in ("sign_in_failed", "sign_in")]
    assert len(entries) == 3
    assert all(abs(e.at - utc_now()) < timedelta(minutes=2) for e in entries)
    assert audit_check.audit_problems(db_target) == []


@pytest.fixture
def seoul(monkeypatch):
    """This process in UTC+9, as a shop's computer in Korea."""
    monkeypatch.setenv("TZ", EAST)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_upgrade_turns_local_stamps_into_utc_and_chains_them(tmp_path, seoul):
    from crmdesk.store import open_store, schema
    from crmdesk.store.engine import Store, database_url, make_engine

    path = tmp_path / "v10.sqlite3"
    url = database_url(path)
    old = Store(make_engine(url), url)
    schema.upgrade(old, "0010")
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO staff (name, role, active, created_at, failed_sign_ins, locked_until) VALUES "
                          "('정다온', 'owner', 1, '2026-01-01 09:00:00', 0, '2026-01-02 10:05:00')"))
        conn.execute(text("INSERT INTO audit_log (at, staff_id, actor, action, details) VALUES "
                          "('2026-01-02 10:00:00', 1, '정다온', 'locked', '{\"until\": \"2026-01-02 10:05:00\"}')"))
        conn.execute(text("INSERT INTO audit_log (at, actor, action, details) VALUES "
                          "('2026-01-02 11:00:00.000000', 'command line', 'export', '{\"file\": \"a.csv\"}')"))
    old.close()

    store = open_store(path)
    try:
        with store.engine.connect() as conn:
            stamps = [datetime.fromisoformat(a) for (a,) in conn.execute(
                text("SELECT at FROM audit_log WHERE id <= 2 ORDER BY id"))]
            until = conn.execute(text("SELECT locked_until FROM staff")).scalar()
            baseline = conn.execute(text("SELECT details FROM audit_log WHERE action = 'staff'")).scalar()
        assert stamps == [datetime(2026, 1, 2, 1, 0), datetime(2026, 1, 2, 2, 0)]
        assert datetime.fromisoformat(until) == datetime(2026, 1, 2, 1, 5)
        assert json.loads(baseline)["role"] == "owner"
        assert audit_check.audit_problems(path) == []
        with store.session() as s:  # shown in the shop's own time again
            assert audit.local_time(audit.list_entries(s)[-1]) == datetime(2026, 1, 2, 10, 0)
    finally:
        store.close()


def test_the_audit_filter_takes_the_shops_days(store, seoul):
    from datetime import date

    from crmdesk.models import AuditEntry

    with store.session() as s:  # 00:30 on 2 January in Seoul is 15:30 on 1 January in UTC
        s.add(AuditEntry(at=datetime(2026, 1, 1, 15, 30), actor="command line", action="view", details="{}"))
    with store.session() as s:
        found = audit.list_entries(s, audit.AuditQuery(start=date(2026, 1, 2), end=date(2026, 1, 2)))
    assert [e.at for e in found] == [datetime(2026, 1, 1, 15, 30)]
