"""The first card of the day answers from the last stored fit and the shop is refitted once in the background
(issue 18); the tooltip says which day's figures a line was scored with until today's are in."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from crmdesk.analytics.value_fit import SETTING_KEY, ValueFit
from crmdesk.models import Purchase
from crmdesk.services import customer_value as cv
from crmdesk.services import customers as svc
from crmdesk.services.settings import get_setting

TODAY = date.today()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture
def shop(store):
    cv.forget(store)
    with store.session() as session:
        ids = {name: svc.create_customer(session, {"name": name}).id for name in ["단골", "위험"]}
        for k in range(18):
            session.add(Purchase(customer_id=ids["단골"], total=20_000,
                                 purchased_at=datetime.combine(TODAY - timedelta(days=10 + 10 * k), time(12))))
        for ago in (61, 81, 101):
            session.add(Purchase(customer_id=ids["위험"], total=50_000,
                                 purchased_at=datetime.combine(TODAY - timedelta(days=ago), time(12))))
        svc.refresh_purchase_totals(session)
    cv.shop_value(store, YESTERDAY)  # yesterday's computation left its fit in the database
    cv.forget(store)  # a new day: the window starts with nothing in memory
    yield store, ids
    cv.forget(store)


def test_first_card_scored_from_yesterdays_fit_then_refitted_once(app, qtbot, shop, answers, monkeypatch):
    from crmdesk.ui.card.value_line import CustomerValueLine

    store, ids = shop
    computed = []
    real = cv.compute_shop_value
    monkeypatch.setattr(cv, "compute_shop_value", lambda *a, **k: computed.append(a[1]) or real(*a, **k))
    line = CustomerValueLine(store)
    qtbot.addWidget(line)
    line.show()
    line.show_customer(ids["위험"])
    qtbot.waitUntil(lambda: line.value is not None, timeout=20_000)
    first_text = line.text().replace("\u00a0", " ")
    assert "Stage Overdue" in first_text and "Historic value ₩150,000" in first_text
    # The background refit (today's figures) follows, once; the line then answers from it.
    qtbot.waitUntil(lambda: computed == [TODAY] and line.fit_day is None, timeout=30_000)
    assert line.text().replace("\u00a0", " ") == first_text  # nothing changed overnight for this customer
    with store.session() as session:
        assert ValueFit.from_text(get_setting(session, SETTING_KEY)).as_of == TODAY.isoformat()
    line.show_customer(ids["단골"])
    qtbot.waitUntil(lambda: line.value is not None and line.value.customer_id == ids["단골"], timeout=20_000)
    assert computed == [TODAY] and "Stage Regular" in line.text().replace("\u00a0", " ")


def test_the_first_line_names_the_day_of_its_figures(app, qtbot, shop, answers, monkeypatch):
    from crmdesk.ui.card import value_line

    store, ids = shop
    monkeypatch.setattr(value_line.CustomerValueLine, "_refit_once_today", lambda self: None)  # hold the refit
    line = value_line.CustomerValueLine(store)
    qtbot.addWidget(line)
    line.show()
    line.show_customer(ids["위험"])
    qtbot.waitUntil(lambda: line.value is not None, timeout=20_000)
    assert line.fit_day == YESTERDAY.isoformat()
    assert f"Scored with the shop's figures of {YESTERDAY.isoformat()}" in line.toolTip()
