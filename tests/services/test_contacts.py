from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from crmdesk.errors import ValidationError
from crmdesk.models import Contact
from crmdesk.services import contacts as svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.timeline import customer_timeline

NOW = datetime(2026, 11, 23, 14, 30)
TODAY = NOW.date()


@pytest.fixture
def shop(store):
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        lee = customers_svc.create_customer(session, {"name": "이서연", "phone": "010-2222-3333"}).id
        jung = staff_svc.create_staff(session, "정다온", "owner").id
        ha = staff_svc.create_staff(session, "김하늘").id
    return store, {"kim": kim, "lee": lee, "jung": jung, "ha": ha}


def codes(err: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {p.field: p.code for p in err.value.problems}


def count_contacts(store) -> int:
    with store.session() as session:
        return session.execute(select(func.count()).select_from(Contact)).scalar_one()


def test_a_counter_visit_is_logged_with_defaults(shop):
    store, ids = shop
    with store.session() as session:
        contact = svc.log_contact(session, {"customer_id": ids["kim"], "staff_id": ids["ha"], "note": "아메리카노"},
                                  at=NOW)
    assert (contact.channel, contact.purpose, contact.occurred_at) == ("visit", "purchase", NOW)
    assert contact.note == "아메리카노" and contact.follow_up_on is None


def test_bad_contacts_are_refused_naming_each_problem_and_write_nothing(shop):
    store, ids = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.log_contact(session, {"customer_id": None, "channel": "pigeon", "purpose": "gossip",
                                  "follow_up_on": TODAY - timedelta(days=1), "note": "x" * 1001}, at=NOW)
    assert codes(err) == {"customer": "customer_required", "channel": "channel_invalid",
                          "purpose": "purpose_invalid", "follow_up_on": "follow_up_past", "note": "too_long"}
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.log_contact(session, {"customer_id": 999, "occurred_at": NOW + timedelta(hours=2)}, at=NOW)
    assert codes(err) == {"customer": "customer_missing", "occurred_at": "date_future"}
    assert count_contacts(store) == 0


def test_an_archived_customer_must_be_restored_first(shop):
    store, ids = shop
    with store.session() as session:
        customers_svc.archive_customer(session, ids["lee"])
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.log_contact(session, {"customer_id": ids["lee"]}, at=NOW)
    assert codes(err) == {"customer": "customer_archived"}


def test_follow_ups_due_and_overdue_then_done_with_one_call(shop):
    store, ids = shop
    yesterday = NOW - timedelta(days=1)
    with store.session() as session:
        svc.log_contact(session, {"customer_id": ids["kim"], "channel": "phone_in", "purpose": "inquiry",
                                  "note": "렌즈 재고 문의", "follow_up_on": yesterday.date(), "staff_id": ids["ha"]},
                        at=yesterday)
        today_item = svc.log_contact(session, {"customer_id": ids["lee"], "follow_up_on": TODAY}, at=NOW)
        svc.log_contact(session, {"customer_id": ids["lee"], "follow_up_on": TODAY + timedelta(days=3)}, at=NOW)
    with store.session() as session:
        due = svc.open_follow_ups(session, TODAY)
        assert [(f.customer_name, f.overdue(TODAY)) for f in due] == [("김민수", True), ("이서연", False)]
        assert svc.follow_up_counts(session, TODAY) == (1, 1)
        assert len(svc.open_follow_ups(session, TODAY, days_ahead=7)) == 3
        assert [f.customer_name for f in svc.open_follow_ups(session, TODAY, staff_id=ids["ha"])] == ["김민수"]
        done = svc.complete_follow_up(session, due[0].contact_id, staff_id=ids["jung"], note="입고 안내", at=NOW)
        assert (done.purpose, done.channel, done.staff_id) == ("follow_up", "phone_out", ids["jung"])
    with store.session() as session:
        assert [f.contact_id for f in svc.open_follow_ups(session, TODAY)] == [today_item.id]
        original = session.get(Contact, due[0].contact_id)
        assert original.follow_up_done_at == NOW and original.follow_up_contact_id == done.id
        with pytest.raises(ValidationError) as err:
            svc.complete_follow_up(session, original.id, staff_id=None, at=NOW)
        assert codes(err) == {"follow_up": "follow_up_done"}


def test_timeline_mixes_kinds_newest_first_and_filters(shop):
    from crmdesk.services import feedback as feedback_svc

    store, ids = shop
    with store.session() as session:
        svc.log_contact(session, {"customer_id": ids["kim"], "note": "첫 방문"}, at=NOW - timedelta(days=2))
        feedback_svc.create_feedback(session, {"customer_id": ids["kim"], "kind": "complaint",
                                               "description": "커피가 식었어요"}, at=NOW - timedelta(days=1))
        svc.log_contact(session, {"customer_id": ids["kim"], "channel": "phone_out", "purpose": "follow_up",
                                  "note": "사과 전화", "follow_up_on": date(2026, 12, 1)}, at=NOW)
        svc.log_contact(session, {"customer_id": ids["lee"], "note": "다른 손님"}, at=NOW)
        entries = customer_timeline(session, ids["kim"])
        assert [(e.kind, e.text) for e in entries] == [
            ("contact", "사과 전화"), ("feedback", "커피가 식었어요"), ("contact", "첫 방문")]
        assert entries[0].follow_up == "due 2026-12-01"
        assert [e.kind for e in customer_timeline(session, ids["kim"], kinds=["feedback"])] == ["feedback"]
