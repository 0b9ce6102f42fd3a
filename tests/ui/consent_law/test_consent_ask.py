"""The new card asks for consent (issue 17): the notice the law asks for, collection required for a card with a
phone, the optional purposes unticked, every answer recorded (refusals too); the banner of an unconfirmed card."""

from crmdesk.services import consent
from crmdesk.services import customers as svc
from crmdesk.ui.customers.quick_add import QuickAddDialog


def test_quick_add_shows_the_notice_and_records_each_answer(app, qtbot, store):
    dialog = QuickAddDialog(store)
    qtbot.addWidget(dialog)
    notice = dialog.consent_ask.notice.text()
    for told in ("Purpose", "Items", "Kept", "Right to refuse"):
        assert told in notice
    boxes = dialog.consent_ask.boxes
    assert set(boxes) == set(consent.Purpose)
    assert not any(box.isChecked() for box in boxes.values())  # nothing ticked for the customer
    dialog.name.setText("박하늘")
    dialog.phone.setText("010-5555-6666")
    dialog.save()
    assert dialog.customer_id is None and "agreement" in dialog.error.text()  # no card with a phone unasked
    boxes[consent.Purpose.SMS].setChecked(True)  # ticking a purpose ticks the required agreement too
    assert boxes[consent.Purpose.COLLECTION].isChecked()
    dialog.consent_ask.method_box.setCurrentIndex(dialog.consent_ask.method_box.findData("paper"))
    dialog.save()
    assert dialog.customer_id is not None
    with store.session() as session:
        history = {h.purpose.value: (h.granted, h.method) for h in consent.consent_history(session, dialog.customer_id)}
    assert history == {"collection": (True, "paper"), "sms": (True, "paper"), "kakao": (False, "paper"),
                       "email": (False, "paper"), "phone": (False, "paper"), "personalised": (False, "paper"),
                       "night": (False, "paper")}


def test_a_name_alone_may_refuse_collection(app, qtbot, store):
    dialog = QuickAddDialog(store)
    qtbot.addWidget(dialog)
    dialog.name.setText("이름만")
    dialog.save()
    assert dialog.customer_id is not None
    with store.session() as session:
        history = consent.consent_history(session, dialog.customer_id)
    assert len(history) == 7 and not any(h.granted for h in history)  # every refusal recorded


def test_an_unconfirmed_card_shows_the_banner_until_staff_record_collection(app, qtbot, store):
    from crmdesk.ui.card.consent_panel import ConsentPanel

    with store.session() as session:
        cid = svc.create_customer(session, {"name": "옛손님", "phone": "010-1111-2222"},
                                  consents={"collection": True, "sms": True}).id
        svc.get_customer(session, cid).consent_unconfirmed = True
    panel = ConsentPanel(store)
    qtbot.addWidget(panel)
    panel.show_customer(cid)
    assert panel.banner.isVisibleTo(panel) and panel.unconfirmed
    assert not panel.current[consent.Purpose.SMS].granted  # no marketing until confirmed
    assert panel.confirm_button.isVisibleTo(panel)
    panel.confirm_button.click()  # staff record the customer's answer
    assert not panel.banner.isVisibleTo(panel) and not panel.unconfirmed
    assert panel.current[consent.Purpose.SMS].granted
    with store.session() as session:
        assert consent.consent_history(session, cid)[0].method == "verbal"


def test_the_consent_section_reads_in_korean_and_english(app, qtbot, store):
    import os

    from crmdesk.ui.kit.i18n import install_language

    for lang, words in (("ko", ("목적", "보유 기간", "거부할 권리", "[필수]", "[선택]")),
                        ("en", ("Purpose", "Kept", "Right to refuse", "[Required]", "[Optional]"))):
        install_language(app, lang)
        try:
            dialog = QuickAddDialog(store)
            qtbot.addWidget(dialog)
            shown = dialog.consent_ask.notice.text() + "".join(b.text() for b in dialog.consent_ask.boxes.values())
            for word in words:
                assert word in shown, (lang, word)
            if os.environ.get("CRMDESK_SHOTS"):
                dialog.name.setText("박하늘" if lang == "ko" else "Haneul Park")
                dialog.phone.setText("010-5555-6666")
                dialog.show()
                dialog.grab().save(os.path.join(os.environ["CRMDESK_SHOTS"], f"new-card-consent-{lang}.png"))
        finally:
            install_language(app, "en")


def test_the_privacy_screen_lists_the_unconfirmed_cards(app, qtbot, store):
    from crmdesk.ui.admin.privacy_screen import PrivacyScreen

    with store.session() as session:
        cid = svc.create_customer(session, {"name": "옛손님", "phone": "010-1111-2222"},
                                  consents={"collection": True}).id
        svc.create_customer(session, {"name": "새손님", "phone": "010-3333-4444"}, consents={"collection": True})
        svc.get_customer(session, cid).consent_unconfirmed = True
    screen = PrivacyScreen(store)
    qtbot.addWidget(screen)
    screen.show()
    view = screen.unconfirmed
    assert view.rows.rowCount() == 1 and view.rows.index(0, 0).data() == "옛손님"
    assert view.rows.index(0, 1).data() == "010-****-2222" and "1 cards" in view.summary.text()
