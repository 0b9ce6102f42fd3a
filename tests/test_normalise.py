from datetime import date

import pytest

from crmdesk import normalise as nz


@pytest.mark.parametrize("raw", ["010-1234-5678", "01012345678", "010 1234 5678", "+82 10-1234-5678",
                                 "82-10-1234-5678", "(010)1234-5678", "1012345678"])
def test_mobile_numbers_in_any_common_form_store_the_same_digits(raw):
    assert nz.normalise_phone(raw) == "01012345678"


def test_landline_and_display_forms():
    assert nz.normalise_phone("02-123-4567") == "021234567"
    assert nz.format_phone("021234567") == "02-123-4567"
    assert nz.format_phone("01012345678") == "010-1234-5678"
    assert nz.mask_phone("01012345678") == "010-****-5678"


@pytest.mark.parametrize("raw,code", [("12345", "phone_short"), ("1234-56", "phone_short"),
                                      ("000-0000-0000", "phone_invalid")])
def test_invalid_phone_numbers_are_refused_with_a_reason(raw, code):
    with pytest.raises(nz.InvalidValue) as err:
        nz.normalise_phone(raw)
    assert err.value.code == code


def test_empty_phone_is_none():
    assert nz.normalise_phone("  ") is None
    assert nz.last_four("01012345678") == "5678"


def test_hangul_initials():
    assert nz.hangul_initials("김민수") == "ㄱㅁㅅ"
    assert nz.hangul_initials("쌍둥이 Kim") == "ㅆㄷㅇ"
    assert nz.is_initials_query("ㄱㅁㅅ")
    assert not nz.is_initials_query("김ㅁ")


@pytest.mark.parametrize("raw", ["2024-01-31", "2024.1.31", "2024/01/31", "20240131", "2024년 1월 31일"])
def test_dates_in_korean_forms(raw):
    assert nz.parse_date(raw) == date(2024, 1, 31)


def test_impossible_date_is_refused():
    with pytest.raises(nz.InvalidValue):
        nz.parse_date("2024-02-30")
    with pytest.raises(nz.InvalidValue):
        nz.parse_date("last tuesday")


def test_email_and_tags():
    assert nz.normalise_email(" Min.Su@Example.COM ") == "min.su@example.com"
    with pytest.raises(nz.InvalidValue):
        nz.normalise_email("minsu@")
    assert nz.normalise_tags("VIP, 단골 ,vip,,학생") == "VIP,단골,학생"


def test_search_terms_drop_hyphens_from_phone_like_words():
    assert nz.search_terms("010-1234  Kim") == ["0101234", "kim"]
