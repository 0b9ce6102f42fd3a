"""When the only owner forgets the password (issue 15): a recovery code is shown once when the first owner
password is set, only its hash is kept, and it sets a new password (audited, counted like a wrong try when
wrong, used up and replaced by the next code)."""

import os
import subprocess
import sys

import pytest
from sqlmodel import select

from crmdesk.models import AuditEntry, Staff
from crmdesk.services import audit_check, auth, staff


@pytest.fixture
def shop(store):
    with store.session() as s:
        clerk = staff.create_staff(s, "김하늘").id
        owner = staff.create_staff(s, "정다온", "owner").id
        second = staff.create_staff(s, "이준호", "owner").id
    return owner, second, clerk


def test_the_first_owner_password_issues_a_code_and_only_its_hash_is_kept(store, shop):
    owner, second, clerk = shop
    with store.session() as s:
        _, code = auth.set_password_with_code(s, owner, "owner-secret")
        assert code and len(code.replace("-", "")) == 20
        assert auth.set_password_with_code(s, clerk, "2580")[1] is None  # staff get none
        assert auth.set_password_with_code(s, second, "second-secret")[1] is None  # one code is enough
        assert auth.set_password_with_code(s, owner, "owner-secret-2")[1] is None  # not again
        stored = s.get_one(Staff, owner).recovery_hash
    assert code not in stored and code.replace("-", "") not in stored
    assert auth.verify_secret(code.replace("-", ""), stored)


def test_the_code_sets_a_new_password_once_and_is_audited(store, shop, db_target):
    owner, *_ = shop
    with store.session() as s:
        _, code = auth.set_password_with_code(s, owner, "owner-secret")
    who, next_code = auth.recover(store, owner, code.lower(), "new-secret")  # case and dashes do not matter
    assert who.staff_id == owner and next_code != code
    assert auth.sign_in(store, owner, "new-secret").staff_id == owner
    with pytest.raises(auth.SignInRefused):
        auth.sign_in(store, owner, "owner-secret")
    with pytest.raises(auth.SignInRefused):  # used up
        auth.recover(store, owner, code, "other-secret")
    auth.recover(store, owner, next_code, "third-secret")
    with store.session() as s:
        details = [e.details for e in s.exec(select(AuditEntry).where(AuditEntry.action == "password"))]
    assert sum('"recovery_code": "used"' in d for d in details) == 2
    assert not any(code in d or next_code in d for d in details)
    assert audit_check.audit_problems(db_target) == []


def test_wrong_codes_lock_the_account_like_wrong_passwords(store, shop):
    owner, *_ = shop
    with store.session() as s:
        _, code = auth.set_password_with_code(s, owner, "owner-secret")
    for _ in range(auth.MAX_FAILURES - 1):
        with pytest.raises(auth.SignInRefused) as refused:
            auth.recover(store, owner, "AAAA-BBBB-CCCC-DDDD-EEEE", "new-secret")
        assert refused.value.tries_left is not None
    with pytest.raises(auth.SignInRefused) as refused:
        auth.recover(store, owner, "AAAA-BBBB-CCCC-DDDD-EEEE", "new-secret")
    assert refused.value.locked_until is not None
    with pytest.raises(auth.SignInRefused, match="locked"):
        auth.recover(store, owner, code, "new-secret")  # even the right code waits for the lock


def test_a_too_short_new_password_is_refused_before_the_code_is_spent(store, shop):
    from crmdesk.errors import ValidationError

    owner, *_ = shop
    with store.session() as s:
        _, code = auth.set_password_with_code(s, owner, "owner-secret")
    with pytest.raises(ValidationError):
        auth.recover(store, owner, code, "123")
    assert auth.recover(store, owner, code, "new-secret")[1]


def crmdesk(*args, stdin=None, password=None):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_PASSWORD", None)
    env.pop("CRMDESK_DB", None)
    if password is not None:
        env["CRMDESK_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, input=stdin)


def test_the_command_line_prints_the_code_and_resets_with_it(store, shop, db_target):
    owner, *_ = shop
    store.close()
    first = crmdesk("password", owner, "--db", db_target, stdin="owner-secret\n")
    assert first.returncode == 0, first.stderr
    assert "Recovery code for 정다온" in first.stdout and "Write it down" in first.stdout
    code = first.stdout.split("Recovery code for 정다온: ")[1].split()[0]
    wrong = crmdesk("password", owner, "--db", db_target, "--recovery-code", "WRONG", stdin="new-secret\n")
    assert wrong.returncode != 0 and "Wrong recovery code (4 more tries" in wrong.stderr, wrong.stderr
    assert "password or PIN" not in wrong.stderr
    reset = crmdesk("password", owner, "--db", db_target, "--recovery-code", code, stdin="new-secret\n")
    assert reset.returncode == 0, reset.stderr
    assert "Recovery code for 정다온" in reset.stdout and code not in reset.stdout
    cleared = crmdesk("password", owner, "--db", db_target, "--recovery-code", code, "--clear")
    assert cleared.returncode != 0 and "Sign-in is on" in cleared.stderr  # the code never clears a password
    assert auth.sign_in(store, owner, "new-secret").staff_id == owner
