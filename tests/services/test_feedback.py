from datetime import date, datetime, timedelta

import pytest

from crmdesk.errors import ValidationError
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import feedback as svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.feedback import FeedbackQuery
from crmdesk.services.staff_activity import staff_activity

T0 = datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def shop(store):
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
        jung = staff_svc.create_staff(session, "정다온", "owner").id
        ha = staff_svc.create_staff(session, "김하늘").id
    return store, {"kim": kim, "jung": jung, "ha": ha}


def complaint(session, ids, at=T0, **extra):
    data = {"customer_id": ids["kim"], "kind": "complaint", "channel": "phone_in", "category": "서비스",
            "severity": "high", "description": "주문한 음료가 늦게 나왔어요", "assigned_staff_id": ids["ha"]}
    return svc.create_feedback(session, {**data, **extra}, staff_id=ids["jung"], at=at)


def test_workflow_stamps_each_change_and_derives_the_times(shop):
    store, ids = shop
    with store.session() as session:
        item = complaint(session, ids)
        svc.change_status(session, item.id, "in_progress", staff_id=ids["ha"], note="전화 드림",
                          at=T0 + timedelta(hours=2))
        svc.change_status(session, item.id, "resolved", staff_id=ids["ha"], resolution_note="음료 교환",
                          recovery_action="replacement", at=T0 + timedelta(hours=30))
        svc.change_status(session, item.id, "closed", staff_id=ids["jung"], at=T0 + timedelta(hours=48))
        [row] = svc.list_feedback(session, at=T0 + timedelta(days=5))
        assert (row.status, row.first_response_hours, row.resolution_hours) == ("closed", 2.0, 30.0)
        assert row.recovery_action == "replacement" and not row.overdue
        stamps = [(e.from_status, e.to_status, name) for e, name in svc.history(session, item.id)]
        assert stamps == [(None, "received", "정다온"), ("received", "in_progress", "김하늘"),
                          ("in_progress", "resolved", "김하늘"), ("resolved", "closed", "정다온")]


def test_illegal_jumps_and_missing_resolution_change_nothing(shop):
    store, ids = shop
    with store.session() as session:
        item = complaint(session, ids)
        with pytest.raises(ValidationError) as err:
            svc.change_status(session, item.id, "closed", staff_id=ids["ha"], at=T0 + timedelta(hours=1))
        assert err.value.problems[0].code == "status_jump"
        with pytest.raises(ValidationError) as err:
            svc.change_status(session, item.id, "resolved", staff_id=ids["ha"], at=T0 + timedelta(hours=1))
        assert err.value.problems[0].code == "resolution_required"
        session.refresh(item)
        assert (item.status, item.first_response_at) == ("received", None)
        assert len(svc.history(session, item.id)) == 1


def test_answered_on_the_spot_and_reopened(shop):
    store, ids = shop
    with store.session() as session:
        item = complaint(session, ids)
        svc.change_status(session, item.id, "resolved", staff_id=ids["jung"], resolution_note="즉시 환불",
                          recovery_action="refund", at=T0 + timedelta(minutes=30))
        assert item.first_response_at == item.resolved_at == T0 + timedelta(minutes=30)
        svc.change_status(session, item.id, "in_progress", staff_id=ids["jung"], note="다시 연락 옴",
                          at=T0 + timedelta(days=1))
        assert item.resolved_at is None and item.first_response_at == T0 + timedelta(minutes=30)
        assert item.recovery_action is None  # the refund no longer stands for an open complaint


def test_overdue_marker_follows_the_configurable_targets(shop):
    store, ids = shop
    with store.session() as session:
        waiting = complaint(session, ids, description="답이 없어요")  # no response at all
        answered = complaint(session, ids, description="답은 받았어요")
        svc.change_status(session, answered.id, "in_progress", staff_id=ids["ha"], at=T0 + timedelta(hours=1))
        fresh = complaint(session, ids, at=T0 + timedelta(hours=40), description="방금 접수")
        at = T0 + timedelta(hours=50)
        rows = {r.id: r for r in svc.list_feedback(session, at=at)}
        assert rows[waiting.id].first_response_late and not rows[waiting.id].resolution_late
        assert not rows[answered.id].overdue
        assert not rows[fresh.id].overdue
        later = {r.id: r for r in svc.list_feedback(session, at=T0 + timedelta(hours=80))}
        assert later[answered.id].resolution_late and later[waiting.id].overdue
        assert later[fresh.id].first_response_late and not later[fresh.id].resolution_late  # 40 h unanswered
        svc.set_targets(session, 4, 12)
        two_hours_after_fresh = T0 + timedelta(hours=42)
        assert {r.id for r in svc.list_feedback(session, FeedbackQuery(overdue_only=True), at=at)} == {
            waiting.id, answered.id, fresh.id}  # 10 h without an answer is late against a 4 h target
        assert {r.id for r in svc.list_feedback(session, FeedbackQuery(overdue_only=True),
                                                at=two_hours_after_fresh)} == {waiting.id, answered.id}
        with pytest.raises(ValidationError):
            svc.set_targets(session, 48, 12)


def test_filters_and_anonymous_feedback(shop):
    store, ids = shop
    with store.session() as session:
        complaint(session, ids)
        praise = svc.create_feedback(session, {"kind": "compliment", "description": "친절해요"}, at=T0)
        assert praise.customer_id is None and praise.channel == "visit"
        assert [r.kind for r in svc.list_feedback(session, FeedbackQuery(kind="compliment"), at=T0)] == ["compliment"]
        assert len(svc.list_feedback(session, FeedbackQuery(status="open"), at=T0)) == 2
        assert len(svc.list_feedback(session, FeedbackQuery(staff_id=ids["ha"]), at=T0)) == 1
        assert len(svc.list_feedback(session, FeedbackQuery(customer_id=ids["kim"]), at=T0)) == 1
        much_later = {r.kind: r for r in svc.list_feedback(session, at=T0 + timedelta(days=30))}
        assert much_later["complaint"].overdue and not much_later["compliment"].overdue  # praise is not chased


def test_bad_feedback_is_refused_naming_each_field(shop):
    store, ids = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        svc.create_feedback(session, {"kind": "rant", "severity": "extreme", "description": "  ",
                                      "customer_id": 12345}, at=T0)
    assert {p.field: p.code for p in err.value.problems} == {
        "kind": "kind_invalid", "severity": "severity_invalid", "description": "description_required",
        "customer": "customer_missing"}
    with store.session() as session:
        assert svc.list_feedback(session, at=T0) == []


def test_staff_activity_over_a_period(shop):
    store, ids = shop
    with store.session() as session:
        for hours in (5, 20):
            item = complaint(session, ids)
            svc.change_status(session, item.id, "resolved", staff_id=ids["ha"], resolution_note="사과",
                              at=T0 + timedelta(hours=hours))
        contacts_svc.log_contact(session, {"customer_id": ids["kim"], "staff_id": ids["ha"],
                                           "follow_up_on": date(2026, 11, 21)}, at=T0)
        first = contacts_svc.log_contact(session, {"customer_id": ids["kim"], "staff_id": ids["ha"],
                                                   "follow_up_on": date(2026, 11, 20)}, at=T0)
        contacts_svc.complete_follow_up(session, first.id, staff_id=ids["jung"], at=T0 + timedelta(hours=3))
        figures = {a.name: a for a in staff_activity(session, date(2026, 11, 1), date(2026, 11, 30),
                                                     today=date(2026, 11, 23))}
    ha, jung = figures["김하늘"], figures["정다온"]
    assert (ha.contacts, ha.follow_ups_done, ha.follow_ups_overdue, ha.complaints_resolved) == (2, 0, 1, 2)
    assert ha.median_resolution_hours == 12.5
    assert (jung.contacts, jung.follow_ups_done, jung.complaints_resolved) == (1, 1, 0)
