"""Contact and feedback exports: what the owner sees when the file opens in Excel."""

import csv
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from crmdesk.errors import CrmError
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import feedback as feedback_svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.exporting import FEEDBACK_COLUMNS, TOUCHPOINT_COLUMNS, export_feedback, export_touchpoints

TODAY = date(2025, 6, 20)
NOW = datetime(2025, 6, 20, 9, 0)


@pytest.fixture
def shop(store):
    """Three contacts (one follow-up done by a colleague, one overdue) and three feedback items."""
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        ha = staff_svc.create_staff(session, "김하늘").id
        jun = staff_svc.create_staff(session, "이준호").id
        asked = contacts_svc.log_contact(session, {
            "customer_id": kim, "staff_id": ha, "channel": "phone_in", "purpose": "inquiry",
            "note": "원두 재고 문의 (예가체프)", "follow_up_on": date(2025, 6, 4),
            "occurred_at": datetime(2025, 6, 2, 10, 0)}, at=datetime(2025, 6, 2, 10, 0))
        contacts_svc.complete_follow_up(session, asked.id, staff_id=jun, note="입고 안내", outcome="주말 방문 예정",
                                        at=datetime(2025, 6, 4, 15, 0))
        contacts_svc.log_contact(session, {
            "customer_id": kim, "staff_id": ha, "channel": "visit", "purpose": "after_sales",
            "note": "=텀블러 교환 요청", "follow_up_on": date(2025, 6, 12)}, at=datetime(2025, 6, 10, 18, 30))
        complaint = feedback_svc.create_feedback(session, {
            "customer_id": kim, "kind": "complaint", "channel": "visit", "category": "대기시간", "severity": "high",
            "description": "점심시간 음료 대기 20분", "assigned_staff_id": jun,
            "received_at": datetime(2025, 6, 1, 9, 0)}, staff_id=ha, at=datetime(2025, 6, 1, 9, 0))
        feedback_svc.change_status(session, complaint.id, "in_progress", staff_id=jun,
                                   at=datetime(2025, 6, 1, 12, 30))
        feedback_svc.change_status(session, complaint.id, "resolved", staff_id=jun, resolution_note="사과와 쿠폰 발급",
                                   recovery_action="coupon", at=datetime(2025, 6, 3, 9, 0))
        feedback_svc.create_feedback(session, {"kind": "compliment", "channel": "online", "category": "맛/품질",
                                               "severity": "low", "description": "소금빵이 최고예요"},
                                     staff_id=ha, at=datetime(2025, 6, 15, 10, 0))
        feedback_svc.create_feedback(session, {"customer_id": kim, "kind": "inquiry", "channel": "phone_in",
                                               "description": "명절 영업 여부"},
                                     staff_id=ha, at=datetime(2025, 6, 19, 20, 0))
    return store


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Hangul right
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_xlsx(path):
    book = load_workbook(path)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]], rows[0]


def test_contacts_csv_names_customer_staff_and_follow_up(shop, tmp_path):
    out = tmp_path / "contacts.csv"
    assert export_touchpoints(shop, out, headers="en", today=TODAY) == 3
    rows = read_csv(out)
    assert list(rows[0]) == [en for _, en, _ in TOUCHPOINT_COLUMNS]
    asked, done, visit = rows  # oldest first
    assert (asked["Customer"], asked["Phone"], asked["Channel"], asked["Purpose"], asked["Staff"]) == (
        "김민수", "010-1234-5678", "Phone (in)", "Inquiry", "김하늘")
    assert asked["Note"] == "원두 재고 문의 (예가체프)"
    assert (asked["Follow-up due"], asked["Follow-up"], asked["Follow-up done"], asked["Follow-up by"]) == (
        "2025-06-04", "Done", "2025-06-04 15:00:00", "이준호")
    assert (done["Purpose"], done["Channel"], done["Staff"], done["Outcome"]) == (
        "Follow-up", "Phone (out)", "이준호", "주말 방문 예정")
    assert (visit["Follow-up"], visit["Follow-up done"]) == ("Overdue", "")
    assert visit["Note"] == "'=텀블러 교환 요청"  # a formula typed into a note stays text in Excel


def test_contacts_xlsx_in_korean_for_a_period(shop, tmp_path):
    out = tmp_path / "접점.xlsx"
    count = export_touchpoints(shop, out, start=date(2025, 6, 4), end=date(2025, 6, 10), headers="ko", today=TODAY)
    rows, header = read_xlsx(out)
    assert count == len(rows) == 2  # the follow-up call on the 4th and the visit on the evening of the 10th
    assert list(header) == [ko for _, _, ko in TOUCHPOINT_COLUMNS]
    assert [(r["채널"], r["목적"], r["직원"]) for r in rows] == [("전화 발신", "후속 연락", "이준호"),
                                                            ("매장 방문", "A/S", "김하늘")]
    assert rows[1]["후속 조치"] == "기한 지남"
    # The same overdue follow-up is still just "due" the day it falls due.
    export_touchpoints(shop, out, headers="ko", today=date(2025, 6, 12))
    assert read_xlsx(out)[0][-1]["후속 조치"] == "예정"


def test_feedback_csv_derives_hours_from_the_stamps_and_flags_overdue(shop, tmp_path):
    out = tmp_path / "feedback.csv"
    assert export_feedback(shop, out, headers="en", at=NOW) == 3
    complaint, compliment, inquiry = read_csv(out)
    assert list(complaint) == [en for _, en, _ in FEEDBACK_COLUMNS]
    assert (complaint["Kind"], complaint["Status"], complaint["Category"], complaint["Severity"]) == (
        "Complaint", "Resolved", "대기시간", "High")
    assert (complaint["Customer"], complaint["Phone"]) == ("김민수", "010-1234-5678")
    assert (complaint["Received by"], complaint["Assigned to"]) == ("김하늘", "이준호")
    assert (complaint["First response"], complaint["Hours to first response"]) == ("2025-06-01 12:30:00", "3.5")
    assert (complaint["Resolved"], complaint["Hours to resolution"]) == ("2025-06-03 09:00:00", "48.0")
    assert (complaint["Overdue"], complaint["Recovery"], complaint["Resolution"]) == ("N", "Coupon", "사과와 쿠폰 발급")
    # Nobody has answered the compliment in five days, but praise is thanked, not chased: never overdue.
    assert (compliment["Customer"], compliment["Phone"], compliment["Overdue"]) == ("(anonymous)", "", "N")
    assert compliment["Hours to first response"] == "" and compliment["Description"] == "소금빵이 최고예요"
    assert (inquiry["Status"], inquiry["Overdue"]) == ("Received", "N")  # 13 hours old
    # The same inquiry is late once a day has gone by without an answer.
    export_feedback(shop, out, at=NOW + timedelta(days=1))
    assert read_csv(out)[-1]["Overdue"] == "Y"


def test_feedback_xlsx_in_korean_for_a_period(shop, tmp_path):
    out = tmp_path / "고객의소리.xlsx"
    assert export_feedback(shop, out, start=date(2025, 6, 15), headers="ko", at=NOW) == 2
    rows, header = read_xlsx(out)
    assert header[13] == "첫 응대까지(시간)" and header[17] == "기한 초과"
    assert [(r["유형"], r["고객"], r["상태"]) for r in rows] == [("칭찬", "(익명)", "접수"), ("문의", "김민수", "접수")]
    assert export_feedback(shop, out, end=date(2025, 6, 1), headers="ko", at=NOW) == 1
    [only], _ = read_xlsx(out)
    assert only["첫 응대까지(시간)"] == 3.5 and only["해결까지(시간)"] == 48.0 and only["회복 조치"] == "쿠폰"


@pytest.mark.parametrize("export", [export_touchpoints, export_feedback])
def test_a_wrong_file_type_or_period_is_refused_and_writes_nothing(shop, tmp_path, export):
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(CrmError, match="choose a file ending in .csv or .xlsx"):
        export(shop, folder / "out.pdf")
    with pytest.raises(CrmError, match=r"starts \(2025-06-10\) after it ends \(2025-06-01\)"):
        export(shop, folder / "out.csv", start=date(2025, 6, 10), end=date(2025, 6, 1))
    with pytest.raises(CrmError, match="does not exist"):
        export(shop, tmp_path / "missing" / "out.csv")
    assert list(folder.iterdir()) == []
