"""Logging a promotional contact without consent for that channel warns before saving (issue 17)."""

from sqlmodel import select

from crmdesk.models import Contact
from crmdesk.services import customers as csvc
from crmdesk.ui.service.log_contact import LogContactDialog


def _dialog(qtbot, store, digits, channel, purpose="promotion"):
    dialog = LogContactDialog(store)
    qtbot.addWidget(dialog)
    dialog.search.setText(digits)
    dialog.channel.setCurrentIndex(dialog.channel.findData(channel))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData(purpose))
    dialog.note.setText("가을 행사 안내")
    return dialog


def _contacts(store):
    with store.session() as session:
        return list(session.exec(select(Contact)).all())


def test_a_promotion_call_without_phone_consent_warns_and_saves_only_when_confirmed(app, qtbot, store, answers):
    with store.session() as session:
        csvc.create_customer(session, {"name": "김민수", "phone": "010-1111-4321"},
                             consents={"collection": True, "sms": True})
    answers["yes"] = False
    dialog = _dialog(qtbot, store, "4321", "phone_out")
    dialog.save()
    title, text = answers["shown"][-1]
    assert "consent" in title and "김민수" in text and "phone calls" in text
    assert _contacts(store) == []  # not saved
    answers["yes"] = True
    dialog.save()
    assert len(_contacts(store)) == 1


def test_a_promotion_message_with_sms_consent_or_an_inquiry_call_asks_nothing(app, qtbot, store, answers):
    with store.session() as session:
        csvc.create_customer(session, {"name": "이서연", "phone": "010-2222-4321"},
                             consents={"collection": True, "sms": True})
    _dialog(qtbot, store, "4321", "message").save()
    _dialog(qtbot, store, "4321", "phone_out", purpose="follow_up").save()
    assert answers["shown"] == [] and len(_contacts(store)) == 2
