"""The dashboard's figures from one read of the purchases agree with the analytics' own loaders."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from crmdesk.analytics.cohorts import active_customers, cohort_report, read_purchases
from crmdesk.analytics.dashboard import customer_purchases_from_rows, dashboard_figures, rf_grid
from crmdesk.analytics.loader import customer_purchases
from crmdesk.analytics.pareto import pareto_report
from crmdesk.analytics.rfm import rfm_table

AS_OF = date(2024, 4, 15)


def small_shop(shop):
    ids = {
        "a": shop("A", (date(2024, 1, 5), 1000), (datetime(2024, 1, 5, 18), 500), (date(2024, 3, 2), 700)),
        "b": shop("B", (date(2024, 2, 7), 300), (date(2024, 4, 1), 200, True)),
        "c": shop("C", (date(2024, 4, 20), 900)),  # after the as-of date
        "d": shop("D", (date(2023, 12, 1), 50)),
        "e": shop("E", (date(2024, 1, 1), 5000), archived=True),
        "f": shop("Never"),
    }
    return ids


def test_one_read_gives_what_the_loader_gives(shop):
    small_shop(shop)
    store = shop.store
    expected = customer_purchases(store, AS_OF)
    got = customer_purchases_from_rows(read_purchases(store, AS_OF), active_customers(store))
    pd.testing.assert_frame_equal(got, expected)


def test_empty_shop(shop):
    shop("Never")
    figures = dashboard_figures(shop.store, AS_OF)
    assert figures.pareto.customers == 0 and figures.grid.customers.sum() == 0
    assert figures.retention.sizes.empty and figures.revenue.empty
    assert list(figures.segments["segment"]) == ["No purchase"]


def test_figures_match_rfm_pareto_and_cohorts(shop):
    ids = small_shop(shop)
    store = shop.store
    steps = []
    figures = dashboard_figures(store, AS_OF, lambda done, total: steps.append((done, total)))
    assert steps[0] == (0, 6) and steps[-1] == (6, 6)
    table = rfm_table(store, AS_OF)
    pd.testing.assert_frame_equal(figures.rfm, table)
    assert figures.pareto.top20_revenue_share == pareto_report(store, AS_OF).top20_revenue_share
    retention, revenue = cohort_report(store, AS_OF)
    pd.testing.assert_frame_equal(figures.revenue, revenue)
    pd.testing.assert_frame_equal(figures.retention.shares, retention.shares)
    # Three buyers by the as-of date (C bought later, E is archived).
    assert figures.grid.customers.sum() == 3
    assert figures.segment_customers("No purchase") == frozenset({ids["c"], ids["f"]})
    a = table.set_index("customer_id").loc[ids["a"]]
    assert ids["a"] in figures.cell_customers(int(a["r"]), int(a["f"]))


def test_rf_grid_counts_and_averages_per_cell():
    table = pd.DataFrame({"customer_id": [1, 2, 3, 4], "monetary": [100, 300, 50, 0],
                          "r": pd.array([5, 5, 1, pd.NA], dtype="Int64"),
                          "f": pd.array([2, 2, 1, pd.NA], dtype="Int64")})
    grid = rf_grid(table)
    assert grid.customers[4, 1] == 2 and grid.revenue[4, 1] == 400 and grid.average[4, 1] == 200
    assert grid.customers[0, 0] == 1 and grid.average[0, 0] == 50
    assert grid.customers.sum() == 3
    assert pd.isna(grid.average[2, 2])
