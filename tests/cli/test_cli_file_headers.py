"""`--headers ko|en` on every analysis that writes --out FILE (rfm, pareto, clv, churn, cohorts, basket, recovery,
moments, staff), both back ends: Korean column titles a shop owner reads in Excel with ko; with en, or no option,
the file the command wrote before the option existed (the identifiers scripts read); the cells never change."""

from __future__ import annotations

import csv
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from crmdesk.app import main
from crmdesk.cli.parser import build_parser

AS_OF = "2025-06-30"
HANGUL = re.compile("[\uac00-\ud7a3]")
# The commands, as a user types them: each writes its table with --out.
COMMANDS = {
    "rfm": ["rfm", "--as-of", AS_OF],
    "rfm on margin": ["rfm", "--on", "margin", "--as-of", AS_OF],
    "pareto": ["pareto", "--as-of", AS_OF],
    "pareto on margin": ["pareto", "--on", "margin", "--as-of", AS_OF],
    "clv": ["clv", "--as-of", AS_OF],
    "clv on margin": ["clv", "--on", "margin", "--as-of", AS_OF],
    "churn": ["churn", "--as-of", AS_OF],
    "churn --list": ["churn", "--list", "at-risk", "--as-of", AS_OF],
    "churn --stages": ["churn", "--stages", "--months", "3", "--as-of", AS_OF],
    "cohorts": ["cohorts", "--as-of", AS_OF],
    "basket": ["basket", "--min-receipts", "1", "--as-of", AS_OF],
    "basket --categories": ["basket", "--categories", "--min-receipts", "1", "--as-of", AS_OF],
    "recovery": ["recovery", "--as-of", AS_OF],
    "moments": ["moments", "--to", AS_OF],
    "staff": ["staff", "--from", "2025-01-01", "--to", AS_OF],
}


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "CRMDESK_DB", "CRMDESK_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def demo_shop(store, db_target):
    """A small demo café up to AS_OF: purchases with products and categories, complaints, ratings, staff."""
    from crmdesk.demo import generate_demo

    generate_demo(store, customers=60, seed=3, as_of=date.fromisoformat(AS_OF))
    store.close()
    return db_target


def run(db, argv, out, *options) -> None:
    assert main(["--db", str(db), *argv, "--out", str(out), *options]) == 0, argv


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_every_file_takes_korean_titles_and_keeps_its_cells(demo_shop, tmp_path, capsys):
    for name, argv in COMMANDS.items():
        default, en, ko = (tmp_path / f"{name}-{kind}.csv" for kind in ("default", "en", "ko"))
        run(demo_shop, argv, default)
        run(demo_shop, argv, en, "--headers", "en")
        run(demo_shop, argv, ko, "--headers", "ko")
        assert default.read_bytes() == en.read_bytes(), name  # the file scripts read is the same as before
        english, korean = read_csv(en), read_csv(ko)
        assert all(re.fullmatch(r"[a-zA-Z0-9_]+", title) for title in english[0]), (name, english[0])
        assert len(korean[0]) == len(english[0]), name
        assert all(HANGUL.search(t) or t in ("R", "F", "M", "RFM") for t in korean[0]), (name, korean[0])
        assert korean[1:] == english[1:], name  # only the titles change
        assert len(english) > 1 or name == "churn --list", name  # the demo gives every table rows
    capsys.readouterr()


def test_the_korean_titles_a_shop_owner_reads(demo_shop, tmp_path):
    out = tmp_path / "rfm.csv"
    run(demo_shop, COMMANDS["rfm"], out, "--headers", "ko")
    assert read_csv(out)[0] == ["번호", "고객코드", "이름", "최근 구매 후 일수", "구매 횟수", "총 구매액", "R", "F",
                                "M", "RFM", "세그먼트"]
    run(demo_shop, COMMANDS["rfm on margin"], out, "--headers", "ko")
    assert read_csv(out)[0][-2:] == ["마진", "원가 없는 매출"]
    run(demo_shop, [*COMMANDS["clv"], "--unit", "weeks"], out, "--headers", "ko")
    assert read_csv(out)[0] == ["번호", "고객코드", "재구매 일수", "첫 구매~마지막 구매(주)", "첫 구매 후 경과(주)",
                                "생존 확률", "예상 구매 횟수", "예상 객단가", "과거 가치", "예측 가치(CLV)",
                                "소개 고객 수", "소개 고객 가치", "합계(본인+소개)"]
    run(demo_shop, COMMANDS["churn --stages"], out, "--headers", "ko")  # the stages by the names the window uses
    assert read_csv(out)[0] == ["월말", "새 손님", "꾸준한 방문", "단골", "방문 지연", "발길 뜸함", "발길 끊김",
                                "구매 고객 수"]
    run(demo_shop, COMMANDS["cohorts"], out, "--headers", "ko")
    assert read_csv(out)[0][:4] == ["코호트(첫 구매 월)", "고객 수", "0개월 후", "1개월 후"]  # never quoted as formulas
    run(demo_shop, COMMANDS["moments"], out, "--headers", "ko")
    assert read_csv(out)[0] == ["접점", "평가 수", "평균 평가", "만점 대비"]


def test_headers_and_lang_are_independent_in_xlsx(demo_shop, tmp_path):
    """--lang sets the cells' words (the segment names), --headers the titles: a Korean file for the owner with
    the English names, or English titles over Korean cells for a script."""
    ko_titles, en_titles = tmp_path / "ko.xlsx", tmp_path / "en.xlsx"
    run(demo_shop, ["--lang", "en", *COMMANDS["churn"]], ko_titles, "--headers", "ko")
    run(demo_shop, ["--lang", "ko", *COMMANDS["churn"]], en_titles)
    korean, english = list(load_workbook(ko_titles).active.values), list(load_workbook(en_titles).active.values)
    assert korean[0][:5] == ("번호", "고객코드", "이름", "단계", "구매일 수")
    assert english[0][:5] == ("customer_id", "customer_code", "name", "stage", "purchase_days")
    assert {row[3] for row in korean[1:]} <= {"Newcomer", "Steady", "Regular", "Overdue", "Gone quiet", "Gone",
                                              "Not yet bought"}
    assert all(HANGUL.search(row[3]) for row in english[1:])
    assert [row[:3] + row[4:] for row in korean[1:]] == [row[:3] + row[4:] for row in english[1:]]


@pytest.mark.parametrize("command", ["rfm", "pareto", "clv", "churn", "cohorts", "basket", "recovery", "moments",
                                     "staff"])
def test_the_option_is_offered_with_en_by_default(command, capsys):
    assert build_parser().parse_args([command]).headers == "en"
    assert build_parser().parse_args([command, "--headers", "ko"]).headers == "ko"
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--headers", "fr"])
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--headers {ko,en}" in capsys.readouterr().out
