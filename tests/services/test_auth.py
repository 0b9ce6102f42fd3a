from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from crmdesk.errors import ValidationError
from crmdesk.models import AuditEntry, Staff
from crmdesk.services import auth, staff


@pytest.fixture
def clerk(store):
    with store.session() as session:
        member = staff.create_staff(session, "김하늘")
        owner = staff.create_staff(session, "정다온", "owner")
        assert not auth.sign_in_required(session)
        auth.set_password(session, owner.id, "owner-secret")
        assert auth.sign_in_required(session)
        auth.set_password(session, member.id, "2580")
    return member.id


def audit_actions(store):
    with store.session() as session:
        return [e.action for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))]


def test_secrets_are_salted_scrypt_hashes_with_their_parameters(store, clerk, monkeypatch):
    monkeypatch.undo()  # the real cost, not the tests' quick one
    first, second = auth.hash_secret("2580"), auth.hash_secret("2580")
    assert first != second  # salted
    scheme, n, r, p, salt, key = first.split("$")
    assert (scheme, int(n), int(r), int(p), len(bytes.fromhex(salt)), len(bytes.fromhex(key))) == \
        ("scrypt", 2**17, 8, 1, 16, 32)
    assert auth.verify_secret("2580", first) and not auth.verify_secret("2581", first)
    cheap = auth.hash_secret("2580", n=2**10)  # older, cheaper parameters still verify
    assert auth.verify_secret("2580", cheap)
    with store.session() as session:
        stored = session.get(Staff, clerk).password_hash
    assert "2580" not in stored and auth.verify_secret("2580", stored)
    assert not auth.verify_secret("2580", "garbage") and not auth.verify_secret("2580", None)


def test_short_pins_and_passwords_are_refused(store, clerk):
    for secret in ("123", "abc12"):
        with pytest.raises(ValidationError, match="at least"):
            with store.session() as session:
                auth.set_password(session, clerk, secret)


def test_sign_in_succeeds_and_is_audited(store, clerk):
    actor = auth.sign_in(store, clerk, "2580")
    assert (actor.staff_id, actor.name, actor.role) == (clerk, "김하늘", "staff")
    assert audit_actions(store)[-1] == "sign_in"


def test_five_wrong_tries_lock_the_account_even_for_the_right_pin(store, clerk):
    start = datetime(2026, 3, 1, 10, 0)
    for left in ("4 more tries", "3 more tries", "2 more tries", r"\(1 more try before"):
        with pytest.raises(auth.SignInRefused, match=left):
            auth.sign_in(store, clerk, "0000", at=start)
    with pytest.raises(auth.SignInRefused, match="locked for 5 minutes") as err:
        auth.sign_in(store, clerk, "0000", at=start)
    assert err.value.locked_until == start + timedelta(minutes=5)
    with pytest.raises(auth.SignInRefused, match="locked"):
        auth.sign_in(store, clerk, "2580", at=start + timedelta(minutes=4))
    assert auth.sign_in(store, clerk, "2580", at=start + timedelta(minutes=6)).staff_id == clerk
    actions = audit_actions(store)
    assert actions.count("sign_in_failed") == 6 and actions.count("locked") == 1
    assert actions[-1] == "sign_in"


def test_a_success_resets_the_failure_count(store, clerk):
    for _ in range(3):
        with pytest.raises(auth.SignInRefused):
            auth.sign_in(store, clerk, "1111")
    auth.sign_in(store, clerk, "2580")
    with pytest.raises(auth.SignInRefused, match="4 more tries"):
        auth.sign_in(store, clerk, "1111")


def test_an_owner_must_be_able_to_sign_in_before_staff_can(store):
    with store.session() as session:
        clerk = staff.create_staff(session, "김하늘").id
        owner = staff.create_staff(session, "정다온", "owner").id
    with pytest.raises(ValidationError, match="owner a password or PIN first"):
        with store.session() as session:
            auth.set_password(session, clerk, "2580")
    with store.session() as session:
        auth.set_password(session, owner, "owner-secret")
        auth.set_password(session, clerk, "2580")
    with pytest.raises(ValidationError, match="only owner who can sign in"):
        with store.session() as session:
            auth.set_password(session, owner, None)
    with store.session() as session:
        auth.set_password(session, clerk, None)
        auth.set_password(session, owner, None)
        assert not auth.sign_in_required(session)


def test_inactive_or_passwordless_accounts_cannot_sign_in(store, clerk):
    with store.session() as session:
        other = staff.create_staff(session, "이준호").id
        staff.update_staff(session, clerk, active=False)
        assert auth.sign_in_required(session)  # the owner still has a password
    for member in (clerk, other):
        with pytest.raises(auth.SignInRefused, match="cannot sign in"):
            auth.sign_in(store, member, "2580")


def test_an_older_cheaper_hash_signs_in_and_is_rehashed_at_todays_cost(store, clerk, monkeypatch):
    monkeypatch.undo()  # the real cost, not the tests' quick one
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
        session.get(Staff, owner).password_hash = auth.hash_secret("owner-pass", n=2**14)  # made by 0.8
    assert auth.sign_in(store, owner, "owner-pass").name == "정다온"
    with store.session() as session:
        stored = session.get(Staff, owner).password_hash
    assert stored.split("$")[1] == str(2**17) and auth.verify_secret("owner-pass", stored)
    assert not auth.needs_rehash(stored)


def test_an_owner_pin_has_six_digits(store, clerk):
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
    with store.session() as session, pytest.raises(ValidationError) as refused:
        auth.set_password(session, owner, "2580")
    assert refused.value.problems[0].code == "owner_pin_short"
    with store.session() as session:
        auth.set_password(session, owner, "258025")
        auth.set_password(session, clerk, "2580")  # staff keep 4-digit PINs
