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
        _contacts_and_complaints(session, ids)
        ordering = moments_svc.list_moments(session)[0].id
        moments_svc.record_ratings(session, {ordering: 5}, staff_id=ids["ha"], at=T0)
        moments_svc.record_ratings(session, {ordering: 4}, staff_id=ids["ha"], at=T0)
        figures = {f.name: f for f in staff_figures(session, date(2026, 11, 1), date(2026, 11, 30))}
    ha, jun = figures["김하늘"], figures["박준"]
    assert (ha.sales, ha.revenue, jun.sales) == (3, 12000, 1)
    assert ha.regulars_served == 1 and jun.regulars_served == 0  # 이서연 has two purchases: not a regular
    assert (ha.main_contact_for, ha.compliments, ha.complaints_about) == (1, 2, 1)
    assert ha.average_rating == pytest.approx(4.5) and jun.average_rating is None
    # 하늘 logged two contacts and one follow-up (done by 준, who logged it: his contact, his follow-up done);
    # 준 resolved the complaint about 하늘 and one more; 하늘 resolved one after 준 had reopened it.
    assert (ha.contacts, ha.follow_ups_done, ha.complaints_resolved) == (2, 0, 1)
    assert (jun.contacts, jun.follow_ups_done, jun.complaints_resolved) == (1, 1, 2)


def _contacts_and_complaints(session, ids):
    """Two contacts by 하늘 (one with a follow-up that 준 does), three complaints resolved in the period."""
    visit = {"customer_id": ids["lee"], "channel": "visit", "purpose": "inquiry"}  # 이서연: not a regular
    contacts_svc.log_contact(session, {**visit, "staff_id": ids["ha"]}, at=T0)
    asked = contacts_svc.log_contact(session, {**visit, "staff_id": ids["ha"], "follow_up_on": date(2026, 11, 5)},
                                     at=T0 + timedelta(hours=1))
    contacts_svc.complete_follow_up(session, asked.id, staff_id=ids["jun"], at=T0 + timedelta(days=2))
    complaints = [feedback_svc.create_feedback(session, {"kind": "complaint", "description": "늦게 나왔어요",
                                                         "customer_id": ids["lee"]}, at=T0).id for _ in range(2)]
    about_ha = feedback_svc.list_feedback(session)  # the complaint about 하늘 made above is resolved too
    about_ha = next(f.id for f in about_ha if f.kind == "complaint" and f.id not in complaints)
    hour = T0 + timedelta(days=4)
    for feedback_id in (*complaints, about_ha):
        feedback_svc.change_status(session, feedback_id, "resolved", staff_id=ids["jun"], resolution_note="사과",
                                   at=hour)
    # reopened and resolved again by 하늘: the latest move to resolved counts, once
    feedback_svc.change_status(session, complaints[1], "in_progress", staff_id=ids["ha"], at=hour + timedelta(hours=1))
    feedback_svc.change_status(session, complaints[1], "resolved", staff_id=ids["ha"], resolution_note="환불",
                               at=hour + timedelta(hours=2))


def test_survey_answers_are_not_a_staff_members_rating_even_with_their_name_on_them(shop, tmp_path):
    """A survey answer stored with the person signed in at the survey's terminal (as before this fix; the screen's
    own test shows it now stores nobody) skewed that person's average: only staff-source ratings count, and the
    ratings export names no staff member on a survey answer."""
    import csv

    from crmdesk.models import RatingSource
    from crmdesk.services import ratings_export

    store, ids = shop
    with store.session() as session:
        ordering = moments_svc.list_moments(session)[0].id
        moments_svc.record_ratings(session, {ordering: 5}, staff_id=ids["ha"], at=T0)  # 하늘 rated a contact
        moments_svc.record_ratings(session, {ordering: 1}, staff_id=ids["ha"], at=T0 + timedelta(hours=1),
                                   source=RatingSource.SURVEY)  # a customer's answer while 하늘 was signed in
        moments_svc.record_survey(session, {ordering: 2}, at=T0 + timedelta(hours=2))
        figures = {f.name: f for f in staff_figures(session, date(2026, 11, 1), date(2026, 11, 30))}
    assert figures["김하늘"].average_rating == pytest.approx(5.0)  # not (5 + 1) / 2
    out = tmp_path / "ratings.csv"
    ratings_export.export_ratings(store, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = [(r["Score"], r["Staff"], r["Source"]) for r in csv.DictReader(handle)]
    assert rows == [("5", "김하늘", "staff"), ("1", "", "survey"), ("2", "", "survey")]


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
