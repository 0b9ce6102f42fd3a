"""Sequences and up-sell on small hand-made histories; the next best offer and usual items of one customer."""

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from crmdesk.analytics import next_offer as rules
from crmdesk.services import customers as cust
from crmdesk.services import next_offer as svc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry

DAY0 = datetime(2025, 3, 1, 10)


def lines(*rows):
    """rows: (customer, day offset, product, category, unit price)."""
    return pd.DataFrame([{"customer_id": c, "purchase_id": i, "purchased_at": DAY0 + timedelta(days=d),
                          "product": p, "category": cat, "quantity": 1, "unit_price": price}
                         for i, (c, d, p, cat, price) in enumerate(rows)], columns=rules.LINE_COLUMNS)


def rule(table, a, b):
    found = table[(table["antecedent"] == a) & (table["consequent"] == b)]
    return None if found.empty else found.iloc[0].to_dict()


def test_a_sequence_counts_customers_whose_first_b_came_1_to_60_days_after_their_first_a():
    frame = lines((1, 0, "원두", "원두", 18000), (1, 10, "드립백", "원두", 15000),
                  (2, 0, "원두", "원두", 18000), (2, 30, "드립백", "원두", 15000),
                  (3, 0, "원두", "원두", 18000), (3, 60, "드립백", "원두", 15000),
                  (4, 0, "원두", "원두", 18000), (4, 61, "드립백", "원두", 15000),  # too late
                  (5, 0, "원두", "원두", 18000), (5, 0, "드립백", "원두", 15000),  # same day: a basket, not a sequence
                  (6, 0, "원두", "원두", 18000))
    seq = rules.sequences(frame)
    assert rule(seq, "원두", "드립백") == {"antecedent": "원두", "consequent": "드립백", "customers": 3, "buyers": 6,
                                       "confidence": 0.5, "step": 30}
    assert rule(seq, "드립백", "원두") is None  # nobody bought beans after drip bags
    assert rules.sequences(frame, window_days=61).pipe(rule, "원두", "드립백")["customers"] == 4
    assert rules.sequences(frame, min_customers=4).empty


def test_an_up_sell_is_a_dearer_product_of_the_same_category_bought_later():
    frame = lines(*[row for c in (1, 2, 3) for row in ((c, 0, "아메리카노", "커피", 4000),
                                                      (c, 5 * c, "라떼", "커피", 5000))],
                  (4, 0, "아메리카노", "커피", 4000), (4, 0, "라떼", "커피", 5000),  # same day: not a move up
                  (5, 0, "라떼", "커피", 5000), (5, 9, "아메리카노", "커피", 4000),  # moved down
                  (6, 0, "아메리카노", "커피", 4000), (6, 3, "치즈케이크", "디저트", 6500),  # another category
                  (7, 0, "아메리카노", "커피", 4000), (7, 3, "치즈케이크", "디저트", 6500),
                  (8, 0, "아메리카노", "커피", 4000), (8, 3, "치즈케이크", "디저트", 6500))
    up = rules.upsells(frame)
    assert rule(up, "아메리카노", "라떼") == {"antecedent": "아메리카노", "consequent": "라떼", "customers": 3,
                                         "buyers": 8, "confidence": 3 / 8, "step": 1000}
    assert rule(up, "라떼", "아메리카노") is None and rule(up, "아메리카노", "치즈케이크") is None
    assert rule(rules.sequences(frame), "아메리카노", "치즈케이크")["customers"] == 3  # that is a sequence


@pytest.fixture
def cafe(store):
    """Three regulars moved from americano to latte within weeks; 김새봄 has only had americanos and a cookie."""
    with store.session() as s:
        ids = [cust.create_customer(s, {"name": n}).id for n in ("가", "나", "다", "김새봄")]
        for number, cid in enumerate(ids[:3]):
            for day, product, price in ((0, "아메리카노", 4000), (10 + number, "라떼", 5000)):
                psvc.create_purchase(s, PurchaseEntry(cid, DAY0 + timedelta(days=day),
                                                      [LineEntry(product, 1, price, category="커피")]))
        for day, items in ((0, [("아메리카노", 2)]), (3, [("아메리카노", 1), ("쿠키", 1)]), (4, [("아메리카노", 1)]),
                           (5, [("쿠키", 3)])):
            psvc.create_purchase(s, PurchaseEntry(ids[3], DAY0 + timedelta(days=day),
                                                  [LineEntry(p, q, 4000, category="커피" if p != "쿠키" else "디저트")
                                                   for p, q in items]))
    return store, ids[3]


def test_the_next_best_offer_and_the_usual_items_of_one_customer(cafe):
    store, saebom = cafe
    result = svc.next_offers(store, saebom, as_of=date(2025, 12, 31))
    assert result.bought == 2
    assert [(u.product, u.receipts, u.quantity) for u in result.usual] == [("아메리카노", 3, 4), ("쿠키", 2, 4)]
    assert result.offers[0] == svc.Offer("up_sell", "라떼", "아메리카노", 3 / 4, 3, 1000)
    assert [o.product for o in result.offers].count("라떼") == 1  # also a sequence (10-12 days): shown once
