"""Cross-sell rules on hand-counted baskets, and a customer's suggestions through the service's cache."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from crmdesk.analytics import basket
from crmdesk.models import Customer, Purchase, PurchaseLine
from crmdesk.services import suggestions as svc

# Six receipts: 아메리카노 in 4, 크루아상 in 3, 쿠키 in 2, 라떼 in 2.
PATTERN = [("아메리카노", "크루아상"), ("아메리카노", "크루아상"), ("아메리카노", "크루아상", "쿠키"), ("아메리카노",),
           ("라떼", "쿠키"), ("라떼",)]
CATEGORY = {"아메리카노": "음료", "라떼": "음료", "크루아상": "베이커리", "쿠키": "디저트"}


def frame(baskets: list[tuple[str, ...]]) -> tuple[np.ndarray, pd.Series]:
    ids = [i for i, items in enumerate(baskets) for _ in items]
    return np.array(ids), pd.Series([item for items in baskets for item in items])


def rule(table: pd.DataFrame, a: str, b: str) -> dict:
    row = table[(table["antecedent"] == a) & (table["consequent"] == b)]
    assert len(row) == 1, (a, b)
    return row.iloc[0].to_dict()


def test_support_confidence_and_lift_by_hand():
    table = basket.rules(*frame(PATTERN), min_baskets=1)
    assert list(table.columns) == basket.RULE_COLUMNS
    r = rule(table, "크루아상", "아메리카노")  # 3 of 6 baskets; all 3 with 크루아상; 아메리카노 in 4/6 anyway
    assert (r["baskets"], r["support"], r["confidence"], r["lift"]) == (3, 0.5, 1.0, pytest.approx(1.5))
    r = rule(table, "아메리카노", "크루아상")
    assert (r["confidence"], r["lift"]) == (0.75, pytest.approx(1.5))
    r = rule(table, "쿠키", "라떼")
    assert (r["baskets"], r["confidence"], r["lift"]) == (1, 0.5, pytest.approx(1.5))
    assert rule(table, "쿠키", "크루아상")["lift"] == pytest.approx(1.0)
    assert not ((table["antecedent"] == "라떼") & (table["consequent"] == "크루아상")).any()  # never together


def test_an_item_twice_on_one_receipt_counts_once_and_thin_pairs_are_dropped():
    twice = [("아메리카노", "아메리카노", "크루아상"), ("아메리카노",)]
    table = basket.rules(*frame(twice), min_baskets=1)
    assert rule(table, "크루아상", "아메리카노")["confidence"] == 1.0
    assert rule(table, "아메리카노", "크루아상")["confidence"] == 0.5
    assert basket.rules(*frame(PATTERN), min_baskets=2)["baskets"].min() >= 2
    assert basket.rules(np.array([], dtype="int64"), pd.Series([], dtype=object)).empty


def test_suggestions_leave_out_what_was_bought_and_rules_without_lift():
    table = basket.rules(*frame(PATTERN), min_baskets=1)
    out = basket.suggest(table, {"크루아상"})
    assert list(out["item"]) == ["아메리카노"] and list(out["because"]) == ["크루아상"]  # 쿠키 has lift 1.0
    out = basket.suggest(table, {"쿠키"})
    assert list(out["item"]) == ["라떼"]  # 아메리카노 has lift 0.75: less likely than anyway
    assert basket.suggest(table, set()).empty
    assert basket.suggest(table, {"아메리카노", "크루아상", "쿠키", "라떼"}).empty


def add_baskets(store, baskets, *, customer_id=None, at=datetime(2025, 6, 1, 12), voided=False):
    with store.session() as session:
        for items in baskets:
            purchase = Purchase(customer_id=customer_id, purchased_at=at, total=1_000 * len(items),
                                voided_at=at if voided else None)
            session.add(purchase)
            session.flush()
            for item in items:
                session.add(PurchaseLine(purchase_id=purchase.id, product=item, category=CATEGORY.get(item),
                                         amount=1_000, unit_price=1_000))


@pytest.fixture
def cafe(store):
    add_baskets(store, PATTERN * 5)  # walk-in receipts: they show what goes together too
    with store.session() as session:
        people = [Customer(name="크루아상만"), Customer(name="쿠키만"), Customer(name="처음")]
        session.add_all(people)
        session.flush()
        ids = [p.id for p in people]
    add_baskets(store, [("크루아상",)], customer_id=ids[0])
    add_baskets(store, [("쿠키",)], customer_id=ids[1])
    add_baskets(store, [("쿠키", "라떼")], customer_id=ids[0], voided=True)  # a void bought nothing
    svc.forget(store)
    yield store, ids
    svc.forget(store)


def test_store_rules_count_receipts_and_leave_out_voids(cafe):
    store, _ = cafe
    rules = basket.associations(store, date(2025, 6, 30))
    assert rules.baskets == 32  # 30 + 2 customers' receipts; the voided one is not a basket
    assert rule(rules.products, "쿠키", "라떼")["baskets"] == 5
    assert rule(rules.categories, "디저트", "음료")["baskets"] == 10
    assert basket.associations(store, date(2025, 5, 31)).baskets == 0  # looking back before any sale


def test_a_customers_suggestions_and_the_cache(cafe):
    store, (croissant, cookie, newcomer) = cafe
    assert not svc.is_cached(store)
    first = svc.suggestions_for(store, croissant)
    assert [s.product for s in first.items] == ["아메리카노"] and first.items[0].because == "크루아상"
    assert first.bought == 1 and first.baskets == 32  # the voided 쿠키 + 라떼 does not count as bought
    assert svc.is_cached(store)
    cached = svc.shop_associations(store)
    assert svc.shop_associations(store) is cached  # nothing changed: the same rules object
    assert [s.product for s in svc.suggestions_for(store, cookie).items] == ["라떼"]
    assert svc.suggestions_for(store, newcomer).bought == 0
    add_baskets(store, [("아메리카노",)], customer_id=newcomer, at=datetime.now())
    assert svc.shop_associations(store) is not cached  # a new line refreshes the rules
    assert svc.suggestions_for(store, newcomer).bought == 1


def test_basket_command(cafe, db_target, tmp_path, capsys, monkeypatch):
    import csv

    from crmdesk.app import main

    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    store, _ = cafe
    store.close()
    db = ["--db", str(db_target)]
    assert main([*db, "basket", "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Products bought together as of 2025-06-30: 32 receipts" in out
    lines = [line.split() for line in out.splitlines()[3:]]
    # 크루아상 -> 아메리카노: 15 of 16 receipts with 크루아상 (one customer's alone); lift (15/16) / (20/32) = 1.5.
    assert ["크루아상", "아메리카노", "15", "46.88", "%", "93.8", "%", "1.50"] in lines
    assert all(float(line[-1]) > 1 for line in lines)  # only pairs that sell together more than by chance
    path = tmp_path / "categories.csv"
    assert main([*db, "basket", "--as-of", "2025-06-30", "--categories", "--out", str(path)]) == 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == basket.RULE_COLUMNS and {r[0] for r in rows[1:]} <= {"음료", "베이커리", "디저트"}


def test_rules_read_in_chunks_are_the_rules_of_all_lines_at_once(cafe, monkeypatch):
    """The lines are read and coded a chunk at a time: with chunks of 4 lines (names first seen in a later chunk,
    a missing category, blank names) the rules are, to the last digit, those of all lines taken at once."""
    store, ids = cafe
    add_baskets(store, [("아메리카노", " "), ("", "크루아상"), ("스콘", "아메리카노")] * 5, customer_id=ids[2])
    monkeypatch.setattr(basket, "CHUNK_LINES", 4)
    chunked = basket.associations(store, date(2025, 6, 30), min_baskets=1)
    lines = basket.basket_lines(store, date(2025, 6, 30))
    assert len(lines) == 55 + 2 + 30 and lines["category"].isna().sum() == 15  # 스콘 and the blanks: none
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT l.purchase_id, l.product, l.category FROM purchase_line l "
                                    "JOIN purchase p ON p.id = l.purchase_id WHERE p.voided_at IS NULL").all()
    ids_all = np.array([r[0] for r in rows])
    for got, column in ((chunked.products, 1), (chunked.categories, 2)):
        expected = basket.rules(ids_all, pd.Series([r[column] for r in rows], dtype=object), min_baskets=1)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert chunked.baskets == 32 + 15
    r = rule(chunked.products, "스콘", "아메리카노")  # 5 of 47 receipts; 아메리카노 in 20 + 10 of them
    assert (r["baskets"], r["confidence"], r["lift"]) == (5, 1.0, pytest.approx(47 / 30))
    assert " " not in set(chunked.products["antecedent"]) | set(chunked.products["consequent"])
