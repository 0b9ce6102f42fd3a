"""`crmdesk moments`, `crmdesk export ratings` and `crmdesk staff` as a shop owner runs them."""

from datetime import datetime

from crmdesk.app import main
from crmdesk.services import moments as moments_svc
from crmdesk.services import staff as staff_svc

T0 = datetime(2026, 10, 5, 11, 0)


def _rated(store):
    with store.session() as session:
        ids = {m.name_en: m.id for m in moments_svc.list_moments(session)}
        ha = staff_svc.create_staff(session, "김하늘").id
        for wait in (2, 3, 2):
            moments_svc.record_ratings(session, {ids["Ordering"]: 5, ids["Waiting time"]: wait,
                                                 ids["Cleanliness"]: 4}, staff_id=ha, at=T0)
        moments_svc.record_survey(session, {ids["Ordering"]: 4}, nps_score=10, at=T0)


def test_moments_prints_averages_the_product_and_the_weakest_in_korean(store, db_path, capsys):
    _rated(store)
    assert main(["--db", str(db_path), "moments", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "대기 시간" in out and "2.33" in out and "4.75" in out
    assert "가장 약한 접점: 대기 시간 (2.33)" in out
    assert "전체 만족도" in out and "NPS" in out


def test_moments_english_and_the_period(store, db_path, capsys):
    _rated(store)
    assert main(["--db", str(db_path), "moments", "--lang", "en", "--from", "2026-10-06"]) == 0
    assert "No touchpoint ratings in this period." in capsys.readouterr().out
    assert main(["--db", str(db_path), "moments", "--lang", "en", "--to", "2026-10-05"]) == 0
    out = capsys.readouterr().out
    assert "Weakest touchpoint: Waiting time (2.33)" in out and "would rise from" in out


def test_moments_out_writes_one_row_per_touchpoint(store, db_path, tmp_path, capsys):
    _rated(store)
    out = tmp_path / "m.csv"
    assert main(["--db", str(db_path), "moments", "--lang", "en", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "touchpoint,ratings,average,share_of_best"
    assert "Waiting time,3,2.33,0.4667" in lines and "Payment,0,," in lines


def test_export_ratings_and_staff(store, db_path, tmp_path, capsys):
    _rated(store)
    path = tmp_path / "r.xlsx"
    assert main(["--db", str(db_path), "--lang", "en", "export", "ratings", str(path), "--headers", "en"]) == 0
    assert "Exported 10 touchpoint ratings" in capsys.readouterr().out
    from openpyxl import load_workbook

    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0] == ("When", "Touchpoint", "Score", "Customer", "Staff", "Source", "Note")
    assert rows[-1][3] == "anonymous" and rows[-1][5] == "survey"
    assert main(["--db", str(db_path), "staff", "--lang", "en", "--from", "2026-10-01", "--to", "2026-10-31"]) == 0
    out = capsys.readouterr().out
    assert "김하늘" in out and "3.78" in out  # 34 points over the nine ratings she recorded


def test_a_reversed_period_is_a_clear_refusal(store, db_path, capsys):
    assert main(["--db", str(db_path), "moments", "--from", "2026-10-06", "--to", "2026-10-01"]) == 1
    assert "--from 2026-10-06 is after --to 2026-10-01." in capsys.readouterr().err
