"""The Campaigns screen's message (issue 17): the preview for three real recipients with the EUC-KR byte count
and SMS / LMS, the file with (광고), the shop's name and the opt-out line, the refusal without an opt-out number."""

import csv
import os
from datetime import date, datetime

import pytest

from crmdesk.services import campaigns as camp
from crmdesk.services import customers as csvc
from crmdesk.services import family, shop

SHOTS = os.environ.get("CRMDESK_SHOTS")  # a folder: the screenshots for docs/ are saved there


def _campaign(store, opt_out="080-123-4567"):
    with store.session() as session:
        shop.set_shop_details(session, name="카페 다온", opt_out=opt_out)
        ids = [csvc.create_customer(session, {"name": name, "phone": f"010-8500-000{i}"},
                                    consents={"collection": True, "sms": True, "night": i == 0}).id
               for i, name in enumerate(("김민수", "이서연", "박지훈", "최유리"))]
        for cid in ids[1:]:
            family.add_to_household(session, cid, "sibling", with_customer_id=ids[0])
        household = family.household_id_of(session, ids[0])
    camp.create_campaign(store, camp.CampaignSpec(
        name="가을 신메뉴", goal="reward", target_kind="household", target_value=str(household), channel="sms",
        starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 14)))


@pytest.fixture
def screen(app, qtbot, store, answers, inline_jobs):
    from crmdesk.ui.campaigns.campaigns_screen import CampaignsScreen

    def make():
        s = CampaignsScreen(store)
        qtbot.addWidget(s)
        s.resize(1100, 1000)
        s.show()
        return s
    return make


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_preview_shows_three_recipients_with_bytes_and_the_verdict(app, store, screen, lang, tmp_path):
    from PySide6.QtCore import QDateTime

    from crmdesk.ui.kit.i18n import install_language

    install_language(app, lang)
    try:
        _campaign(store)
        s = screen()
        box = s.message_box
        box.text.setPlainText("#{이름}님, 가을 신메뉴 10% 할인!")
        box.send_at.setDateTime(QDateTime(datetime(2026, 10, 2, 11, 0)))
        box.show_preview()
        text = box.preview.text()
        assert text.count("(광고)카페 다온") == 3 and text.count("무료수신거부 080-123-4567") == 3
        assert ("바이트" if lang == "ko" else "bytes") in text and "SMS" in text
        if SHOTS:
            s.grab().save(os.path.join(SHOTS, f"message-preview-{lang}.png"))
        out = tmp_path / "msg.csv"
        assert s.write_recipients(out)
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0][:3] == ["message", "phone", "name"] and len(rows) == 5
        assert all(r[0].count("(광고)") == 1 and r[0].endswith("무료수신거부 080-123-4567") for r in rows[1:])
        box.send_at.setDateTime(QDateTime(datetime(2026, 10, 2, 22, 0)))
        box.show_preview()
        assert box.preview.text().count("(광고)") == 1  # at night only the customer with the night consent
    finally:
        install_language(app, "en")


def test_without_an_opt_out_number_the_preview_says_so_and_no_file_is_written(app, store, screen, answers, tmp_path):
    _campaign(store, opt_out="")
    s = screen()
    s.message_box.text.setPlainText("가을 할인")
    s.message_box.show_preview()
    assert "opt-out" in s.message_box.preview.text()
    out = tmp_path / "msg.csv"
    assert not s.write_recipients(out)
    assert not out.exists() and "opt-out" in answers["shown"][-1][1]
