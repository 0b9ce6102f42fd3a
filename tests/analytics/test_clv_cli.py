"""`crmdesk clv` as a user runs it: a shop too young to forecast, and one with enough history."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, timedelta

import numpy as np
import pytest

from crmdesk.app import main

CLV_HEADER = ["customer_id", "customer_code", "frequency", "recency", "T", "p_alive", "expected_purchases",
              "expected_avg_value", "historic_value", "clv", "referred", "referred_value", "total"]
AS_OF = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def young_shop(shop, db_target):
    shop("김단골", (date(2025, 6, 1), 10_000), (date(2025, 6, 15), 12_000), code="C1")
    shop("이한번", (date(2025, 6, 20), 8_000))
    shop.store.close()
    return db_target


@pytest.fixture
def established_shop(shop, db_target):
    """80 customers over two years: most come back every few weeks, some stop, some bought once."""
    rng = np.random.default_rng(11)
    start = date(2023, 7, 1)
    for i in range(80):
        first = start + timedelta(days=int(rng.integers(0, 500)))
        visits, day = [], first
        gap, stops_after = int(rng.integers(5, 60)), int(rng.integers(0, 25))
        while day <= AS_OF and len(visits) <= stops_after:
            visits.append((day, int(rng.integers(3, 20)) * 1_000))
            day += timedelta(days=max(1, int(rng.exponential(gap))))
        shop(f"고객{i}", *visits, code=f"C{i:03d}")
    shop.store.close()
    return db_target


def test_a_young_shop_gets_historic_value_and_the_reason(young_shop, tmp_path, capsys):
    out = tmp_path / "clv.csv"
    assert main(["--db", str(young_shop), "clv", "--as-of", "2025-06-30", "--out", str(out), "--params"]) == 0
    text = capsys.readouterr().out
    assert "No forecast: 2 customers with purchases, 1 of them came back" in text
    assert "The clv column holds historic value" in text
    assert "r=-, alpha=-, a=-, b=-, p=-, q=-, v=-" in text
    rows = read_csv(out)
    assert rows[0] == CLV_HEADER
    # Nobody referred anyone: the total is the customer's own value.
    assert rows[1] == ["1", "C1", "1", "14.0", "29.0", "", "", "", "22000", "22000", "0", "0", "22000"]
    assert rows[2] == ["2", "", "0", "0.0", "10.0", "", "", "", "8000", "8000", "0", "0", "8000"]


def test_an_established_shop_gets_a_forecast_and_its_parameters(established_shop, tmp_path, capsys):
    db = ["--db", str(established_shop)]
    assert main([*db, "clv", "--as-of", "2025-06-30", "--params", "--unit", "weeks"]) == 0
    text = capsys.readouterr().out
    assert "Lifetime value as of 2025-06-30: 80 customers, 80 with purchases; horizon 365 days" in text
    assert "Parameters (unit: weeks): r=" in text and "v=" in text and "=-" not in text
    assert "BG/NBD: fitted, 80 customers" in text and "predicted value over the next 365 days" in text
    out = tmp_path / "clv.csv"
    assert main([*db, "clv", "--as-of", "2025-06-30", "--horizon-days", "90", "--out", str(out)]) == 0
    rows = read_csv(out)[1:]
    assert len(rows) == 80
    for row in rows:
        p_alive, expected, avg, historic, value = (float(row[i]) for i in (5, 6, 7, 8, 9))
        assert 0 <= p_alive <= 1 and expected >= 0 and avg > 0 and historic > 0
        assert value == pytest.approx(expected * avg, rel=1e-3, abs=1)  # money in whole won, rates rounded


def test_the_summary_in_korean(established_shop, capsys):
    assert main(["--lang", "ko", "--db", str(established_shop), "clv", "--as-of", "2025-06-30", "--params"]) == 0
    text = capsys.readouterr().out
    assert "고객 생애 가치 기준일 2025-06-30" in text and "매개변수 (일 단위)" in text and "적합됨" in text
    assert "생존 확률" in text and "과거 가치 합계" in text


def test_a_negative_horizon_is_refused(young_shop, capsys):
    assert main(["--db", str(young_shop), "clv", "--horizon-days", "-5"]) == 1
    assert "--horizon-days must be 0 or more" in capsys.readouterr().err


def test_clv_runs_without_importing_qt(young_shop):
    probe = ("import sys, runpy; sys.argv=['crmdesk','--db',sys.argv[1],'clv'];"
             "\ntry: runpy.run_module('crmdesk.app', run_name='__main__')"
             "\nexcept SystemExit: pass"
             "\nassert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'")
    result = subprocess.run([sys.executable, "-c", probe, str(young_shop)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert "No forecast" in result.stdout
