"""Generation marketing: the relatives of a tier's customers who have not bought in N months (or never), with
their household's revenue; the campaign target kind that selects them."""

from datetime import date, datetime, timedelta

import pytest

from crmdesk.errors import ValidationError
from crmdesk.services import campaigns as camp
from crmdesk.services import customers as cust
from crmdesk.services import family, generations, loyalty
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry

TODAY = date(2026, 6, 30)


def buy(s, cid, day, amount):
    psvc.create_purchase(s, PurchaseEntry(cid, datetime.combine(day, datetime.min.time()).replace(hour=12),
                                          [LineEntry("케이크", 1, amount)]))


@pytest.fixture
def families(store):
    """어머니 is VIP (3,000,000 in the last year); her son last bought 8 months ago, her daughter never, her
    husband last week. 이웃 is VIP too, with a household of one. 김일반 (not VIP) has a son who never bought."""
    with store.session() as s:
        mother, son, daughter, husband, neighbour, plain, plain_son = (
            cust.create_customer(s, {"name": n}).id
            for n in ("어머니", "아들", "딸", "남편", "이웃", "김일반", "일반아들"))
        buy(s, mother, TODAY - timedelta(days=30), 3_000_000)
        buy(s, son, TODAY - timedelta(days=240), 20_000)
        buy(s, husband, TODAY - timedelta(days=7), 50_000)
        buy(s, neighbour, TODAY - timedelta(days=10), 3_100_000)
        buy(s, plain, TODAY - timedelta(days=10), 10_000)
        for cid, relation in ((son, "child"), (daughter, "child"), (husband, "spouse")):
            family.add_to_household(s, cid, relation, with_customer_id=mother)
        family.add_to_household(s, neighbour, "parent")
        family.add_to_household(s, plain_son, "child", with_customer_id=plain)
        loyalty.recompute_tiers(s, at=datetime.combine(TODAY, datetime.min.time()))
    return store, dict(mother=mother, son=son, daughter=daughter, husband=husband, neighbour=neighbour)


def test_relatives_not_bought_in_six_months_or_never_with_the_households_revenue(families):
    store, ids = families
    with store.session() as s:
        six = generations.relatives(s, [ids["mother"], ids["neighbour"]], 6, today=TODAY)
        never = generations.relatives(s, [ids["mother"], ids["neighbour"]], None, today=TODAY)
    assert [(t.name, t.relation, t.anchor_name, t.household_revenue) for t in six] == [
        ("딸", "child", "어머니", 3_070_000), ("아들", "child", "어머니", 3_070_000)]  # the husband bought last week
    assert [t.name for t in never] == ["딸"]


def test_a_relatives_campaign_targets_them_and_a_bad_value_is_named(families):
    store, ids = families
    spec = camp.CampaignSpec(name="세대", goal="reactivate", target_kind="relatives", target_value="tier:VIP:6",
                             channel="call", starts_on=TODAY, ends_on=TODAY + timedelta(days=14), seed=1)
    with store.session() as s:
        assert camp.target_ids(store, s, "relatives", "tier:VIP:6", today=TODAY) == sorted(
            [ids["son"], ids["daughter"]])
        assert camp.target_ids(store, s, "relatives", "tier:VIP:never", today=TODAY) == [ids["daughter"]]
        with pytest.raises(ValidationError) as bad:
            camp.target_ids(store, s, "relatives", "tier:VIP:soon", today=TODAY)
        assert [p.code for p in bad.value.problems] == ["months_invalid"]
    assert camp.create_campaign(store, spec, today=TODAY)


def test_a_relatives_campaigns_targets_come_with_their_households_revenue(families):
    store, ids = families
    spec = camp.CampaignSpec(name="세대", goal="reactivate", target_kind="relatives", target_value="tier:VIP:6",
                             channel="in_store", starts_on=TODAY, ends_on=TODAY + timedelta(days=14), seed=1)
    campaign_id = camp.create_campaign(store, spec, today=TODAY)
    with store.session() as s:
        lines = generations.campaign_households(s, campaign_id)
    assert [(t.name, t.relation, t.household, t.relative, t.household_revenue) for t in lines] == [
        ("딸", "child", "어머니네", "어머니", 3_070_000), ("아들", "child", "어머니네", "어머니", 3_070_000)]
    assert lines[0].last_purchase_at is None and lines[1].last_purchase_at.date() == TODAY - timedelta(days=240)
