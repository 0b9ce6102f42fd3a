"""Trust: the consent ledger (who agreed to what, when, how) and the audit log (who did what to whose data).

Both are append-only: a withdrawal is a new consent event, never an edit of the grant; on SQLite triggers
(migration 0006) refuse UPDATE and DELETE of audit rows and consent events.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class ConsentMethod(StrEnum):
    """How a grant or withdrawal reached the shop."""

    PAPER = "paper"  # a signed paper form
    VERBAL = "verbal"  # said at the counter or on the phone
    ONLINE = "online"  # a web form, a reply message
    IMPORT = "import"  # came with an imported customer list
    MIGRATED = "migrated"  # the card's single consent flag, carried over when the ledger was introduced
    ERASURE = "erasure"  # withdrawn because the customer's data was erased


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
    """Who viewed, changed, exported, merged, erased or signed in, and when."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: NaiveDatetime = Field(default_factory=now, index=True)
    staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    actor: str = Field(max_length=100)  # the name as it was then (staff rename) or "command line"
    action: str = Field(max_length=30, index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    details: str = Field(default="{}")  # JSON: before/after values, file names, counts
