"""The demo café hands out coupons with codes, some redeemed on its customers' purchases within their validity,
and its customers came by several channels."""

from datetime import date, timedelta

from sqlalchemy import func, select

from crmdesk.demo.generate import generate_demo
from crmdesk.models import Coupon, CouponRedemption, Customer, Purchase
from crmdesk.services.coupon_report import coupon_lines


def test_the_demo_has_redeemed_coupons_and_customers_from_several_channels(store):
    as_of = date(2026, 6, 30)
    generate_demo(store, customers=400, seed=11, as_of=as_of)
    with store.session() as s:
        lines = {(ln.group, ln.key): ln for ln in coupon_lines(s)}
        redeemed = s.execute(select(Coupon, CouponRedemption, Purchase)
                             .join(CouponRedemption, CouponRedemption.coupon_id == Coupon.id)
                             .join(Purchase, Purchase.id == CouponRedemption.purchase_id)).all()
        channels = s.execute(select(func.count(func.distinct(Customer.acquired_via)))).scalar_one()
    assert lines[("kind", "birthday")].issued > 20 and lines[("kind", "birthday")].redeemed > 0
    assert lines[("total", "")].revenue > 0
    for coupon, redemption, purchase in redeemed:  # each on the holder's own purchase, while it was valid
        assert purchase.customer_id == coupon.customer_id == redemption.customer_id
        assert purchase.purchased_at.date() <= coupon.expires_on
        assert purchase.purchased_at.date() >= coupon.expires_on - timedelta(days=30)
    assert channels >= 4
