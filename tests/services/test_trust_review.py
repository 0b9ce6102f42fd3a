"""The defects a review of the trust work found, each as the shop would meet it (issue 8 follow-up)."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from crmdesk.access import Permission, PermissionDenied, require
from crmdesk.errors import CrmError, ValidationError
from crmdesk.models import Customer
from crmdesk.services import auth, duplicates, privacy, purchases, staff
from crmdesk.services import customers as customers_svc


def buy(session, customer_id, amount, days_ago=1):
    return purchases.create_purchase(session, purchases.PurchaseEntry(
        customer_id=customer_id, purchased_at=datetime.now() - timedelta(days=days_ago),
        lines=[purchases.LineEntry(product="라떼", quantity=1, unit_price=amount)]))


@pytest.fixture
def two(store):
    """An owner with a password and a clerk with a PIN: sign-in is on."""
    with store.session() as s:
        member = staff.create_staff(s, "김하늘")
        owner = staff.create_staff(s, "정다온", "owner")
        auth.set_password(s, owner.id, "owner-secret")
        auth.set_password(s, member.id, "258025")
    return owner.id, member.id


# --- 1. retention period ------------------------------------------------------------------------------------
@pytest.mark.parametrize("years", [-1, 0, 51])
def test_a_retention_period_outside_1_to_50_years_erases_nobody(store, years):
    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "단골", "phone": "010-1111-2222"}).id
        buy(s, cid, 5000)
    with store.session() as s, pytest.raises(CrmError, match="1 to 50 years"):
        privacy.inactive_customers(s, years=years)
    with store.session() as s, pytest.raises(CrmError, match="1 to 50 years"):
        privacy.erase_inactive(s, [cid], years=years, confirm=True)
    with store.session() as s:
        assert s.get(Customer, cid).erased_at is None and s.get(Customer, cid).name == "단골"


# --- 2. erase through the whole merge tree ------------------------------------------------------------------
def test_erase_reaches_a_card_merged_through_another_merge(store):
    with store.session() as s:
        a = customers_svc.create_customer(s, {"name": "박지민", "phone": "010-5555-1111", "memo": "알레르기"}).id
        b = customers_svc.create_customer(s, {"name": "박지민", "email": "jimin@example.com"}).id
        c = customers_svc.create_customer(s, {"name": "박지민B", "address": "서울"}).id
        duplicates.merge_customers(s, b, a)  # a into b
    with store.session() as s:
        duplicates.merge_customers(s, c, b)  # b into c
    with store.session() as s:
        erased = privacy.erase_customer(s, c, confirm=True)
    assert sorted(erased) == sorted([a, b, c])
    with store.session() as s:
        card_a = s.get(Customer, a)
        assert card_a.erased_at is not None and (card_a.phone, card_a.memo) == (None, None)
        details = " ".join(d for (d,) in s.execute(text("SELECT details FROM audit_log")))
    assert "박지민" not in details and "5555" not in details and "알레르기" not in details


# --- 3. the last owner who can sign in ----------------------------------------------------------------------
@pytest.mark.parametrize("change", [{"role": "staff"}, {"active": False}])
def test_the_only_owner_who_can_sign_in_cannot_be_demoted_or_deactivated(store, two, change):
    owner, _ = two
    with store.session() as s, pytest.raises(ValidationError) as refused:
        staff.update_staff(s, owner, **change)
    assert refused.value.problems[0].code == "last_owner"
    with store.session() as s:
        assert [a.role for a in auth.accounts(s) if a.id == owner] == ["owner"]


def test_a_second_owner_can_be_demoted_and_a_shop_without_sign_in_is_free(store, two):
    owner, member = two
    with store.session() as s:
        second = staff.create_staff(s, "이사장", "owner").id
        auth.set_password(s, second, "second-pass")
        staff.update_staff(s, second, role="staff")
        assert staff.get_staff(s, second).role == "staff"
    with store.session() as s:
        other = staff.create_staff(s, "박대표", "owner").id  # no password: sign-in does not need them
        staff.update_staff(s, other, active=False)


def test_a_demoted_or_deactivated_person_loses_rights_at_once(store, two):
    owner, _ = two
    with store.session() as s:
        second = staff.create_staff(s, "이사장", "owner").id
        auth.set_password(s, second, "second-pass")
    signed_in = auth.sign_in(store, second, "second-pass")  # taken at sign-in: role "owner"
    store.actor = signed_in
    require(store, Permission.EXPORT)

    def as_other_owner(**change):
        store.actor = auth.sign_in(store, owner, "owner-secret")
        with store.session() as s:
            staff.update_staff(s, second, **change)
        store.actor = signed_in

    as_other_owner(role="staff")
    with pytest.raises(PermissionDenied, match="이사장 \\(staff\\)"):
        require(store, Permission.EXPORT)
    with store.session() as s, pytest.raises(PermissionDenied):
        privacy.inactive_customers(s)
    as_other_owner(role="owner", active=False)
    with store.session() as s, pytest.raises(PermissionDenied):
        require(s, Permission.EXPORT)
    as_other_owner(active=True)
    require(store, Permission.EXPORT)


# --- 4. analysis tables are exports -------------------------------------------------------------------------
def test_an_analysis_table_is_an_owner_only_audited_export(store, two, tmp_path, monkeypatch):
    from sqlmodel import select

    from crmdesk.models import AuditEntry
    from crmdesk.services.exporting import write_table
    from crmdesk.store import audit_chain

    owner, member = two
    store.actor = auth.sign_in(store, member, "258025")
    with pytest.raises(PermissionDenied):
        write_table(store, tmp_path / "dormant.csv", ["name", "phone"], iter([("홍길동", "01011112222")]), "Churn")
    assert not (tmp_path / "dormant.csv").exists()
    store.actor = auth.sign_in(store, owner, "owner-secret")
    assert write_table(store, tmp_path / "dormant.csv", ["name", "phone"], iter([("홍길동", "01011112222")]),
                       "Churn") == 1
    with store.session() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "export")).one()
    assert (entry.actor, entry.details) == ("정다온", f'{{"what": "churn", "file": "{tmp_path / "dormant.csv"}", '
                                                     '"rows": 1}')

    def locked(*_args, **_kwargs):
        raise CrmError("database is locked")

    monkeypatch.setattr(audit_chain, "append_core", locked)  # the export's entry is written through the chain
    with pytest.raises(CrmError, match="locked"):
        write_table(store, tmp_path / "rfm.xlsx", ["a"], iter([(1,)]), "RFM")
    assert not (tmp_path / "rfm.xlsx").exists()  # a file the log cannot show is not left behind


# --- 5. backups and restores in the log; a restore does not bring erased customers back ---------------------
@pytest.mark.sqlite_only('backs up and restores the SQLite file')
def test_backup_and_restore_are_audited_and_erased_customers_stay_erased(store, db_path, tmp_path):
    import json

    from sqlmodel import select

    from crmdesk.models import AuditEntry
    from crmdesk.store import backups, open_store

    with store.session() as s:
        kept = customers_svc.create_customer(s, {"name": "이서연", "phone": "010-2222-3333"}).id
        gone = customers_svc.create_customer(s, {"name": "최유리", "phone": "010-7777-4321", "memo": "VIP"}).id
    usb = backups.backup(store, tmp_path / "usb.sqlite3")
    with store.session() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "backup")).one()
        assert json.loads(entry.details) == {"file": str(usb)} and entry.actor == "command line"
    assert backups.backup(store).parent == db_path.parent / "backups"  # "back up now" is logged too
    with store.session() as s:
        assert len(s.exec(select(AuditEntry).where(AuditEntry.action == "backup")).all()) == 2
        privacy.erase_customer(s, gone, confirm=True)
    store.close()
    # The backup holds them; they are erased again on the restored copy before it replaces the database
    # (issue 15: restoring.restore_backup); a bare store restore without the re-erase is refused.
    from crmdesk.services import restoring

    with pytest.raises(CrmError, match="erased since"):
        backups.restore(usb, db_path, yes=True, by=store)
    result = restoring.restore_backup(usb, db_path, by=store)
    assert result.erased_since == result.erased_again == (gone,)
    store = open_store(db_path)
    with store.session() as s:
        card = s.get(Customer, gone)
        assert (card.name, card.phone, card.memo) == (f"(erased #{gone})", None, None)  # ... and not any more
        assert s.get(Customer, kept).name == "이서연"
        restored = s.exec(select(AuditEntry).where(AuditEntry.action == "backup_restore")).one()
        assert json.loads(restored.details)["from"] == str(usb)
        assert json.loads(restored.details)["erased_since"] == [gone]
    store.close()


# --- 6. free text about purchases, points, birthdays and family --------------------------------------------
def test_erase_blanks_void_reasons_points_notes_coupons_and_family_ties(store):
    from crmdesk.services import birthdays, family, loyalty

    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "최유리", "phone": "010-7777-4321",
                                                "birthday": "1990-03-05"}).id
        sister = customers_svc.create_customer(s, {"name": "최유나", "phone": "010-7777-0000"}).id
        buy(s, cid, 5000)
        voided = buy(s, cid, 2000)
        purchases.void_purchase(s, voided.id, "최유리 010-7777-4321 환불 요청")
        loyalty.adjust_points(s, cid, 100, "최유리 님 생일 010-7777-4321")
        birthdays.issue_birthday_coupon(s, cid)
        family.add_to_household(s, sister, "sibling", with_customer_id=cid)
        total_before = s.execute(text("SELECT sum(total) FROM purchase WHERE voided_at IS NULL")).scalar()
        points_before = loyalty.balance(s, cid)
    with store.session() as s:
        privacy.erase_customer(s, cid, confirm=True)
    with store.session() as s:
        dump = " ".join(str(row) for table in ("purchase", "points_entry", "birthday_coupon", "household_member")
                        for row in s.execute(text(f"SELECT * FROM {table} WHERE customer_id = {cid}")))
        assert "최유리" not in dump and "4321" not in dump and "1990-03-05" not in dump
        assert s.execute(text("SELECT voided_at IS NOT NULL FROM purchase WHERE id = :p"), {"p": voided.id}).scalar()
        assert s.execute(text("SELECT sum(total) FROM purchase WHERE voided_at IS NULL")).scalar() == total_before
        assert loyalty.balance(s, cid) == points_before
        assert family.household_id_of(s, cid) is None and family.household_id_of(s, sister) is not None


# --- 7. consent follows the latest act, not the last row typed -----------------------------------------------
def test_a_backdated_paper_grant_does_not_undo_a_later_withdrawal(store):
    from crmdesk.services import consent

    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "가", "phone": "010-1212-3434"},
                                           consents={"collection": True}).id
        consent.record_consent(s, cid, "sms", True, method="paper", at=datetime.now() - timedelta(days=30))
        consent.record_consent(s, cid, "sms", False, method="verbal", at=datetime.now() - timedelta(days=2))
        consent.record_consent(s, cid, "sms", True, method="paper", at=datetime.now() - timedelta(days=10))
        assert not consent.customer_consents(s, cid)["sms"].granted
        assert cid not in consent.consented_ids(s, "sms") and cid not in consent.consented_ids(s, "sms", [cid])
        assert s.get(Customer, cid).marketing_consent is False
        assert consent.consent_history(s, cid, "sms")[0].granted is False  # newest act first
        consent.record_consent(s, cid, "sms", True, method="verbal")  # a new grant today counts
        assert consent.customer_consents(s, cid)["sms"].granted and cid in consent.consented_ids(s, "sms")


# --- 8. one customer's data includes their merged cards ------------------------------------------------------
def test_subject_export_includes_merged_cards_and_their_consent(store, tmp_path):
    from openpyxl import load_workbook

    with store.session() as s:
        a = customers_svc.create_customer(s, {"name": "나", "phone": "010-5656-7878", "memo": "merged memo",
                                              "marketing_consent": True}).id
        b = customers_svc.create_customer(s, {"name": "나"}).id
        duplicates.merge_customers(s, b, a)
    with store.session() as s:
        data = privacy.customer_data(s, b)
    assert [(m["id"], m["memo"], m["merged_into"]) for m in data["merged"]] == [(a, "merged memo", b)]
    assert {(h["card"], h["purpose"], h["granted"]) for h in data["consent"]} >= {(a, "sms", True)}
    book = load_workbook(privacy.export_customer(store, b, tmp_path / "나.xlsx", language="ko"))
    assert "병합된 카드" in book.sheetnames and "merged memo" in str(list(book["병합된 카드"].values))


# --- 10. the shop's figures are the owner's ----------------------------------------------------------------
def test_every_permission_has_words_and_staff_cannot_build_the_dashboard(store, two):
    from crmdesk.access import PERMISSION_VERBS
    from crmdesk.analytics.dashboard import dashboard_figures

    assert set(PERMISSION_VERBS) == set(Permission)
    owner, member = two
    store.actor = auth.sign_in(store, member, "258025")
    with pytest.raises(PermissionDenied, match="김하늘 \\(staff\\) may not see the shop's figures"):
        dashboard_figures(store)
    store.actor = auth.sign_in(store, owner, "owner-secret")
    assert dashboard_figures(store).segments is not None


# --- 11. only an erased customer's audit entries can be blanked ---------------------------------------------
def test_audit_entries_can_be_redacted_only_for_an_erased_customer(store, tmp_path):
    from sqlalchemy.exc import DatabaseError

    from crmdesk.services import audit, exporting

    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "박지민", "phone": "010-5555-1111"}).id
    exporting.export_customers(store, tmp_path / "all.csv")
    with pytest.raises(DatabaseError, match="append-only"), store.session() as s:
        s.execute(text("UPDATE audit_log SET details = '{\"redacted\": true}' WHERE action = 'export'"))
    with store.session() as s:
        assert audit.redact_customer(s, cid) == 0  # not erased: their history stays
        assert "박지민" in s.execute(text("SELECT details FROM audit_log WHERE customer_id = :c"), {"c": cid}).scalar()
    with store.session() as s:
        privacy.erase_customer(s, cid, confirm=True)
    with store.session() as s:
        details = [d for (d,) in s.execute(text("SELECT details FROM audit_log WHERE action IN ('create', 'export')"))]
    assert '{"redacted": true}' in details and any("all.csv" in d for d in details)


# --- 12. an erased card stays erased --------------------------------------------------------------------------
def test_an_erased_card_cannot_be_restored_or_sold_to(store, qtbot=None):
    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "최유리", "phone": "010-7777-4321"}).id
    with store.session() as s:
        privacy.erase_customer(s, cid, confirm=True)
    with store.session() as s, pytest.raises(CrmError, match="erased"):
        customers_svc.restore_customer(s, cid)
    with store.session() as s, pytest.raises(ValidationError) as refused:
        buy(s, cid, 3000)
    assert refused.value.problems[0].code == "customer_erased"
    with store.session() as s:
        assert s.get(Customer, cid).archived and s.get(Customer, cid).visit_count == 0


@pytest.mark.sqlite_only('restores an SQLite file over the database')
def test_restoring_another_shops_backup_erases_nobody_of_that_shop(store, db_path, tmp_path):
    """Ids alone would match other people in a foreign file: only the same card (id and creation time) counts."""
    from crmdesk.store import backups, open_store

    other = open_store(tmp_path / "other-shop.sqlite3")
    with other.session() as s:
        stranger = customers_svc.create_customer(s, {"name": "남궁민", "phone": "010-9999-8888"}).id
    other.close()
    with store.session() as s:
        mine = customers_svc.create_customer(s, {"name": "최유리", "phone": "010-7777-4321"}).id
        s.get(Customer, mine).created_at = datetime(2020, 1, 1, 9, 0)
    assert mine == stranger
    with store.session() as s:
        privacy.erase_customer(s, mine, confirm=True)
    store.close()
    result = backups.restore(tmp_path / "other-shop.sqlite3", db_path, yes=True)
    assert result.erased_since == ()
