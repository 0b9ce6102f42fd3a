"""A customer's own data, asked for under 개인정보보호법 제35조, is everything the shop holds about them: their
touchpoint ratings with the notes written about a visit, their "would you recommend us?" answers, points,
coupons, household and referrals, not only the card, purchases, contacts, feedback and consent."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from crmdesk.services import coupons, family, loyalty, moments, privacy
from crmdesk.services import customers as customers_svc


def test_the_export_of_one_customer_carries_ratings_recommend_points_coupons_and_family(store, tmp_path):
    with store.session() as s:
        me = customers_svc.create_customer(s, {"name": "김민지", "phone": "010-2345-6789"}).id
        friend = customers_svc.create_customer(s, {"name": "이서준", "phone": "010-8765-4321"}).id
        other = customers_svc.create_customer(s, {"name": "박하나", "phone": "010-1111-2222"}).id
        wait = moments.list_moments(s)[1]
        moments.record_ratings(s, {wait.id: 2}, customer_id=me, note="줄이 너무 길었어요")
        moments.record_ratings(s, {wait.id: 5}, customer_id=other, note="someone else's visit")
        survey = moments.record_survey(s, {wait.id: 4}, nps_score=9, last4="6789")
        loyalty.adjust_points(s, me, 300, "welcome gift")
        coupons.issue_coupon(s, me, amount=2000, offer="아메리카노 1잔", code="MINJI1", expires_on=date(2027, 1, 31))
        family.add_to_household(s, me, "parent", name="김씨네")
        family.set_referrer(s, friend, me)
    assert survey is not None
    with store.session() as s:
        data = privacy.customer_data(s, me)
    assert [(r["touchpoint"], r["score"], r["note"]) for r in data["ratings"]] == [
        (wait.name_en, 2, "줄이 너무 길었어요"), (wait.name_en, 4, "")]
    assert [a["score_0_to_10"] for a in data["recommend"]] == [9]
    assert [(p["points"], p["reason"]) for p in data["points"]] == [(300, "welcome gift")]
    assert [(c["code"], c["offer"], c["used"]) for c in data["coupons"]] == [("MINJI1", "아메리카노 1잔", None)]
    assert [(f["household"], f["relation"]) for f in data["family"]] == [("김씨네", "parent")]
    assert [(r["referred_by"], r["referred"]) for r in data["referrals"]] == [(None, friend)]

    book = load_workbook(privacy.export_customer(store, me, tmp_path / "김민지.xlsx", language="ko"))
    assert {"접점 평가", "추천 의향", "포인트", "쿠폰", "가족", "추천 관계"} <= set(book.sheetnames)
    assert "줄이 너무 길었어요" in str(list(book["접점 평가"].values))
    assert "someone else's visit" not in str([list(sheet.values) for sheet in book.worksheets])
