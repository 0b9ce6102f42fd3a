"""The demo café's coupons: birthday coupons of the last year and some thank-you coupons made by hand, a share of
them redeemed on the customer's purchases within their validity. Its own random generator (seed + 2020), and
it only adds rows (coupons and redemptions on purchases that exist), so the rest of the demo stays identical.

The coupons are gifts (a drink, a cookie), so they take nothing off the receipt: the purchases stay as sold.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session, col

from crmdesk.models import BirthdayCoupon, Coupon, CouponRedemption, Customer, Purchase

BIRTHDAY_SHARE, BIRTHDAY_REDEEMED = 0.5, 0.6
THANKS_SHARE, THANKS_REDEEMED = 0.06, 0.45
VALID_DAYS = 30


def _first_purchase(session: Session, cid: int, start: datetime, end: datetime) -> tuple[int, datetime] | None:
    row = session.execute(sa.select(col(Purchase.id), col(Purchase.purchased_at))
                          .where(col(Purchase.customer_id) == cid, col(Purchase.voided_at).is_(None),
                                 col(Purchase.purchased_at) >= start, col(Purchase.purchased_at) < end)
                          .order_by(col(Purchase.purchased_at)).limit(1)).first()
    return (int(row[0]), row[1]) if row else None


def _birthday_in_last_year(birthday: date, as_of: date) -> date | None:
    for year in (as_of.year, as_of.year - 1):
        try:
            day = birthday.replace(year=year)
        except ValueError:  # 29 February
            day = date(year, 2, 28)
        if as_of - timedelta(days=365) < day <= as_of - timedelta(days=VALID_DAYS):
            return day
    return None


def add_coupons(conn: sa.Connection, seed: int, as_of: date) -> None:
    rng = np.random.default_rng(seed + 2020)
    with Session(bind=conn) as session:
        people = session.execute(sa.select(col(Customer.id), col(Customer.birthday))
                                 .order_by(col(Customer.id))).all()
        coupons: list[dict] = []
        redemptions: list[tuple[str, int, int, datetime]] = []

        def redeem(code: str, cid: int, start: date, share: float) -> None:
            begin = datetime.combine(start, datetime.min.time())
            found = _first_purchase(session, cid, begin, begin + timedelta(days=VALID_DAYS + 1))
            if found is not None and rng.random() < share:
                redemptions.append((code, cid, *found))

        for cid, birthday in people:
            day = _birthday_in_last_year(birthday, as_of) if birthday else None
            if day is not None and rng.random() < BIRTHDAY_SHARE:
                code = f"BDAY{day.year}-{cid:05d}"
                issued = datetime.combine(day - timedelta(days=3), datetime.min.time()).replace(hour=10)
                birthday_coupon = BirthdayCoupon(customer_id=cid, year=day.year, birthday_on=day.isoformat(),
                                                 code=code, issued_at=issued)
                session.add(birthday_coupon)
                session.flush()
                bid = birthday_coupon.id
                coupons.append({"code": code, "customer_id": cid, "kind": "birthday", "birthday_coupon_id": bid,
                                "amount": 0, "offer": "생일 음료 1잔", "issued_at": issued,
                                "expires_on": day + timedelta(days=VALID_DAYS)})
                redeem(code, cid, day, BIRTHDAY_REDEEMED)
            if rng.random() < THANKS_SHARE:
                start = as_of - timedelta(days=int(rng.integers(VALID_DAYS, 200)))
                code = f"THANKS-{cid:05d}"
                coupons.append({"code": code, "customer_id": cid, "kind": "manual", "birthday_coupon_id": None,
                                "amount": 0, "offer": "쿠키 1개",
                                "issued_at": datetime.combine(start, datetime.min.time()).replace(hour=15),
                                "expires_on": start + timedelta(days=VALID_DAYS)})
                redeem(code, cid, start, THANKS_REDEEMED)
        if coupons:
            session.execute(sa.insert(Coupon), coupons)
        ids = dict(session.execute(sa.select(col(Coupon.code), col(Coupon.id))).all())
        rows = [{"coupon_id": ids[code], "purchase_id": pid, "customer_id": cid, "redeemed_at": at, "discount": 0}
                for code, cid, pid, at in redemptions]
        if rows:
            session.execute(sa.insert(CouponRedemption), rows)
        session.flush()
