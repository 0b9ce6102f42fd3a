"""Lunar birthday conversion, this week's / month's list, and the birthday coupon once a year."""

from datetime import date

import pytest

from crmdesk.errors import ValidationError
from crmdesk.services import birthdays as bsvc
from crmdesk.services import customers as csvc


def test_a_lunar_birthday_moves_to_this_years_solar_date():
    # 추석 (lunar 8/15): 2025-10-06, 2026-09-25.
    assert bsvc.solar_birthday(date(1980, 8, 15), True, 2025) == date(2025, 10, 6)
    assert bsvc.solar_birthday(date(1980, 8, 15), True, 2026) == date(2026, 9, 25)
    # Solar birthdays stay put.
    assert bsvc.solar_birthday(date(1980, 8, 15), False, 2026) == date(2026, 8, 15)


def test_a_lunar_30th_missing_this_year_is_kept_on_the_29th():
    # Lunar 1/30 exists in 2026 (solar 18 March) but not in 2027, whose first month has 29 days.
    assert bsvc.solar_birthday(date(1975, 1, 30), True, 2026) == date(2026, 3, 18)
    assert bsvc.lunar_to_solar(2027, 1, 30) == bsvc.lunar_to_solar(2027, 1, 29)
    assert bsvc.solar_birthday(date(1975, 1, 30), True, 2027) == bsvc.lunar_to_solar(2027, 1, 29)


def test_a_late_lunar_birthday_falls_in_january_of_the_next_solar_year():
    # Lunar 12/20 of lunar year 2025 is 2026-02-07 — it counts for solar 2026.
    assert bsvc.solar_birthday(date(1990, 12, 20), True, 2026) == date(2026, 2, 7)


def test_29_february_falls_on_the_28th_in_other_years():
    assert bsvc.solar_birthday(date(2000, 2, 29), False, 2026) == date(2026, 2, 28)
    assert bsvc.solar_birthday(date(2000, 2, 29), False, 2028) == date(2028, 2, 29)


@pytest.fixture
def people(store):
    with store.session() as session:
        solar = csvc.create_customer(session, {"name": "박양력", "birthday": "1985-09-23"})
        lunar = csvc.create_customer(session, {"name": "김음력", "birthday": "1960-08-15", "birthday_lunar": True})
        later = csvc.create_customer(session, {"name": "최다음", "birthday": "1999-10-20"})
        gone = csvc.create_customer(session, {"name": "정보관", "birthday": "1970-09-24"})
        csvc.archive_customer(session, gone.id)
    return store, solar.id, lunar.id, later.id


def test_this_weeks_list_converts_lunar_birthdays_and_leaves_out_archived_cards(people):
    store, solar, lunar, _later = people
    start, end = bsvc.this_week(date(2026, 9, 23))  # Wednesday: Monday 21 to Sunday 27 September
    assert (start, end) == (date(2026, 9, 21), date(2026, 9, 27))
    with store.session() as session:
        rows = bsvc.birthdays_between(session, start, end)
    assert [(r.name, r.on, r.lunar, r.age) for r in rows] == [
        ("박양력", date(2026, 9, 23), False, 41), ("김음력", date(2026, 9, 25), True, 66)]


def test_this_month(people):
    store, *_ = people
    with store.session() as session:
        rows = bsvc.birthdays_between(session, *bsvc.this_month(date(2026, 10, 2)))
    assert [r.name for r in rows] == ["최다음"]


def test_the_birthday_coupon_is_recorded_and_not_issued_twice_a_year(people):
    store, solar, _lunar, _later = people
    with store.session() as session:
        coupon = bsvc.issue_birthday_coupon(session, solar, year=2026)
        assert coupon.code == f"BDAY2026-{solar:05d}" and coupon.birthday_on == "2026-09-23"
        with pytest.raises(ValidationError) as err:
            bsvc.issue_birthday_coupon(session, solar, year=2026)
        assert err.value.problems[0].code == "coupon_already_issued"
        rows = bsvc.birthdays_between(session, date(2026, 9, 21), date(2026, 9, 27))
        assert rows[0].coupon_code == coupon.code
        assert bsvc.issue_birthday_coupon(session, solar, year=2027).year == 2027  # next year, a new one


def test_a_lunar_birthday_in_january_is_found_though_the_same_lunar_date_also_falls_in_december(store):
    with store.session() as session:
        cid = csvc.create_customer(session, {"name": "음력", "birthday": "1980-11-20", "birthday_lunar": True}).id
        # lunar 11/20 is 2026-01-08 (lunar year 2025) and 2026-12-28 (lunar year 2026)
        assert [(r.customer_id, r.on) for r in bsvc.birthdays_between(session, date(2026, 1, 5), date(2026, 1, 11))
                ] == [(cid, date(2026, 1, 8))]
        assert [r.on for r in bsvc.birthdays_between(session, date(2026, 12, 21), date(2026, 12, 31))] == [
            date(2026, 12, 28)]
    assert bsvc.solar_birthdays(date(1980, 11, 20), True, 2026) == [date(2026, 1, 8), date(2026, 12, 28)]


def test_a_january_birthday_campaign_set_up_in_december_picks_next_januarys_birthdays(store):
    from crmdesk.services import campaigns as camp

    with store.session() as session:
        # lunar 12/20 falls on 2027-01-27, but in 2026 on 7 February
        cid = csvc.create_customer(session, {"name": "음력", "birthday": "1975-12-20", "birthday_lunar": True}).id
        assert camp.target_ids(store, session, "birthday_month", "1", today=date(2026, 12, 10)) == [cid]
        assert camp.target_ids(store, session, "birthday_month", "2", today=date(2026, 1, 10)) == [cid]
