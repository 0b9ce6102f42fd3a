"""Trust: the consent ledger (who agreed to what, when, how) and the audit log (who did what to whose data).

Both are append-only: a withdrawal is a new consent event, never an edit of the grant; on SQLite triggers
(migration 0006) refuse UPDATE and DELETE of audit rows and consent events.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.audit_links import KEYED as KEYED
from crmdesk.audit_links import audit_time_text as audit_time_text
from crmdesk.audit_links import chain_fields as chain_fields
from crmdesk.audit_links import chain_hash as chain_hash
from crmdesk.audit_links import details_digest as details_digest
from crmdesk.audit_links import key_id_of as key_id_of
from crmdesk.audit_links import keyed_chain_hash as keyed_chain_hash
from crmdesk.audit_links import new_salt as new_salt
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
