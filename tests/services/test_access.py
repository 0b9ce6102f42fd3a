"""Roles through the services: what a staff session may do and what it is refused by every path."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from crmdesk.access import MACHINE_OWNER, Actor, Permission, PermissionDenied
from crmdesk.importing.readers import read_source
from crmdesk.importing.runner import run_import
from crmdesk.models import AuditEntry
from crmdesk.services import auth, contacts, duplicates, exporting, feedback, purchases, staff
from crmdesk.services import customers as customers_svc
from crmdesk.services import settings as settings_svc
from crmdesk.store import backups


@pytest.fixture
def shop(store):
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", "owner")
        clerk = staff.create_staff(session, "김하늘", "staff")
        a = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        b = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5679"}).id
        auth.set_password(session, owner.id, "correct horse")
        auth.set_password(session, clerk.id, "4321")
    return store, owner.id, clerk.id, a, b


def as_clerk(store, clerk):
    store.actor = auth.sign_in(store, clerk, "4321")
    assert store.actor.role == "staff"


def entries(store, action):
    with store.session() as session:
        return [e for e in session.exec(select(AuditEntry).where(AuditEntry.action == action))]


def test_staff_find_customers_and_log_contacts_feedback_and_purchases(shop):
    store, _, clerk, a, _ = shop
    as_clerk(store, clerk)
    with store.session() as session:
        rows = customers_svc.search_customers(session, customers_svc.CustomerQuery(text="5678"))
        assert [r.id for r in rows] == [a]
        contacts.log_contact(session, {"customer_id": a, "staff_id": clerk, "note": "예약 문의"})
        feedback.create_feedback(session, {"customer_id": a, "kind": "compliment", "description": "친절해요"},
                                 staff_id=clerk)
        purchases.create_purchase(session, purchases.PurchaseEntry(
            customer_id=a, staff_id=clerk, purchased_at=datetime.now() - timedelta(minutes=1),
            lines=[purchases.LineEntry(product="아메리카노", quantity=1, unit_price=4500)]))
        customers_svc.update_customer(session, a, {"memo": "오후 방문"})
    with store.session() as session:
        assert customers_svc.get_customer(session, a).total_spent == 4500


def test_staff_are_refused_export_merge_settings_staff_backup_and_import_by_every_path(shop, tmp_path):
    store, owner, clerk, a, b = shop
    as_clerk(store, clerk)
    for export in (exporting.export_customers, exporting.export_sales, exporting.export_touchpoints,
                   exporting.export_feedback):
        with pytest.raises(PermissionDenied, match="may not export data"):
            export(store, tmp_path / "out.csv")
    assert not (tmp_path / "out.csv").exists()
    refused = [
        lambda s: duplicates.merge_customers(s, a, b),
        lambda s: settings_svc.set_setting(s, "shop_name", "남의 가게"),
        lambda s: staff.create_staff(s, "몰래", "owner"),
        lambda s: staff.update_staff(s, clerk, role="owner"),
        lambda s: auth.set_password(s, owner, "000000"),
    ]
    for act in refused:
        with pytest.raises(PermissionDenied):
            with store.session() as session:
                act(session)
    with pytest.raises(PermissionDenied, match="backups"):
        backups.backup(store, tmp_path / "copy.sqlite3")
    with pytest.raises(PermissionDenied):
        backups.restore(tmp_path / "copy.sqlite3", store.path, yes=True, by=store)
    source = tmp_path / "list.csv"
    source.write_text("이름,전화\n박새로,010-5555-6666\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        run_import(store, read_source(source), "customers", {"이름": "name", "전화": "phone"})
    with store.session() as session:
        assert settings_svc.get_setting(session, "shop_name") == ""
        assert staff.get_staff(session, clerk).role == "staff"
        assert customers_svc.get_customer(session, b).merged_into_id is None
        assert customers_svc.customer_stats(session)["total"] == 2


def test_the_owner_may_do_all_of_it_and_exports_are_audited(shop, tmp_path):
    store, owner, _, a, b = shop
    store.actor = auth.sign_in(store, owner, "correct horse")
    assert exporting.export_customers(store, tmp_path / "all.csv") == 2
    with store.session() as session:
        duplicates.merge_customers(session, a, b)
        settings_svc.set_setting(session, "shop_name", "카페 온기")
    export = entries(store, "export")[-1]
    assert (export.actor, export.staff_id) == ("정다온", owner)
    assert '"rows": 2' in export.details and "all.csv" in export.details
    merge = entries(store, "merge")[-1]
    assert merge.customer_id == a and f'"merged_id": {b}' in merge.details
    copy = backups.backup(store, tmp_path / "copy.sqlite3")  # on PostgreSQL a dump pg_restore has read back
    assert copy.exists() and copy.stat().st_size > 0
    backup = entries(store, "backup")[-1]
    assert (backup.actor, backup.staff_id) == ("정다온", owner) and "copy.sqlite3" in backup.details


def test_the_command_line_and_an_unsigned_window_act_as_the_owner(store):
    assert store.actor is None
    with store.session() as session:
        assert session.info["actor"] is None
    from crmdesk.access import actor_of

    assert actor_of(store) is MACHINE_OWNER and MACHINE_OWNER.can(Permission.EXPORT)
    assert not Actor(3, "김하늘", "staff").can(Permission.EXPORT)


def test_an_import_is_audited_with_who_and_what_and_a_dry_run_is_not(store, tmp_path):
    from crmdesk.services import audit

    source = tmp_path / "list.csv"
    source.write_text("이름,전화\n박새로,010-5555-6666\n", encoding="utf-8")
    run_import(store, read_source(source), "customers", {"이름": "name", "전화": "phone"}, dry_run=True)
    run_import(store, read_source(source), "customers", {"이름": "name", "전화": "phone"})
    with store.session() as session:
        entries = audit.list_entries(session, audit.AuditQuery(action="import"))
    assert len(entries) == 1 and entries[0].actor == "command line"
    assert '"file": "list.csv"' in entries[0].details and '"customers_created": 1' in entries[0].details
