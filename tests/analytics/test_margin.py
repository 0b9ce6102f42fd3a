"""Margin figures with missing costs, against the hand computation in margin_shop.py (both back ends)."""

from __future__ import annotations

from datetime import date

import pytest

from crmdesk.analytics import margin
from crmdesk.analytics.loader import customer_purchases
from crmdesk.analytics.pareto import pareto
from tests.analytics.margin_shop import SHOP, build_margin_shop

AS_OF = date(2024, 6, 30)


def test_shop_margin_leaves_lines_without_cost_out_and_says_how_much(store):
    build_margin_shop(store)
    totals = margin.coverage(margin.purchase_margins(store, AS_OF))
    assert (totals.revenue, totals.costed_revenue, totals.uncosted_revenue, totals.cost_of_goods, totals.points,
            totals.coupon_discounts, totals.margin) == tuple(SHOP[k] for k in (
                "revenue", "costed_revenue", "uncosted_revenue", "cost_of_goods", "points", "coupon_discounts",
                "margin"))
    assert totals.uncosted_share == pytest.approx(12_000 / 34_500)
    assert totals.margin_rate == pytest.approx(11_900 / 22_500)


def test_each_purchase_and_customer_has_its_own_margin(store):
    ids = build_margin_shop(store)
    rows = margin.purchase_margins(store, AS_OF)
    assert rows["margin"].round().astype(int).tolist() == [7400, 3000, 1500, 0]
    assert rows["uncosted_revenue"].round().astype(int).tolist() == [0, 2000, 0, 10_000]
    people = margin.customer_margins(rows).set_index("customer_id")
    assert people.loc[ids["A"], ["revenue", "margin", "uncosted_revenue"]].tolist() == [20_000, 10_400, 2000]
    assert people.loc[ids["B"], ["revenue", "margin", "uncosted_revenue"]].tolist() == [14_500, 1_500, 10_000]


def test_a_catalogue_cost_typed_later_applies_to_past_purchases(store):
    from sqlalchemy import select

    from crmdesk.models import Product

    build_margin_shop(store)
    with store.session() as session:
        session.execute(select(Product).where(Product.name == "쿠키")).scalar_one().cost = 500
    totals = margin.coverage(margin.purchase_margins(store, AS_OF))
    assert (totals.costed_revenue, totals.margin) == (24_500, 11_900 + 2000 - 500)


def test_pareto_on_margin_ranks_by_what_customers_earned(store):
    ids = build_margin_shop(store)
    purchases = customer_purchases(store, AS_OF)
    by_revenue = pareto(purchases)
    by_margin = pareto(margin.on_margin(purchases, margin.purchase_margins(store, AS_OF)))
    assert by_revenue.revenue == 34_500 and by_margin.revenue == 11_900
    assert by_margin.curve["customer_id"].tolist() == [ids["A"], ids["B"]]
    assert by_margin.curve["monetary"].tolist() == [10_400, 1_500]


def test_before_any_purchase_nothing_is_costed(store):
    build_margin_shop(store)
    totals = margin.coverage(margin.purchase_margins(store, date(2024, 1, 1)))
    assert (totals.revenue, totals.margin, totals.uncosted_share, totals.margin_rate) == (0, 0, 0.0, None)
