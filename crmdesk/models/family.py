"""Family and referrals: households of related customers, and who brought whom."""

from __future__ import annotations

from enum import StrEnum

from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class Relation(StrEnum):
    """A member's place in the household."""

    PARENT = "parent"
    CHILD = "child"
    SPOUSE = "spouse"
    SIBLING = "sibling"


class Household(SQLModel, table=True):
    __tablename__ = "household"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    created_at: NaiveDatetime = Field(default_factory=now)


class HouseholdMember(SQLModel, table=True):
    __tablename__ = "household_member"

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", index=True, ondelete="CASCADE")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    relation: str = Field(max_length=20)
    added_at: NaiveDatetime = Field(default_factory=now)


class Referral(SQLModel, table=True):
    """``referrer_id`` brought ``customer_id`` to the shop. A customer is referred at most once."""

    __tablename__ = "referral"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    referrer_id: int = Field(foreign_key="customer.id", index=True)
    created_at: NaiveDatetime = Field(default_factory=now)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
