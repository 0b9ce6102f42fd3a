"""Privacy rights: one customer's data out, erasure that keeps the shop's totals, the retention review."""

import json
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, text
from sqlmodel import select

from crmdesk.access import PermissionDenied
from crmdesk.errors import CrmError
from crmdesk.models import AuditEntry, Contact, Customer, Purchase
from crmdesk.services import audit, auth, consent, contacts, duplicates, privacy, purchases, staff
from crmdesk.services import customers as customers_svc


def buy(session, customer_id, amount, days_ago=1):
    purchases.create_purchase(session, purchases.PurchaseEntry(
        customer_id=customer_id, purchased_at=datetime.now() - timedelta(days=days_ago),
        lines=[purchases.LineEntry(product="카페라떼", quantity=1, unit_price=amount)]))


@pytest.fixture
def regular(store):
    with store.session() as session:
        cid = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678",
                                                      "email": "minsu@example.com", "memo": "우유 알레르기",
                                                      "marketing_consent": True}).id
        other = customers_svc.create_customer(session, {"name": "이서연", "phone": "010-2222-3333"}).id
        buy(session, cid, 5000)
        buy(session, cid, 7000)
        buy(session, other, 3000)
        contacts.log_contact(session, {"customer_id": cid, "note": "010-1234-5678로 예약 확인"})
        customers_svc.update_customer(session, cid, {"address": "서울 마포구 연남동 1-2"})
    return cid, other


def shop_total(store):
    with store.session() as session:
        return session.execute(select(func.sum(Purchase.total)).where(Purchase.voided_at.is_(None))).scalar_one()


def test_export_one_customer_as_a_readable_workbook(store, regular, tmp_path):
    cid, _ = regular
    path = privacy.export_customer(store, cid, tmp_path / "민수.xlsx", language="ko")
    book = load_workbook(path)
    assert book.sheetnames == ["고객 카드", "구매", "접점", "피드백", "동의 이력", "접점 평가", "추천 의향", "포인트",
                               "쿠폰", "가족", "추천 관계"]
    card = {row[0]: row[1] for row in book["고객 카드"].iter_rows(values_only=True)}
    assert (card["name"], card["phone"], card["memo"]) == ("김민수", "010-1234-5678", "우유 알레르기")
    assert book["구매"].max_row == 3  # header + two purchases
    consent_rows = list(book["동의 이력"].iter_rows(values_only=True))
    assert consent_rows[0][:3] == ("when", "purpose", "granted") and len(consent_rows) == 6
    assert "예약 확인" in str(list(book["접점"].iter_rows(values_only=True)))
    data = json.loads(privacy.export_customer(store, cid, tmp_path / "민수.json").read_text(encoding="utf-8"))
    assert data["card"][0]["email"] == "minsu@example.com" and len(data["purchases"]) == 2
    with store.session() as session:
        exports = session.exec(select(AuditEntry).where(AuditEntry.action == "export")).all()
    assert [e.customer_id for e in exports] == [cid, cid]


def test_a_bad_target_is_refused_with_the_reason(store, regular, tmp_path):
    cid, _ = regular
    with pytest.raises(CrmError, match=r"\.xlsx"):
        privacy.export_customer(store, cid, tmp_path / "x.pdf")
    with pytest.raises(CrmError, match="does not exist"):
        privacy.export_customer(store, cid, tmp_path / "no" / "x.xlsx")


def test_erase_removes_personal_data_and_keeps_the_totals(store, regular):
    cid, other = regular
    before_total = shop_total(store)
    with store.session() as session:
        assert session.get(Customer, cid).total_spent == 12000
        with pytest.raises(CrmError, match="confirm"):
            privacy.erase_customer(session, cid, confirm=False)
        assert privacy.erase_customer(session, cid, confirm=True) == [cid]
    with store.session() as session:
        card = session.get(Customer, cid)
        assert card.name == f"(erased #{cid})"
        assert (card.phone, card.email, card.memo, card.address, card.phone_last4) == (None,) * 5
        assert card.archived and card.erased_at is not None
        assert (card.visit_count, card.total_spent) == (2, 12000)
        assert session.exec(select(Contact.note).where(Contact.customer_id == cid)).all() == [""]
        assert customers_svc.customers_with_phone(session, "010-1234-5678") == []
        assert all(cid not in consent.consented_ids(session, p) for p in consent.Purpose)
        # the audit log keeps who did what, but no longer the erased values
        entries = session.exec(select(AuditEntry).where(AuditEntry.customer_id == cid)
                               .order_by(AuditEntry.id)).all()
        assert entries[-1].action == "erase"
        assert not any("연남동" in e.details or "김민수" in e.details for e in entries)
        assert "change" in [e.action for e in entries]
        with pytest.raises(CrmError, match="already erased"):
            privacy.erase_customer(session, cid, confirm=True)
        with pytest.raises(CrmError, match="erased"):
            consent.record_consent(session, cid, "sms", True, method="verbal")
        with pytest.raises(CrmError, match="erased"):
            customers_svc.update_customer(session, cid, {"name": "김민수"})
    assert shop_total(store) == before_total
    with store.engine.connect() as conn:
        leftovers = conn.execute(text(  # the search index keeps no erased name (SQLite's FTS5 table; the column)
            "SELECT count(*) FROM customer_search WHERE customer_search MATCH '김민수'" if store.engine.dialect.name
            == "sqlite" else "SELECT count(*) FROM customer WHERE search_text LIKE '%김민수%'"))
        assert leftovers.scalar_one() == 0
        assert conn.execute(text("SELECT name FROM customer WHERE id = :i"), {"i": other}).scalar_one() == "이서연"


def test_erasing_a_survivor_erases_the_card_merged_into_it_and_blocks_the_undo(store, regular):
    cid, _ = regular
    with store.session() as session:
        twin = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-0000"}).id
        merge = duplicates.merge_customers(session, cid, twin)
        assert set(privacy.erase_customer(session, cid, confirm=True)) == {cid, twin}
    with store.session() as session:
        assert session.get(Customer, twin).phone is None
        with pytest.raises(duplicates.MergeRefused, match="erased"):
            duplicates.undo_merge(session, merge.id)


def test_staff_may_not_erase_or_export_a_customer(store, regular, tmp_path):
    cid, _ = regular
    with store.session() as session:
        clerk = staff.create_staff(session, "김하늘").id
        auth.set_password(session, staff.create_staff(session, "정다온", "owner").id, "owner-secret")
        auth.set_password(session, clerk, "2580")
    store.actor = auth.sign_in(store, clerk, "2580")
    with pytest.raises(PermissionDenied):
        privacy.export_customer(store, cid, tmp_path / "x.xlsx")
    with pytest.raises(PermissionDenied):
        with store.session() as session:
            privacy.erase_customer(session, cid, confirm=True)
    with pytest.raises(PermissionDenied):
        with store.session() as session:
            privacy.inactive_customers(session)
    with store.session() as session:
        assert session.get(Customer, cid).name == "김민수"


def test_retention_lists_long_idle_customers_and_erases_them_in_one_step(store, regular):
    cid, other = regular
    today = date.today()
    old = datetime.now() - timedelta(days=4 * 365)
    with store.session() as session:
        sleeper = customers_svc.create_customer(session, {"name": "박오래", "phone": "010-7777-8888"}).id
        buy(session, sleeper, 9000, days_ago=4 * 365)
    with store.engine.begin() as conn:  # a card made and last touched four years ago
        conn.execute(text("UPDATE customer SET created_at = :t, updated_at = :t WHERE id = :i"),
                     {"t": old, "i": sleeper})
        conn.execute(text("UPDATE contact SET occurred_at = :t WHERE customer_id = :i"), {"t": old, "i": sleeper})
    with store.session() as session:
        assert privacy.retention_years(session) == 3
        listed = privacy.inactive_customers(session, today=today)
        assert [c.id for c in listed] == [sleeper]
        assert privacy.inactive_customers(session, years=5, today=today) == []
        with pytest.raises(CrmError, match="not inactive"):
            privacy.erase_inactive(session, [sleeper, other], confirm=True, today=today)
        assert privacy.erase_inactive(session, [sleeper], confirm=True, today=today) == [sleeper]
    with store.session() as session:
        assert session.get(Customer, sleeper).erased_at is not None
        assert session.get(Customer, other).erased_at is None
        assert privacy.inactive_customers(session, today=today) == []
        step = audit.list_entries(session, audit.AuditQuery(action="retention_erase"))
    assert len(step) == 1 and '"customers": 1' in step[0].details


def test_the_audit_log_is_append_only(store, regular):
    with pytest.raises(Exception, match="append-only"):
        with store.session() as session:
            session.execute(text("DELETE FROM audit_log"))
    with pytest.raises(Exception, match="append-only"):
        with store.session() as session:
            session.execute(text("UPDATE audit_log SET actor = 'nobody'"))
    with store.session() as session:
        assert len(audit.list_entries(session)) >= 5
