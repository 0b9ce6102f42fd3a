"""Every file of personal data the command line writes says why once sign-in is on (issue 17): the report PDFs
(segments, calls, card) and the analyses' tables per customer (--out), like `export`; the reason is kept in the
audit entry of the export. A table of the shop's figures needs none, and nothing is written without a reason."""

import json

import pytest

from crmdesk.app import main
from crmdesk.cli.common import PASSWORD_ENV
from crmdesk.models.base import now
from crmdesk.services import audit, auth, staff
from crmdesk.services import customers as svc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry
from crmdesk.store import open_store


@pytest.fixture
def signed_in_shop(store, db_target, monkeypatch):
    """Three customers with a purchase each; the owner has a password (sign-in on)."""
    from datetime import timedelta

    monkeypatch.setattr(auth, "SCRYPT_N", 2**10)
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", role="owner").id
        auth.set_password(session, owner, "owner-pass")
        for i in range(3):
            c = svc.create_customer(session, {"name": f"손님{i}", "phone": f"010-4200-{i:04d}"},
                                    consents={"collection": True, "phone": True})
            psvc.create_purchase(session, PurchaseEntry(c.id, now() - timedelta(days=30 * (i + 1)),
                                                        [LineEntry("커피", 1, 5000 * (i + 1))]))
    store.close()
    monkeypatch.setenv(PASSWORD_ENV, "owner-pass")
    return db_target


def run(db_target, capsys, *argv):
    code = main(["--db", str(db_target), "--lang", "en", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def _reasons(db_target) -> list[str]:
    store = open_store(db_target)
    try:
        with store.session() as session:
            entries = audit.list_entries(session, audit.AuditQuery(action="export"))
    finally:
        store.close()
    return [json.loads(e.details).get("reason", "") for e in entries]


def _segment(db_target) -> str:
    from crmdesk.analytics.rfm import rfm_table

    store = open_store(db_target)
    try:
        return rfm_table(store)["segment"].astype(str).iloc[0]
    finally:
        store.close()


@pytest.mark.parametrize("command", [
    ["report", "card", "--customer", "1", "--full-phones"],
    ["report", "segments", "--list-limit", "5"],
    ["rfm"], ["pareto"], ["clv"], ["churn"], ["churn", "--list", "at-risk"], ["staff"],
])
def test_a_file_of_personal_data_needs_a_reason_and_keeps_it(signed_in_shop, capsys, tmp_path, command):
    target = tmp_path / ("out.pdf" if command[0] == "report" else "out.csv")
    written = [*command, "--pdf" if command[0] == "report" else "--out", target]
    code, _, err = run(signed_in_shop, capsys, *written)
    assert code == 1 and "--reason" in err and "Traceback" not in err
    assert not target.exists() and _reasons(signed_in_shop) == []
    code, _, err = run(signed_in_shop, capsys, *written, "--reason", "세무사 요청 자료")
    assert code == 0, err
    assert target.exists() and _reasons(signed_in_shop) == ["세무사 요청 자료"]


def test_a_report_of_calls_keeps_its_reason(signed_in_shop, capsys, tmp_path):
    pdf = tmp_path / "calls.pdf"
    argv = ["report", "calls", "--segment", _segment(signed_in_shop), "--pdf", pdf]
    assert run(signed_in_shop, capsys, *argv)[0] == 1 and not pdf.exists()
    code, _, err = run(signed_in_shop, capsys, *argv, "--reason", "전화 안내")
    assert code == 0, err
    assert _reasons(signed_in_shop) == ["전화 안내"]


def test_the_shops_figures_and_the_screen_need_no_reason(signed_in_shop, capsys, tmp_path):
    assert run(signed_in_shop, capsys, "churn", "--stages", "--out", tmp_path / "stages.csv")[0] == 0
    assert run(signed_in_shop, capsys, "rfm")[0] == 0  # printed, not written
    assert run(signed_in_shop, capsys, "report", "segments", "--list-limit", "0", "--pdf", tmp_path / "s.pdf")[0] == 0
    assert run(signed_in_shop, capsys, "cohorts", "--out", tmp_path / "cohorts.csv")[0] == 0
