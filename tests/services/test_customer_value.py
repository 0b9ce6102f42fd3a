"""Each customer's standing (segment, stage, value) and the reactivation list, on a hand-made shop."""

from __future__ import annotations

import csv
import random
from datetime import date, datetime, time, timedelta

import pytest
from sqlmodel import select

from crmdesk.access import Actor, PermissionDenied
from crmdesk.analytics.rfm import rfm_table
from crmdesk.models import Customer, Purchase
from crmdesk.services import consent
from crmdesk.services import customer_value as cv
from crmdesk.services import customers as svc

AS_OF = date(2025, 6, 30)


def buy(session, customer_id: int, day: date, total: int) -> None:
    session.add(Purchase(customer_id=customer_id, total=total, purchased_at=datetime.combine(day, time(12))))


@pytest.fixture
def hand_shop(store):
    """단골 every 10 days since January; 위험 every 20 days, last on 30 April (silent 61 days: at risk);
    휴면 every 15 days, last on 31 March (silent 91: dormant) and worth more; 신규 once, five days ago;
    없음 never bought; 보관 bought but is archived. The shop's return window is 10 days."""
    cv.forget(store)
    with store.session() as session:
        ids = {name: svc.create_customer(session, {"name": name, "phone": f"010-2000-{1000 + i}"},
                                         consents={"collection": True}).id
               for i, name in enumerate(["단골", "위험", "휴면", "신규", "없음", "보관"])}
        for k in range(18):
            buy(session, ids["단골"], date(2025, 1, 1) + timedelta(days=10 * k), 20_000)
        for day in (date(2025, 3, 21), date(2025, 4, 10), date(2025, 4, 30)):
            buy(session, ids["위험"], day, 50_000)
        for day in (date(2025, 3, 1), date(2025, 3, 16), date(2025, 3, 31)):
            buy(session, ids["휴면"], day, 80_000)
        buy(session, ids["신규"], date(2025, 6, 25), 10_000)
        buy(session, ids["보관"], date(2025, 6, 1), 99_000)
        session.flush()
        session.get(Customer, ids["보관"]).archived = True
        consent.record_consent(session, ids["위험"], "sms", True, method="paper")
        svc.refresh_purchase_totals(session)
    yield store, ids
    cv.forget(store)


def test_each_customer_gets_segment_stage_and_historic_value(hand_shop):
    store, ids = hand_shop
    segments = rfm_table(store, AS_OF).set_index("customer_id")["segment"]
    risk = cv.value_of(store, ids["위험"], AS_OF)
    assert risk.stage == "at_risk" and risk.historic_value == 150_000 and risk.purchase_days == 3
    assert risk.usual_gap_days == 20
    assert risk.segment == segments[ids["위험"]]
    assert cv.value_of(store, ids["휴면"], AS_OF).stage == "dormant"
    assert cv.value_of(store, ids["신규"], AS_OF).stage == "new"
    never = cv.value_of(store, ids["없음"], AS_OF)
    assert never.stage == "no_purchase" and never.segment == "No purchase" and never.historic_value == 0
    assert cv.value_of(store, ids["보관"], AS_OF) is None  # archived: not part of the shop's figures


def test_too_little_history_says_so_instead_of_predicting(hand_shop):
    store, ids = hand_shop
    value = cv.value_of(store, ids["단골"], AS_OF)
    assert value.predicted_value is None and value.p_alive is None
    assert "a forecast needs at least 30" in value.reason and "이상이 필요합니다" in value.reason_ko


def test_the_shop_is_computed_once_until_a_purchase_changes_it(hand_shop):
    store, ids = hand_shop
    first = cv.shop_value(store, AS_OF)
    assert cv.shop_value(store, AS_OF) is first
    with store.session() as session:
        buy(session, ids["위험"], date(2025, 6, 29), 5_000)
    again = cv.shop_value(store, AS_OF)
    assert again is not first
    assert cv.value_of(store, ids["위험"], AS_OF).historic_value == 155_000
    assert cv.value_of(store, ids["위험"], AS_OF).stage != "at_risk"  # came back yesterday
    with store.session() as session:  # a void changes it too
        purchase = session.exec(select(Purchase).where(Purchase.customer_id == ids["위험"]).order_by(
            Purchase.id.desc())).first()
        purchase.voided_at = datetime.now()
    assert cv.value_of(store, ids["위험"], AS_OF).historic_value == 150_000


def test_reactivation_list_has_at_risk_and_dormant_most_valuable_first_with_contact(hand_shop):
    store, ids = hand_shop
    shop = cv.shop_value(store, AS_OF)
    listed = cv.reactivation_list(store, shop)
    assert listed["name"].tolist() == ["휴면", "위험"]  # 240,000 before 150,000 (no forecast: historic value)
    assert listed["phone"].tolist() == ["010-2000-1002", "010-2000-1001"]
    assert listed["sms_consent"].tolist() == [False, True]
    assert listed["silence_days"].tolist() == [91, 61]
    assert shop.stage_customers("at_risk") == {ids["위험"]}
    assert shop.return_window_days == 10 and shop.loyal_days == 9  # 80th percentile of 1, 3, 3, 18 purchase days
    assert shop.stage_counts()["dormant"] == 1 and shop.stage_counts()["new"] == 1


def test_lifecycle_figures_give_counts_over_time_and_the_list(hand_shop):
    store, ids = hand_shop
    figures = cv.lifecycle_figures(store, AS_OF, months=6)
    assert [d.isoformat() for d in figures.counts["month_end"]] == [
        "2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31", "2025-06-30"]
    assert figures.counts.iloc[-1]["at_risk"] == 1 and figures.counts.iloc[-1]["dormant"] == 1
    assert figures.counts.iloc[0]["customers"] == 1  # only 단골 had bought by the end of January
    assert len(figures.reactivation) == 2


def test_saving_the_list_writes_korean_headers_and_is_refused_to_staff(hand_shop, tmp_path):
    store, ids = hand_shop
    listed = cv.reactivation_list(store, cv.shop_value(store, AS_OF))
    path = tmp_path / "list.csv"
    assert cv.export_reactivation(store, path, listed, headers="ko") == 2
    with path.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:7] == ["번호", "고객코드", "이름", "단계", "RFM 세그먼트", "전화번호", "문자 수신 동의"]
    assert rows[1][2:4] == ["휴면", "발길 뜸함"] and rows[1][7] == "2025-03-31" and rows[1][11] == "240000"
    assert rows[2][3] == "방문 지연" and rows[2][6] == "예"
    store.actor = Actor(7, "김하늘", "staff")
    refused = tmp_path / "staff.csv"
    with pytest.raises(PermissionDenied):
        cv.export_reactivation(store, refused, listed)
    assert not refused.exists()


@pytest.fixture
def busy_shop(store):
    """Eighty customers with a year of varied visits: enough for the BG/NBD + Gamma-Gamma fit."""
    cv.forget(store)
    rng = random.Random(5)
    with store.session() as session:
        ids = []
        for i in range(80):
            cid = svc.create_customer(session, {"name": f"Customer {i}"}).id
            ids.append(cid)
            day = AS_OF - timedelta(days=rng.randint(30, 360))
            rate = rng.choice([7, 14, 30, 60, 400])
            while day <= AS_OF:
                buy(session, cid, day, rng.randint(5, 60) * 1_000)
                day += timedelta(days=max(1, int(rng.expovariate(1 / rate))))
                if rng.random() < 0.08:
                    break  # stopped coming
        svc.refresh_purchase_totals(session)
    yield store, ids
    cv.forget(store)


def test_with_enough_history_the_forecast_and_p_alive_are_given(busy_shop):
    store, ids = busy_shop
    shop = cv.shop_value(store, AS_OF)
    assert shop.predicted, shop.reason
    values = [cv.value_of(store, cid, AS_OF) for cid in ids]
    assert all(v.predicted_value is not None and 0 < v.p_alive <= 1 for v in values)
    assert all(v.reason == "" for v in values)


def test_staff_cannot_read_customer_values(hand_shop):
    store, ids = hand_shop
    store.actor = Actor(7, "김하늘", "staff")
    with pytest.raises(PermissionDenied, match="may not see the shop's figures and segments"):
        cv.value_of(store, ids["위험"], AS_OF)
    assert not cv.is_cached(store)


def test_two_threads_asking_at_once_compute_the_shop_once(hand_shop, monkeypatch):
    import threading

    store, _ = hand_shop
    computed = []
    real = cv.compute_shop_value
    monkeypatch.setattr(cv, "compute_shop_value", lambda *a, **k: computed.append(1) or real(*a, **k))
    results = []
    threads = [threading.Thread(target=lambda: results.append(cv.shop_value(store, AS_OF))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(computed) == 1 and results[0] is results[1]
