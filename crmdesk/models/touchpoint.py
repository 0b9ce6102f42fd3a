"""Contact points: every visit, call, message or after-sales visit, with its follow-up."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class Channel(StrEnum):
    VISIT = "visit"  # store visit at the counter
    PHONE_IN = "phone_in"
    PHONE_OUT = "phone_out"
    MESSAGE = "message"  # KakaoTalk / SMS
    EMAIL = "email"
    HOME_VISIT = "home_visit"  # home or after-sales visit
    ONLINE = "online"


class Purpose(StrEnum):
    PURCHASE = "purchase"
    INQUIRY = "inquiry"
    AFTER_SALES = "after_sales"
    COMPLAINT = "complaint"
    FOLLOW_UP = "follow_up"
    PROMOTION = "promotion"


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_customer_time", "customer_id", "occurred_at"),
        Index("ix_contact_staff_time", "staff_id", "occurred_at"),
        # The "today" list: open follow-ups by date.
        Index("ix_contact_follow_up", "follow_up_done_at", "follow_up_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    occurred_at: NaiveDatetime = Field(index=True)
    channel: str = Field(max_length=20)
    purpose: str = Field(max_length=20)
    note: str = Field(default="", max_length=1000)
    outcome: str = Field(default="", max_length=200)
    follow_up_on: date | None = None
    follow_up_done_at: NaiveDatetime | None = None
    # The contact that did the follow-up (logged when it was ticked off).
    follow_up_contact_id: int | None = Field(default=None, foreign_key="contact.id")
    created_at: NaiveDatetime = Field(default_factory=now)
