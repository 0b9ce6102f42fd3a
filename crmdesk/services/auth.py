"""Sign-in: optional, on as soon as one active staff account has a password or PIN.

Secrets are hashed with hashlib.scrypt (memory-hard, in the standard library: no new dependency), a random
salt per account and the cost parameters stored beside the hash, so they can be raised later without
invalidating old hashes. Repeated failures lock the account for a while. Every sign-in, failure and lock is
audited; sign_in manages its own unit of work so a failure is recorded even though it is refused.

Lock-outs are decided in UTC (models.base.utc_now), never from the TZ variable. The secret is checked first
(scrypt takes a moment, and holds no lock); the failure count, the lock and the audit entry are then decided in
one unit of work that holds the database's write lock, so wrong tries made at the same moment from several
processes are each counted and audited.

The first owner to get a password also gets a recovery code, shown once (only its scrypt hash is kept): with it
``recover`` sets a new password for that owner when it is forgotten, audited, and issues the next code.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, select

from crmdesk import access
from crmdesk.access import Actor, Permission, require
from crmdesk.errors import CrmError, NotFound, Problem, ValidationError
from crmdesk.models import Staff, StaffRole
from crmdesk.models.base import utc_now, utc_to_local
from crmdesk.services import audit
from crmdesk.store import Store

# OWASP's scrypt minimum (N=2^17, r=8, p=1): 128 MiB and ~0.3 s per attempt, so a copied database or backup
# makes guessing even a 6-digit PIN offline a matter of days, not minutes. Hashes made with the earlier 2^14
# still verify from their stored parameters and are re-hashed at the next successful sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES = 2**17, 8, 1, 32
SCRYPT_MAXMEM = 2**28  # OpenSSL refuses more than 32 MiB unless allowed: 128·r·N bytes plus room
MAX_FAILURES = 5  # in a row, then the account is locked
LOCK_MINUTES = 5
MIN_PIN, MIN_OWNER_PIN, MIN_PASSWORD = 4, 6, 6


class SignInRefused(CrmError):
    """Wrong secret, unknown or inactive account, or a locked account (``locked_until`` set)."""

    def __init__(self, message: str, *, locked_until: datetime | None = None, tries_left: int | None = None,
                 kind: str = "cannot", name: str = "", recovery: bool = False) -> None:
        super().__init__(message)
        self.locked_until = locked_until  # UTC, as stored
        self.tries_left = tries_left  # set for a wrong secret that did not lock the account
        # What the command line words in its language: "cannot" (no such active account), "locked" (locked
        # already), "locked_now" (this wrong try locked it), "wrong" (tries_left more); whose; a recovery code?
        self.kind, self.name, self.recovery = kind, name, recovery

    @property
    def locked_until_local(self) -> datetime | None:
        """The end of the lock in this machine's time zone, for showing it."""
        return None if self.locked_until is None else utc_to_local(self.locked_until)


def hash_secret(secret: str, *, n: int | None = None, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    n = n or SCRYPT_N
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=SCRYPT_MAXMEM)
    return f"scrypt${n}${r}${p}${salt.hex()}${key.hex()}"


def verify_secret(secret: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(key)
        got = hashlib.scrypt(secret.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected), maxmem=SCRYPT_MAXMEM)
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str | None) -> bool:
    """True for a hash made with weaker parameters than today's (re-hashed at the next correct sign-in)."""
    try:
        scheme, n, r, p, _salt, _key = (stored or "").split("$")
        return scheme != "scrypt" or (int(n), int(r), int(p)) < (SCRYPT_N, SCRYPT_R, SCRYPT_P)
    except ValueError:
        return True


def sign_in_required(session: Session) -> bool:
    """True once any active staff member has a password or PIN."""
    return access.sign_in_on(session)


def accounts(session: Session) -> list[Staff]:
    """Who can sign in: active staff with a password or PIN, by name."""
    return list(session.exec(select(Staff).where(Staff.active.is_(True), Staff.password_hash.is_not(None))
                             .order_by(Staff.name, Staff.id)))


def check_secret(secret: str, role: str | None = None) -> None:
    """A PIN is at least 4 digits (an owner's at least 6: it opens everything); anything else is a password of
    at least 6 characters."""
    text = secret or ""
    if text.isdigit() and role == StaffRole.OWNER.value and len(text) < MIN_OWNER_PIN:
        raise ValidationError([Problem("password", "owner_pin_short",
                                       f"an owner's PIN has at least {MIN_OWNER_PIN} digits")])
    if text.isdigit() and len(text) < MIN_PIN:
        raise ValidationError([Problem("password", "pin_short", f"a PIN has at least {MIN_PIN} digits")])
    if not text.isdigit() and len(text) < MIN_PASSWORD:
        raise ValidationError([Problem("password", "password_short",
                                       f"a password has at least {MIN_PASSWORD} characters (or use a PIN of "
                                       f"at least {MIN_PIN} digits)")])


def set_password(session: Session, staff_id: int, secret: str | None) -> Staff:
    """Give a staff member a password or PIN (None removes it). Owner only; audited without the secret. The
    recovery code this may issue is lost: callers that can show it use set_password_with_code."""
    return set_password_with_code(session, staff_id, secret)[0]


def set_password_with_code(session: Session, staff_id: int, secret: str | None) -> tuple[Staff, str | None]:
    """set_password, and the recovery code issued when this is the first owner to get a password (no owner who
    can sign in holds a code yet): show it once and tell the owner to write it down."""
    require(session, Permission.SETTINGS)
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound.of("Staff member", staff_id)
    if secret is not None:
        check_secret(secret, staff.role)
    _keep_an_owner_able_to_sign_in(session, staff, secret is not None)
    staff.password_hash = hash_secret(secret) if secret is not None else None
    staff.failed_sign_ins, staff.locked_until = 0, None
    if secret is None:
        staff.recovery_hash = None  # no password, nothing to recover; a code is issued with the next one
    session.add(staff)
    session.flush()
    audit.record(session, "password", None, {"staff": staff.name, "staff_id": staff.id,
                                             "set": secret is not None})
    code = None
    if secret is not None and staff.role == StaffRole.OWNER.value and not _an_owner_holds_a_code(session):
        code = _issue_recovery_code(session, staff)
    return staff, code


def _an_owner_holds_a_code(session: Session) -> bool:
    return any(s.recovery_hash for s in accounts(session) if s.role == StaffRole.OWNER.value)


def new_recovery_code() -> str:
    """20 letters and digits (about 100 bits) in groups of four, without look-alikes (0/O, 1/I/L)."""
    letters = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(letters) for _ in range(20))
    return "-".join(raw[i:i + 4] for i in range(0, 20, 4))


def _normal_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _issue_recovery_code(session: Session, staff: Staff) -> str:
    code = new_recovery_code()
    staff.recovery_hash = hash_secret(_normal_code(code))
    session.add(staff)
    session.flush()
    audit.record(session, "password", None, {"staff": staff.name, "staff_id": staff.id, "recovery_code": "issued"})
    return code


def _keep_an_owner_able_to_sign_in(session: Session, staff: Staff, giving: bool) -> None:
    """Once sign-in is on, the window opens only for accounts with a secret: an owner must be among them, or
    nobody could reach settings, backups or the audit log from the window."""
    owners = {s.id for s in accounts(session) if s.role == StaffRole.OWNER.value}
    others = {s.id for s in accounts(session) if s.role != StaffRole.OWNER.value}
    if giving and staff.role != StaffRole.OWNER.value and not owners:
        raise ValidationError([Problem("password", "owner_first",
                                       "give an owner a password or PIN first, or nobody could sign in as owner")])
    if not giving and owners == {staff.id} and others:
        raise ValidationError([Problem("password", "last_owner",
                                       "this is the only owner who can sign in; give another owner a password or "
                                       "PIN first, or remove the staff passwords")])


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.name, staff.role)


def sign_in(store: Store, staff_id: int, secret: str, *, at: datetime | None = None) -> Actor:
    """The actor for a correct secret; SignInRefused otherwise (failure and lock committed and audited)."""
    return _attempt(store, staff_id, lambda staff: verify_secret(secret, staff.password_hash),
                    lambda session, staff, who: _signed_in(session, staff, who, secret), at=at)


def recover(store: Store, staff_id: int, code: str, secret: str, *, at: datetime | None = None) -> tuple[Actor, str]:
    """A forgotten owner password replaced with the recovery code: the new secret is set, the code is used up and
    the next one returned (show it once). A wrong code counts as a wrong try (the same lock-out); audited."""
    with store.session() as session:
        staff = session.get(Staff, staff_id)
        if staff is not None:
            check_secret(secret, staff.role)
    issued: list[str] = []

    def reset(session: Session, staff: Staff, who: Actor) -> None:
        staff.password_hash = hash_secret(secret)
        audit.record(session, "password", None, {"staff": staff.name, "staff_id": staff.id, "set": True,
                                                 "recovery_code": "used"}, actor=who)
        session.info["actor"] = who
        issued.append(_issue_recovery_code(session, staff))

    who = _attempt(store, staff_id, lambda staff: verify_secret(_normal_code(code), staff.recovery_hash), reset,
                   at=at, what="recovery code")
    return who, issued[0]


def _signed_in(session: Session, staff: Staff, who: Actor, secret: str) -> None:
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_secret(secret)
    audit.record(session, "sign_in", None, {}, actor=who)


def _attempt(store: Store, staff_id: int, check: Callable[[Staff], bool],
             succeed: Callable[[Session, Staff, Actor], None], *, at: datetime | None,
             what: str = "wrong secret") -> Actor:
    """One try: the check runs outside any lock, then the count, lock and audit entry are decided under the write
    lock (re-checked if the account changed meanwhile)."""
    with store.session() as session:
        staff = session.get(Staff, staff_id)
        if staff is None or not staff.active or not staff.password_hash:
            raise SignInRefused("This account cannot sign in; ask the owner.")
        seen = (staff.password_hash, staff.recovery_hash)
        correct = check(staff)
    refusal: SignInRefused | None = None
    # Patient: a sign-in during a large import waits for it (saying so) instead of failing after the busy timeout.
    with store.session(immediate=True, patient=True) as session:
        staff = session.get(Staff, staff_id, with_for_update=True)
        if staff is None or not staff.active or not staff.password_hash:
            raise SignInRefused("This account cannot sign in; ask the owner.")
        if (staff.password_hash, staff.recovery_hash) != seen:
            correct = check(staff)  # changed since it was read: check against what is there now
        when = at or utc_now()
        who = actor_for(staff)
        if staff.locked_until is not None and staff.locked_until > when:
            audit.record(session, "sign_in_failed", None, {"reason": "locked"}, actor=who)
            refusal = SignInRefused(
                f"{staff.name}'s account is locked after {MAX_FAILURES} wrong attempts until "
                f"{utc_to_local(staff.locked_until):%H:%M}.", locked_until=staff.locked_until, kind="locked",
                name=staff.name)
        elif correct:
            staff.failed_sign_ins, staff.locked_until = 0, None
            succeed(session, staff, who)
            session.add(staff)
            return who
        else:
            refusal = _count_failure(session, staff, who, when, what)
        session.add(staff)
    raise refusal


def _count_failure(session: Session, staff: Staff, who: Actor, when: datetime, what: str) -> SignInRefused:
    wrong = "Wrong recovery code" if what == "recovery code" else "Wrong password or PIN"
    staff.failed_sign_ins += 1
    audit.record(session, "sign_in_failed", None, {"reason": what, "attempt": staff.failed_sign_ins}, actor=who)
    if staff.failed_sign_ins >= MAX_FAILURES:
        staff.locked_until = when + timedelta(minutes=LOCK_MINUTES)
        staff.failed_sign_ins = 0
        audit.record(session, "locked", None, {"until": staff.locked_until}, actor=who)
        return SignInRefused(
            f"{wrong} {MAX_FAILURES} times: {staff.name}'s account is locked for "
            f"{LOCK_MINUTES} minutes.", locked_until=staff.locked_until, kind="locked_now", name=staff.name,
            recovery=what == "recovery code")
    left = MAX_FAILURES - staff.failed_sign_ins
    tries = "1 more try" if left == 1 else f"{left} more tries"
    return SignInRefused(f"{wrong} ({tries} before the account locks).", tries_left=left, kind="wrong",
                         name=staff.name, recovery=what == "recovery code")


def sign_out(store: Store) -> None:
    with store.session() as session:
        audit.record(session, "sign_out")
    store.actor = None
