"""Concurrent wrong tries all count (issue 15): six processes trying a wrong password on one SQLite file at the
same moment are each counted and audited (before, 5 of 6 were neither), the account locks after the fifth, and
the audit chain stays one line."""

import multiprocessing

import pytest
from sqlmodel import select

from crmdesk.models import AuditEntry, Staff
from crmdesk.services import audit_check, auth, staff

PROCESSES = 6


def _one_try(db_path, staff_id, start, results):
    from crmdesk.store import open_store

    store = open_store(db_path)
    start.wait(30)
    try:
        auth.sign_in(store, staff_id, "wrong-secret")
        results.put("ok")
    except auth.SignInRefused as refused:
        results.put("locked" if refused.locked_until else "wrong")
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(f"error: {exc!r}")
    finally:
        store.close()


@pytest.fixture
def owner(store):
    with store.session() as s:
        member = staff.create_staff(s, "정다온", "owner")
        auth.set_password(s, member.id, "owner-secret")
        s.get_one(Staff, member.id).password_hash = auth.hash_secret("owner-secret", n=2**10)  # quick tries
    store.close()
    return member.id


def test_simultaneous_wrong_tries_are_each_counted_and_audited(db_target, owner, store):
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=_one_try, args=(db_target, owner, start, results)) for _ in range(PROCESSES)]
    for worker in workers:
        worker.start()
    start.set()
    outcome = sorted(results.get(timeout=60) for _ in workers)
    for worker in workers:
        worker.join(30)
    assert not [o for o in outcome if o.startswith("error")], outcome
    # four wrong tries, the fifth locks, the sixth finds the account locked
    assert outcome == ["locked", "locked", "wrong", "wrong", "wrong", "wrong"]
    with store.session() as s:
        entries = list(s.exec(select(AuditEntry).where(AuditEntry.action.in_(["sign_in_failed", "locked"]))))
        member = s.get_one(Staff, owner)
    assert sum(e.action == "sign_in_failed" for e in entries) == PROCESSES
    assert sum(e.action == "locked" for e in entries) == 1
    assert member.locked_until is not None and member.failed_sign_ins == 0
    assert audit_check.audit_problems(db_target) == []
