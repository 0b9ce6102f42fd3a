"""`crmdesk export touchpoints|feedback` and the demo's contacts, as a user runs them."""

import csv
import os
import subprocess
import sys
from datetime import datetime

import pytest
from openpyxl import load_workbook

from crmdesk.app import main
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import feedback as feedback_svc
from crmdesk.services import staff as staff_svc


def crmdesk(*args, check=True):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True,
                            text=True, env=env, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def logged(store, db_target):
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        ha = staff_svc.create_staff(session, "김하늘").id
        for day in (2, 9, 16):
            at = datetime(2025, 6, day, 11, 0)
            contacts_svc.log_contact(session, {"customer_id": kim, "staff_id": ha, "channel": "message",
                                               "purpose": "promotion", "note": f"6월 {day}일 신메뉴 안내",
                                               "occurred_at": at}, at=at)
        feedback_svc.create_feedback(session, {"customer_id": kim, "kind": "complaint", "category": "청결",
                                               "description": "테이블이 끈적였어요"},
                                     staff_id=ha, at=datetime(2025, 6, 9, 14, 0))
    store.close()
    return db_target


def test_export_touchpoints_for_a_period(logged, tmp_path):
    out = tmp_path / "contacts.csv"
    result = crmdesk("export", "touchpoints", out, "--from", "2025-06-09", "--to", "2025.6.16", "--db", logged)
    assert result.stdout.strip() == f"Exported 2 contacts to {out}."
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["Note"] for r in rows] == ["6월 9일 신메뉴 안내", "6월 16일 신메뉴 안내"]
    assert {(r["Channel"], r["Staff"], r["Customer"]) for r in rows} == {("KakaoTalk/SMS", "김하늘", "김민수")}


def test_export_feedback_to_excel_with_korean_headers(logged, tmp_path):
    out = tmp_path / "피드백.xlsx"
    assert main(["--db", str(logged), "export", "feedback", str(out), "--headers", "ko"]) == 0
    book = load_workbook(out)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert rows[0][:3] == ("번호", "접수일시", "유형")
    assert rows[1][2] == "불만" and rows[1][9] == "테이블이 끈적였어요"
    assert rows[1][17] == "Y"  # received in 2025 and never answered: long past the 24 h target


@pytest.mark.parametrize("what", ["touchpoints", "feedback"])
def test_a_bad_file_type_gets_one_clear_line_and_exit_1(logged, tmp_path, what):
    result = crmdesk("export", what, tmp_path / "out.pdf", "--db", logged, check=False)
    assert result.returncode == 1
    assert result.stderr == "crmdesk: Cannot export to out.pdf: choose a file ending in .csv or .xlsx.\n"
    assert not (tmp_path / "out.pdf").exists()


def test_a_bad_date_is_a_usage_error_and_a_reversed_period_is_refused(logged, tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(logged), "export", "feedback", str(tmp_path / "f.csv"), "--from", "2025-13-01"])
    assert usage.value.code == 2
    assert "argument --from: '2025-13-01': write the date like 2025-06-30" in capsys.readouterr().err
    assert main(["--db", str(logged), "export", "touchpoints", str(tmp_path / "t.csv"), "--from", "2025-06-10",
                 "--to", "2025-06-01"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "starts (2025-06-10) after it ends (2025-06-01)" in err
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize("what", ["touchpoints", "feedback"])
def test_export_commands_have_help(what, capsys):
    with pytest.raises(SystemExit) as done:
        main(["export", what, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--from DATE" in out and "--to DATE" in out and "--headers" in out and "--db" in out


def test_demo_logs_contacts_and_feedback_that_export(tmp_path):
    db = tmp_path / "demo.sqlite3"
    made = crmdesk("demo", "--customers", "200", "--seed", "4", "--db", db).stdout
    assert "200 customers" in made and " contacts (" in made and "feedback items" in made
    assert "(contacts and feedback: " in made
    out = tmp_path / "feedback.csv"
    crmdesk("export", "feedback", out, "--db", db)
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 10
    # The demo is built up to today, so what it left lying is overdue now, and only that.
    late = [r for r in rows if r["Overdue"] == "Y"]
    assert late and all(r["Status"] in ("Received", "In progress") for r in late)
    assert any(r["Hours to resolution"] for r in rows)
