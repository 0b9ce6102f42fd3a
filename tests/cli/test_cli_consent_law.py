"""Issue 17 on the command line, as a shop owner runs it: the shop's details, advertising messages with their
preview, the lists of unconfirmed and due consent, an import's stated consent, the reason for an export."""

import csv
import json
from datetime import timedelta

import pytest

from crmdesk.app import main
from crmdesk.models.base import now
from crmdesk.services import audit, consent
from crmdesk.services import customers as svc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry
from crmdesk.store import open_store


@pytest.fixture
def shop(store, db_target):
    """Five customers in one RFM segment who agreed to SMS (the first also at night), one card unconfirmed."""
    with store.session() as session:
        for i in range(5):
            answers = {"collection": True, "sms": True, "night": i == 0}
            c = svc.create_customer(session, {"name": f"손님{i}", "phone": f"010-4000-{i:04d}"}, consents=answers)
            psvc.create_purchase(session, PurchaseEntry(c.id, now() - timedelta(days=200),
                                                        [LineEntry("커피", 1, 5000)]))
        svc.get_customer(session, 5).consent_unconfirmed = True
    store.close()
    return db_target


def _segment(db_target):
    from crmdesk.analytics.rfm import rfm_table

    store = open_store(db_target)
    try:
        return rfm_table(store)["segment"].astype(str).iloc[0]
    finally:
        store.close()


def run(db_target, capsys, *argv):
    code = main(["--db", str(db_target), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_settings_show_and_set_the_shop_details(shop, capsys):
    code, out, _ = run(shop, capsys, "settings", "--lang", "en")
    assert code == 0 and "Free opt-out number: (not set)" in out
    code, out, _ = run(shop, capsys, "settings", "--shop-name", "카페 다온", "--shop-phone", "02-123-4567",
                       "--opt-out", "0801234567", "--lang", "ko")
    assert code == 0 and "상호: 카페 다온" in out and "무료수신거부 번호: 080-123-4567" in out
    code, _, err = run(shop, capsys, "settings", "--opt-out", "010-1234-5678")
    assert code == 1 and "080" in err and "Traceback" not in err


def test_an_advertising_file_is_refused_without_an_opt_out_number_and_nothing_is_written(shop, capsys, tmp_path):
    out_file = tmp_path / "msg.csv"
    run(shop, capsys, "settings", "--shop-name", "카페 다온")
    code, _, err = run(shop, capsys, "campaign", "export", "--segment", _segment(shop), "--channel", "sms",
                       out_file, "--message", "가을 할인", "--send-at", "2026-10-01 12:00")
    assert code == 1 and "opt-out" in err and not out_file.exists()


def test_campaign_message_file_preview_and_the_night_rule(shop, capsys, tmp_path):
    out_file = tmp_path / "msg.csv"
    run(shop, capsys, "settings", "--shop-name", "카페 다온", "--opt-out", "080-123-4567")
    code, out, err = run(shop, capsys, "--lang", "en", "campaign", "export", "--segment", _segment(shop),
                         "--channel", "sms", out_file, "--message", "#{이름}님 가을 신메뉴 10% 할인",
                         "--send-at", "2026-10-01 12:00", "--reason", "가을 행사")
    assert code == 0, err
    with out_file.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["message", "phone", "name", "이름"]
    assert len(rows) == 5  # the four confirmed customers; the unconfirmed card gets nothing
    for message, phone, name, _var in rows[1:]:
        assert message == f"(광고)카페 다온\n{name}님 가을 신메뉴 10% 할인\n무료수신거부 080-123-4567"
        assert phone.isdigit()
    assert out.count("Preview (SMS,") == 3 and "(광고)카페 다온" in out
    code, out, err = run(shop, capsys, "--lang", "en", "campaign", "export", "--segment", _segment(shop),
                         "--channel", "sms", tmp_path / "night.csv", "--message", "야간 할인",
                         "--send-at", "2026-10-01 22:30")
    assert code == 0, err
    assert "no night-time consent" in out and ": 3" in out
    with (tmp_path / "night.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert [r[2] for r in csv.reader(fh)][1:] == ["손님0"]
    with pytest.raises(SystemExit) as stopped:
        run(shop, capsys, "campaign", "export", "--segment", "x", "--channel", "sms", out_file,
            "--message", "a", "--send-at", "10월 1일")
    assert stopped.value.code == 2 and "YYYY-MM-DD HH:MM" in capsys.readouterr().err


def test_unconfirmed_and_due_lists_and_the_notice(shop, capsys, tmp_path):
    code, out, _ = run(shop, capsys, "--lang", "en", "consent", "--unconfirmed")
    assert code == 0 and "손님4" in out and "010-****-0004" in out and "1 cards" in out
    store = open_store(shop)
    with store.session() as session:
        old = svc.create_customer(session, {"name": "오래된손님", "phone": "010-4000-0009"},
                                  consents={"collection": True}).id
        consent.record_consent(session, old, "sms", True, method="paper", at=now() - timedelta(days=800))
    store.close()
    notice = tmp_path / "notice.csv"
    code, out, err = run(shop, capsys, "--lang", "ko", "consent", "--due", "--notice-file", notice)
    assert code == 0, err
    assert "오래된손님" in out and "손님1" not in out
    with notice.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["message", "phone", "name"] and rows[1][1:] == ["01040000009", "오래된손님"]
    assert "문자 광고 수신에 동의" in rows[1][0] and "철회" in rows[1][0] and "(광고)" not in rows[1][0]
    code, out, _ = run(shop, capsys, "--lang", "en", "consent", "--due", "--notice-sent")
    assert code == 0 and "1 customers" in out
    code, out, _ = run(shop, capsys, "--lang", "en", "consent", "--due")
    assert "0 customers" in out


def test_a_card_made_without_the_collection_answer_is_listed_as_unconfirmed(shop, capsys):
    store = open_store(shop)
    with store.session() as session:
        svc.create_customer(session, {"name": "물어보지않음", "phone": "010-4000-0077"})
        svc.create_customer(session, {"name": "이름만있음"})
    store.close()
    code, out, _ = run(shop, capsys, "--lang", "en", "consent", "--unconfirmed")
    assert code == 0 and "물어보지않음" in out and "010-****-0077" in out and "2 cards" in out
    assert "이름만있음" not in out


def test_import_records_consent_only_from_a_stated_source(shop, capsys, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("name,phone\n최수정,010-2222-3333\n", encoding="utf-8")
    code, _, err = run(shop, capsys, "import", "customers", people, "--consent-source", "종이 가입서")
    assert code == 1 and "--consent-date" in err
    code, _, err = run(shop, capsys, "import", "customers", people, "--consent-source", "종이 가입서",
                       "--consent-date", "2025-03-02")
    assert code == 0, err
    store = open_store(shop)
    with store.session() as session:
        history = consent.consent_history(session, 6)
    store.close()
    assert [(h.purpose.value, h.method, f"{h.at:%Y-%m-%d}") for h in history] == [
        ("collection", "import", "2025-03-02")]


def test_the_reason_for_an_export_is_kept_in_the_audit_log(shop, capsys, tmp_path):
    code, _, err = run(shop, capsys, "export", "customers", tmp_path / "all.csv", "--reason", "세무 신고 자료")
    assert code == 0, err
    store = open_store(shop)
    with store.session() as session:
        entry = audit.list_entries(session, audit.AuditQuery(action="export"))[0]
    store.close()
    assert json.loads(entry.details)["reason"] == "세무 신고 자료"


KO_WORDS = ("개인정보수집·이용", "[필수]", "무료수신거부", "서명", "카페다온")


EN_WORDS = ("[Required]", "Rightto", "Signature", "카페다온")


@pytest.mark.parametrize(("lang", "words"), [("ko", KO_WORDS), ("en", EN_WORDS)])
def test_the_consent_form_is_an_a4_pdf_with_the_shop_the_purposes_and_a_signature_line(shop, capsys, tmp_path,
                                                                                      lang, words):
    from pypdf import PdfReader

    run(shop, capsys, "settings", "--shop-name", "카페 다온", "--opt-out", "080-123-4567")
    pdf = tmp_path / "form.pdf"
    code, _, err = run(shop, capsys, "--lang", lang, "report", "consent-form", "--pdf", pdf, "--customer", 1)
    assert code == 0, err
    reader = PdfReader(str(pdf))
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210  # A4
    text = "".join(page.extract_text().split())
    for word in words:
        assert word in text, word
    assert "손님0" in text and "010-4000-0000" in text


def test_an_email_campaign_on_the_command_line_writes_email_addresses(store, db_target, capsys, tmp_path):
    with store.session() as session:
        for i, (email, agreed) in enumerate((("a@example.com", True), (None, True), ("c@example.com", False))):
            c = svc.create_customer(session, {"name": f"메일{i}", "phone": f"010-4100-{i:04d}", "email": email},
                                    consents={"collection": True, "email": agreed, "sms": True})
            psvc.create_purchase(session, PurchaseEntry(c.id, now() - timedelta(days=200),
                                                        [LineEntry("커피", 1, 5000)]))
    store.close()
    run(db_target, capsys, "settings", "--shop-name", "카페 다온", "--opt-out", "080-123-4567")
    for extra, name in (((), "plain.csv"), (("--message", "#{이름}님 가을 할인"), "message.csv")):
        code, out, err = run(db_target, capsys, "--lang", "en", "campaign", "export", "--segment",
                             _segment(db_target), "--channel", "email", tmp_path / name, *extra)
        assert code == 0, err
        with (tmp_path / name).open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert "email" in rows[0] and "phone" not in rows[0]
        assert [r[rows[0].index("email")] for r in rows[1:]] == ["a@example.com"]
    assert "Preview (e-mail to a@example.com)" in out and "bytes" not in out


def test_import_maps_consent_columns_and_names_a_bad_answer_by_row(shop, capsys, tmp_path):
    people = tmp_path / "members.csv"
    people.write_text("이름,전화,SMS,날짜\n최수정,010-2222-3333,예,2024-05-01\n한지우,010-4444-5555,글쎄,2024-05-01\n",
                      encoding="utf-8")
    code, out, err = run(shop, capsys, "--lang", "en", "import", "customers", people, "--map", "SMS=consent_sms",
                         "--map", "날짜=consent_date")
    assert code == 0, err
    assert "row 3" in out and "글쎄" in out and "Traceback" not in out + err
    store = open_store(shop)
    with store.session() as session:
        history = consent.consent_history(session, 6)
        assert consent.unconfirmed_ids(session) == {5}  # the shop's unconfirmed card only: 최수정 answered
    store.close()
    assert sorted((h.purpose.value, h.granted, h.method, f"{h.at:%Y-%m-%d}") for h in history) == [
        ("collection", True, "import", "2024-05-01"), ("sms", True, "import", "2024-05-01")]
