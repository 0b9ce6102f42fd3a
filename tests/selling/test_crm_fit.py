"""The CRM fit figures and the what-if against hand computation on a four-customer shop."""

import math
from datetime import date, datetime

import pytest

from crmdesk.services import consent
from crmdesk.services import crm_fit as fit_svc
from crmdesk.services import customers as cust
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry

ASKED = {"collection": True}  # the customer's answer to collection, as the new-card form asks it


def buy(s, cid, day, amount):
    psvc.create_purchase(s, PurchaseEntry(cid, datetime.combine(day, datetime.min.time()).replace(hour=11),
                                          [LineEntry("커피", 1, amount)]))


@pytest.fixture
def shop(store):
    with store.session() as s:
        a = cust.create_customer(s, {"name": "가", "phone": "010-1000-0001"}, consents=ASKED).id
        b = cust.create_customer(s, {"name": "나", "phone": "010-1000-0002"}, consents=ASKED).id
        c = cust.create_customer(s, {"name": "다"}).id
        d = cust.create_customer(s, {"name": "라", "phone": "010-1000-0004"}, consents=ASKED).id
        buy(s, a, date(2024, 6, 1), 5000)
        for day in (date(2025, 1, 10), date(2025, 1, 20), date(2025, 2, 9)):  # gaps 10, 20: median 15
            buy(s, a, day, 10000)
        for day in (date(2025, 3, 1), date(2025, 3, 31), date(2025, 5, 30), date(2025, 6, 29)):  # 30, 60, 30
            buy(s, b, day, 5000)
        buy(s, c, date(2024, 5, 1), 8000)  # last year only: did not come back
        buy(s, d, date(2025, 7, 1), 2000)
        buy(s, None, date(2025, 8, 1), 12000)  # a walk-in
        consent.record_consent(s, a, "sms", True, method="paper")
        consent.record_consent(s, c, "sms", True, method="paper")  # no phone: not reachable
        consent.record_consent(s, d, "kakao", True, method="paper")
    return store


def test_fit_figures_and_the_what_if_match_hand_computation(shop):
    with shop.session() as s:
        fit = fit_svc.crm_fit(s, date(2025, 12, 31))
    assert (fit.revenue, fit.known_revenue) == (64000, 52000) and fit.known_share == pytest.approx(0.8125)
    assert (fit.regulars, fit.median_gap_days) == (2, 22.5)  # median of 15 and 30
    assert (fit.customers_with_value, fit.value_mean, fit.value_median) == (4, 16250, 14000)
    assert fit.value_std == pytest.approx(math.sqrt((18750**2 + 3750**2 + 8250**2 + 14250**2) / 4))
    assert (fit.active_cards, fit.reachable, fit.reachable_share) == (4, 2, 0.5)
    w = fit.what_if
    # 2024's buyers: 가 and 다; only 가 came back (retention 0.5), spending 30,000 in 2025. Three bought in 2025:
    # 5 points fewer leaving keeps 3 x 0.05 = 0.15 customers more, worth 0.15 x 30,000 = 4,500 next year.
    assert (w.active, w.retention, w.returning_spend) == (3, 0.5, 30000)
    assert (w.kept, w.extra_revenue) == (pytest.approx(0.15), 4500)
    assert (fit.verdict, fit.advice) == ("strong", ["frequent_visits"])


def test_a_shop_of_walk_ins_is_told_to_register_customers_first(store):
    with store.session() as s:
        buy(s, None, date(2025, 3, 1), 9000)
        buy(s, cust.create_customer(s, {"name": "가"}).id, date(2025, 3, 2), 1000)
        fit = fit_svc.crm_fit(s, date(2025, 12, 31))
    assert fit.known_share == pytest.approx(0.1) and fit.median_gap_days is None and fit.what_if.retention is None
    assert (fit.verdict, fit.advice[:2]) == ("weak", ["register_more", "ask_consent"])
    assert fit.what_if.extra_revenue == 0
