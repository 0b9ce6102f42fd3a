"""Feedback and complaints: what the customer said, who owns it, and every status change with its stamp."""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class FeedbackKind(StrEnum):
    COMPLAINT = "complaint"
    COMPLIMENT = "compliment"
    SUGGESTION = "suggestion"
    INQUIRY = "inquiry"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class FeedbackStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class RecoveryAction(StrEnum):
    APOLOGY = "apology"
    REFUND = "refund"
    COUPON = "coupon"
    REPLACEMENT = "replacement"
    REPAIR = "repair"
    OTHER = "other"


class Feedback(SQLModel, table=True):
    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_status_received", "status", "received_at"),
        Index("ix_feedback_customer", "customer_id", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id")  # None: anonymous
    kind: str = Field(max_length=20)
    channel: str = Field(max_length=20)
    category: str = Field(default="", max_length=50)
    severity: str = Field(default=Severity.MEDIUM.value, max_length=10)
    description: str = Field(max_length=5000)
    assigned_staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    status: str = Field(default=FeedbackStatus.RECEIVED.value, max_length=20)
    # Stamps copied from the events: the times are derived from these, never typed.
    received_at: NaiveDatetime
    received_by_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    first_response_at: NaiveDatetime | None = None
    resolved_at: NaiveDatetime | None = None
    closed_at: NaiveDatetime | None = None
    resolution_note: str = Field(default="", max_length=2000)
    recovery_action: str | None = Field(default=None, max_length=20)
    # The staff member the feedback is about (a compliment for them, a complaint about them), if any.
    about_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    created_at: NaiveDatetime = Field(default_factory=now)
    updated_at: NaiveDatetime = Field(default_factory=now)


class FeedbackEvent(SQLModel, table=True):
    """One status change (or note) on a feedback item, stamped with time and staff."""

    __tablename__ = "feedback_event"

    id: int | None = Field(default=None, primary_key=True)
    feedback_id: int = Field(foreign_key="feedback.id", index=True, ondelete="CASCADE")
    at: NaiveDatetime
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="", max_length=2000)
