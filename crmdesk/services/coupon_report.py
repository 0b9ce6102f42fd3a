"""What coupons brought in: issued, redeemed, redemption rate and the revenue of the redeeming purchases, per
kind (birthday, campaign, by hand) and per campaign.

A coupon counts in the period it was issued in; it counts as redeemed when a purchase that still counts (not
voided) carries it. Revenue is those purchases' totals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from crmdesk.models import Campaign, Coupon, CouponRedemption, Purchase


@dataclass(frozen=True)
class CouponLine:
    group: str  # "kind" | "campaign" | "total"
    key: str  # the kind (birthday | campaign | manual), the campaign's name, or "" for the total
    campaign_id: int | None
    issued: int
    redeemed: int
    revenue: int
    discount: int  # what the coupons took off those receipts

    @property
    def rate(self) -> float | None:
        return self.redeemed / self.issued if self.issued else None


def coupon_lines(session: Session, start: date | None = None, end: date | None = None) -> list[CouponLine]:
    """Per kind, then per campaign (newest first), then the total, for coupons issued from ``start`` to ``end``
    (both included; None: no bound)."""
    live = (select(CouponRedemption.coupon_id, CouponRedemption.discount, Purchase.total)
            .join(Purchase, Purchase.id == CouponRedemption.purchase_id)
            .where(CouponRedemption.returned_at.is_(None), Purchase.voided_at.is_(None)).subquery())
    stmt = (select(Coupon.kind, Coupon.campaign_id, func.count(Coupon.id), func.count(live.c.coupon_id),
                   func.coalesce(func.sum(live.c.total), 0), func.coalesce(func.sum(live.c.discount), 0))
            .outerjoin(live, live.c.coupon_id == Coupon.id).group_by(Coupon.kind, Coupon.campaign_id))
    if start is not None:
        stmt = stmt.where(Coupon.issued_at >= datetime.combine(start, time.min))
    if end is not None:
        stmt = stmt.where(Coupon.issued_at < datetime.combine(end, time.min) + timedelta(days=1))
    rows = [(kind, cid, int(n), int(r), int(rev), int(disc)) for kind, cid, n, r, rev, disc in session.execute(stmt)]
    names: dict[int, str] = {i: n for i, n in session.execute(select(Campaign.id, Campaign.name))}
    starts: dict[int, date] = {i: d for i, d in session.execute(select(Campaign.id, Campaign.starts_on))}
    out: list[CouponLine] = []
    for kind in ("birthday", "campaign", "manual"):
        mine = [r for r in rows if r[0] == kind]
        if mine:
            out.append(CouponLine("kind", kind, None, *(sum(r[i] for r in mine) for i in range(2, 6))))
    campaigns = sorted((r for r in rows if r[1] is not None), key=lambda r: (starts.get(r[1]) or date.min, r[1]),
                       reverse=True)
    out += [CouponLine("campaign", names.get(r[1], f"#{r[1]}"), r[1], *r[2:]) for r in campaigns]
    out.append(CouponLine("total", "", None, *(sum(r[i] for r in rows) for i in range(2, 6))))
    return out


__all__ = ["CouponLine", "coupon_lines"]
