"""`crmdesk --lang ko import ...` speaks Korean (issue 15, polish): the summary, the skipped rows' places and the
refusal of a file that is neither UTF-8 nor CP949; --lang en keeps the English sentences."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def crmdesk(*args):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    for name in ("CRMDESK_DB", "LC_ALL", "CRMDESK_PASSWORD"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "customers.csv"
    good.write_text("이름,전화\n김민수,010-1234-5678\n박지성,010-9999-88X8\n", encoding="utf-8")
    bad = tmp_path / "mixed.csv"
    bad.write_bytes("이름,전화\n".encode("cp949") + b"\xff\xfe\xfd,010-1111-2222\n")
    return tmp_path / "shop.sqlite3", good, bad


def test_import_summary_and_encoding_refusal_in_korean(files):
    db, good, bad = files
    done = crmdesk("--lang", "ko", "--db", db, "import", "customers", good)
    assert done.returncode == 0, done.stderr
    assert "2행 중 1행을 가져왔습니다: 고객 신규 1명" in done.stdout
    assert "1행을 건너뛰었습니다:" in done.stdout and "3행, 열 전화:" in done.stdout
    assert "건너뛴 행은" in done.stdout and "Imported" not in done.stdout and "skipped" not in done.stdout
    refused = crmdesk("--lang", "ko", "--db", db, "import", "customers", bad)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "UTF-8도 CP949도 아닌 텍스트" in refused.stderr and "--encoding" in refused.stderr, refused.stderr
    assert "neither" not in refused.stderr


def test_skipped_rows_reasons_and_their_file_in_korean(files):
    """Why a row was skipped is said in Korean, on the terminal and in the skipped rows' file a Korean owner opens in
    Excel to fix them (its three leading titles too); the English run keeps the parser's own sentences."""
    import csv

    db, good, _bad = files
    done = crmdesk("--lang", "ko", "--db", db, "import", "customers", good)
    assert "3행, 열 전화: 전화번호가 아닙니다: 010-9999-88X8" in done.stdout, done.stdout
    with open(good.with_name("customers.rejected.csv"), encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["행", "열", "사유", "이름", "전화"],
                    ["3", "전화", "전화번호가 아닙니다: 010-9999-88X8", "박지성", "010-9999-88X8"]]
    english = crmdesk("--lang", "en", "--db", db.with_name("other.sqlite3"), "import", "customers", good)
    assert "row 3, column 전화: a phone number holds only digits" in english.stdout, english.stdout
    with open(good.with_name("customers.rejected.csv"), encoding="utf-8-sig", newline="") as fh:
        header, row = list(csv.reader(fh))
    assert header[:3] == ["row", "column", "reason"] and row[2].startswith("a phone number holds only digits")


def test_each_kind_of_bad_sale_row_is_told_in_korean_with_what_it_needs(tmp_path):
    """The sentences a Korean owner reads to fix a sales file: a receipt whose rows disagree names the receipt and
    its first row, a date refused for its age is not called unreadable, a bad cost is a cost's problem, a long
    text names its limit, and a cell past the titles is named by its place."""
    sales = tmp_path / "sales.csv"
    sales.write_text("\n".join([
        "영수증번호,판매일시,전화번호,상품명,수량,금액,원가",
        "R1,2024-03-01 10:00,010-1234-5678,라떼,1,5000,",
        "R1,2024-03-02 11:00,010-1234-5678,쿠키,1,3000,",      # row 3: another date than row 2
        "R2,1899-12-31 10:00,,라떼,1,5000,",                    # row 4: too old
        "R3,2024-03-01 10:00,,라떼,1,5000,abc",                 # row 5: not a cost
        f"R4,2024-03-01 10:00,,{'가' * 201},1,5000,",           # row 6: a product name past its limit
        "R5,2024-03-01 10:00,,라떼,1,5000,," + "x" * 10_001,   # row 7: a cell past the titles, too long
    ]) + "\n", encoding="utf-8")
    done = crmdesk("--lang", "ko", "--db", tmp_path / "shop.sqlite3", "import", "sales", sales)
    assert done.returncode == 0, done.stderr
    said = done.stdout
    assert "3행, 열 판매일시: 영수증 R1: 2행과 날짜가 다릅니다" in said, said
    assert "4행, 열 판매일시: 1900년 이전의 날짜는 가져오지 않습니다: 1899-12-31" in said
    assert "5행, 열 원가: 원가가 아닙니다: abc" in said
    assert "6행, 열 상품명: 이 항목에 넣기에는 글이 너무 깁니다 (200자까지)" in said
    assert "7행, 열 #8: 10,000자가 넘는 칸이 있습니다" in said


def test_every_reason_the_importer_gives_has_korean():
    """A problem code written into the importer (or the normalisers it uses) without a Korean sentence would be said
    in English to a Korean shop: every literal code has one."""
    import re
    from pathlib import Path

    from crmdesk.importing.reasons import KOREAN

    root = Path(__file__).resolve().parents[2] / "crmdesk"
    sources = [*sorted((root / "importing").glob("*.py")), root / "normalise.py"]
    pattern = re.compile(r'(?:InvalidValue\(|Reject\([^,]+, |reject\([^,]+, [^,]+, |Rejection\(\s*\w+, \w+, '
                         r'|return [A-Z_]+, )"(\w+)"')  # the last: a whole row's check, (field, code, message)
    codes = {code for path in sources for code in pattern.findall(path.read_text(encoding="utf-8"))}
    codes |= {"amount_invalid", "quantity_invalid", "cost_invalid"}  # passed to values._whole_number by name
    assert {"date_invalid", "receipt_conflict", "customer_empty", "cell_too_long", "consent_invalid",
            "consent_date_missing", "date_too_old", "birthday_implausible"} <= codes
    assert sorted(codes - set(KOREAN)) == []


def test_import_in_english_with_lang_en(files):
    db, good, bad = files
    done = crmdesk("--lang", "en", "--db", db, "import", "customers", good)
    assert "Imported 1 of 2 rows: customers 1 new" in done.stdout and "row 3, column 전화:" in done.stdout
    refused = crmdesk("--lang", "en", "--db", db, "import", "customers", bad)
    assert refused.returncode == 1 and "is neither UTF-8 nor CP949 text" in refused.stderr


@pytest.mark.parametrize(("lang", "said"), [("ko", "--map에 적은 열이 파일에 없습니다: 주소"),
                                            ("en", "--map names a column the file does not have: 주소")])
def test_a_map_of_a_column_the_file_lacks_is_refused_in_the_language(files, lang, said):
    db, good, _bad = files
    refused = crmdesk("--lang", lang, "--db", db, "import", "customers", good, "--map", "주소=name")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert said in refused.stderr, refused.stderr


@pytest.mark.parametrize("lang, no_rows, none_importable, strict", [
    ("ko", "머리글만 있고 가져올 행이 없습니다", "가져올 수 있는 행이 없습니다. 첫 문제는 2행, 열 전화:",
     "가져오지 않았습니다: 잘못된 행 1개, 첫 번째는 3행, 열 전화:"),
    ("en", "has a header but no rows to import", "the first problem is at row 2, column 전화:",
     "was not imported: 1 bad rows, the first at row 3, column 전화:")])
def test_a_file_refused_as_a_whole_is_refused_in_the_language(files, lang, no_rows, none_importable, strict):
    """A file with no rows, one whose every row is bad, and --strict with a bad row: refused in --lang (they were
    the importer's English whatever the language)."""
    db, good, _bad = files
    empty = good.with_name("empty.csv")
    empty.write_text("이름,전화\n", encoding="utf-8")
    all_bad = good.with_name("all-bad.csv")
    all_bad.write_text("이름,전화\n김민수,010-12\n", encoding="utf-8")
    for path, said, extra in ((empty, no_rows, []), (all_bad, none_importable, []), (good, strict, ["--strict"])):
        refused = crmdesk("--lang", lang, "--db", db, "import", "customers", path, *extra)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert said in refused.stderr, refused.stderr
        if lang == "ko":
            assert "imported" not in refused.stderr and "No row" not in refused.stderr
