"""The demo café's contacts, follow-ups and feedback: consistent with the services' rules, alive around as_of."""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from crmdesk.demo import generate_demo
from crmdesk.services import feedback as fb
from crmdesk.services.contacts import follow_up_counts, open_follow_ups
from crmdesk.services.staff import create_staff
from crmdesk.store import open_store

AS_OF = date(2025, 6, 30)
MIDNIGHT = datetime.combine(AS_OF, datetime.min.time())
CUSTOMERS = 2000
HANGUL = re.compile("[가-힣]")


def rows(store, sql: str, **params) -> list[sa.Row]:
    with store.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).all()


def when(value) -> datetime | None:
    return value if value is None or isinstance(value, datetime) else datetime.fromisoformat(value)


@pytest.fixture(scope="module")
def demo(template_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("touchpoints") / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    store = open_store(path)
    summary = generate_demo(store, customers=CUSTOMERS, seed=7, as_of=AS_OF)
    yield store, summary
    store.close()


def test_a_2000_customer_shop_has_thousands_of_contacts_and_a_hundred_or_two_feedback_items(demo):
    store, summary = demo
    contacts, feedback = rows(store, "SELECT (SELECT count(*) FROM contact), (SELECT count(*) FROM feedback)")[0]
    assert (contacts, feedback) == (summary.contacts, summary.feedback)
    assert 2000 <= contacts <= 6000
    assert 100 <= feedback <= 200
    assert summary.touchpoint_seconds > 0


def test_contacts_look_like_a_cafe(demo):
    store, _ = demo
    mix = Counter((r.channel, r.purpose) for r in rows(store, "SELECT channel, purpose FROM contact"))
    total = sum(mix.values())
    channels = Counter()
    for (channel, _), count in mix.items():
        channels[channel] += count
    assert channels.most_common(1)[0][0] == "visit"  # the counter is where the shop meets its customers
    assert mix["phone_in", "inquiry"] and mix["phone_in", "after_sales"]
    assert mix["message", "promotion"] and mix["phone_out", "follow_up"]
    assert 0 < channels["home_visit"] < 0.03 * total  # rare
    notes = rows(store, "SELECT note FROM contact")
    assert sum(bool(HANGUL.search(r.note)) for r in notes) >= 0.95 * len(notes)


def test_nothing_happens_before_the_card_exists_after_it_is_archived_or_on_as_of(demo):
    store, _ = demo
    bad = rows(store, """
        SELECT ct.id FROM contact ct JOIN customer c ON c.id = ct.customer_id
        WHERE ct.occurred_at < c.created_at OR (c.archived AND ct.occurred_at > c.archived_at)
           OR ct.occurred_at >= :midnight""", midnight=MIDNIGHT)
    assert bad == []
    latest = rows(store, "SELECT max(occurred_at) FROM contact UNION ALL SELECT max(at) FROM feedback_event")
    assert all(when(r[0]) < MIDNIGHT for r in latest)
    assert max(when(r[0]) for r in latest) > MIDNIGHT - timedelta(days=3)


def test_staff_act_only_once_hired(demo):
    store, _ = demo
    acts = rows(store, """
        SELECT s.name, s.created_at AS hired, ct.occurred_at AS at FROM contact ct JOIN staff s ON s.id = ct.staff_id
        UNION ALL SELECT s.name, s.created_at, e.at FROM feedback_event e JOIN staff s ON s.id = e.staff_id
        UNION ALL SELECT s.name, s.created_at, f.received_at FROM feedback f
                  JOIN staff s ON s.id = f.received_by_staff_id""")
    assert all(when(a.at) >= when(a.hired) for a in acts)
    assert len({a.name for a in acts}) == 4
    assert rows(store, "SELECT count(*) FROM contact WHERE staff_id IS NULL")[0][0] == 0


def test_done_follow_ups_point_at_the_later_contact_that_did_them(demo):
    store, _ = demo
    done = rows(store, """
        SELECT o.id, o.customer_id, o.occurred_at, o.follow_up_on, o.follow_up_done_at, o.follow_up_contact_id,
               d.customer_id AS d_customer, d.occurred_at AS d_at, d.purpose AS d_purpose, d.id AS d_id
        FROM contact o LEFT JOIN contact d ON d.id = o.follow_up_contact_id
        WHERE o.follow_up_done_at IS NOT NULL OR o.follow_up_contact_id IS NOT NULL""")
    assert len(done) >= 50
    for r in done:
        assert r.d_id is not None and r.follow_up_done_at is not None, r
        assert when(r.d_at) == when(r.follow_up_done_at) > when(r.occurred_at)
        assert r.d_customer == r.customer_id and r.d_purpose == "follow_up"
    # A follow-up date is never before the day it was logged (log_contact refuses that).
    assert rows(store, "SELECT count(*) FROM contact WHERE follow_up_on < date(occurred_at)")[0][0] == 0
    # Each follow-up contact does one follow-up.
    assert len({r.d_id for r in done}) == len(done)
    # Most were done on time or a few days late.
    late = [(when(r.follow_up_done_at).date() - date.fromisoformat(r.follow_up_on)).days for r in done]
    assert sum(-1 <= days <= 3 for days in late) >= 0.9 * len(late)


def test_the_today_list_has_work_on_as_of(demo):
    store, summary = demo
    with store.session() as session:
        today = open_follow_ups(session, AS_OF)
        coming = open_follow_ups(session, AS_OF, days_ahead=14)
        due_today, overdue = follow_up_counts(session, AS_OF)
    assert due_today >= 3 and overdue >= 3
    assert sum(f.overdue(AS_OF) for f in today) == overdue
    assert len(coming) > len(today)  # some are coming up in the next days
    assert summary.follow_ups_open >= len(coming)
    assert all(f.staff_name and HANGUL.search(f.note) for f in coming)


def test_promotions_go_only_to_customers_who_consented(demo):
    store, _ = demo
    sent = rows(store, """
        SELECT c.marketing_consent, c.marketing_consent_at, ct.occurred_at FROM contact ct
        JOIN customer c ON c.id = ct.customer_id WHERE ct.purpose = 'promotion' AND ct.channel != 'visit'""")
    assert len(sent) >= 100
    assert all(r.marketing_consent and when(r.marketing_consent_at) <= when(r.occurred_at) for r in sent)


def _replay(items, events_of, scratch_path) -> dict[int, tuple]:
    """Each demo item played through the real service: the stamps it derives, by demo id."""
    out = {}
    scratch = open_store(scratch_path)
    try:
        with scratch.session() as session:
            for name in ("정다온", "김하늘", "이준호", "박소민"):
                create_staff(session, name)
            for item in items:
                made = fb.create_feedback(session, {"kind": item.kind, "channel": item.channel,
                                                    "description": item.description,
                                                    "received_at": when(item.received_at)},
                                          staff_id=item.received_by_staff_id, at=MIDNIGHT)
                for event in events_of[item.id][1:]:
                    fb.change_status(session, made.id, event.to_status, staff_id=event.staff_id,
                                     resolution_note=item.resolution_note or "-", at=when(event.at))
                out[item.id] = (made.status, made.first_response_at, made.resolved_at, made.closed_at)
    finally:
        scratch.close()
    return out


def test_feedback_stamps_are_what_the_workflow_makes_of_its_events(demo, template_db, tmp_path):
    store, _ = demo
    items = rows(store, "SELECT * FROM feedback ORDER BY id")
    events_of = defaultdict(list)
    for e in rows(store, "SELECT * FROM feedback_event ORDER BY feedback_id, at, id"):
        events_of[e.feedback_id].append(e)
    for item in items:
        events = events_of[item.id]
        first = events[0]
        assert (first.from_status, first.to_status, when(first.at), first.staff_id) == (
            None, "received", when(item.received_at), item.received_by_staff_id)
        for before, after in zip(events, events[1:], strict=False):
            assert after.from_status == before.to_status and when(after.at) > when(before.at)
        assert events[-1].to_status == item.status and when(events[-1].at) == when(item.updated_at)
    # The service, fed the same events, arrives at the same stamps: the times are derived, never typed.
    shutil.copyfile(template_db, tmp_path / "scratch.sqlite3")
    replayed = _replay(items, events_of, tmp_path / "scratch.sqlite3")
    for item in items:
        assert replayed[item.id] == (item.status, when(item.first_response_at), when(item.resolved_at),
                                     when(item.closed_at)), item.id


def test_complaints_are_answered_at_varied_speeds_and_some_are_late(demo):
    store, _ = demo
    with store.session() as session:
        listed = fb.list_feedback(session, at=MIDNIGHT)
    assert {r.kind for r in listed} == {"complaint", "compliment", "suggestion", "inquiry"}
    complaints = [r for r in listed if r.kind == "complaint"]
    assert {r.category for r in complaints} <= {"서비스", "맛/품질", "대기시간", "가격", "청결"}
    assert len({r.category for r in complaints}) >= 4
    hours = [r.resolution_hours for r in complaints if r.resolution_hours is not None]
    assert sum(h <= 2 for h in hours) >= 5  # settled on the spot
    assert sum(h > 72 for h in hours) >= 2  # took days
    assert sum(h <= 24 for h in hours) > 0.6 * len(hours)  # most within the day
    answered = [r.first_response_hours for r in complaints if r.first_response_hours is not None]
    assert sum(h <= 8 for h in answered) > 0.6 * len(answered)  # most answered within hours
    assert sum(h > 24 for h in answered) >= 2  # some only after the target
    statuses = Counter(r.status for r in complaints)
    assert statuses["closed"] and statuses["resolved"] and statuses["received"] and statuses["in_progress"]
    late = [r for r in listed if r.overdue]
    assert len(late) >= 2 and all(r.status in ("received", "in_progress") for r in late)
    assert any(r.status in ("received", "in_progress") and not r.overdue for r in listed)  # just in
    assert any(r.customer_id is None for r in listed)  # anonymous
    assert {r.recovery_action for r in complaints if r.resolved_at} <= {"apology", "coupon", "replacement", "refund"}
    assert all(r.recovery_action for r in complaints if r.resolved_at)
    # A long wait or a sticky table is put right with an apology or a coupon, never with a "replacement".
    assert {r.recovery_action for r in complaints if r.resolved_at and r.category in ("대기시간", "가격", "청결")} <= {
        "apology", "coupon"}
    assert all(r.recovery_action is None for r in listed if r.kind != "complaint")
    assert all(HANGUL.search(r.description) for r in listed)


def _dump(store) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in rows(store, f"SELECT * FROM {t} ORDER BY id")]
            for t in ("contact", "feedback", "feedback_event")}


def test_same_seed_same_contacts_and_feedback(template_db, tmp_path):
    dumps = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(template_db, path)
        store = open_store(path)
        generate_demo(store, customers=150, seed=seed, as_of=AS_OF)
        dumps.append(_dump(store))
        store.close()
    assert dumps[0] == dumps[1]
    assert dumps[0]["contact"] != dumps[2]["contact"]
    assert all(dumps[0][t] for t in dumps[0])
