"""One customer's story in one list: purchases, contacts and feedback, newest first, filterable by kind.

Each entry carries plain data (kind, time, codes, amounts); the window words it in the user's language.
Later issues add campaign and consent events by adding a reader here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from crmdesk.models import BirthdayCoupon, Campaign, CampaignMember, Contact, Feedback, PointsEntry, Staff, TierChange
from crmdesk.services.customers import PurchaseSummary, customer_purchases

KINDS = ("purchase", "contact", "feedback", "loyalty", "campaign")


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # purchase | contact | feedback | loyalty | campaign
    at: datetime
    ref_id: int
    code: str  # contact: channel; feedback: feedback kind; purchase: "" or "void"; loyalty: tier | adjust |
    # expire | coupon; campaign: the group (target | control | excluded)
    subcode: str  # contact: purpose; feedback: status; voided purchase: the reason; tier: the old tier
    text: str  # items bought, the contact's note, what the customer said
    amount: int | None = None
    staff_name: str | None = None
    follow_up: str = ""  # contact: "due 2026-11-30" / "done"


def customer_timeline(session: Session, customer_id: int, *, kinds: Iterable[str] = KINDS,
                      limit: int = 300, purchases: Sequence[PurchaseSummary] | None = None) -> list[TimelineEntry]:
    """The newest ``limit`` events of the chosen kinds, newest first. ``purchases``: the customer's purchases
    as customer_purchases gives them, newest first, when the caller has just read them (the card has)."""
    wanted = set(kinds)
    entries: list[TimelineEntry] = []
    if "purchase" in wanted:
        if purchases is None:
            purchases = customer_purchases(session, customer_id, limit=limit)
        for p in purchases[:limit]:
            entries.append(TimelineEntry("purchase", p.purchased_at, p.id, "void" if p.voided else "",
                                         p.void_reason or "", p.items, None if p.voided else p.total))
    if "contact" in wanted:
        stmt = (select(Contact, Staff.name).outerjoin(Staff, Staff.id == Contact.staff_id)
                .where(Contact.customer_id == customer_id)
                .order_by(Contact.occurred_at.desc(), Contact.id.desc()).limit(limit))
        for contact, staff_name in session.execute(stmt):
            follow = ""
            if contact.follow_up_on is not None:
                follow = "done" if contact.follow_up_done_at else f"due {contact.follow_up_on.isoformat()}"
            text = " · ".join(t for t in (contact.note, contact.outcome) if t)
            entries.append(TimelineEntry("contact", contact.occurred_at, contact.id, contact.channel, contact.purpose,
                                         text, None, staff_name, follow))
    if "feedback" in wanted:
        stmt = (select(Feedback, Staff.name).outerjoin(Staff, Staff.id == Feedback.assigned_staff_id)
                .where(Feedback.customer_id == customer_id)
                .order_by(Feedback.received_at.desc(), Feedback.id.desc()).limit(limit))
        for item, staff_name in session.execute(stmt):
            entries.append(TimelineEntry("feedback", item.received_at, item.id, item.kind, item.status,
                                         item.description, None, staff_name))
    if "loyalty" in wanted:
        # Tier changes, adjustments, expiries and birthday coupons; points earned and used belong to their purchase.
        for change in session.execute(select(TierChange).where(TierChange.customer_id == customer_id)
                                      .order_by(TierChange.at.desc()).limit(limit)).scalars():
            entries.append(TimelineEntry("loyalty", change.at, change.id, "tier", change.old_tier, change.new_tier,
                                         change.spend))
        stmt = (select(PointsEntry, Staff.name).outerjoin(Staff, Staff.id == PointsEntry.staff_id)
                .where(PointsEntry.customer_id == customer_id, PointsEntry.kind.in_(("adjust", "expire")))
                .order_by(PointsEntry.at.desc()).limit(limit))
        for entry, staff_name in session.execute(stmt):
            entries.append(TimelineEntry("loyalty", entry.at, entry.id, entry.kind, str(entry.points), entry.reason,
                                         None, staff_name))
        for coupon in session.execute(select(BirthdayCoupon).where(BirthdayCoupon.customer_id == customer_id)
                                      .order_by(BirthdayCoupon.issued_at.desc()).limit(limit)).scalars():
            entries.append(TimelineEntry("loyalty", coupon.issued_at, coupon.id, "coupon", coupon.birthday_on,
                                         coupon.code))
    if "campaign" in wanted:
        stmt = (select(Campaign, CampaignMember.grp, CampaignMember.reason)
                .join(CampaignMember, CampaignMember.campaign_id == Campaign.id)
                .where(CampaignMember.customer_id == customer_id).order_by(Campaign.created_at.desc()).limit(limit))
        for campaign, grp, reason in session.execute(stmt):
            entries.append(TimelineEntry("campaign", campaign.created_at, campaign.id, grp, reason or campaign.channel,
                                         campaign.name))
    entries.sort(key=lambda e: (e.at, e.kind, e.ref_id), reverse=True)
    return entries[:limit]
