"""The campaigns screen: set up a campaign, see who consent left out and why, write the recipient file,
read the results target against control."""

import csv
import json
import re
from datetime import date, datetime

from PySide6.QtCore import Qt

from crmdesk.services import audit, family
from crmdesk.services import customers as csvc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


def set_consent(session, customer_id, granted):
    """The one place these tests give or withdraw marketing consent."""
    csvc.update_customer(session, customer_id, {"marketing_consent": granted})


def test_a_household_campaign_from_setup_to_results(window, tmp_path):
    store = window.store
    with store.session() as session:
        ids = [csvc.create_customer(session, {"name": f"박가족{i}", "phone": f"010-8000-000{i}"}).id for i in range(4)]
        for cid in ids[:3]:
            set_consent(session, cid, True)
        for cid in ids[1:]:
            family.add_to_household(session, cid, "child", with_customer_id=ids[0])
    screen = window.campaigns
    screen.today = lambda: date(2026, 10, 20)
    window.nav.setCurrentRow(window.screen_row("campaigns"))
    assert "No campaign yet" in screen.detail_title.text()
    screen.name.setText("")
    screen.create_campaign()
    assert screen.error.text() == "Give the campaign a name."
    screen.name.setText("가족 초대")
    screen.target_kind.setCurrentIndex(screen.target_kind.findData("household"))
    assert screen.target_value.currentText() == "박가족0네 (4)"
    screen.channel.setCurrentIndex(screen.channel.findData("kakao"))
    screen.offer_code.setText("FAMILY5")
    screen.starts.setDate(date(2026, 10, 1))
    screen.ends.setDate(date(2026, 10, 31))
    screen.control.setValue(0)
    screen.create_campaign()
    assert screen.model.rowCount() == 1
    assert "Selected 4: 3 targeted, 0 held back" in screen.detail.text()
    assert screen.excluded.text() == "Left out 1: 1 without consent for this channel."
    out = tmp_path / "kakao.csv"
    assert screen.write_recipients(out)
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    # each recipient's own code
    assert rows[0] == ["phone", "name", "offer_code"] and len(rows) == 4 and rows[1][2].startswith("FAMILY5-")
    with store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(ids[1], datetime(2026, 10, 5, 12), [LineEntry("안경", 1, 150_000)]))
    screen.reload()
    results = [[screen.results.index(r, c).data() for c in range(6)] for r in range(2)]
    assert results[0] == ["Targeted", "3", "1", "0", "33.3 %", "₩150,000"]  # bought without the coupon
    assert results[1] == ["Control group", "0", "0", "0", "–", "₩0"]
    assert "the other 1 by a purchase" in screen.results.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)


def test_campaign_membership_is_on_the_card_timeline(window):
    store = window.store
    from crmdesk.services import campaigns as camp

    with store.session() as session:
        a = csvc.create_customer(session, {"name": "동의함", "phone": "010-8100-0001"}).id
        b = csvc.create_customer(session, {"name": "동의안함", "phone": "010-8100-0002"}).id
        set_consent(session, a, True)
        family.add_to_household(session, b, "spouse", with_customer_id=a)
        household_id = family.household_id_of(session, a)
    camp.create_campaign(store, camp.CampaignSpec(name="봄 행사", goal="reward", target_kind="household",
                                                  target_value=str(household_id), channel="sms",
                                                  starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 10)))
    for cid, what, details in ((a, "Campaign: targeted", "봄 행사"),
                               (b, "Campaign: left out", "봄 행사 — no consent for the channel")):
        window.customers.select_customer(cid)
        timeline = window.customers.card.timeline.model
        rows = [[timeline.index(r, c).data() for c in range(3)] for r in range(timeline.rowCount())]
        assert [what, details] in [row[1:] for row in rows]


def test_the_call_list_is_a_real_pdf_with_the_targeted_customers(window, tmp_path):
    from pypdf import PdfReader

    from crmdesk.services import campaigns as camp

    store = window.store
    with store.session() as session:
        a = csvc.create_customer(session, {"name": "전화할고객", "phone": "010-8200-0001"}).id
        b = csvc.create_customer(session, {"name": "동의없음", "phone": "010-8200-0002"}).id
        set_consent(session, a, True)
        family.add_to_household(session, b, "sibling", with_customer_id=a)
        household_id = family.household_id_of(session, a)
    camp.create_campaign(store, camp.CampaignSpec(name="VIP 안부 전화", goal="reward", target_kind="household",
                                                  target_value=str(household_id), channel="call",
                                                  starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 10)))
    screen = window.campaigns
    window.nav.setCurrentRow(window.screen_row("campaigns"))
    out = tmp_path / "calls.pdf"
    assert screen.print_call_list(out)
    raw = " ".join(page.extract_text() for page in PdfReader(out).pages)
    assert "\x01" not in raw  # the report font keeps real spaces, so the PDF's text can be searched and copied
    text = re.sub(r"\s+", " ", raw)
    assert "VIP 안부 전화" in text and "전화할고객" in text and "010-8200-0001" in text
    assert "Page 1 of 1" in text and "2026-03-01 ~ 2026-03-10" in text  # the reports' page footer and header
    assert "동의없음" not in text
    with store.session() as session:  # asked for its reason (the tests answer "test"), kept in the audit log
        entry = audit.list_entries(session, audit.AuditQuery(action="export"))[0]
    assert json.loads(entry.details)["reason"] == "test"


def test_a_points_offer_is_given_with_one_click_once(window):
    from crmdesk.services import campaigns as camp
    from crmdesk.services import loyalty

    store = window.store
    with store.session() as session:
        a = csvc.create_customer(session, {"name": "포인트받음", "phone": "010-8300-0001"}).id
        set_consent(session, a, True)
        family.add_to_household(session, a, "parent")
        household_id = family.household_id_of(session, a)
    camp.create_campaign(store, camp.CampaignSpec(name="적립 이벤트", goal="reward", target_kind="household",
                                                  target_value=str(household_id), channel="sms",
                                                  starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 10),
                                                  offer_kind="points", offer_value="3000"))
    screen = window.campaigns
    window.nav.setCurrentRow(window.screen_row("campaigns"))
    assert screen.credit_button.text() == "Give 3,000 P to the 1 targeted"
    assert screen.credit_points()
    assert screen.credit_button.text() == "Points given" and not screen.credit_button.isEnabled()
    with store.session() as session:
        assert loyalty.balance(session, a) == 3000


def test_the_target_choices_follow_the_kind(window):
    screen = window.campaigns
    window.nav.setCurrentRow(window.screen_row("campaigns"))
    screen.target_kind.setCurrentIndex(screen.target_kind.findData("lifecycle"))
    assert [screen.target_value.itemText(i) for i in range(screen.target_value.count())] == [
        "Newcomer", "Steady", "Regular", "Overdue", "Gone quiet", "Gone"]
    screen.target_kind.setCurrentIndex(screen.target_kind.findData("tier"))
    assert screen.target_value.itemText(0) == "일반"
    screen.target_kind.setCurrentIndex(screen.target_kind.findData("category"))
    assert screen.target_text.isVisibleTo(screen) and not screen.target_value.isVisibleTo(screen)


def campaign_of_two(store, **kw):
    from crmdesk.services import campaigns as camp

    with store.session() as session:
        a = csvc.create_customer(session, {"name": "계속받음", "phone": "010-8400-0001"}).id
        b = csvc.create_customer(session, {"name": "철회함", "phone": "010-8400-0002"}).id
        set_consent(session, a, True)
        set_consent(session, b, True)
        family.add_to_household(session, b, "sibling", with_customer_id=a)
        household_id = family.household_id_of(session, a)
    spec = dict(name="금요일 문자", goal="reward", target_kind="household", target_value=str(household_id),
                channel="sms", starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 10))
    camp.create_campaign(store, camp.CampaignSpec(**{**spec, **kw}))
    return a, b


def test_consent_withdrawn_since_set_up_is_left_out_and_said_on_screen(window, answers, tmp_path):
    store = window.store
    _a, b = campaign_of_two(store)
    with store.session() as session:
        set_consent(session, b, False)  # Wednesday: "stop sending me ads"
    screen = window.campaigns
    window.nav.setCurrentRow(window.screen_row("campaigns"))
    out = tmp_path / "friday.csv"
    assert screen.write_recipients(out)
    with out.open(encoding="utf-8-sig") as fh:
        assert [r[1] for r in csv.reader(fh)] == ["name", "계속받음"]
    assert screen.dropped.isVisibleTo(screen)
    assert screen.dropped.text() == "Checked again just now: 1 more left out (1 withdrew consent since)."
    assert answers["shown"][-1] == ("Recipient file", f"Wrote 1 recipients to {out}. "
                                                      "Checked again just now: 1 more left out "
                                                      "(1 withdrew consent since).")


def test_a_recipient_file_open_in_excel_is_said_in_korean(app, qtbot, store, answers, inline_jobs, tmp_path):
    from crmdesk.ui.campaigns.campaigns_screen import CampaignsScreen
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, "ko")
    campaign_of_two(store)
    screen = CampaignsScreen(store)
    qtbot.addWidget(screen)
    screen.show()
    busy = tmp_path / "busy.csv"
    busy.mkdir()  # stands for the file Excel holds open (PermissionError on Windows)
    assert not screen.write_recipients(busy)
    title, text = answers["shown"][-1]
    assert title == "수신자 파일" and "busy.csv" in text and "Excel" in text and "Cannot" not in text


def test_campaign_results_are_counted_off_the_gui_thread(app, qtbot, store, answers):
    from crmdesk.ui.campaigns.campaigns_screen import CampaignsScreen

    campaign_of_two(store)
    screen = CampaignsScreen(store)
    qtbot.addWidget(screen)
    screen.reload()
    assert screen.model.rowCount() == 0  # not yet: a worker counts them
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1, timeout=5000)
    assert "Selected 2: 2 targeted" in screen.detail.text()
