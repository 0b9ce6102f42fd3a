"""Pareto figures checked by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from crmdesk.analytics.pareto import CURVE_COLUMNS, pareto, pareto_report


def spenders(*amounts: int, never_bought: int = 0) -> pd.DataFrame:
    n = len(amounts)
    return pd.DataFrame({
        "customer_id": range(1, n + never_bought + 1), "customer_code": [None] * (n + never_bought),
        "name": [f"c{i}" for i in range(1, n + never_bought + 1)],
        "frequency": [1] * n + [0] * never_bought, "monetary": list(amounts) + [0] * never_bought,
    })


def test_ten_customers_where_two_make_seventy_percent():
    # Best first: 50, 20, 10, 10, 5, 5, 0, 0, 0, 0 of 100 (the zero spenders bought free coffee: they count).
    result = pareto(spenders(10, 0, 50, 5, 0, 20, 10, 0, 5, 0, never_bought=3))
    assert result.customers == 10 and result.revenue == 100
    assert result.top20_revenue_share == pytest.approx(0.70)
    assert result.customers_share_for_80 == pytest.approx(0.30) and result.customers_for_80 == 3
    assert list(result.curve.columns) == CURVE_COLUMNS
    assert result.curve["monetary"].tolist() == [50, 20, 10, 10, 5, 5, 0, 0, 0, 0]
    assert result.curve["customer_id"].tolist()[:2] == [3, 6]
    assert result.curve["revenue_share"].tolist()[:4] == pytest.approx([0.5, 0.7, 0.8, 0.9])
    assert result.curve["customer_share"].iloc[-1] == pytest.approx(1.0)
    assert result.curve["revenue_share"].iloc[-1] == pytest.approx(1.0)


def test_figures_between_customers_are_read_off_the_curve_by_interpolation():
    # Four customers: 60, 30, 10, 0. The curve: (0, 0), (.25, .6), (.5, .9), (.75, 1), (1, 1).
    result = pareto(spenders(30, 60, 0, 10))
    assert result.top20_revenue_share == pytest.approx(0.2 / 0.25 * 0.6)  # 48 %
    assert result.customers_share_for_80 == pytest.approx(0.25 + (0.8 - 0.6) / 0.3 * 0.25)  # 41.7 %
    assert result.customers_for_80 == 2


def test_everyone_spending_the_same_is_a_straight_line():
    result = pareto(spenders(*[7] * 5))
    assert result.top20_revenue_share == pytest.approx(0.2)
    assert result.customers_share_for_80 == pytest.approx(0.8) and result.customers_for_80 == 4


@pytest.mark.parametrize("frame", [spenders(), spenders(never_bought=4), spenders(0, 0, 0)])
def test_no_customers_or_no_revenue_gives_no_figures_and_no_division_by_zero(frame):
    result = pareto(frame)
    assert result.top20_revenue_share is None and result.customers_share_for_80 is None
    assert result.customers_for_80 is None and result.revenue == 0
    assert len(result.curve) == result.customers


def test_from_the_store_voids_and_later_purchases_do_not_count(shop):
    big = shop("big", (date(2025, 1, 5), 80_000), (date(2025, 7, 2), 1_000_000))
    shop("small", (date(2025, 2, 5), 20_000), (date(2025, 2, 6), 500_000, True))
    shop("nobody yet")
    result = pareto_report(shop.store, date(2025, 6, 30))
    assert result.customers == 2 and result.revenue == 100_000
    assert result.curve["customer_id"].tolist() == [big, big + 1]
    assert result.top20_revenue_share == pytest.approx(0.2 / 0.5 * 0.8)
    assert result.customers_share_for_80 == pytest.approx(0.5) and result.customers_for_80 == 1


def test_an_empty_shop(store):
    result = pareto_report(store, date(2025, 6, 30))
    assert result.customers == 0 and result.top20_revenue_share is None and result.curve.empty
