"""A small shop with costs, hand-computed (tests/analytics/test_margin.py spells the arithmetic out).

Catalogue: 아메리카노 4,000 costs 1,000 (its cost); 라떼 5,000 at a 60 % margin (costs 2,000); 케이크 6,000 has
nothing of its own but its category 디저트 has a 50 % margin (costs 3,000); 쿠키 2,000 in 기타 has no cost at all;
차 has no catalogue cost, but its imported lines say 1,500 a unit.

- 김가나 (A): receipt 1: 아메리카노 x2 8,000 + 라떼 5,000, 1,000 off, total 12,000, 600 paid in points: margin
  12,000 - 600 - (2,000 + 2,000) = 7,400. Receipt 2: 케이크 6,000 + 쿠키 2,000 = 8,000: three quarters costed,
  margin 6,000 - 3,000 = 3,000, 2,000 without cost. A voided receipt counts nowhere.
- 이다라 (B): 차 x2 at 2,500 with a 500 coupon off, total 4,500: margin 4,500 - 3,000 = 1,500. A receipt of
  10,000 without lines (an import of totals): no cost at all.
- A walk-in sale counts nowhere.

Shop: revenue 34,500; with a cost 22,500; without 12,000 (34.8 %); cost of goods 10,000; points 600; coupon
discounts 500; margin 11,900. A: 10,400 on 20,000; B: 1,500 on 14,500.
"""

from __future__ import annotations

from datetime import datetime

from crmdesk.models import (
    Coupon,
    CouponRedemption,
    Customer,
    PointsEntry,
    Product,
    ProductCategory,
    Purchase,
    PurchaseLine,
)

DAY = datetime(2024, 5, 10, 12, 0)
SHOP = {"revenue": 34_500, "costed_revenue": 22_500, "uncosted_revenue": 12_000, "cost_of_goods": 10_000,
        "points": 600, "coupon_discounts": 500, "margin": 11_900}


def build_margin_shop(store) -> dict[str, int]:
    """The shop above; returns the customers' ids by letter."""
    with store.session() as session:
        products = {name: Product(name=name, category=category, unit_price=price, cost=cost, margin_percent=margin)
                    for name, category, price, cost, margin in (
                        ("아메리카노", "커피", 4000, 1000, None), ("라떼", "커피", 5000, None, 60.0),
                        ("케이크", "디저트", 6000, None, None), ("쿠키", "기타", 2000, None, None),
                        ("차", "차", 2500, None, None))}
        session.add_all(products.values())
        session.add(ProductCategory(name="디저트", margin_percent=50.0))
        a, b = Customer(name="김가나", customer_code="A"), Customer(name="이다라", customer_code="B")
        session.add_all([a, b])
        session.flush()

        def receipt(customer: Customer | None, total: int, discount: int, *lines: tuple, voided: bool = False,
                    day: int = 0) -> Purchase:
            at = DAY.replace(day=DAY.day + day)
            purchase = Purchase(customer_id=customer.id if customer else None, purchased_at=at, total=total,
                                discount=discount, voided_at=at if voided else None)
            session.add(purchase)
            session.flush()
            for name, quantity, unit_cost in lines:
                product = products[name]
                session.add(PurchaseLine(purchase_id=purchase.id, product=name, category=product.category,
                                         quantity=quantity, unit_price=product.unit_price,
                                         amount=quantity * product.unit_price, product_id=product.id,
                                         unit_cost=unit_cost))
            return purchase

        first = receipt(a, 12_000, 1000, ("아메리카노", 2, None), ("라떼", 1, None))
        session.add(PointsEntry(customer_id=a.id, at=DAY, kind="redeem", points=-600, purchase_id=first.id))
        receipt(a, 8_000, 0, ("케이크", 1, None), ("쿠키", 1, None), day=1)
        receipt(a, 50_000, 0, ("아메리카노", 10, None), ("라떼", 2, None), voided=True, day=2)
        tea = receipt(b, 4_500, 500, ("차", 2, 1500), day=3)
        coupon = Coupon(code="CP-TEA", customer_id=b.id, kind="manual", amount=500, issued_at=DAY)
        session.add(coupon)
        session.flush()
        session.add(CouponRedemption(coupon_id=coupon.id, purchase_id=tea.id, customer_id=b.id, redeemed_at=DAY,
                                     discount=500))
        receipt(b, 10_000, 0, day=4)
        receipt(None, 9_000, 0, ("아메리카노", 2, None), day=4)
        session.flush()
        return {"A": a.id, "B": b.id}
