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


def _export_reasons(store) -> list[str]:
    with store.session() as session:
        entries = audit.list_entries(session, audit.AuditQuery(action="export"))
    return [json.loads(e.details).get("reason", "") for e in entries]


@pytest.mark.parametrize(("answer", "written", "kept"), [("세무사 요청", True, ["세무사 요청"]), ("", True, [""]),
                                                         (None, False, [])])
def test_without_sign_in_the_window_still_asks_and_an_empty_answer_is_allowed(app, qtbot, store, answers, tmp_path,
                                                                               monkeypatch, answer, written, kept):
    from crmdesk.ui.card.consent_panel import ConsentPanel

    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"},
                                  consents={"collection": True}).id
    target = tmp_path / "one.json"
    asked = []
    monkeypatch.setattr(dialogs, "_save_file_impl", lambda *_a: str(target))
    monkeypatch.setattr(dialogs, "_ask_text_impl", lambda _p, title, label: asked.append(label) or answer)
    panel = ConsentPanel(store)
    qtbot.addWidget(panel)
    panel.show_customer(cid)
    panel.export_data()
    assert len(asked) == 1 and "may stay empty while sign-in is off" in asked[0]
    assert target.exists() == written  # Cancel cancels the export
    assert _export_reasons(store) == kept


@pytest.mark.parametrize("answer", ["월간 점검", None])
def test_a_report_pdf_with_customers_asks_why_and_cancel_saves_nothing(window, qtbot, monkeypatch, tmp_path, answer):
    monkeypatch.setattr(dialogs, "_save_file_impl", lambda _p, _t, suggested, _f: str(tmp_path / suggested))
    monkeypatch.setattr(dialogs, "_ask_text_impl", lambda *_a: answer)
    window.nav.setCurrentRow(window.screens.index(window.reports))
    panel = window.reports.panel
    panel.list_limit.setValue(5)
    panel.pdf_button.click()
    assert bool(list(tmp_path.glob("*.pdf"))) == (answer is not None)
    assert _export_reasons(window.store) == ([answer] if answer else [])
