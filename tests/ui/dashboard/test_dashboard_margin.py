"""The dashboard's revenue/margin switch (issue 20): the owner picks Margin and every money figure follows, with
the share of revenue that has no cost said plainly."""

from __future__ import annotations

import pytest

from tests.analytics.margin_shop import SHOP, build_margin_shop


@pytest.fixture
def margin_window(app, qtbot, store, answers, inline_jobs):
    from crmdesk.ui.app.main_window import MainWindow

    build_margin_shop(store)
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1300, 900)
    win.show()
    qtbot.waitExposed(win)
    win.nav.setCurrentRow(win.screens.index(win.dashboard))
    return win


def test_switching_to_margin_shows_margin_and_what_has_no_cost(margin_window):
    dash = margin_window.dashboard.screen
    assert dash.on.currentData() == "revenue"
    assert dash.figures.margin is None and dash.figures.pareto.revenue == SHOP["revenue"]
    assert "has no cost" not in dash.summary.text()

    dash.on.setCurrentIndex(dash.on.findData("margin"))  # computed again at once
    figures = dash.figures
    assert figures.margin is not None and figures.margin.margin == SHOP["margin"]
    assert figures.pareto.revenue == SHOP["margin"]
    assert sum(int(m.revenue) for m in figures.revenue.itertuples()) == SHOP["margin"]
    assert int(figures.segments["revenue"].sum()) == SHOP["margin"]
    text = dash.summary.text()
    assert "margin ₩11,900 (52.9% of the revenue with a cost)" in text
    assert "34.8% of revenue (₩12,000) has no cost; it is left out of margin." in text
    assert dash.cards["revenue"].title.text() == "Margin by month"
    assert dash.pareto.getAxis("left").labelText == "Share of margin (%)"
    assert "margin" in dash.revenue.accessibleDescription()
    assert all(", margin ₩" in dash.segments._row_text(row) for row in dash.segments.rows)

    dash.on.setCurrentIndex(dash.on.findData("revenue"))
    assert dash.figures.margin is None and dash.cards["revenue"].title.text() == "Revenue by month"
