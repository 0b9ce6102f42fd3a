"""The owner's value line on the customer card: segment, stage, historic and predicted value, or why not."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from crmdesk.access import Actor
from crmdesk.analytics.rfm import rfm_table
from crmdesk.models import Purchase
from crmdesk.services import customer_value as cv
from crmdesk.services import customers as svc

TODAY = date.today()


def buy(session, customer_id: int, days_ago: int, total: int) -> None:
    session.add(Purchase(customer_id=customer_id, total=total,
                         purchased_at=datetime.combine(TODAY - timedelta(days=days_ago), time(12))))


@pytest.fixture
def small_shop(store):
    """단골 every 10 days; 위험 silent 61 days after visits 20 days apart (at risk); 없음 never bought."""
    cv.forget(store)
    with store.session() as session:
        ids = {name: svc.create_customer(session, {"name": name}).id for name in ["단골", "위험", "없음"]}
        for k in range(18):
            buy(session, ids["단골"], 10 + 10 * k, 20_000)
        for ago in (61, 81, 101):
            buy(session, ids["위험"], ago, 50_000)
        svc.refresh_purchase_totals(session)
    yield store, ids
    cv.forget(store)


def open_window(qtbot, store):
    from crmdesk.ui.app.main_window import MainWindow

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_the_card_shows_segment_stage_and_value_or_says_there_is_too_little_history(app, qtbot, small_shop, answers,
                                                                                  inline_jobs):
    store, ids = small_shop
    segment = rfm_table(store).set_index("customer_id").loc[ids["위험"], "segment"]
    win = open_window(qtbot, store)
    card = win.customers.card
    win.customers.select_customer(ids["위험"])
    assert card.title.text() == "위험" and card.value_line.isVisible()
    shown = card.value_line.text().replace("\u00a0", " ")  # no line break inside a part
    assert shown == f"Segment {segment} · Stage Overdue · Historic value ₩150,000 · Predicted value: not enough history"
    assert card.value_line.toolTip().startswith("No forecast for the shop yet: 2 customers with purchases")
    win.customers.select_customer(ids["없음"])
    assert card.value_line.text() == "No purchase · no purchase yet: no value to show"


def test_opening_cards_computes_the_shop_once(app, qtbot, small_shop, answers, inline_jobs, monkeypatch):
    store, ids = small_shop
    computed = []
    real = cv.compute_shop_value
    monkeypatch.setattr(cv, "compute_shop_value", lambda *a, **k: computed.append(1) or real(*a, **k))
    win = open_window(qtbot, store)
    for name in ("단골", "위험", "없음", "단골"):
        win.customers.select_customer(ids[name])
    assert len(computed) == 1
    assert "Stage Regular" in win.customers.card.value_line.text().replace("\u00a0", " ")


def test_staff_do_not_see_the_value_line(app, qtbot, small_shop, answers, inline_jobs):
    store, ids = small_shop
    from crmdesk.services import staff

    with store.session() as session:
        clerk = staff.create_staff(session, "김하늘", "staff").id
    store.actor = Actor(clerk, "김하늘", "staff")
    win = open_window(qtbot, store)
    win.customers.select_customer(ids["위험"])
    assert win.customers.card.title.text() == "위험"
    assert not win.customers.card.value_line.isVisible()
    assert not cv.is_cached(store)  # nothing computed for them either


@pytest.fixture
def busy_shop(store):
    """Eighty customers with a year of varied visits: enough for the forecast."""
    cv.forget(store)
    rng = random.Random(5)
    with store.session() as session:
        ids = []
        for i in range(80):
            ids.append(svc.create_customer(session, {"name": f"Customer {i}"}).id)
            ago = rng.randint(30, 360)
            rate = rng.choice([7, 14, 30, 60, 400])
            while ago >= 0:
                buy(session, ids[-1], ago, rng.randint(5, 60) * 1_000)
                ago -= max(1, int(rng.expovariate(1 / rate)))
                if rng.random() < 0.08:
                    break
        svc.refresh_purchase_totals(session)
    yield store, ids
    cv.forget(store)


def test_with_enough_history_the_card_gives_predicted_value_and_p_alive(app, qtbot, busy_shop, answers, inline_jobs):
    store, ids = busy_shop
    win = open_window(qtbot, store)
    win.customers.select_customer(ids[3])
    value = cv.value_of(store, ids[3])
    assert value.predicted_value is not None
    text = win.customers.card.value_line.text().replace("\u00a0", " ")
    assert f"Predicted (1 year) ₩{round(value.predicted_value):,}" in text
    assert text.endswith(f"P(alive) {100 * value.p_alive:.0f}%")
    assert "365 days" in win.customers.card.value_line.toolTip()


def test_korean_value_line(app, qtbot, small_shop, answers, inline_jobs):
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, "ko")
    store, ids = small_shop
    win = open_window(qtbot, store)
    win.customers.select_customer(ids["위험"])
    text = win.customers.card.value_line.text().replace("\u00a0", " ")
    assert "방문 지연" in text and "150,000원" in text and "예측 가치: 이력 부족" in text
    assert "예측하려면" in win.customers.card.value_line.toolTip()
