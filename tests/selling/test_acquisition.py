"""New customers per month and channel, their 90-day return and value; referral value; the command's file."""

import csv
from datetime import date, datetime

import pytest

from crmdesk.app import main
from crmdesk.services import acquisition as acq
from crmdesk.services import customers as cust
from crmdesk.services import family
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


def buy(s, cid, day, amount=5000):
    return psvc.create_purchase(s, PurchaseEntry(cid, datetime.combine(day, datetime.min.time()).replace(hour=12),
                                                 [LineEntry("커피", 1, amount)]))


@pytest.fixture
def shop(store, db_path):
    with store.session() as s:
        a = cust.create_customer(s, {"name": "가", "acquired_via": "sns"}).id
        b = cust.create_customer(s, {"name": "나", "acquired_via": "sns"}).id
        c = cust.create_customer(s, {"name": "다", "acquired_via": "referral"}).id
        d = cust.create_customer(s, {"name": "라"}).id
        old = cust.create_customer(s, {"name": "옛손님", "acquired_via": "sns"}).id
        buy(s, old, date(2024, 1, 5))  # before the window: not new in it
        buy(s, old, date(2025, 3, 9))
        buy(s, a, date(2025, 3, 1), 4000)
        buy(s, a, date(2025, 5, 30), 6000)  # 90 days later: returned
        buy(s, b, date(2025, 3, 20))
        buy(s, b, date(2025, 3, 20))  # the same day is not a return
        buy(s, b, date(2025, 7, 1))  # 103 days later: too late
        buy(s, c, date(2025, 4, 2), 7000)
        voided = buy(s, d, date(2025, 2, 1)).id
        psvc.void_purchase(s, voided, "잘못 입력")
        buy(s, d, date(2025, 4, 10), 3000)  # the voided one does not count: new in April
        family.set_referrer(s, c, a)
    store.close()
    return db_path


def test_new_customers_by_month_and_channel_with_their_return_and_value(store, shop):
    with store.session() as s:
        rows = acq.acquisition(s, months=12, as_of=date(2025, 12, 31))
    assert [(r.month, r.channel, r.new_customers, r.returned_90d, r.value, r.settled) for r in rows] == [
        ("2025-03", "sns", 2, 1, 10000 + 15000, True),
        ("2025-04", "referral", 1, 0, 7000, True),
        ("2025-04", "unknown", 1, 0, 3000, True),
    ]
    with store.session() as s:
        assert acq.acquisition(s, months=1, as_of=date(2025, 4, 30))[0].settled is False  # April: days young


def test_referral_value_shows_the_referred_spend_beside_their_own(store, shop):
    with store.session() as s:
        [row] = acq.referral_values(s)
    assert (row.name, row.referred, row.own, row.referred_spend, row.total) == ("가", 1, 10000, 7000, 17000)


def test_the_command_prints_and_writes_one_row_per_month_and_channel(shop, capsys, tmp_path):
    assert main(["acquisition", "--db", str(shop), "--as-of", "2025-12-31", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Social media" in out and "1 (50.0 %)" in out and "Not recorded" in out
    assert "가" in out.split("Referral value")[1] and "17,000" in out
    target = tmp_path / "acq.csv"
    assert main(["acquisition", "--db", str(shop), "--as-of", "2025-12-31", "--out", str(target)]) == 0
    with target.open(encoding="utf-8-sig") as fh:
        table = list(csv.reader(fh))
    assert table == [["month", "channel", "new_customers", "returned_90d", "value"],
                     ["2025-03", "sns", "2", "1", "25000"], ["2025-04", "referral", "1", "0", "7000"],
                     ["2025-04", "unknown", "1", "0", "3000"]]
    assert main(["acquisition", "--db", str(shop), "--months", "0"]) == 1
