"""`crmdesk rfm` and `crmdesk pareto` as a user runs them."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date

import pytest
from openpyxl import load_workbook

from crmdesk.app import main

RFM_HEADER = ["customer_id", "customer_code", "name", "recency_days", "frequency", "monetary", "r", "f", "m", "rfm",
              "segment"]


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def little_shop(shop, db_target):
    shop("=HYPERLINK(\"x\")", (date(2025, 6, 29), 90_000), (date(2025, 6, 1), 10_000), code="C1")
    shop("이영희", (date(2025, 1, 2), 20_000))
    shop("박없음")
    shop.store.close()
    return db_target


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_rfm_writes_one_row_per_customer_with_the_issue_columns(little_shop, tmp_path, capsys):
    out = tmp_path / "rfm.csv"
    assert main(["--db", str(little_shop), "rfm", "--as-of", "2025-06-30", "--out", str(out)]) == 0
    assert "Wrote RFM of 3 customers" in capsys.readouterr().out
    rows = read_csv(out)
    assert rows[0] == RFM_HEADER
    # Two buyers: quintiles put the better one at the 50th percentile, score 3 (a base of five reaches 5).
    assert rows[1] == ["1", "C1", "'=HYPERLINK(\"x\")", "1", "2", "100000", "3", "3", "3", "333", "Potential Loyalist"]
    assert rows[2] == ["2", "", "이영희", "179", "1", "20000", "1", "1", "1", "111", "Lost"]
    assert rows[3] == ["3", "", "박없음", "", "0", "0", "", "", "", "", "No purchase"]


def test_rfm_xlsx_in_korean(little_shop, tmp_path):
    out = tmp_path / "rfm.xlsx"
    assert main(["--db", str(little_shop), "rfm", "--as-of", "2025-06-30", "--out", str(out), "--lang", "ko"]) == 0
    sheet = load_workbook(out).active
    values = list(sheet.values)
    assert list(values[0]) == RFM_HEADER
    assert values[1][3:] == (1, 2, 100000, 3, 3, 3, "333", "잠재 충성 고객")
    assert values[3][-1] == "구매 없음" and values[3][3] is None


def test_rfm_summary_follows_the_language(little_shop, capsys):
    assert main(["--db", str(little_shop), "rfm", "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "RFM as of 2025-06-30: 3 customers, 2 with purchases" in out
    best = next(line for line in out.splitlines() if line.startswith("Potential Loyalist"))
    assert best.split()[2:] == ["1", "33.3", "%", "83.3", "%"]
    assert main(["--lang", "ko", "--db", str(little_shop), "rfm", "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "고객 비율" in out and "잠재 충성 고객" in out and "구매 없음" in out


def test_pareto_prints_the_figures_and_writes_the_curve(little_shop, tmp_path, capsys):
    out = tmp_path / "curve.csv"
    assert main(["--db", str(little_shop), "pareto", "--as-of", "2025-06-30", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    # Two buyers, 100,000 and 20,000: the curve runs (0, 0), (.5, 100/120), (1, 1). 20 % of customers is 2/5
    # of the first step: 2/5 x 100/120 = 33.3 %; 80 % of revenue is reached at .8 / (100/120) x .5 = 48 %.
    assert "Revenue share of the top 20 % of customers: 33.3 %" in text
    assert "Share of customers making 80 % of revenue: 48.0 % (the top 1)" in text
    rows = read_csv(out)
    assert rows[0] == ["rank", "customer_id", "customer_code", "name", "monetary", "customer_share", "revenue_share"]
    assert [r[1] for r in rows[1:]] == ["1", "2"]
    assert float(rows[2][5]) == pytest.approx(1.0) and float(rows[2][6]) == pytest.approx(1.0)


def test_pareto_on_an_empty_shop_says_so(db_target, capsys):
    assert main(["--db", str(db_target), "pareto"]) == 0
    assert "No revenue yet" in capsys.readouterr().out


def test_unknown_output_format_fails_with_one_line(little_shop, tmp_path, capsys):
    assert main(["--db", str(little_shop), "rfm", "--out", str(tmp_path / "rfm.txt")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".csv or .xlsx" in err
    assert not (tmp_path / "rfm.txt").exists()


def test_a_bad_date_is_a_usage_error(little_shop, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(little_shop), "pareto", "--as-of", "yesterday-ish"])
    assert exit_.value.code == 2 and "2025-06-30" in capsys.readouterr().err


def test_a_damaged_segment_mapping_fails_with_its_reason(little_shop, capsys):
    from crmdesk.services.settings import set_setting
    from crmdesk.store import open_store

    store = open_store(little_shop)
    with store.session() as session:
        set_setting(session, "rfm_segments", '{"Champions": ["555"]}')
    store.close()
    assert main(["--db", str(little_shop), "rfm"]) == 1
    assert "leaves out 124 codes" in capsys.readouterr().err


def test_rfm_runs_without_importing_qt(little_shop):
    probe = ("import sys, runpy; sys.argv=['crmdesk','--db',sys.argv[1],'rfm'];"
             "\ntry: runpy.run_module('crmdesk.app', run_name='__main__')"
             "\nexcept SystemExit: pass"
             "\nassert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    result = subprocess.run([sys.executable, "-c", probe, str(little_shop)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Potential Loyalist" in result.stdout and "No purchase" in result.stdout


def test_the_shop_edits_the_segment_mapping_from_the_command_line(little_shop, tmp_path, capsys):
    import json

    db = ["--db", str(little_shop)]
    assert main([*db, "rfm", "--show-segments"]) == 0
    mapping = json.loads(capsys.readouterr().out)
    assert sum(len(codes) for codes in mapping.values()) == 125 and "333" in mapping["Potential Loyalist"]
    mapping["Potential Loyalist"].remove("333")
    edited = tmp_path / "segments.json"
    edited.write_text(json.dumps(mapping), encoding="utf-8")
    assert main([*db, "rfm", "--set-segments", str(edited)]) == 1  # 333 is now nowhere
    assert "leaves out 1 codes: 333" in capsys.readouterr().err
    mapping["챔피언"] = mapping.pop("Champions") + ["333"]
    edited.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    assert main([*db, "rfm", "--set-segments", str(edited)]) == 0
    out = tmp_path / "rfm.csv"
    assert main([*db, "rfm", "--as-of", "2025-06-30", "--out", str(out)]) == 0
    assert read_csv(out)[1][-2:] == ["333", "Champions"]
    assert main([*db, "rfm", "--default-segments"]) == 0
    assert main([*db, "rfm", "--as-of", "2025-06-30", "--out", str(out)]) == 0
    assert read_csv(out)[1][-2:] == ["333", "Potential Loyalist"]


@pytest.mark.parametrize("command", ["rfm", "pareto", "cohorts"])
def test_help_describes_the_options(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and "--as-of DATE" in out and "--out FILE" in out and "%%" not in out


@pytest.fixture
def cohort_shop(shop, db_target):
    """January: 가 and 나 start; 가 comes back in February and April. March: 다 starts, back in April."""
    shop("가", (date(2025, 1, 5), 10_000), (date(2025, 2, 7), 10_000), (date(2025, 4, 1), 10_000))
    shop("나", (date(2025, 1, 20), 10_000))
    shop("다", (date(2025, 3, 3), 10_000), (date(2025, 4, 30), 10_000))
    shop.store.close()
    return db_target


def test_cohorts_prints_the_retention_grid(cohort_shop, capsys):
    assert main(["--db", str(cohort_shop), "cohorts", "--as-of", "2025-04-30"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Retention by month of first purchase as of 2025-04-30: % of each cohort buying again in month +k"
    assert out[1].split() == ["Cohort", "Customers", "+1", "+2", "+3"]
    assert out[3].split() == ["2025-01", "2", "50", "0", "50"]
    assert out[4].split() == ["2025-03", "1", "100"]  # +2 and +3 have not come yet: empty, not 0


def test_cohorts_in_korean_and_to_a_file(cohort_shop, tmp_path, capsys):
    assert main(["--db", str(cohort_shop), "cohorts", "--as-of", "2025-04-30", "--lang", "ko", "--months", "1"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1].split() == ["코호트", "고객", "수", "+1"]
    assert "+1개월까지만 표시했습니다" in out
    path = tmp_path / "cohorts.csv"
    assert main(["--db", str(cohort_shop), "cohorts", "--as-of", "2025-04-30", "--out", str(path)]) == 0
    assert read_csv(path) == [["cohort", "customers", "month_0", "month_1", "month_2", "month_3"],
                              ["2025-01", "2", "1.0", "0.5", "0.0", "0.5"], ["2025-03", "1", "1.0", "1.0", "", ""]]
    assert "Wrote the retention of 2 cohorts" in capsys.readouterr().out


def test_cohorts_on_an_empty_shop_and_a_bad_month_count(db_target, capsys):
    assert main(["--db", str(db_target), "cohorts", "--as-of", "2025-04-30"]) == 0
    assert capsys.readouterr().out == "No purchases by 2025-04-30 yet: no cohorts.\n"
    assert main(["--db", str(db_target), "cohorts", "--months", "0"]) == 1
    assert "--months must be at least 1." in capsys.readouterr().err
