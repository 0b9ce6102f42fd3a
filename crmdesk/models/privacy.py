"""Trust: the consent ledger (who agreed to what, when, how) and the audit log (who did what to whose data).

Both are append-only: a withdrawal is a new consent event, never an edit of the grant; on SQLite triggers
(migration 0006) refuse UPDATE and DELETE of audit rows and consent events.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now, utc_now


class ConsentMethod(StrEnum):
    """How a grant or withdrawal reached the shop."""

    PAPER = "paper"  # a signed paper form
    VERBAL = "verbal"  # said at the counter or on the phone
    ONLINE = "online"  # a web form, a reply message
    IMPORT = "import"  # came with an imported customer list
    MIGRATED = "migrated"  # the card's single consent flag, carried over when the ledger was introduced
    ERASURE = "erasure"  # withdrawn because the customer's data was erased
    NOTICE = "notice"  # the two-yearly re-confirmation notice went out (정보통신망법 제50조⑧): the grant stands


class ConsentEvent(SQLModel, table=True):
    """One grant or withdrawal of one purpose by one customer."""

    __tablename__ = "consent_event"
    # The current state is the latest event per (purpose, customer): one grouped query over this index.
    __table_args__ = (Index("ix_consent_event_purpose_customer", "purpose", "customer_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    purpose: str = Field(max_length=20)
    granted: bool
    at: NaiveDatetime = Field(default_factory=now)  # when the customer gave or withdrew it
    method: str = Field(max_length=20)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    recorded_at: NaiveDatetime = Field(default_factory=now)  # when it was entered


class AuditEntry(SQLModel, table=True):
    """Who viewed, changed, exported, merged, erased or signed in, and when (UTC).

    The log is a hash chain (migration 0012): ``hash`` covers the previous entry's hash and every field that
    redaction never touches; the details enter it through ``details_digest``, a hash of the details with a
    random salt. Redacting an erased customer's entry blanks the details and the salt (so the digest no longer
    says anything about what was erased) and keeps the digest, so the chain still holds."""

    __tablename__ = "audit_log"
    __table_args__ = {"sqlite_autoincrement": True}  # an id is never used twice, even after the last is removed

    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime = Field(default_factory=utc_now, index=True)  # UTC
    staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    actor: str = Field(max_length=100)  # the name as it was then (staff rename) or "command line"
    action: str = Field(max_length=30, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    details: str = Field(default="{}")  # JSON: before/after values, file names, counts
    details_salt: str | None = Field(default=None, max_length=32)  # None once redacted
    details_digest: str = Field(default="", max_length=64)
    prev_hash: str = Field(default="", max_length=64)  # the previous entry's hash ("" for the first)
    hash: str = Field(default="", max_length=64)


REDACTED = '{"redacted": true}'  # an erased customer's entries keep who, what and when; the details go

# The triggers that keep the ledger and the log append-only on SQLite (migrations 0006, 0008, 0012), exactly as
# created: `crmdesk check` reports one that is missing or altered.
APPEND_ONLY_TRIGGERS = {
    "consent_event_no_update": (
        "CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
        "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead'); END"),
    "consent_event_no_delete": (
        "CREATE TRIGGER consent_event_no_delete BEFORE DELETE ON consent_event "
        "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead'); END"),
    "consent_event_no_replace": (
        "CREATE TRIGGER consent_event_no_replace BEFORE INSERT ON consent_event "
        "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM consent_event WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only: record a new event instead'); END"),
    "audit_log_no_update": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        f"WHEN NOT (NEW.details = '{REDACTED}' AND NEW.details_salt IS NULL AND NEW.id = OLD.id "
        "AND NEW.at = OLD.at AND NEW.action = OLD.action AND NEW.actor = OLD.actor "
        "AND NEW.staff_id IS OLD.staff_id AND NEW.customer_id IS OLD.customer_id "
        "AND NEW.details_digest = OLD.details_digest AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash "
        "AND OLD.customer_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM customer WHERE id = OLD.customer_id AND erased_at IS NOT NULL)) "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
    "audit_log_no_delete": (
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
    "audit_log_no_replace": (
        "CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log "
        "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id) "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
}


def audit_time_text(value: datetime | str) -> str:
    """One spelling of a stamp for the chain, however the driver stored it ('…10:00:00' or '…10:00:00.000000')."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=None).isoformat(sep=" ")


def new_salt() -> str:
    return secrets.token_hex(16)


def details_digest(salt: str | None, details: str) -> str:
    return hashlib.sha256(f"{salt or ''}\x00{details}".encode()).hexdigest()


def chain_fields(prev_hash: str, at: datetime | str, staff_id: int | None, actor: str, action: str,
                 customer_id: int | None, digest: str) -> bytes:
    """What a link covers: the previous hash and every field that redaction leaves alone."""
    fields: list[Any] = [prev_hash, audit_time_text(at), staff_id, actor, action, customer_id, digest]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, at: datetime | str, staff_id: int | None, actor: str, action: str,
               customer_id: int | None, digest: str) -> str:
    """The plain link (SHA-256, 64 hex digits): entries written before the log was keyed."""
    return hashlib.sha256(chain_fields(prev_hash, at, staff_id, actor, action, customer_id, digest)).hexdigest()


KEYED = "k"  # a keyed link: "k", the key's 7-character id, 56 hex digits of HMAC-SHA256 (64 characters in all)


def keyed_chain_hash(key_id: str, secret: bytes, prev_hash: str, at: datetime | str, staff_id: int | None,
                     actor: str, action: str, customer_id: int | None, digest: str) -> str:
    """The keyed link: an HMAC under a secret kept outside the database (store/audit_key.py), so whoever can
    write the file but not read the key cannot recompute it."""
    mac = hmac.new(secret, chain_fields(prev_hash, at, staff_id, actor, action, customer_id, digest),
                   hashlib.sha256).hexdigest()
    return KEYED + key_id + mac[:56]


def key_id_of(link: str | None) -> str | None:
    """The key id of a keyed link; None for a plain one."""
    if link and len(link) == 64 and link.startswith(KEYED):
        return link[1:8]
    return None
