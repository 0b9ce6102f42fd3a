"""Moments of truth: the shop's touchpoints (ordered, named in both languages), the 1-5 ratings staff and
customers give them, and the customers' answers to "would you recommend us?" (NPS, 0-10), kept apart.

A rating or answer without a customer is anonymous: the survey screen attaches one to a card only when the
customer typed the last four digits of their phone and the card keeps the collection consent.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now

BEST_SCORE = 5
NPS_BEST = 10

# A café's touchpoints for a new shop and for a database that had none (English, Korean), in order.
DEFAULT_MOMENTS = (("Ordering", "주문"), ("Waiting time", "대기 시간"), ("Taste and quality", "맛·품질"),
                   ("Cleanliness", "청결"), ("Staff service", "직원 응대"), ("Payment", "결제"))


class RatingSource(StrEnum):
    STAFF = "staff"  # recorded by staff (the contact dialog)
    SURVEY = "survey"  # the customer, on the counter survey screen


class Moment(SQLModel, table=True):
    """One touchpoint of the shop's list ("moment of truth"); an inactive one keeps its ratings."""

    __tablename__ = "moment"

    id: int | None = Field(default=None, primary_key=True)
    name_en: str = Field(max_length=60)
    name_ko: str = Field(max_length=60)
    position: int = 0
    active: bool = True
    created_at: NaiveDatetime = Field(default_factory=now)


class Rating(SQLModel, table=True):
    """A 1-5 score of one touchpoint at one moment."""

    __tablename__ = "rating"
    __table_args__ = (Index("ix_rating_moment_time", "moment_id", "rated_at"),)

    id: int | None = Field(default=None, primary_key=True)
    moment_id: int = Field(foreign_key="moment.id")
    score: int
    rated_at: NaiveDatetime = Field(index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)  # None: anonymous
    staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)  # who served / recorded it
    source: str = Field(default=RatingSource.STAFF.value, max_length=10)
    note: str = Field(default="", max_length=500)
    contact_id: int | None = Field(default=None, foreign_key="contact.id")


class NpsAnswer(SQLModel, table=True):
    """One answer to "would you recommend us?" (0-10) from the survey screen; not a touchpoint rating."""

    __tablename__ = "nps_answer"

    id: int | None = Field(default=None, primary_key=True)
    score: int
    answered_at: NaiveDatetime = Field(index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
