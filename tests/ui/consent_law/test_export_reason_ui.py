"""With sign-in on, the window asks for the reason of an export of personal data and keeps it in the audit log;
without one nothing is written (issue 17)."""

import json

import pytest

from crmdesk.services import audit, auth, staff
from crmdesk.services import customers as svc
from crmdesk.ui.kit import dialogs


@pytest.fixture
def signed_in(store, monkeypatch):
    monkeypatch.setattr(auth, "SCRYPT_N", 2**10)
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", role="owner").id
        auth.set_password(session, owner, "owner-pass")
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"},
                                  consents={"collection": True}).id
    store.actor = auth.sign_in(store, owner, "owner-pass")
    return cid


@pytest.mark.parametrize("reason", ["본인 열람 요청", ""])
def test_a_customers_data_export_asks_why_and_keeps_the_reason(app, qtbot, store, answers, signed_in, tmp_path,
                                                               monkeypatch, reason):
    from crmdesk.ui.card.consent_panel import ConsentPanel

    target = tmp_path / "one.json"
    monkeypatch.setattr(dialogs, "_save_file_impl", lambda *_a: str(target))
    monkeypatch.setattr(dialogs, "_ask_text_impl", lambda *_a: reason)
    panel = ConsentPanel(store)
    qtbot.addWidget(panel)
    panel.show_customer(signed_in)
    panel.export_data()
    assert target.exists() == bool(reason)
    if reason:
        with store.session() as session:
            entry = audit.list_entries(session, audit.AuditQuery(action="export"))[0]
        assert json.loads(entry.details)["reason"] == reason
    else:
        assert "give a reason" in answers["shown"][-1][1]
