"""Advertising messages a Korean shop may send (issue 17): the ad marking, the shop's name and the opt-out line
exactly once, refused without an opt-out number, variables per recipient, EUC-KR byte counts, the night rule."""

import csv
from datetime import datetime

import pytest

from crmdesk.errors import ValidationError
from crmdesk.services import ad_messages as ads
from crmdesk.services import consent, loyalty, shop
from crmdesk.services import customers as csvc

ASKED = {"collection": True, "sms": True}


@pytest.fixture
def shop_store(store):
    with store.session() as session:
        shop.set_shop_details(session, name="카페 다온", phone="02-123-4567", opt_out="080-123-4567")
        ids = [csvc.create_customer(session, {"name": name, "phone": phone}, consents=answers).id
               for name, phone, answers in (
                   ("김민수", "010-1111-0001", {**ASKED, "night": True}), ("이서연", "010-1111-0002", ASKED),
                   ("박지훈", "010-1111-0003", ASKED))]
        loyalty.adjust_points(session, ids[0], 1500, "가입 축하")
    return store, ids


def test_an_advertising_message_has_the_mark_the_shop_and_the_opt_out_line_exactly_once(shop_store):
    store, ids = shop_store
    typed = "(광고) 카페 다온 #{이름}님, 가을 신메뉴 10% 할인!\n무료수신거부 080-123-4567"
    with store.session() as session:
        composed = ads.compose(session, ads.MessageSpec(typed, send_at=datetime(2026, 10, 1, 10, 0)), ids)
    assert len(composed.recipients) == 3
    for r in composed.recipients:
        assert r.message.startswith("(광고)카페 다온\n")
        assert r.message.endswith("\n무료수신거부 080-123-4567")
        assert r.message.count("(광고)") == 1 and r.message.count("카페 다온") == 1
        assert r.message.count("무료수신거부") == 1
    assert composed.recipients[0].message == (
        "(광고)카페 다온\n김민수님, 가을 신메뉴 10% 할인!\n무료수신거부 080-123-4567")


def test_a_notice_carries_no_ad_marking(shop_store):
    store, ids = shop_store
    with store.session() as session:
        composed = ads.compose(session, ads.MessageSpec("#{이름}님 영업시간 변경 안내", notice=True,
                                                        send_at=datetime(2026, 10, 1, 22, 0)), ids)
    assert [r.message for r in composed.recipients] == ["김민수님 영업시간 변경 안내", "이서연님 영업시간 변경 안내",
                                                        "박지훈님 영업시간 변경 안내"]


def test_advertising_is_refused_without_an_opt_out_number(store):
    with store.session() as session:
        shop.set_shop_details(session, name="카페 다온")
        with pytest.raises(ValidationError) as caught:
            ads.compose(session, ads.MessageSpec("가을 할인"), [])
    assert [p.code for p in caught.value.problems] == ["opt_out_missing"]


def test_the_opt_out_number_must_be_a_080_number(store):
    with store.session() as session, pytest.raises(ValidationError) as caught:
        shop.set_shop_details(session, opt_out="010-1234-5678")
    assert caught.value.problems[0].code == "opt_out_invalid"


def test_variables_are_filled_per_recipient_and_the_file_has_message_phone_name_then_one_column_each(
        shop_store, tmp_path):
    store, ids = shop_store
    path = tmp_path / "msg.csv"
    with store.session() as session:
        spec = ads.MessageSpec("#{이름}님 포인트 #{포인트}점", send_at=datetime(2026, 10, 1, 12))
        composed = ads.compose(session, spec, ids)
        ads.write_messages(session, composed, path, encoding="cp949")
    with path.open(encoding="cp949", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["message", "phone", "name", "이름", "포인트"]
    assert rows[1] == ["(광고)카페 다온\n김민수님 포인트 1,500점\n무료수신거부 080-123-4567", "01011110001", "김민수",
                       "김민수", "1,500"]
    assert rows[2][1:] == ["01011110002", "이서연", "이서연", "0"]


def test_an_unknown_variable_is_named_in_the_refusal(shop_store):
    store, ids = shop_store
    with store.session() as session, pytest.raises(ValidationError) as caught:
        ads.compose(session, ads.MessageSpec("#{생일} 축하"), ids)
    assert caught.value.problems[0].code == "variable_unknown" and "#{생일}" in str(caught.value)


def test_another_module_registers_its_own_variable(shop_store):
    store, ids = shop_store
    ads.register_variable("추천상품", lambda session, cids: {cid: "바닐라라떼" for cid in cids})
    try:
        with store.session() as session:
            composed = ads.compose(session, ads.MessageSpec("#{추천상품} 어떠세요", notice=True), ids[:1])
        assert composed.recipients[0].message == "바닐라라떼 어떠세요"
    finally:
        del ads.VARIABLES["추천상품"]


def test_hangul_counts_two_bytes_in_euc_kr_and_the_verdict_follows():
    assert ads.carrier_bytes("가") == 2 and ads.carrier_bytes("A1 ") == 3 and ads.carrier_bytes("똠방각하") == 8
    assert ads.carrier_bytes("가" * 45) == 90 and ads.kind_of(90) == "sms"
    assert ads.kind_of(ads.carrier_bytes("가" * 45 + "!")) == "lms"
    assert ads.kind_of(2000) == "lms" and ads.kind_of(2001) == "too_long"


@pytest.mark.parametrize(("hour", "expected"), [(20, 3), (21, 1), (23, 1), (7, 1), (8, 3)])
def test_at_night_only_customers_with_the_night_consent_get_the_message(shop_store, hour, expected):
    store, ids = shop_store
    with store.session() as session:
        composed = ads.compose(session, ads.MessageSpec("할인", send_at=datetime(2026, 10, 1, hour, 30)), ids)
    assert len(composed.recipients) == expected
    assert composed.left_out_night == 3 - expected
    if expected == 1:
        assert composed.recipients[0].name == "김민수"
    assert consent.Purpose.NIGHT in consent.OPTIONAL_PURPOSES
