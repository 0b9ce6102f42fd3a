"""Coupons with codes: issued (birthday, campaign offer, by hand), checked and redeemed at the counter, given back
by a void; and what they brought in.

A code is matched without regard to case or surrounding spaces (a scanner may add a newline). A coupon is for
one customer: the check at the counter refuses an unknown code, another customer's coupon, a walk-in sale, an
expired coupon (by the purchase's date, so a receipt entered late is judged by its own day) and a coupon already
used on another purchase that still counts. Functions take an open Session and do not commit.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select
from sqlmodel import Session

from crmdesk.errors import Problem, ValidationError
from crmdesk.models import Campaign, Coupon, CouponRedemption, Customer, Purchase
from crmdesk.models.base import now

BIRTHDAY_VALID_DAYS = 30  # a birthday coupon is good until 30 days after the birthday
MAX_CODE = 50
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read out over the phone without slips


def clean_code(code: str | None) -> str:
    return "".join((code or "").split()).upper()


def new_code(session: Session, prefix: str = "CP") -> str:
    """A random code nobody holds yet (``CP-7KQ2MX``)."""
    while True:
        code = f"{prefix}-{''.join(secrets.choice(_ALPHABET) for _ in range(6))}"
        if session.execute(select(Coupon.id).where(Coupon.code == code)).first() is None:
            return code


def amount_of(offer: str) -> int:
    """The won amount in an offer written like "3000", "3,000원" or "₩3,000"; 0 for "10%" or words."""
    text = (offer or "").strip().replace(",", "").replace("₩", "").removesuffix("원").strip()
    return int(text) if text.isdigit() else 0


def issue_coupon(session: Session, customer_id: int, *, kind: str = "manual", amount: int = 0, offer: str = "",
                 expires_on: date | None = None, code: str | None = None, campaign_id: int | None = None,
                 birthday_coupon_id: int | None = None, staff_id: int | None = None) -> Coupon:
    """Hand one coupon to one customer; ValidationError for a missing customer, a taken or too long code or a
    negative amount."""
    problems: list[Problem] = []
    customer = session.get(Customer, customer_id)
    if customer is None or customer.erased_at is not None:
        problems.append(Problem("customer", "customer_missing", f"customer #{customer_id} does not exist"))
    wanted = clean_code(code) if code else new_code(session)
    if not wanted or len(wanted) > MAX_CODE:
        problems.append(Problem("code", "coupon_code_invalid", f"a code has 1 to {MAX_CODE} letters", wanted))
    elif session.execute(select(Coupon.id).where(Coupon.code == wanted)).first() is not None:
        problems.append(Problem("code", "coupon_code_taken", f"the code {wanted} is already used", wanted))
    if not isinstance(amount, int) or amount < 0:
        problems.append(Problem("amount", "discount_negative", "a coupon's amount cannot be negative", amount))
    if problems:
        raise ValidationError(problems)
    coupon = Coupon(code=wanted, customer_id=customer_id, kind=kind, amount=amount, offer=(offer or "")[:100],
                    expires_on=expires_on, campaign_id=campaign_id, birthday_coupon_id=birthday_coupon_id,
                    staff_id=staff_id, issued_at=now())
    session.add(coupon)
    session.flush()
    return coupon


def issue_campaign_coupons(session: Session, campaign: Campaign, customer_ids: Iterable[int]) -> int:
    """One coupon per target member of a coupon campaign, coded ``<offer code>-<campaign id>-<customer id>``, good
    until the campaign ends; returns how many."""
    if campaign.offer_kind != "coupon" or campaign.id is None:
        return 0
    prefix = re.sub(r"[^0-9A-Z]", "", clean_code(campaign.offer_code))[:20] or "C"
    rows = [{"code": f"{prefix}-{campaign.id}-{cid:05d}", "customer_id": cid, "kind": "campaign",
             "campaign_id": campaign.id, "amount": amount_of(campaign.offer_value), "offer": campaign.offer_value or "",
             "issued_at": now(), "expires_on": campaign.ends_on} for cid in customer_ids]
    if rows:
        session.execute(insert(Coupon), rows)
    return len(rows)


def campaign_codes(session: Session, campaign_id: int) -> dict[int, str]:
    """Each member's own code in a campaign (customer id -> code)."""
    return dict(session.execute(select(Coupon.customer_id, Coupon.code)
                                .where(Coupon.campaign_id == campaign_id)).all())


def birthday_expiry(birthday_on: date | None, year: int) -> date:
    return birthday_on + timedelta(days=BIRTHDAY_VALID_DAYS) if birthday_on else date(year, 12, 31)


def _live_redemption(session: Session, coupon_id: int) -> CouponRedemption | None:
    return session.execute(select(CouponRedemption).where(CouponRedemption.coupon_id == coupon_id,
                                                          CouponRedemption.returned_at.is_(None))).scalars().first()


def code_problems(session: Session, code: str, customer_id: int | None, on: date,
                  purchase_id: int | None = None) -> tuple[Coupon | None, list[Problem]]:
    """The coupon behind a typed or scanned code and what stands against using it on a purchase of ``on`` for
    ``customer_id`` (``purchase_id``: the purchase being edited, whose own redemption does not count as use)."""
    wanted = clean_code(code)

    def refuse(code_: str, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem("coupon", code_, message, wanted)]

    coupon = session.execute(select(Coupon).where(Coupon.code == wanted)).scalars().first() if wanted else None
    if coupon is None:
        return refuse("coupon_unknown", f"no coupon has the code {wanted or '(empty)'}")
    if customer_id is None:
        return refuse("coupon_walk_in", f"coupon {wanted} belongs to a customer; choose the customer first")
    if coupon.customer_id != customer_id:
        return refuse("coupon_other_customer", f"coupon {wanted} was given to another customer")
    if coupon.expires_on is not None and on > coupon.expires_on:
        return refuse("coupon_expired", f"coupon {wanted} expired on {coupon.expires_on.isoformat()}")
    used = _live_redemption(session, coupon.id or 0)
    if used is not None and used.purchase_id != purchase_id:
        return refuse("coupon_used",
                      f"coupon {wanted} was already used on {used.redeemed_at:%Y-%m-%d} (purchase #{used.purchase_id})")
    return coupon, []


def check_code(session: Session, code: str, customer_id: int | None, on: date | None = None,
               purchase_id: int | None = None) -> Coupon:
    """The coupon, or ValidationError with the one reason it cannot be used (the purchase dialog's check)."""
    coupon, problems = code_problems(session, code, customer_id, on or now().date(), purchase_id)
    if problems or coupon is None:
        raise ValidationError(problems)
    return coupon


def code_on(session: Session, purchase_id: int) -> str | None:
    """The code redeemed on a purchase (None when none, or when the void gave it back)."""
    return session.execute(select(Coupon.code).join(CouponRedemption, CouponRedemption.coupon_id == Coupon.id)
                           .where(CouponRedemption.purchase_id == purchase_id,
                                  CouponRedemption.returned_at.is_(None))).scalars().first()


def sync_purchase(session: Session, purchase: Purchase, code: str | None) -> None:
    """After a purchase is written or edited: redeem ``code`` on it (checked before by code_problems), giving
    back a different code it carried."""
    assert purchase.id is not None
    wanted = clean_code(code)
    current = session.execute(select(CouponRedemption).where(CouponRedemption.purchase_id == purchase.id,
                                                             CouponRedemption.returned_at.is_(None))).scalars().all()
    for live in current:
        held = session.get(Coupon, live.coupon_id)
        if held is None or held.code != wanted:
            live.returned_at = now()
        else:
            live.redeemed_at = purchase.purchased_at
            live.discount = _discount(session, live.coupon_id, purchase)
            wanted = ""
    if wanted:
        coupon = check_code(session, wanted, purchase.customer_id, purchase.purchased_at.date(), purchase.id)
        session.add(CouponRedemption(coupon_id=coupon.id or 0, purchase_id=purchase.id,
                                     customer_id=purchase.customer_id or 0, redeemed_at=purchase.purchased_at,
                                     discount=_discount(session, coupon.id or 0, purchase)))
    session.flush()


def _discount(session: Session, coupon_id: int, purchase: Purchase) -> int:
    """What the coupon took off: its amount, at most the receipt's discount (where staff apply it)."""
    coupon = session.get(Coupon, coupon_id)
    return min(coupon.amount if coupon else 0, purchase.discount)


def give_back(session: Session, purchase_id: int) -> int:
    """A voided purchase returns its coupon: usable again. Returns how many were returned."""
    live = session.execute(select(CouponRedemption).where(CouponRedemption.purchase_id == purchase_id,
                                                          CouponRedemption.returned_at.is_(None))).scalars().all()
    for row in live:
        row.returned_at = now()
    session.flush()
    return len(live)


def customer_coupons(session: Session, customer_id: int) -> list[tuple[Coupon, CouponRedemption | None]]:
    """A customer's coupons, newest first, each with its live redemption."""
    coupons = session.execute(select(Coupon).where(Coupon.customer_id == customer_id)
                              .order_by(Coupon.issued_at.desc(), Coupon.id.desc())).scalars().all()
    return [(c, _live_redemption(session, c.id or 0)) for c in coupons]


def redeemed_in_window(session: Session, campaign_id: int, customer_ids: object, start: date,
                       end: date) -> tuple[int, int]:
    """(customers who redeemed the campaign's coupon on a counted purchase in the window, those purchases'
    revenue). ``customer_ids``: a select of the group's members."""
    start_at, end_at = datetime.combine(start, time.min), datetime.combine(end, time.min) + timedelta(days=1)
    row = session.execute(
        select(func.count(func.distinct(Purchase.customer_id)), func.coalesce(func.sum(Purchase.total), 0))
        .join(CouponRedemption, CouponRedemption.purchase_id == Purchase.id)
        .join(Coupon, Coupon.id == CouponRedemption.coupon_id)
        .where(Coupon.campaign_id == campaign_id, CouponRedemption.returned_at.is_(None),
               Purchase.customer_id.in_(customer_ids), Purchase.voided_at.is_(None),
               Purchase.purchased_at >= start_at, Purchase.purchased_at < end_at)).one()
    return int(row[0] or 0), int(row[1] or 0)


__all__ = [
    "BIRTHDAY_VALID_DAYS", "amount_of", "birthday_expiry", "campaign_codes", "check_code", "clean_code",
    "code_on", "code_problems", "customer_coupons", "give_back", "issue_campaign_coupons", "issue_coupon",
    "new_code", "redeemed_in_window", "sync_purchase",
]
