"""Cohort retention and revenue by month on small hand-checked shops."""

from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

from crmdesk.analytics.cohorts import cohort_report, month_number, monthly_purchases

AS_OF = date(2024, 4, 15)


def test_empty_shop_has_no_cohorts_and_no_revenue(shop):
    shop("Never bought")
    retention, revenue = cohort_report(shop.store, AS_OF)
    assert retention.sizes.empty and retention.shares.empty
    assert revenue.empty


def test_retention_by_month_of_first_purchase(shop):
    # January cohort: A, B, C. A comes back in February and April, B in March, C never.
    shop("A", (date(2024, 1, 5), 100), (date(2024, 2, 10), 100), (date(2024, 4, 1), 100))
    shop("B", (date(2024, 1, 31), 100), (date(2024, 3, 1), 100))
    shop("C", (date(2024, 1, 20), 100))
    # February cohort: D comes back in March (and twice in February, which is still month +0).
    shop("D", (date(2024, 2, 1), 100), (date(2024, 2, 28), 100), (date(2024, 3, 31), 100))
    retention, _ = cohort_report(shop.store, AS_OF)

    assert list(retention.sizes.index) == [pd.Timestamp(2024, 1, 1), pd.Timestamp(2024, 2, 1)]
    assert list(retention.sizes) == [3, 1]
    jan = retention.shares.loc[pd.Timestamp(2024, 1, 1)]
    assert list(jan) == [1.0, 1 / 3, 1 / 3, 1 / 3]
    feb = retention.shares.loc[pd.Timestamp(2024, 2, 1)]
    assert list(feb[:3]) == [1.0, 1.0, 0.0]
    # April is the as-of month: February's month +3 (May) has not happened, so it is unknown, not 0 %.
    assert math.isnan(feb[3])
    assert list(retention.customers.loc[pd.Timestamp(2024, 1, 1)]) == [3, 1, 1, 1]


def test_month_plus_one_is_the_next_calendar_month_across_a_new_year(shop):
    shop("Year end", (datetime(2023, 12, 31, 23, 50), 100), (datetime(2024, 1, 1, 0, 10), 100))
    retention, _ = cohort_report(shop.store, date(2024, 1, 31))
    assert list(retention.shares.loc[pd.Timestamp(2023, 12, 1)]) == [1.0, 1.0]


def test_voids_archived_cards_and_as_of_date(shop):
    # The voided January purchase does not make January this customer's cohort.
    shop("Voided first", (date(2024, 1, 3), 500, True), (date(2024, 2, 3), 100))
    shop("Archived", (date(2024, 1, 3), 900), (date(2024, 2, 3), 900), archived=True)
    # Bought again after the as-of date: looking back, that has not happened.
    shop("Later", (date(2024, 2, 10), 100), (date(2024, 4, 20), 100))
    retention, revenue = cohort_report(shop.store, AS_OF)
    assert list(retention.sizes.index) == [pd.Timestamp(2024, 2, 1)]
    assert list(retention.sizes) == [2]
    assert list(retention.shares.iloc[0]) == [1.0, 0.0, 0.0]
    assert list(revenue["revenue"]) == [200, 0, 0]


def test_as_of_day_counts_to_its_end(shop):
    shop("Evening", (date(2024, 3, 1), 100), (datetime(2024, 4, 15, 23, 59), 100))
    retention, _ = cohort_report(shop.store, AS_OF)
    assert list(retention.shares.iloc[0]) == [1.0, 1.0]
    retention, _ = cohort_report(shop.store, date(2024, 4, 14))
    assert list(retention.shares.iloc[0]) == [1.0, 0.0]
    assert retention.customers.iloc[0, 1] == 0


def test_revenue_by_month_includes_quiet_months_up_to_the_as_of_month(shop):
    shop("A", (date(2024, 1, 5), 1000), (date(2024, 1, 25), 500), (date(2024, 3, 2), 700))
    shop("B", (date(2024, 1, 7), 300), (date(2024, 1, 7), 200, True))
    _, revenue = cohort_report(shop.store, AS_OF)
    assert list(revenue["month"]) == [pd.Timestamp(2024, m, 1) for m in (1, 2, 3, 4)]
    assert list(revenue["revenue"]) == [1800, 0, 700, 0]
    assert list(revenue["purchases"]) == [3, 0, 1, 0]
    assert list(revenue["customers"]) == [2, 0, 1, 0]


def test_monthly_purchases_groups_per_customer_and_month(shop):
    a = shop("A", (date(2024, 1, 5), 1000), (date(2024, 1, 25), 500), (date(2024, 3, 2), 700))
    frame = monthly_purchases(shop.store, AS_OF)
    assert frame.to_dict("records") == [
        {"customer_id": a, "month": month_number(date(2024, 1, 1)), "purchases": 2, "revenue": 1500},
        {"customer_id": a, "month": month_number(date(2024, 3, 1)), "purchases": 1, "revenue": 700},
    ]
