"""E-mail campaigns go to e-mail (issue 17): the recipient file carries the address, not the phone, and counts
only customers with the e-mail consent and an address; SMS stays as it is; e-mail has no night rule."""

import csv
from datetime import date, datetime

import pytest

from crmdesk.models import Campaign
from crmdesk.services import ad_messages as ads
from crmdesk.services import campaigns as camp
from crmdesk.services import customers as csvc
from crmdesk.services import family, shop


@pytest.fixture
def household(store):
    """Four people: e-mail consent with an address, e-mail consent without one, an address but only SMS consent,
    and both channels agreed (no night-time consent anywhere)."""
    with store.session() as session:
        shop.set_shop_details(session, name="카페 다온", opt_out="080-123-4567")
        people = {}
        for name, phone, email, agreed in (
                ("메일만", None, "mail@example.com", {"email": True, "sms": False}),
                ("주소없음", "010-3000-0002", None, {"email": True, "sms": True}),
                ("문자만", "010-3000-0003", "sms@example.com", {"email": False, "sms": True}),
                ("둘다", "010-3000-0004", "both@example.com", {"email": True, "sms": True})):
            people[name] = csvc.create_customer(session, {"name": name, "phone": phone, "email": email},
                                                consents={"collection": True, **agreed}).id
        first = people["메일만"]
        for cid in people.values():
            if cid != first:
                family.add_to_household(session, cid, "sibling", with_customer_id=first)
        household_id = family.household_id_of(session, first)
    return store, people, household_id


def _campaign(store, household_id, channel):
    return camp.create_campaign(store, camp.CampaignSpec(
        name="가을", goal="reactivate", target_kind="household", target_value=str(household_id), channel=channel,
        starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 14)))


def _rows(path, encoding="utf-8-sig"):
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def test_an_email_campaign_writes_addresses_of_those_with_email_consent_and_an_address(household, tmp_path):
    store, people, household_id = household
    email = _campaign(store, household_id, "email")
    with store.session() as session:
        assert camp.campaign_view(session, email).excluded == {"no_consent": 1, "no_email": 1}
        camp.write_recipients(session, email, tmp_path / "plain.csv")
        check = camp.send_check(session, session.get(Campaign, email))
        spec = ads.MessageSpec("#{이름}님 가을 신메뉴", send_at=datetime(2026, 10, 1, 23, 0))  # night: no rule
        written, left_out = ads.write_campaign(session, email, check.ids, check.dropped, spec,
                                               tmp_path / "message.csv")
    plain = _rows(tmp_path / "plain.csv")
    assert plain[0] == ["email", "name", "offer_code"]
    assert sorted(r[:2] for r in plain[1:]) == [["both@example.com", "둘다"], ["mail@example.com", "메일만"]]
    rows = _rows(tmp_path / "message.csv")
    assert rows[0] == ["message", "email", "name", "이름"]
    assert written == 2 and left_out == {}
    assert sorted(r[1] for r in rows[1:]) == ["both@example.com", "mail@example.com"]
    assert all(r[0].startswith("(광고)카페 다온\n") and r[0].endswith("무료수신거부 080-123-4567") for r in rows[1:])
    assert not any(r[1].isdigit() for r in rows[1:])  # never a phone


def test_an_sms_campaign_still_writes_phones_and_keeps_the_night_rule(household, tmp_path):
    store, people, household_id = household
    sms = _campaign(store, household_id, "sms")
    with store.session() as session:
        check = camp.send_check(session, session.get(Campaign, sms))
        day = ads.write_campaign(session, sms, check.ids, check.dropped,
                                 ads.MessageSpec("가을 할인", send_at=datetime(2026, 10, 1, 12)), tmp_path / "d.csv")
        night = ads.write_campaign(session, sms, check.ids, check.dropped,
                                   ads.MessageSpec("가을 할인", send_at=datetime(2026, 10, 1, 23)), tmp_path / "n.csv")
    rows = _rows(tmp_path / "d.csv")
    assert rows[0][:3] == ["message", "phone", "name"] and day[0] == 3
    assert sorted(r[1] for r in rows[1:]) == ["01030000002", "01030000003", "01030000004"]
    assert night == (0, {"no_night_consent": 3})


def test_the_email_preview_names_the_address_not_a_carrier_size(household):
    store, people, household_id = household
    with store.session() as session:
        composed = ads.compose(session, ads.MessageSpec("가" * 1500, send_at=datetime(2026, 10, 1, 12)),
                               [people["메일만"]], channel="email")
    (only,) = composed.recipients
    assert only.email and only.address == "mail@example.com" and only.kind == "email"  # 3,000 bytes: no LMS limit
