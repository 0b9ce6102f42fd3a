"""`--on margin` on pareto, rfm, clv and report segments, and referral value in clv, as a user runs them (both
back ends). The figures are margin_shop.py's hand computation."""

from __future__ import annotations

import csv

import pytest

from crmdesk.app import main
from crmdesk.models import Referral
from tests.analytics.margin_shop import build_margin_shop

AS_OF = "2024-06-30"


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def margin_db(store, db_target):
    ids = build_margin_shop(store)
    with store.session() as session:  # A brought B to the shop
        session.add(Referral(customer_id=ids["B"], referrer_id=ids["A"]))
    store.close()
    return db_target, ids


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def run(db, *args: str) -> int:
    return main(["--db", str(db), *args, "--as-of", AS_OF])


def test_pareto_on_margin_says_how_much_revenue_has_no_cost(margin_db, capsys, tmp_path):
    db, ids = margin_db
    out = tmp_path / "pareto.csv"
    assert run(db, "pareto", "--on", "margin", "--out", str(out)) == 0
    printed = capsys.readouterr().out
    assert ("Margin 11,900 = revenue with a cost 22,500 - cost of goods 10,000 - points redeemed 600 (coupon "
            "discounts of 500 are already off the revenue).") in printed
    assert "34.8 % of revenue (12,000 of 34,500) has no cost; it is left out of margin." in printed
    assert "Pareto on margin as of 2024-06-30: 2 customers with purchases, margin 11,900" in printed
    rows = read_csv(out)
    assert rows[0] == ["rank", "customer_id", "customer_code", "name", "margin", "customer_share", "margin_share"]
    assert [r[4] for r in rows[1:]] == ["10400", "1500"]


def test_pareto_on_revenue_is_as_before(margin_db, capsys):
    db, _ids = margin_db
    assert run(db, "pareto") == 0
    printed = capsys.readouterr().out
    assert "revenue 34,500" in printed and "no cost" not in printed


def test_rfm_on_margin_lists_each_segments_margin_in_korean(margin_db, capsys):
    db, _ids = margin_db
    assert run(db, "rfm", "--on", "margin", "--lang", "ko") == 0
    printed = capsys.readouterr().out
    assert "매출의 34.8 %(34,500 중 12,000)는 원가가 없어 마진 계산에서 뺐습니다." in printed
    header = next(line for line in printed.splitlines() if line.startswith("세그먼트"))
    assert "마진" in header and "마진 비율" in header
    assert "10,400" in printed and "1,500" in printed


def test_rfm_file_on_margin_carries_margin_and_revenue_without_cost(margin_db, tmp_path):
    db, ids = margin_db
    out = tmp_path / "rfm.csv"
    assert run(db, "rfm", "--on", "margin", "--out", str(out)) == 0
    rows = read_csv(out)
    assert rows[0][-2:] == ["margin", "uncosted_revenue"]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[str(ids["A"])][-2:] == ["10400", "2000"] and by_id[str(ids["B"])][-2:] == ["1500", "10000"]


def test_clv_carries_referred_value_and_total(margin_db, tmp_path, capsys):
    db, ids = margin_db
    out = tmp_path / "clv.csv"
    assert run(db, "clv", "--out", str(out)) == 0
    rows = read_csv(out)
    head = rows[0]
    assert head[-5:] == ["historic_value", "clv", "referred", "referred_value", "total"]
    a, b = ({h: v for h, v in zip(head, r, strict=True)} for r in sorted(rows[1:], key=lambda r: int(r[0])))
    # Too few customers to forecast: clv is what each has spent; A referred B.
    assert (a["clv"], a["referred"], a["referred_value"], a["total"]) == ("20000", "1", "14500", "34500")
    assert (b["clv"], b["referred"], b["referred_value"], b["total"]) == ("14500", "0", "0", "14500")
    assert run(db, "clv") == 0
    assert "Referrals: customers who referred others 1, customers they brought 1" in capsys.readouterr().out


def test_clv_on_margin_counts_the_referred_customers_margin(margin_db, tmp_path):
    db, _ids = margin_db
    out = tmp_path / "clv.csv"
    assert run(db, "clv", "--on", "margin", "--out", str(out)) == 0
    rows = read_csv(out)
    head = rows[0]
    assert {"historic_margin", "clv_margin", "uncosted_revenue"} <= set(head)
    a, b = ({h: v for h, v in zip(head, r, strict=True)} for r in sorted(rows[1:], key=lambda r: int(r[0])))
    assert (a["historic_margin"], a["referred_value"], a["total"], a["uncosted_revenue"]) == (
        "10400", "1500", "11900", "2000")
    assert (b["historic_margin"], b["total"], b["uncosted_revenue"]) == ("1500", "1500", "10000")


@pytest.mark.parametrize("command", [("pareto",), ("rfm",), ("clv",)])
def test_on_takes_revenue_or_margin_only(margin_db, command, capsys):
    db, _ids = margin_db
    with pytest.raises(SystemExit):
        run(db, *command, "--on", "profit")
    assert "invalid choice: 'profit'" in capsys.readouterr().err
