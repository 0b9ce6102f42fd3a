"""`crmdesk coupons` and `crmdesk suggest`, as a user runs them, in both languages."""

import csv
from datetime import date, datetime, timedelta

import pytest

from crmdesk.app import main
from crmdesk.services import coupons as csvc
from crmdesk.services import customers as cust
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry

DAY0 = datetime(2025, 3, 1, 10)


@pytest.fixture
def shop(store, db_path):
    """Three customers moved up from americano to latte; 김새봄 drinks americano; coupons: two by hand (one used on
    a 9,000 purchase), one birthday coupon never used."""
    with store.session() as s:
        ids = [cust.create_customer(s, {"name": n, "customer_code": f"C{i}"}).id
               for i, n in enumerate(("가", "나", "다", "김새봄"))]
        for cid in ids[:3]:
            for day, product, price in ((0, "아메리카노", 4000), (12, "라떼", 5000)):
                psvc.create_purchase(s, PurchaseEntry(cid, DAY0 + timedelta(days=day),
                                                      [LineEntry(product, 1, price, category="커피")]))
        used = csvc.issue_coupon(s, ids[3], amount=1000, expires_on=date(2025, 12, 31)).code
        csvc.issue_coupon(s, ids[3])
        csvc.issue_coupon(s, ids[0], kind="birthday")
        psvc.create_purchase(s, PurchaseEntry(ids[3], DAY0, [LineEntry("아메리카노", 1, 4000, category="커피"),
                                                             LineEntry("쿠키", 2, 3000)], discount=1000,
                                              coupon_code=used))
    store.close()
    return db_path


def test_suggest_prints_the_up_sell_with_its_reason_in_both_languages(shop, capsys):
    assert main(["suggest", "--db", str(shop), "--customer", "C3", "--as-of", "2025-12-31", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Suggestions for 김새봄" in out and "Usual items: 쿠키 (1×), 아메리카노 (1×)" in out
    assert "Up-sell" in out and ("3 customers who bought 아메리카노 moved up to 라떼 (75.0 % of its buyers); "
                                 "it costs 1,000 more") in out
    assert main(["suggest", "--db", str(shop), "--customer", "4", "--as-of", "2025-12-31", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "업셀링" in out and "아메리카노 구매 고객 3명이 라떼(으)로 올라갔습니다" in out


def test_suggest_names_an_unknown_customer(shop, capsys):
    assert main(["suggest", "--db", str(shop), "--customer", "NOBODY", "--lang", "en"]) == 1
    assert "NOBODY" in capsys.readouterr().err


def test_coupons_prints_per_kind_and_writes_the_table(shop, capsys, tmp_path):
    assert main(["coupons", "--db", str(shop), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Made by hand" in out and "Birthday" in out
    manual = next(line for line in out.splitlines() if line.startswith("Made by hand")).split()
    assert manual[3:] == ["2", "1", "50.0", "%", "9,000", "1,000"]
    total = next(line for line in out.splitlines() if line.startswith("All coupons")).split()
    assert total[2:] == ["3", "1", "33.3", "%", "9,000", "1,000"]
    target = tmp_path / "coupons.csv"
    assert main(["coupons", "--db", str(shop), "--out", str(target), "--headers", "ko", "--lang", "ko"]) == 0
    with target.open(encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    assert table[0] == ["구분", "이름", "발행", "사용", "사용률", "매출", "할인액"]
    assert ["kind", "manual", "2", "1", "0.5", "9000", "1000"] in table
    assert main(["coupons", "--db", str(shop), "--from", "2099-01-01", "--lang", "ko"]) == 0
    assert "이 기간에 발행된 쿠폰이 없습니다." in capsys.readouterr().out


def test_fit_prints_the_figures_the_verdict_and_the_what_if_in_both_languages(shop, capsys):
    assert main(["fit", "--db", str(shop), "--as-of", "2025-12-31", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Sales to known customers: 100.0 % (36,000 of 36,000)" in out  # 3 x 9,000 + 9,000
    assert "Verdict: CRM cannot pay much yet." in out  # nobody can be reached, nobody came 3 times
    assert "Few customers can be reached" in out
    assert "What-if: not yet possible" in out  # no customers from the year before
    assert main(["fit", "--db", str(shop), "--as-of", "2025-12-31", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "등록 고객 매출 비율: 100.0 %" in out and "판단:" in out
