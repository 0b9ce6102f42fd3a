"""The rest of what the shop holds about one customer, for the privacy export (개인정보보호법 제35조: the right to
see one's own data): touchpoint ratings and their notes, answers to "would you recommend us?", the points ledger,
coupons (and where they were used), household and referrals. :func:`crmdesk.services.privacy.customer_data` adds
these sections after the card, purchases, contacts, feedback and consent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session

from crmdesk.models import Coupon, CouponRedemption, Household, HouseholdMember, PointsEntry, Rating, Referral
from crmdesk.models.moments import Moment, NpsAnswer

SHEETS = {"ratings": ("Ratings", "접점 평가"), "recommend": ("Would recommend", "추천 의향"),
          "points": ("Points", "포인트"), "coupons": ("Coupons", "쿠폰"), "family": ("Family", "가족"),
          "referrals": ("Referrals", "추천 관계")}


def more_sections(session: Session, customer_id: int) -> dict[str, list[dict[str, Any]]]:
    ratings = [{"when": r.rated_at, "touchpoint": name_en, "touchpoint_ko": name_ko, "score": r.score,
                "source": r.source, "note": r.note}
               for r, name_en, name_ko in session.execute(
                   select(Rating, Moment.name_en, Moment.name_ko).join(Moment, Moment.id == Rating.moment_id)
                   .where(Rating.customer_id == customer_id).order_by(Rating.rated_at, Rating.id))]
    recommend = [{"when": a.answered_at, "score_0_to_10": a.score}
                 for a in session.execute(select(NpsAnswer).where(NpsAnswer.customer_id == customer_id)
                                          .order_by(NpsAnswer.answered_at, NpsAnswer.id)).scalars()]
    points = [{"when": p.at, "kind": p.kind, "points": p.points, "expires": p.expires_at, "reason": p.reason,
               "purchase": p.purchase_id}
              for p in session.execute(select(PointsEntry).where(PointsEntry.customer_id == customer_id)
                                       .order_by(PointsEntry.at, PointsEntry.id)).scalars()]
    coupons = [{"code": c.code, "kind": c.kind, "offer": c.offer, "amount": c.amount, "issued": c.issued_at,
                "expires": c.expires_on, "used_on_purchase": r.purchase_id if r else None,
                "used": r.redeemed_at if r else None}
               for c, r in session.execute(
                   select(Coupon, CouponRedemption)
                   .outerjoin(CouponRedemption, (CouponRedemption.coupon_id == Coupon.id)
                              & CouponRedemption.returned_at.is_(None))
                   .where(Coupon.customer_id == customer_id).order_by(Coupon.issued_at, Coupon.id))]
    family = [{"household": name, "relation": m.relation, "since": m.added_at}
              for m, name in session.execute(
                  select(HouseholdMember, Household.name).join(Household, Household.id == HouseholdMember.household_id)
                  .where(HouseholdMember.customer_id == customer_id).order_by(HouseholdMember.id))]
    referrals = [{"referred_by": r.referrer_id if r.customer_id == customer_id else None,
                  "referred": r.customer_id if r.referrer_id == customer_id else None, "when": r.created_at}
                 for r in session.execute(
                     select(Referral).where(or_(Referral.customer_id == customer_id,
                                                Referral.referrer_id == customer_id))
                     .order_by(Referral.created_at, Referral.id)).scalars()]
    return {"ratings": ratings, "recommend": recommend, "points": points, "coupons": coupons, "family": family,
            "referrals": referrals}
