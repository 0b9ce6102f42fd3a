"""Reading files as shops have them: delimiters, encodings, .xlsx, title lines, and files that are not data."""

import pytest
from import_helpers import write_csv, write_xlsx

from crmdesk.importing import ImportFileError, read_source, suggest_mapping
from crmdesk.importing.mapping import apply_overrides, parse_map_options, suggest_field

ROWS = [["거래일자", "고객명", "휴대폰", "금액"], ["2024.01.31", "김민수", "010-1234-5678", "12,000원"]]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_any_common_delimiter_is_detected(tmp_path, delimiter):
    path = write_csv(tmp_path / "sales.csv", ROWS, delimiter=delimiter)
    source = read_source(path)
    assert source.delimiter == delimiter
    assert source.headers == ROWS[0]
    assert list(source.rows()) == [ROWS[1]]


@pytest.mark.parametrize("encoding, detected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp949", "cp949"),
                                                ("euc-kr", "cp949"), ("utf-16", "utf-16")])
def test_encodings_are_detected(tmp_path, encoding, detected):
    path = write_csv(tmp_path / "sales.csv", ROWS + [["2024.02.01", "똠방각하", "010-2222-3333", "5,000"]],
                     encoding=encoding, delimiter="\t" if encoding == "utf-16" else ",")
    source = read_source(path)
    assert source.encoding == detected
    assert source.headers[1] == "고객명"
    assert list(source.rows())[0][1] == "김민수"


def test_the_user_can_override_the_encoding(tmp_path):
    path = write_csv(tmp_path / "sales.csv", ROWS, encoding="cp949")
    with pytest.raises(ImportFileError, match="not utf-8 text"):
        read_source(path, encoding="utf-8")
    assert read_source(path, encoding="euc-kr").headers[1] == "고객명"


def test_xlsx_keeps_typed_cells(tmp_path):
    from datetime import datetime

    path = write_xlsx(tmp_path / "sales.xlsx", [["판매일", "전화번호", "금액"],
                                                [datetime(2024, 1, 31, 9, 5), 1012345678, 12000]])
    source = read_source(path)
    assert source.format == "xlsx" and source.headers == ["판매일", "전화번호", "금액"]
    assert list(source.rows()) == [[datetime(2024, 1, 31, 9, 5), 1012345678, 12000]]


def test_title_lines_above_the_header_are_skipped(tmp_path):
    path = write_csv(tmp_path / "sales.csv", [["매출 내역"], ["기간: 2024-01"], [], *ROWS])
    source = read_source(path)
    assert source.headers == ROWS[0]
    assert source.first_row_number == 5  # the data row is row 5 in Excel


def test_duplicate_headers_stay_distinct(tmp_path):
    path = write_csv(tmp_path / "s.csv", [["금액", "금액"], ["1", "2"]])
    assert read_source(path).headers == ["금액", "금액 (2)"]


@pytest.mark.parametrize("content, message", [
    (b"", "is empty"),
    (b"\n\n  \n", "is empty"),
    (b"\x00\x01\x02binary\x00\xff" * 100, "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel .xls"),
    (b"PK\x03\x04 not really a workbook", "cannot be read as an Excel"),
])
def test_files_that_are_not_data_are_refused_clearly(tmp_path, content, message):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_source(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ImportFileError, match="does not exist"):
        read_source(tmp_path / "nope.csv")


def test_korean_and_english_headers_suggest_fields():
    headers = ["고객번호", "성명", "핸드폰", "E-mail", "생년월일", "판매일자", "판매금액(원)", "수량", "메뉴명",
               "카테고리", "영수증 번호", "담당자", "비고"]
    assert suggest_mapping(headers) == {
        "고객번호": "customer_code", "성명": "name", "핸드폰": "phone", "E-mail": "email", "생년월일": "birthday",
        "판매일자": "date", "판매금액(원)": "amount", "수량": "quantity", "메뉴명": "product", "카테고리": "category",
        "영수증 번호": "receipt_id", "담당자": "staff", "비고": None}
    english = ["Customer ID", "Name", "Phone", "Date", "Amount", "Qty", "Item", "Receipt No"]
    assert list(suggest_mapping(english).values()) == [
        "customer_code", "name", "phone", "date", "amount", "quantity", "product", "receipt_id"]


def test_discounts_and_unit_prices_are_not_taken_for_the_amount():
    assert suggest_field("할인금액") is None
    assert suggest_field("판매단가") is None
    assert suggest_mapping(["할인금액", "실결제금액"]) == {"할인금액": None, "실결제금액": "amount"}
    assert suggest_field("고객 휴대폰번호") == "phone"


def test_customer_files_offer_only_customer_fields():
    assert suggest_mapping(["이름", "금액"], "customers") == {"이름": "name", "금액": None}


def test_map_options_override_suggestions_and_take_the_field_away_from_other_columns():
    headers = ["전화번호", "연락처2"]
    mapping = suggest_mapping(headers)
    assert mapping == {"전화번호": "phone", "연락처2": None}
    mapping = apply_overrides(headers, mapping, parse_map_options(["연락처2=phone"]), "sales")
    assert mapping == {"전화번호": None, "연락처2": "phone"}
    assert parse_map_options(["비고=-"]) == {"비고": None}


def test_xlsx_rows_are_numbered_as_excel_shows_them(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet["B3"], sheet["C3"] = "판매일", "금액"
    sheet["B4"], sheet["C4"] = "2024-01-31", "5,000원"
    path = tmp_path / "offset.xlsx"
    book.save(path)
    source = read_source(path)
    assert source.headers == ["판매일", "금액"] and source.first_row_number == 4
    assert list(source.rows()) == [["2024-01-31", "5,000원"]]
