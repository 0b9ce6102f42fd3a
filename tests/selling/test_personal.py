"""The plain functions behind #{추천상품} and #{가족이름}: consent decides who gets a personal offer; the relative
named is the household's best other customer."""

from datetime import datetime, timedelta

import pytest

from crmdesk.services import consent, family, personal
from crmdesk.services import customers as cust
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry

DAY0 = datetime(2025, 3, 1, 10)


@pytest.fixture
def family_shop(store):
    """Three regulars moved up from americano to latte. 어머니 (big spender), 아들 and 딸 are one household; 아들 and
    딸 drink americano; only 아들 agreed to SMS."""
    with store.session() as s:
        for name in ("가", "나", "다"):
            cid = cust.create_customer(s, {"name": name}).id
            for day, product, price in ((0, "아메리카노", 4000), (12, "라떼", 5000)):
                psvc.create_purchase(s, PurchaseEntry(cid, DAY0 + timedelta(days=day),
                                                      [LineEntry(product, 1, price, category="커피")]))
        mother, son, daughter = (cust.create_customer(s, {"name": n}).id for n in ("어머니", "아들", "딸"))
        psvc.create_purchase(s, PurchaseEntry(mother, DAY0, [LineEntry("케이크", 10, 30000, category="디저트")]))
        for cid in (son, daughter):
            psvc.create_purchase(s, PurchaseEntry(cid, DAY0, [LineEntry("아메리카노", 1, 4000, category="커피")]))
        family.add_to_household(s, son, "child", with_customer_id=mother)
        family.add_to_household(s, daughter, "child", with_customer_id=mother)
        consent.record_consent(s, son, "sms", True, method="paper")
    return store, mother, son, daughter


def test_a_personal_offer_goes_only_to_customers_who_agreed_to_personalised_offers(family_shop):
    """The ledger has the `personalised` purpose (issue 17), so it decides: 아들's SMS consent is not enough, and a
    card whose collection consent was never confirmed gets nothing either."""
    store, mother, son, daughter = family_shop
    with store.session() as s:
        assert personal.personal_offer(s, [mother, son, daughter]) == {}
        for cid in (son, daughter):
            consent.record_consent(s, cid, "collection", True, method="paper")
        consent.record_consent(s, daughter, "personalised", True, method="paper")
    with store.session() as s:
        assert personal.personal_offer(s, [mother, son, daughter]) == {daughter: "라떼"}


def test_where_the_personalised_purpose_exists_it_decides(family_shop, monkeypatch):
    from enum import StrEnum

    store, mother, son, daughter = family_shop

    class Purpose(StrEnum):  # the ledger of issue 17, with its own purpose for personalised offers
        COLLECTION = "collection"
        SMS = "sms"
        PERSONALISED = "personalised"

    monkeypatch.setattr(consent, "Purpose", Purpose)
    monkeypatch.setattr(consent, "consented_ids",
                        lambda session, purpose, ids=None: {daughter} if purpose == "personalised" else {son})
    with store.session() as s:
        assert personal.personal_offer(s, [mother, son, daughter]) == {daughter: "라떼"}


def test_relative_names_name_the_households_best_other_customer(family_shop):
    store, mother, son, daughter = family_shop
    with store.session() as s:
        lonely = cust.create_customer(s, {"name": "혼자"}).id
        names = personal.relative_names(s, [son, daughter, mother, lonely])
    assert names == {son: "어머니", daughter: "어머니", mother: "아들"}  # 아들 and 딸 tie: the lower id


def test_the_message_variables_fill_each_recipients_offer_and_relative(family_shop):
    """#{추천상품} and #{가족이름} in a campaign message: the offer only for who agreed to personalised offers, the
    relative for everyone in a household; a recipient without one gets an empty value, never another's."""
    from sqlalchemy import text

    from crmdesk.services import ad_messages

    store, mother, son, daughter = family_shop
    with store.session() as s:
        for n, cid in enumerate((mother, son, daughter)):
            s.execute(text("UPDATE customer SET phone = :p WHERE id = :i"), {"p": f"0101234000{n}", "i": cid})
        for cid in (son, daughter):
            consent.record_consent(s, cid, "collection", True, method="paper")
        consent.record_consent(s, daughter, "personalised", True, method="paper")
    spec = ad_messages.MessageSpec("#{가족이름}님 가족께 #{추천상품} 추천", notice=True)
    with store.session() as s:
        composed = ad_messages.compose(s, spec, [mother, son, daughter])
    by_id = {r.customer_id: r for r in composed.recipients}
    assert by_id[daughter].message == "어머니님 가족께 라떼 추천"
    assert by_id[son].message == "어머니님 가족께  추천"
    assert by_id[mother].values == {"가족이름": "아들", "추천상품": ""}
