"""Dates, amounts and quantities in the forms real POS and Excel exports write them."""

from datetime import date, datetime

import pytest

from crmdesk.importing.values import parse_amount, parse_code, parse_datetime, parse_day, parse_quantity
from crmdesk.normalise import InvalidValue


@pytest.mark.parametrize("raw, expected", [
    ("2024-01-31", datetime(2024, 1, 31)),
    ("2024.01.31", datetime(2024, 1, 31)),
    ("2024. 1. 31.", datetime(2024, 1, 31)),
    ("2024/1/31", datetime(2024, 1, 31)),
    ("20240131", datetime(2024, 1, 31)),
    ("2024년 1월 31일", datetime(2024, 1, 31)),
    ("2024-01-31 13:05", datetime(2024, 1, 31, 13, 5)),
    ("2024-01-31T13:05:09", datetime(2024, 1, 31, 13, 5, 9)),
    ("2024.01.31 13:05:09.123", datetime(2024, 1, 31, 13, 5, 9)),
    ("2024-01-31 오후 1:05:00", datetime(2024, 1, 31, 13, 5)),
    ("2024-01-31 오전 12:10", datetime(2024, 1, 31, 0, 10)),
    ("2024/01/31 1:05 PM", datetime(2024, 1, 31, 13, 5)),
    ("2024-01-31 (수) 09:00", datetime(2024, 1, 31, 9, 0)),
    ("20240131 130509", datetime(2024, 1, 31, 13, 5, 9)),
    ("20240131130509", datetime(2024, 1, 31, 13, 5, 9)),
    ("45322", datetime(2024, 1, 31)),  # an Excel serial date that lost its format on the way to CSV
    ("45322.5", datetime(2024, 1, 31, 12, 0)),
    (45322.75, datetime(2024, 1, 31, 18, 0)),
    (20240131, datetime(2024, 1, 31)),
    (datetime(2024, 1, 31, 9, 30, 0, 500), datetime(2024, 1, 31, 9, 30)),
    (date(2024, 1, 31), datetime(2024, 1, 31)),
    ("", None),
    (None, None),
])
def test_dates_in_every_common_form(raw, expected):
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize("raw", ["31/01/2024", "2024-02-30", "어제", "2024-01-31 25:00", "12345", "99999"])
def test_unreadable_dates_are_refused(raw):
    with pytest.raises(InvalidValue) as err:
        parse_datetime(raw)
    assert err.value.code == "date_invalid"


def test_birthday_drops_the_time():
    assert parse_day("1988.3.4") == date(1988, 3, 4)


@pytest.mark.parametrize("raw, expected", [
    ("12000", 12000), ("12,000", 12000), ("₩12,000", 12000), ("￦12,000", 12000), ("12,000원", 12000),
    (" 12,000 원 ", 12000), ("KRW 12,000", 12000), ("12000.0", 12000), (12000.0, 12000), (0, 0), ("0", 0),
    ("-1,000", -1000), ("(1,000)", -1000), ("", None), (None, None),
])
def test_amounts_with_separators_and_currency(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["12,000.50", "만이천원", "12.000,00", "abc", 1.5])
def test_unreadable_amounts_are_refused(raw):
    with pytest.raises(InvalidValue):
        parse_amount(raw)


def test_quantities():
    assert parse_quantity("2개") == 2
    assert parse_quantity("3 EA") == 3
    assert parse_quantity(2.0) == 2
    with pytest.raises(InvalidValue):
        parse_quantity("0.5")


def test_codes_from_excel_numbers_lose_the_decimal_point():
    assert parse_code(1024.0) == "1024"
    assert parse_code(" C-7 ") == "C-7"
    assert parse_code("") is None
