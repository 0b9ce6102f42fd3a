"""Loyalty: the points ledger, tier changes and birthday coupons.

A balance is never stored: it is the sum of a customer's ledger entries. Entries are only added, never edited.
"""

from __future__ import annotations

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class PointsEntry(SQLModel, table=True):
    """One movement of points. Positive entries (earn, positive adjustments, refunds) are lots that expire at
    ``expires_at``; negative ones consume lots oldest first, or their own ``lot_id`` first (a reversal of an
    earn, an expiry)."""

    __tablename__ = "points_entry"
    __table_args__ = (Index("ix_points_entry_customer_at", "customer_id", "at"),
                      Index("ix_points_entry_kind_reason", "kind", "reason"))

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: NaiveDatetime = Field(default_factory=now)
    kind: str = Field(max_length=20)  # earn | redeem | expire | adjust | reversal
    points: int
    purchase_id: int | None = Field(default=None, foreign_key="purchase.id", index=True)
    lot_id: int | None = Field(default=None, foreign_key="points_entry.id", index=True)
    expires_at: NaiveDatetime | None = None
    reason: str = Field(default="", max_length=200)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    # On a purchase's earn: the earn percent it earned at ("1.5"), so an edit keeps it; None on older rows.
    earn_percent: str | None = Field(default=None, max_length=12)


class TierChange(SQLModel, table=True):
    """A customer's tier moved (up or down); the latest row is the current tier."""

    __tablename__ = "tier_change"
    __table_args__ = (Index("ix_tier_change_customer_at", "customer_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    at: NaiveDatetime = Field(default_factory=now)
    old_tier: str = Field(default="", max_length=50)
    new_tier: str = Field(max_length=50)
    spend: int = 0  # spend over the last 12 months that decided it


class BirthdayCoupon(SQLModel, table=True):
    """A birthday coupon handed out. One per customer and year is the service's rule, not a constraint: a merge
    of two cards may bring two coupons of one year together."""
    __table_args__ = (Index("ix_birthday_coupon_customer_year", "customer_id", "year"),)

    __tablename__ = "birthday_coupon"

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    year: int
    birthday_on: str = Field(max_length=10)  # the solar date it was for (ISO)
    code: str = Field(max_length=50)
    issued_at: NaiveDatetime = Field(default_factory=now)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
