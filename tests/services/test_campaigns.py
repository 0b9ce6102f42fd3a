"""Campaigns: consent filtering (no consent, withdrawn consent, missing phone), the seeded control group,
targets, response attribution, the recipient file in UTF-8 and CP949."""

import csv
from datetime import date, datetime

import pytest
from sqlalchemy import select

from crmdesk.errors import CrmError, ValidationError
from crmdesk.models import CampaignMember
from crmdesk.services import campaigns as camp
from crmdesk.services import customers as csvc
from crmdesk.services import family
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


def set_consent(session, customer_id, granted):
    """The one place tests give or withdraw marketing consent (the per-purpose ledger replaces it at merge)."""
    csvc.update_customer(session, customer_id, {"marketing_consent": granted})


def buy(session, customer_id, amount, when, category="커피"):
    psvc.create_purchase(session, PurchaseEntry(customer_id, when, [LineEntry("상품", 1, amount, category=category)]))


ASKED = {"collection": True}  # the customer's answer to collection, as the new-card form asks it


def spec(**kw):
    base = dict(name="가을 재방문", goal="reactivate", target_kind="household", target_value="", channel="sms",
                starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 14), offer_code="FALL10")
    return camp.CampaignSpec(**{**base, **kw})


@pytest.fixture
def house(store):
    """One household of five: two agreed, one withdrew, one never agreed, one agreed without a phone."""
    with store.session() as session:
        people = {}
        for name, phone, email in (("김하나", "010-1111-0001", "a@x.kr"), ("김두리", "010-1111-0002", None),
                                   ("김세찌", "010-1111-0003", None), ("김네찌", "010-1111-0004", None),
                                   ("김다섯", None, "e@x.kr")):
            people[name] = csvc.create_customer(session, {"name": name, "phone": phone, "email": email}).id
        for name in ("김하나", "김두리", "김세찌", "김다섯"):
            set_consent(session, people[name], True)
        set_consent(session, people["김세찌"], False)  # withdrawn
        first = people["김하나"]
        for cid in people.values():
            if cid != first:
                family.add_to_household(session, cid, "sibling", with_customer_id=first)
        household_id = family.household_id_of(session, first)
    return store, people, household_id


def test_consent_decides_and_every_exclusion_has_its_reason(house):
    store, people, household_id = house
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    with store.session() as session:
        view = camp.campaign_view(session, campaign_id, today=date(2026, 10, 1))
    assert view.selected == 5
    assert view.target.members == 2  # 김하나, 김두리
    assert view.excluded == {"no_consent": 2, "no_phone": 1}


def test_email_needs_an_email_address_and_in_store_needs_no_consent(house):
    store, people, household_id = house
    email = camp.create_campaign(store, spec(target_value=str(household_id), channel="email"))
    counter = camp.create_campaign(store, spec(target_value=str(household_id), channel="in_store"))
    with store.session() as session:
        assert camp.campaign_view(session, email).excluded == {"no_consent": 2, "no_email": 1}
        assert camp.campaign_view(session, email).target.members == 2  # 김하나, 김다섯
        assert camp.campaign_view(session, counter).target.members == 5


def test_the_control_group_is_a_seeded_reproducible_share():
    ids = list(range(1, 1001))
    first = camp.control_group(ids, 10, seed=42)
    assert len(first) == 100 and first == camp.control_group(list(reversed(ids)), 10, seed=42)
    assert first != camp.control_group(ids, 10, seed=43)
    assert camp.control_group(ids, 0, seed=42) == []


def test_responses_count_purchases_inside_the_window_target_against_control(store):
    with store.session() as session:
        ids = []
        for i in range(10):
            cid = csvc.create_customer(session, {"name": f"고객{i}", "phone": f"010-2222-{i:04d}"}).id
            set_consent(session, cid, True)
            buy(session, cid, 10_000, datetime(2026, 5, 1, 12), category="커피")
            ids.append(cid)
    campaign_id = camp.create_campaign(store, spec(target_kind="category", target_value="커피", control_percent=30,
                                                   seed=7))
    with store.session() as session:
        view = camp.campaign_view(session, campaign_id, today=date(2026, 12, 1))
        assert (view.target.members, view.control.members) == (7, 3)
        groups = dict(session.execute(select(CampaignMember.customer_id, CampaignMember.grp)
                                      .where(CampaignMember.campaign_id == campaign_id)).all())
        target = [c for c in ids if groups[c] == "target"]
        control = [c for c in ids if groups[c] == "control"]
        buy(session, target[0], 30_000, datetime(2026, 10, 3, 15))  # responds
        buy(session, target[1], 20_000, datetime(2026, 10, 14, 20))  # last day still counts
        buy(session, target[2], 99_000, datetime(2026, 10, 15, 9))  # too late
        buy(session, target[3], 99_000, datetime(2026, 9, 30, 9))  # before the start
        buy(session, control[0], 5_000, datetime(2026, 10, 5, 9))
        view = camp.campaign_view(session, campaign_id, today=date(2026, 12, 1))
    assert (view.target.responders, view.target.revenue) == (2, 50_000)
    assert (view.control.responders, view.control.revenue) == (1, 5_000)
    assert view.target.rate == pytest.approx(2 / 7) and view.control.rate == pytest.approx(1 / 3)
    assert view.lift == pytest.approx(2 / 7 - 1 / 3)


def test_bought_one_category_never_another(store):
    with store.session() as session:
        a = csvc.create_customer(session, {"name": "커피만"}).id
        b = csvc.create_customer(session, {"name": "둘다"}).id
        buy(session, a, 5000, datetime(2026, 1, 5, 10), "커피")
        buy(session, b, 5000, datetime(2026, 1, 5, 10), "커피")
        buy(session, b, 7000, datetime(2026, 1, 6, 10), "케이크")
        assert camp.target_ids(store, session, "category", "커피|케이크") == [a]
        assert camp.target_ids(store, session, "category", "커피") == [a, b]


def test_a_bad_campaign_names_every_problem_and_stores_nothing(store):
    with pytest.raises(ValidationError) as err:
        camp.create_campaign(store, spec(name=" ", channel="fax", control_percent=95, ends_on=date(2026, 9, 1)))
    assert {p.field for p in err.value.problems} == {"name", "channel", "control_percent", "ends_on"}
    with store.session() as session:
        assert camp.campaigns(session) == []
    with pytest.raises(ValidationError) as err:
        camp.create_campaign(store, spec(target_kind="segment", target_value="Best friends"))
    assert err.value.problems[0].code == "segment_unknown"


def test_the_recipient_file_has_normalised_phones_names_and_the_code_in_utf8_or_cp949(house, tmp_path):
    store, people, household_id = house
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    with store.session() as session:
        assert camp.write_recipients(session, campaign_id, tmp_path / "u.csv").written == 2
        written = camp.write_recipients(session, campaign_id, tmp_path / "k.csv", encoding="cp949", headers="ko")
        assert written.written == 2
    with (tmp_path / "u.csv").open(encoding="utf-8-sig") as fh:
        # A coupon campaign gives each recipient their own code (the counter checks it is theirs).
        own = {name: f"FALL10-{campaign_id}-{people[name]:05d}" for name in ("김하나", "김두리")}
        assert list(csv.reader(fh)) == [["phone", "name", "offer_code"], ["01011110002", "김두리", own["김두리"]],
                                        ["01011110001", "김하나", own["김하나"]]]
    with (tmp_path / "k.csv").open(encoding="cp949") as fh:
        assert next(csv.reader(fh)) == ["전화번호", "이름", "쿠폰코드"]


def test_a_name_cp949_cannot_hold_is_refused_by_row_and_no_file_is_left(store, tmp_path):
    with store.session() as session:
        cid = csvc.create_customer(session, {"name": "김😀", "phone": "010-3333-0001"}).id
        set_consent(session, cid, True)
        family.add_to_household(session, cid, "parent")
        household_id = family.household_id_of(session, cid)
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    with store.session() as session, pytest.raises(CrmError, match="Row 2 .*CP949.*UTF-8"):
        camp.write_recipients(session, campaign_id, tmp_path / "k.csv", encoding="cp949")
    assert not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob(".*part"))


def test_birthday_month_target_uses_this_years_lunar_dates(store):
    with store.session() as session:
        lunar = csvc.create_customer(session, {"name": "음력", "birthday": "1960-08-15", "birthday_lunar": True}).id
        csvc.create_customer(session, {"name": "양력", "birthday": "1960-08-15"})
        # Lunar 8/15 is 2026-09-25: a September birthday this year.
        assert camp.target_ids(store, session, "birthday_month", "9", today=date(2026, 1, 1)) == [lunar]


def test_a_points_offer_is_credited_to_the_targeted_once_never_to_the_control_group(store):
    from crmdesk.services import loyalty

    with store.session() as session:
        ids = []
        for i in range(4):
            cid = csvc.create_customer(session, {"name": f"적립{i}", "phone": f"010-2300-000{i}"}).id
            set_consent(session, cid, True)
            buy(session, cid, 10_000, datetime(2026, 5, 1, 12), category="빵")
            ids.append(cid)
    campaign_id = camp.create_campaign(store, spec(target_kind="category", target_value="빵", offer_kind="points",
                                                   offer_value="2,000 P", control_percent=25, seed=3))
    with store.session() as session:
        assert camp.credit_points(session, campaign_id) == 3
        with pytest.raises(ValidationError) as err:
            camp.credit_points(session, campaign_id)
        assert err.value.problems[0].code == "points_already_credited"
        groups = dict(session.execute(select(CampaignMember.customer_id, CampaignMember.grp)
                                      .where(CampaignMember.campaign_id == campaign_id)).all())
        given = {cid: sum(e.points for e in loyalty.ledger(session, cid) if e.kind == "adjust") for cid in ids}
        assert given == {cid: (2000 if groups[cid] == "target" else 0) for cid in ids}
    other = camp.create_campaign(store, spec(target_kind="category", target_value="빵", offer_kind="coupon"))
    with store.session() as session, pytest.raises(ValidationError):
        camp.credit_points(session, other)


def test_counter_staff_may_not_write_recipients_nor_print_call_lists(house, tmp_path):
    from crmdesk.access import Actor, PermissionDenied
    from crmdesk.services import staff as staff_svc

    store, _people, household_id = house
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    with store.session() as session:
        clerk = staff_svc.create_staff(session, "김점원")
    store.actor = Actor(clerk.id, "김점원", "staff")
    try:
        with store.session() as session, pytest.raises(PermissionDenied):
            camp.write_recipients(session, campaign_id, tmp_path / "x.csv")
        with store.session() as session, pytest.raises(PermissionDenied):
            camp.call_list(session, campaign_id)
    finally:
        store.actor = None
    assert not (tmp_path / "x.csv").exists()


def test_consent_is_per_channel_a_kakao_only_customer_is_left_out_of_sms(store):
    """With the consent ledger, agreeing to KakaoTalk says nothing about SMS; a withdrawal counts at once."""
    from crmdesk.services import consent

    with store.session() as session:
        kakao_only = csvc.create_customer(session, {"name": "카톡만", "phone": "010-2400-0001"}, consents=ASKED).id
        both = csvc.create_customer(session, {"name": "둘다", "phone": "010-2400-0002"}, consents=ASKED).id
        consent.record_consent(session, kakao_only, "kakao", True, method="paper")
        consent.record_consent(session, both, "kakao", True, method="paper")
        consent.record_consent(session, both, "sms", True, method="paper")
        consent.record_consent(session, both, "sms", False, method="verbal")  # withdrew SMS later
        family.add_to_household(session, kakao_only, "sibling")
        family.add_to_household(session, both, "sibling", with_customer_id=kakao_only)
        household_id = family.household_id_of(session, kakao_only)
    sms = camp.create_campaign(store, spec(target_value=str(household_id), channel="sms"))
    kakao = camp.create_campaign(store, spec(target_value=str(household_id), channel="kakao"))
    with store.session() as session:
        assert camp.campaign_view(session, sms).excluded == {"no_consent": 2}
        assert camp.campaign_view(session, kakao).target.members == 2


def test_a_lifecycle_stage_is_a_target(store):
    """New customers (first purchase within 90 days) against one silent for two years (analytics/churn.py)."""
    with store.session() as session:
        fresh = csvc.create_customer(session, {"name": "새손님"}).id
        gone = csvc.create_customer(session, {"name": "옛손님"}).id
        buy(session, fresh, 5000, datetime(2026, 9, 29, 10))  # within the shop's 7-day return window
        for day in (1, 8, 15):
            buy(session, gone, 5000, datetime(2024, 3, day, 10))
    today = date(2026, 10, 1)
    with store.session() as session:
        assert camp.target_ids(store, session, "lifecycle", "new", today=today) == [fresh]
        assert camp.target_ids(store, session, "lifecycle", "새 손님", today=today) == [fresh]
        assert camp.target_ids(store, session, "lifecycle", "lost", today=today) == [gone]
        with pytest.raises(ValidationError) as err:
            camp.target_ids(store, session, "lifecycle", "asleep", today=today)
        assert err.value.problems[0].code == "stage_unknown"


def recipient_rows(store, campaign_id, path):
    with store.session() as session:
        written = camp.write_recipients(session, campaign_id, path)
    with path.open(encoding="utf-8-sig") as fh:
        return written, list(csv.reader(fh))[1:]


def test_consent_withdrawn_after_the_campaign_was_set_up_keeps_the_customer_out_of_file_and_call_list(house,
                                                                                                       tmp_path):
    store, people, household_id = house
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    with store.session() as session:
        set_consent(session, people["김두리"], False)  # phones on Wednesday: "stop sending me ads"
    written, rows = recipient_rows(store, campaign_id, tmp_path / "r.csv")
    assert [r[1] for r in rows] == ["김하나"]
    assert (written.written, written.dropped) == (1, {"consent_withdrawn": 1})
    with store.session() as session:
        assert [r.name for r in camp.call_list(session, campaign_id)] == ["김하나"]


def test_archived_erased_and_phoneless_targets_are_left_out_with_their_reasons(house, tmp_path):
    from crmdesk.services import privacy

    store, people, household_id = house
    with store.session() as session:
        extra = csvc.create_customer(session, {"name": "김여섯", "phone": "010-1111-0006"}).id
        set_consent(session, extra, True)
        family.add_to_household(session, extra, "sibling", with_customer_id=people["김하나"])
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    with store.session() as session:
        privacy.erase_customer(session, people["김두리"], confirm=True)
        csvc.archive_customer(session, extra)
        csvc.update_customer(session, people["김하나"], {"phone": None})
    written, rows = recipient_rows(store, campaign_id, tmp_path / "r.csv")
    assert rows == [] and written.dropped == {"erased": 1, "archived": 1, "no_phone": 1}


def test_recipient_names_cannot_become_excel_formulas(store, tmp_path):
    with store.session() as session:
        cid = csvc.create_customer(session, {"name": "=cmd|' /C calc'!A0", "phone": "010-4444-0001"}).id
        set_consent(session, cid, True)
        family.add_to_household(session, cid, "parent")
        household_id = family.household_id_of(session, cid)
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id), offer_code="@SUM(A1)",
                                                   offer_kind="discount"))  # one shared code, written as typed
    _, rows = recipient_rows(store, campaign_id, tmp_path / "r.csv")
    assert rows == [["01044440001", "'=cmd|' /C calc'!A0", "'@SUM(A1)"]]


def test_a_recipient_file_that_cannot_be_written_is_a_clear_error_naming_the_file(house, tmp_path):
    store, people, household_id = house
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id)))
    busy = tmp_path / "busy.csv"
    busy.mkdir()  # stands for the file Excel holds open (PermissionError on Windows)
    with store.session() as session, pytest.raises(camp.RecipientFileError, match="busy.csv.*close it") as err:
        camp.write_recipients(session, campaign_id, busy)
    assert err.value.code == "cannot_write" and err.value.values == {"file": "busy.csv"}
    assert not list(tmp_path.glob(".*part"))


def test_a_merge_does_not_put_a_non_consenting_survivor_into_the_target_group(house, tmp_path):
    from crmdesk.services import duplicates as dup

    store, people, household_id = house
    campaign_id = camp.create_campaign(store, spec(target_value=str(household_id), offer_kind="points",
                                                   offer_value="1000"))
    with store.session() as session:
        # 김네찌 never agreed; 김두리 (targeted) turns out to be the same person: merged into 김네찌
        dup.merge_customers(session, people["김네찌"], people["김두리"])
        groups = session.execute(select(CampaignMember.customer_id, CampaignMember.grp)
                                 .where(CampaignMember.campaign_id == campaign_id)).all()
        assert (people["김네찌"], "target") not in groups
        assert camp.campaign_view(session, campaign_id).selected == 5
        assert camp.credit_points(session, campaign_id) == 1  # 김하나 only, once
    written, rows = recipient_rows(store, campaign_id, tmp_path / "r.csv")
    assert [r[1] for r in rows] == ["김하나"] and written.dropped == {"merged": 1}
