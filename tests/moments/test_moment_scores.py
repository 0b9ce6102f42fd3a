"""Touchpoint ratings: the product score, the weakest link, the rise, NPS kept apart, anonymous survey answers
and the ratings file."""

import csv
from datetime import date, datetime

import pytest
from sqlmodel import select

from crmdesk.analytics import moments as am
from crmdesk.errors import ValidationError
from crmdesk.models import Moment, NpsAnswer, Rating
from crmdesk.services import consent as consent_svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import moments as svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.ratings_export import export_ratings

T0 = datetime(2026, 10, 5, 11, 0)


@pytest.fixture
def shop(store):
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        lee = customers_svc.create_customer(session, {"name": "이서연", "phone": "010-2222-9999"}).id
        ha = staff_svc.create_staff(session, "김하늘").id
        ids = {m.name_en: m.id for m in svc.list_moments(session)}
    return store, {"kim": kim, "lee": lee, "ha": ha, **ids}


def test_a_new_database_has_the_cafe_touchpoints_in_order_in_both_languages(store):
    with store.session() as session:
        moments = svc.list_moments(session)
    assert [m.name_ko for m in moments] == ["주문", "대기 시간", "맛·품질", "청결", "직원 응대", "결제"]
    assert [m.name_en for m in moments][:2] == ["Ordering", "Waiting time"]


def test_touchpoints_are_editable_and_ordered(shop):
    store, ids = shop
    with store.session() as session:
        added = svc.save_moment(session, None, "Seating", "좌석")
        svc.move_moment(session, added.id, -10)
        svc.save_moment(session, ids["Payment"], "Payment", "결제", active=False)
        names = [m.name_ko for m in svc.list_moments(session)]
    assert names[0] == "좌석" and "결제" not in names
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.save_moment(session, None, "", "  ")
    assert err.value.problems[0].code == "moment_name_required"


def _rate(store, ids, scores_by_name, times=1, **extra):
    with store.session() as session:
        for _ in range(times):
            svc.record_ratings(session, {ids[n]: s for n, s in scores_by_name.items()}, at=T0, **extra)


def test_overall_score_is_the_product_and_the_weakest_is_named_with_the_rise(shop):
    store, ids = shop
    _rate(store, ids, {"Ordering": 5, "Waiting time": 2, "Taste and quality": 4})
    _rate(store, ids, {"Ordering": 5, "Waiting time": 3, "Taste and quality": 4})
    table = am.per_moment(am.load_moments(store), am.load_ratings(store))
    by_name = table.set_index("name_en")
    assert by_name.at["Waiting time", "average"] == pytest.approx(2.5)
    assert by_name.at["Cleanliness", "ratings"] == 0  # unrated touchpoints stay listed, outside the product
    score = am.product_score(table)
    assert score.overall == pytest.approx(1.0 * 0.5 * 0.8)
    assert table.at[score.weakest, "name_en"] == "Waiting time"
    # matched to the others' average (4.5): 1.0 * 0.9 * 0.8
    assert score.others_average == pytest.approx(4.5)
    assert score.overall_if_matched == pytest.approx(0.72)
    assert score.rise == pytest.approx(0.32)


def test_one_bad_moment_pulls_the_overall_down_more_than_an_average_would(shop):
    store, ids = shop
    _rate(store, ids, {"Ordering": 5, "Waiting time": 5, "Taste and quality": 5, "Cleanliness": 1})
    score = am.product_score(am.per_moment(am.load_moments(store), am.load_ratings(store)))
    assert score.overall == pytest.approx(0.2)  # the mean share would be 0.8


def test_no_ratings_no_score(store):
    score = am.product_score(am.per_moment(am.load_moments(store), am.load_ratings(store)))
    assert score.overall is None and score.weakest is None and score.rise is None


def test_a_rating_outside_one_to_five_is_refused_naming_the_touchpoint_and_nothing_is_stored(shop):
    store, ids = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.record_ratings(session, {ids["Ordering"]: 5, ids["Cleanliness"]: 7})
    assert err.value.problems[0].code == "score_range" and "Cleanliness" in err.value.problems[0].message
    with store.session() as session:
        assert not session.exec(select(Rating)).all()


def test_survey_answers_without_digits_stay_anonymous_and_nps_is_kept_apart(shop):
    store, ids = shop
    with store.session() as session:
        result = svc.record_survey(session, {ids["Ordering"]: 4, ids["Payment"]: 5}, nps_score=9, at=T0)
    assert result.ratings == 2 and not result.attached
    with store.session() as session:
        assert {r.customer_id for r in session.exec(select(Rating))} == {None}
        assert [(a.score, a.customer_id) for a in session.exec(select(NpsAnswer))] == [(9, None)]
    table = am.per_moment(am.load_moments(store), am.load_ratings(store))
    assert int(table["ratings"].sum()) == 2  # the 9 is not a touchpoint rating
    assert am.nps(store).score == pytest.approx(100.0)


def test_survey_digits_attach_only_with_the_collection_consent(shop):
    store, ids = shop
    with store.session() as session:
        assert svc.record_survey(session, {ids["Ordering"]: 5}, last4="5678", at=T0).attached
        consent_svc.record_consent(session, ids["lee"], "collection", False, method="paper")
        assert not svc.record_survey(session, {ids["Ordering"]: 2}, last4="9999", at=T0).attached
        assert not svc.record_survey(session, {ids["Ordering"]: 3}, last4="12a4", at=T0).attached
        owners = sorted((r.score, r.customer_id or 0) for r in session.exec(select(Rating)))
    assert owners == [(2, 0), (3, 0), (5, ids["kim"])]


def test_two_cards_with_the_same_digits_leave_the_answer_anonymous(shop):
    store, ids = shop
    with store.session() as session:
        customers_svc.create_customer(session, {"name": "박지호", "phone": "010-7777-5678"})
        assert not svc.record_survey(session, {ids["Ordering"]: 5}, last4="5678", at=T0).attached


def test_monthly_trend_per_touchpoint(shop):
    store, ids = shop
    with store.session() as session:
        svc.record_ratings(session, {ids["Ordering"]: 5}, at=datetime(2026, 8, 3))
        svc.record_ratings(session, {ids["Ordering"]: 3}, at=datetime(2026, 9, 3))
        svc.record_ratings(session, {ids["Ordering"]: 4}, at=datetime(2026, 9, 4))
    months = am.monthly(am.load_moments(store), am.load_ratings(store))
    sept = months[months["month"] == datetime(2026, 9, 1)].iloc[0]
    assert sept["ratings"] == 2 and sept["average"] == pytest.approx(3.5) and sept["trend"] == pytest.approx(-1.5)


def test_ratings_file_has_every_rating_in_korean_with_anonymous_named(shop, tmp_path):
    store, ids = shop
    _rate(store, ids, {"Ordering": 4}, customer_id=ids["kim"], staff_id=ids["ha"], note="=cmd|' /C calc'!A0")
    with store.session() as session:
        svc.record_survey(session, {ids["Waiting time"]: 2}, nps_score=3, at=T0)
    path = tmp_path / "ratings.csv"
    assert export_ratings(store, path, headers="ko") == 2
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["일시", "접점", "점수", "고객", "직원", "출처", "메모"]
    assert rows[1][1:6] == ["주문", "4", "김민수", "김하늘", "직원 입력"]
    assert rows[1][6].startswith("'=")  # formula-safe
    assert rows[2][1:6] == ["대기 시간", "2", "익명", "", "고객 설문"]
    assert export_ratings(store, tmp_path / "none.csv", start=date(2027, 1, 1)) == 0


def test_inactive_touchpoint_keeps_its_ratings_in_the_figures(shop):
    store, ids = shop
    _rate(store, ids, {"Payment": 3})
    with store.session() as session:
        svc.save_moment(session, ids["Payment"], "Payment", "결제", active=False)
        assert session.get(Moment, ids["Payment"]).active is False
    table = am.per_moment(am.load_moments(store), am.load_ratings(store))
    assert "Payment" in set(table["name_en"]) and "Cleanliness" in set(table["name_en"])
