"""Churn, dormancy and lifecycle stages on hand-checked histories."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from crmdesk.analytics import churn
from crmdesk.app import main

AS_OF = date(2025, 6, 30)


def stage_of(purchase_days: int, first: int, last: int, *, window: float | None = 20, loyal: int = 5,
             as_of: int = 1000) -> str:
    stage, _, _ = churn._stages(np.array([purchase_days]), np.array([first]), np.array([last]), as_of,
                                churn.ShopRhythm(window, loyal))
    return churn.STAGE_NAMES[stage[0]]


@pytest.mark.parametrize(("purchase_days", "first", "last", "expected"), [
    (3, 960, 980, "new"),  # usual gap 10, silent 20 (not more than twice): first visit 40 days ago
    (3, 900, 960, "active"),  # gap 30, silent 40: within rhythm; first visit 100 days ago, 3 < 5 days
    (3, 880, 940, "active"),  # gap 30, silent exactly 60: not yet more than twice
    (3, 879, 939, "at_risk"),  # gap 30, silent 61
    (3, 819, 879, "dormant"),  # gap 30, silent 121 > 4 x 30 and > 2 x 20
    (3, 800, 820, "lost"),  # gap 10, silent 180 > 8 x 10 and > 4 x 20
    (10, 500, 950, "loyal"),  # gap 50, silent 50; 10 purchase days
    (50, 936, 985, "new"),  # comes daily, silent 15: far beyond their own gap, but within the shop's window
    (50, 800, 985, "loyal"),
    (1, 985, 985, "new"),  # one visit, silent 15: the window (20) is all there is to judge by
    (1, 975, 975, "at_risk"),  # silent 25 > 20, though new: slipping comes first
    (2, 900, 959, "dormant"),  # two visits (no gap of their own yet), silent 41 > 2 x 20
    (1, 919, 919, "lost"),  # silent 81 > 4 x 20
])
def test_the_documented_rule(purchase_days, first, last, expected):
    assert stage_of(purchase_days, first, last) == expected


def test_without_anyone_coming_back_nobody_is_judged_slipping():
    assert stage_of(1, 100, 100, window=None) == "active"


def days_frame(rows: list[tuple[int, date, int]]) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": [r[0] for r in rows], "day": pd.to_datetime([r[1] for r in rows]),
                         "purchases": 1, "spend": [r[2] for r in rows]}).sort_values(["customer_id", "day"])


@pytest.fixture
def history():
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4], "customer_code": ["A", "B", None, None],
                              "name": ["정기", "한번", "큰손", "없음"]})
    d = date(2025, 3, 11)
    rows = [(1, d + timedelta(days=10 * i), 10_000) for i in range(5)]  # every 10 days to 20 April
    rows += [(2, date(2025, 6, 20), 5_000)]
    rows += [(3, date(2024, 12, 1), 90_000), (3, date(2024, 12, 21), 90_000), (3, date(2025, 1, 10), 90_000)]
    return customers, days_frame(rows)


def test_churn_table_reads_gaps_window_and_values(history):
    customers, days = history
    table = churn.churn_table(customers, days, AS_OF).set_index("customer_id")
    # Gaps in the shop: 10, 10, 10, 10 (customer 1) and 20, 20 (customer 3): the 80th percentile is 20.
    assert table.attrs["return_window_days"] == 20
    one = table.loc[1]
    assert one["usual_gap_days"] == 10 and one["silence_days"] == 71
    assert one["expected_back_by"] == pd.Timestamp(2025, 4, 30)
    assert one["stage"] == "dormant"  # 71 > 4 x 10 and > 2 x 20, not > 8 x 10
    assert table.loc[3, "silence_days"] == 171  # > 8 x 20 and > 4 x 20: lost
    assert table.loc[2, "stage"] == "new" and np.isnan(table.loc[2, "usual_gap_days"])
    assert table.loc[3, "stage"] == "lost" and table.loc[3, "historic_value"] == 270_000
    assert table.loc[4, "stage"] == "no_purchase" and table.loc[4, "purchase_days"] == 0
    assert table["at_risk"].sum() == 0 and table["dormant"].sum() == 1
    assert table["predicted_value"].isna().all()  # no forecast handed in


def test_reactivation_list_puts_the_most_valuable_first(history):
    customers, days = history
    table = churn.churn_table(customers, days, AS_OF)
    table.loc[table["customer_id"] == 3, "stage"] = "dormant"
    listed = churn.reactivation_list(table, "dormant")
    assert list(listed["customer_id"]) == [3, 1]  # 270,000 before 50,000
    table["predicted_value"] = [5.0, 1.0, 1.0, np.nan]
    assert list(churn.reactivation_list(table, "dormant")["customer_id"]) == [1, 3]  # forecast first


def test_lifecycle_counts_follow_a_customer_month_by_month(history):
    customers, days = history
    counts = churn.lifecycle_counts(customers, days, AS_OF, months=7).set_index("month_end")
    assert list(counts.index) == [date(2024, 12, 31), date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31),
                                  date(2025, 4, 30), date(2025, 5, 31), date(2025, 6, 30)]
    # End of December: customer 3 came twice (gap 20, the shop's only gap), first 30 days ago: new.
    assert counts.loc[date(2024, 12, 31)].to_dict() == {"new": 1, "active": 0, "loyal": 0, "at_risk": 0,
                                                        "dormant": 0, "lost": 0, "customers": 1}
    # End of February: silent 49 days, more than twice their gap of 20 and than the window (20): at risk.
    # End of March: still at risk (80 days is not more than 4 x 20); customer 1 came 3 times since 11 March: new.
    assert counts.loc[date(2025, 2, 28), ["new", "at_risk"]].tolist() == [0, 1]
    assert counts.loc[date(2025, 3, 31), ["new", "at_risk", "customers"]].tolist() == [1, 1, 2]
    # End of June it is the table's picture: 1 dormant, 2 new, 3 lost.
    june = counts.loc[date(2025, 6, 30)]
    assert (june["new"], june["dormant"], june["lost"], june["customers"]) == (1, 1, 1, 3)
    assert (counts[list(churn.STAGE_NAMES)].sum(axis=1) == counts["customers"]).all()


@pytest.fixture
def churn_shop(shop, db_target):
    d = date(2025, 3, 11)
    shop("정기손님", *[(d + timedelta(days=10 * i), 10_000) for i in range(5)], code="C1")
    shop("한번", (date(2025, 6, 20), 5_000), (date(2025, 6, 29), 80_000, True))  # the void counts nowhere
    shop("큰손", (date(2024, 12, 1), 90_000), (date(2024, 12, 21), 90_000), (date(2025, 1, 10), 90_000))
    shop("보관", (date(2025, 1, 1), 1_000), archived=True)
    shop.store.close()
    return db_target


@pytest.fixture(autouse=True)
def _english_system(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_churn_command_summary_and_lists(churn_shop, tmp_path, capsys):
    db = ["--db", str(churn_shop)]
    assert main([*db, "churn", "--as-of", "2025-06-30"]) == 0
    out = capsys.readouterr().out
    assert "Lifecycle stages as of 2025-06-30: 3 customers. The shop's return window is 20 days" in out
    assert "No predicted value: 3 customers with purchases" in out
    lines = {line[:10].strip(): line[10:].split() for line in out.splitlines()
             if line.startswith(("Newcomer ", "Gone quiet ", "Gone "))}
    assert lines == {"Newcomer": ["1", "5,000", "-"], "Gone quiet": ["1", "50,000", "-"], "Gone": ["1", "270,000", "-"]}
    assert main([*db, "churn", "--as-of", "2025-06-30", "--list", "dormant"]) == 0
    out = capsys.readouterr().out
    assert "Gone quiet: 1 customers who brought 50,000 so far" in out and "정기손님" in out and "큰손" not in out
    path = tmp_path / "dormant.csv"
    assert main([*db, "churn", "--as-of", "2025-06-30", "--list", "dormant", "--out", str(path)]) == 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == [*churn.CHURN_COLUMNS, "phone", "sms_consent"]
    assert rows[1] == ["1", "C1", "정기손님", "Gone quiet", "5", "2025-03-11", "2025-04-20", "71", "10.0", "2025-04-30",
                       "50000", "", "", "", "False"]


def test_churn_command_in_korean(churn_shop, capsys):
    assert main(["--lang", "ko", "--db", str(churn_shop), "churn", "--as-of", "2025-06-30", "--list", "at-risk"]) == 0
    out = capsys.readouterr().out
    assert "가게의 재방문 주기 20일" in out and "방문 지연 고객 0명" in out


def test_stage_counts_over_time_from_the_command_line(churn_shop, tmp_path, capsys):
    db = ["--db", str(churn_shop)]
    assert main([*db, "churn", "--as-of", "2025-06-30", "--stages", "--months", "3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["Month", "end", "Newcomer", "Steady", "Regular", "Overdue", "Gone", "quiet", "Gone",
                              "Buyers"]
    assert out[-1].split() == ["2025-06-30", "1", "0", "0", "0", "1", "1", "3"]
    path = tmp_path / "stages.csv"
    assert main([*db, "churn", "--as-of", "2025-06-30", "--stages", "--out", str(path)]) == 0
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["month_end", *churn.STAGE_NAMES, "customers"] and len(rows) == 13
    assert main([*db, "churn", "--stages", "--months", "0"]) == 1
    assert "--months must be at least 1" in capsys.readouterr().err
