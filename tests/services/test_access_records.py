"""Access records (issue 17): every export carries its stated reason in the audit log, the month's review lists
them, and the retention erase leaves the audit log's entries in place (redaction only)."""

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from crmdesk.models import AuditEntry
from crmdesk.services import access_log, exporting, privacy
from crmdesk.services import customers as svc


def test_an_export_keeps_its_reason_and_the_month_review_lists_it(store, tmp_path: Path):
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}, consents={"collection": True})
    with access_log.export_reason("  세무사 요청\n자료  "):
        exporting.export_customers(store, tmp_path / "a.csv")
    exporting.export_customers(store, tmp_path / "b.csv")
    with store.session() as session:
        review = access_log.monthly_review(session, date.today())
    assert [(r.reason, Path(r.file).name, r.rows) for r in review] == [("세무사 요청 자료", "a.csv", 1),
                                                                       ("", "b.csv", 1)]
    with store.session() as session:
        assert access_log.monthly_review(session, date.today().replace(day=1) - timedelta(days=1)) == []


def test_retention_erase_removes_no_audit_entry(store):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "옛손님", "phone": "010-9999-0000"},
                                  consents={"collection": True}).id
    with store.session() as session:
        before = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        later = date.today() + timedelta(days=6 * 366)  # six years without a visit
        assert privacy.erase_inactive(session, [cid], years=5, confirm=True, today=later) == [cid]
    with store.session() as session:
        entries = list(session.exec(select(AuditEntry).order_by(AuditEntry.id)).scalars())
    assert len(entries) > before  # the erase is logged; nothing was removed
    assert [json.loads(e.details) for e in entries if e.customer_id == cid][0] == {"redacted": True}
