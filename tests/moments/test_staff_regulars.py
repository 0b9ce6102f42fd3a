"""Staff and their regulars: the proposed main contact, the per-staff figures, the hand-over on deactivation."""

from datetime import date, datetime, timedelta

import pytest

from crmdesk.errors import ValidationError
from crmdesk.models import Customer, Staff
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import feedback as feedback_svc
from crmdesk.services import moments as moments_svc
from crmdesk.services import purchases as purchases_svc
from crmdesk.services import regulars
from crmdesk.services import staff as staff_svc
from crmdesk.services.purchases import LineEntry, PurchaseEntry
from crmdesk.services.staff_figures import staff_figures

T0 = datetime(2026, 11, 2, 10, 0)


@pytest.fixture
def shop(store):
    with store.session() as session:
        ids = {"kim": customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id,
               "lee": customers_svc.create_customer(session, {"name": "이서연", "phone": "010-2222-9999"}).id,
               "owner": staff_svc.create_staff(session, "정다온", "owner").id,
               "ha": staff_svc.create_staff(session, "김하늘").id,
               "jun": staff_svc.create_staff(session, "박준").id}
    return store, ids


def buy(session, customer, staff, at, total=5000):
    return purchases_svc.create_purchase(session, PurchaseEntry(
        customer_id=customer, staff_id=staff, purchased_at=at,
        lines=[LineEntry(product="아메리카노", quantity=1, unit_price=total)]))


def test_the_main_contact_proposed_is_who_served_the_customer_most(shop):
    store, ids = shop
    with store.session() as session:
        assert regulars.propose_main_staff(session, ids["kim"]) is None
        for day in range(3):
            buy(session, ids["kim"], ids["ha"], T0 + timedelta(days=day))
        buy(session, ids["kim"], ids["jun"], T0 + timedelta(days=5))
        contacts_svc.log_contact(session, {"customer_id": ids["kim"], "staff_id": ids["jun"], "channel": "visit",
                                           "purpose": "inquiry"}, at=T0 + timedelta(days=6))
        proposal = regulars.propose_main_staff(session, ids["kim"])
        assert (proposal.name, proposal.served) == ("김하늘", 3)
        regulars.set_main_staff(session, ids["kim"], proposal.staff_id)
        assert session.get(Customer, ids["kim"]).main_staff_id == ids["ha"]


def test_staff_figures_count_sales_regulars_compliments_complaints_and_ratings(shop):
    store, ids = shop
    with store.session() as session:
        for day in range(3):
            buy(session, ids["kim"], ids["ha"], T0 + timedelta(days=day), total=4000)
        buy(session, ids["lee"], ids["jun"], T0 + timedelta(days=1))
        buy(session, ids["lee"], ids["ha"], datetime(2026, 9, 1))  # before the period
        regulars.set_main_staff(session, ids["kim"], ids["ha"])
        for kind in ("compliment", "compliment", "complaint"):
            feedback_svc.create_feedback(session, {"kind": kind, "description": "하늘 씨 친절해요",
                                                   "customer_id": ids["kim"], "about_staff_id": ids["ha"]},
                                         at=T0 + timedelta(days=3))
        ordering = moments_svc.list_moments(session)[0].id
        moments_svc.record_ratings(session, {ordering: 5}, staff_id=ids["ha"], at=T0)
        moments_svc.record_ratings(session, {ordering: 4}, staff_id=ids["ha"], at=T0)
        figures = {f.name: f for f in staff_figures(session, date(2026, 11, 1), date(2026, 11, 30))}
    ha, jun = figures["김하늘"], figures["박준"]
    assert (ha.sales, ha.revenue, jun.sales) == (3, 12000, 1)
    assert ha.regulars_served == 1 and jun.regulars_served == 0  # 이서연 has two purchases: not a regular
    assert (ha.main_contact_for, ha.compliments, ha.complaints_about) == (1, 2, 1)
    assert ha.average_rating == pytest.approx(4.5) and jun.average_rating is None


def test_deactivating_hands_the_regulars_over_in_one_step(shop):
    store, ids = shop
    with store.session() as session:
        for key in ("kim", "lee"):
            regulars.set_main_staff(session, ids[key], ids["ha"])
        assert {c.name for c in regulars.regulars_of(session, ids["ha"])} == {"김민수", "이서연"}
        assert regulars.deactivate_and_hand_over(session, ids["ha"], ids["jun"]) == 2
    with store.session() as session:
        assert session.get(Staff, ids["ha"]).active is False
        assert {c.name for c in regulars.regulars_of(session, ids["jun"])} == {"김민수", "이서연"}
        assert not regulars.regulars_of(session, ids["ha"])


def test_a_hand_over_to_an_inactive_member_changes_nothing(shop):
    store, ids = shop
    with store.session() as session:
        regulars.set_main_staff(session, ids["kim"], ids["ha"])
        staff_svc.update_staff(session, ids["jun"], active=False)
    with store.session() as session, pytest.raises(ValidationError) as err:
        regulars.deactivate_and_hand_over(session, ids["ha"], ids["jun"])
    assert err.value.problems[0].field == "to_staff"
    with store.session() as session:
        assert session.get(Staff, ids["ha"]).active is True
        assert session.get(Customer, ids["kim"]).main_staff_id == ids["ha"]
