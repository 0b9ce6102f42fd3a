"""Coupons at the counter: a code is checked (unknown, another customer's, walk-in, expired, used), redeemed with
the purchase, given back by a void; campaign results say who responded by coupon."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from crmdesk.errors import ValidationError
from crmdesk.models import CouponRedemption
from crmdesk.services import birthdays as bsvc
from crmdesk.services import campaigns as camp
from crmdesk.services import consent
from crmdesk.services import coupons as csvc
from crmdesk.services import customers as cust
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry

ASKED = {"collection": True}  # the customer's answer to collection, as the new-card form asks it


@pytest.fixture
def shop(store):
    with store.session() as s:
        kim = cust.create_customer(s, {"name": "김민수", "phone": "010-1234-5678", "birthday": "1990-03-10"},
                                   consents=ASKED).id
        lee = cust.create_customer(s, {"name": "이서연", "phone": "010-3333-4444"}, consents=ASKED).id
    return store, kim, lee


def buy(session, customer_id, code=None, when=datetime(2026, 3, 5, 10), discount=0):
    return psvc.create_purchase(session, PurchaseEntry(customer_id=customer_id, purchased_at=when,
                                                       lines=[LineEntry("라떼", 2, 5000)], discount=discount,
                                                       coupon_code=code))


def codes(exc):
    return [p.code for p in exc.value.problems]


def test_a_coupon_is_redeemed_once_with_its_purchase_and_a_void_gives_it_back(shop):
    store, kim, _ = shop
    with store.session() as s:
        code = csvc.issue_coupon(s, kim, amount=2000, expires_on=date(2026, 3, 31)).code
        first = buy(s, kim, f"  {code.lower()}\n", discount=2000).id  # as a scanner sends it
    with store.session() as s:
        assert psvc.get_purchase(s, first).entry.coupon_code == code
        red = s.execute(select(CouponRedemption)).scalars().one()
        assert (red.purchase_id, red.discount, red.returned_at) == (first, 2000, None)
        with pytest.raises(ValidationError) as used:
            buy(s, kim, code)
        assert codes(used) == ["coupon_used"]
        assert f"purchase #{first}" in used.value.problems[0].message
    with store.session() as s:
        psvc.void_purchase(s, first, "손님 취소")
    with store.session() as s:
        assert psvc.get_purchase(s, first).entry.coupon_code is None
        again = buy(s, kim, code).id  # given back: usable again
    with store.session() as s:
        assert psvc.get_purchase(s, again).entry.coupon_code == code


def test_expired_unknown_another_customers_and_walk_in_codes_are_refused_and_nothing_is_stored(shop):
    store, kim, lee = shop
    with store.session() as s:
        code = csvc.issue_coupon(s, kim, expires_on=date(2026, 3, 31)).code
    with store.session() as s:
        for customer, when, expected in ((kim, datetime(2026, 4, 1, 9), "coupon_expired"),
                                         (lee, datetime(2026, 3, 5, 9), "coupon_other_customer"),
                                         (None, datetime(2026, 3, 5, 9), "coupon_walk_in")):
            with pytest.raises(ValidationError) as exc:
                buy(s, customer, code, when=when)
            assert codes(exc) == [expected]
        with pytest.raises(ValidationError) as unknown:
            buy(s, kim, "NOPE-123")
        assert codes(unknown) == ["coupon_unknown"]
        assert "NOPE-123" in unknown.value.problems[0].message
    with store.session() as s:
        assert s.execute(select(CouponRedemption)).first() is None
        assert buy(s, kim, code, when=datetime(2026, 3, 31, 21)).id  # the last day still counts


def test_editing_a_purchase_keeps_or_swaps_its_coupon(shop):
    store, kim, _ = shop
    with store.session() as s:
        a = csvc.issue_coupon(s, kim).code
        b = csvc.issue_coupon(s, kim).code
        pid = buy(s, kim, a).id
    with store.session() as s:
        detail = psvc.get_purchase(s, pid)
        psvc.update_purchase(s, pid, detail.entry)  # unchanged: still redeemed, not "used elsewhere"
        detail.entry.coupon_code = b
        psvc.update_purchase(s, pid, detail.entry)
    with store.session() as s:
        assert psvc.get_purchase(s, pid).entry.coupon_code == b
        assert buy(s, kim, a).id  # a came back when b replaced it


def test_the_birthday_coupon_has_a_code_the_counter_takes(shop):
    store, kim, _ = shop
    with store.session() as s:
        issued = bsvc.issue_birthday_coupon(s, kim, year=2026)
    with store.session() as s:
        with pytest.raises(ValidationError) as late:
            buy(s, kim, issued.code, when=datetime(2026, 4, 10, 9))
        assert codes(late) == ["coupon_expired"]
        assert buy(s, kim, issued.code, when=datetime(2026, 4, 9, 9)).id  # birthday 3-10 + 30 days


def test_campaign_members_get_their_own_codes_and_results_count_redemptions(shop, tmp_path):
    store, kim, lee = shop
    with store.session() as s:
        for cid in (kim, lee):
            consent.record_consent(s, cid, "sms", True, method="paper")
        counted = buy(s, lee, when=datetime(2026, 3, 2, 9))  # before the campaign: counts nowhere
        assert counted
    spec = camp.CampaignSpec(name="봄", goal="reactivate", target_kind="tier", target_value="일반", channel="sms",
                             offer_kind="coupon", offer_value="3,000원", offer_code="spring",
                             starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 20), control_percent=0, seed=1)
    cid = camp.create_campaign(store, spec)
    with store.session() as s:
        own = csvc.campaign_codes(s, cid)
        assert own == {kim: f"SPRING-{cid}-{kim:05d}", lee: f"SPRING-{cid}-{lee:05d}"}
        with pytest.raises(ValidationError) as other:
            buy(s, lee, own[kim], when=datetime(2026, 3, 10, 9))
        assert codes(other) == ["coupon_other_customer"]
        buy(s, kim, own[kim], when=datetime(2026, 3, 10, 9), discount=3000)
        buy(s, lee, when=datetime(2026, 3, 11, 9))  # responded by buying, without the coupon
    with store.session() as s:
        view = camp.campaign_view(s, cid, today=date(2026, 3, 25))
        red = s.execute(select(CouponRedemption)).scalars().one()
    assert (view.target.responders, view.target.redeemers) == (2, 1)
    assert (view.target.revenue, view.target.redeemed_revenue) == (10000 - 3000 + 10000, 7000)
    assert red.discount == 3000


def test_campaign_list_says_how_many_responded_by_coupon(shop, db_path, capsys):
    from crmdesk.app import main

    store, kim, lee = shop
    with store.session() as s:
        for cid in (kim, lee):
            consent.record_consent(s, cid, "sms", True, method="paper")
    spec = camp.CampaignSpec(name="봄", goal="reactivate", target_kind="tier", target_value="일반", channel="sms",
                             offer_kind="coupon", offer_value="1000", offer_code="B",
                             starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 20), seed=1)
    cid = camp.create_campaign(store, spec)
    with store.session() as s:
        buy(s, kim, csvc.campaign_codes(s, cid)[kim], when=datetime(2026, 3, 10, 9), discount=1000)
        buy(s, lee, when=datetime(2026, 3, 11, 9))
    store.close()
    assert main(["campaign", "list", "--db", str(db_path), "--lang", "en"]) == 0
    assert "responded: 1 by redeeming the coupon, 1 by a purchase only" in capsys.readouterr().out
