"""Campaigns: who was targeted (or held back as control, or left out and why), and what came of it."""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from crmdesk.models.base import now


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    goal: str = Field(max_length=20)  # reactivate | reward | cross_sell | up_sell | birthday | welcome
    target_kind: str = Field(max_length=20)  # segment | birthday_month | household | filter
    target_value: str = Field(default="", max_length=500)
    channel: str = Field(max_length=20)  # sms | kakao | call | email | in_store
    offer_kind: str = Field(default="coupon", max_length=20)  # coupon | discount | points
    offer_value: str = Field(default="", max_length=100)
    offer_code: str = Field(default="", max_length=50)
    starts_on: date
    ends_on: date
    control_percent: int = 0
    seed: int = 0
    created_at: NaiveDatetime = Field(default_factory=now)


class CampaignMember(SQLModel, table=True):
    """A customer the campaign's target selected: in the target group, the control group, or excluded
    (``reason`` says why: no consent on the channel, no phone, ...)."""

    __tablename__ = "campaign_member"
    __table_args__ = (Index("ix_campaign_member_campaign_group", "campaign_id", "grp"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    customer_id: int = Field(foreign_key="customer.id", index=True)
    grp: str = Field(max_length=10)  # target | control | excluded
    reason: str = Field(default="", max_length=30)
