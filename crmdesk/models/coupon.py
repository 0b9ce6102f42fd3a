"""Coupons with codes, and their redemptions on purchases.

Every coupon (a birthday coupon, a campaign's offer to one target member, or one made by hand) is one row with
its own code, for one customer. A redemption ties a coupon to the purchase it was used on; a void of that
purchase stamps ``returned_at`` and the coupon can be used again.
"""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now

COUPON_KINDS = ("birthday", "campaign", "manual")


class Coupon(SQLModel, table=True):
    __tablename__ = "coupon"
    __table_args__ = (Index("ix_coupon_customer", "customer_id"), Index("ix_coupon_campaign", "campaign_id"))

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=50, unique=True)  # stored upper case; typed or scanned codes are matched so
    customer_id: int = Field(foreign_key="customer.id")
    kind: str = Field(max_length=20)  # birthday | campaign | manual
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id")
    birthday_coupon_id: int | None = Field(default=None, foreign_key="birthday_coupon.id")
    amount: int = 0  # won off the receipt; 0 for a gift (a free drink) or an offer in words
    offer: str = Field(default="", max_length=100)  # the offer in words ("아메리카노 1잔", "10%")
    issued_at: NaiveDatetime = Field(default_factory=now)
    expires_on: date | None = None  # last day it can be used; None: no end
    staff_id: int | None = Field(default=None, foreign_key="staff.id")


class CouponRedemption(SQLModel, table=True):
    """A coupon used on a purchase. Only one redemption of a coupon is live (``returned_at`` is None)."""

    __tablename__ = "coupon_redemption"
    __table_args__ = (Index("ix_coupon_redemption_coupon", "coupon_id"),
                      Index("ix_coupon_redemption_purchase", "purchase_id"))

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id")
    purchase_id: int = Field(foreign_key="purchase.id")
    customer_id: int = Field(foreign_key="customer.id")
    redeemed_at: NaiveDatetime = Field(default_factory=now)  # the purchase's time
    discount: int = 0  # the coupon's amount as taken off this receipt
    returned_at: NaiveDatetime | None = None  # the purchase was voided or the code taken off it
