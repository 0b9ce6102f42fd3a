"""Per staff member over a period: contacts logged, follow-ups done and overdue, complaints resolved and
the median time to resolve them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from crmdesk.models import Contact, Customer, Feedback, FeedbackEvent, FeedbackKind, FeedbackStatus, Staff


@dataclass(frozen=True)
class StaffActivity:
    staff_id: int
    name: str
    role: str
    active: bool
    contacts: int
    follow_ups_done: int
    follow_ups_overdue: int  # open now, due before today, logged by this staff member
    complaints_resolved: int
    median_resolution_hours: float | None


def staff_activity(session: Session, start: date, end: date, *, today: date | None = None) -> list[StaffActivity]:
    """Figures for ``start`` .. ``end`` (both days included), every staff member who has any or is active."""
    today = today or date.today()
    lo, hi = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    contacts: dict[int | None, int] = dict(session.execute(
        select(Contact.staff_id, func.count()).where(Contact.occurred_at >= lo, Contact.occurred_at < hi)
        .group_by(Contact.staff_id)).all())
    done_by = aliased(Contact)
    follow_done: dict[int | None, int] = dict(session.execute(
        select(done_by.staff_id, func.count()).select_from(Contact)
        .join(done_by, done_by.id == Contact.follow_up_contact_id)
        .where(Contact.follow_up_done_at >= lo, Contact.follow_up_done_at < hi)
        .group_by(done_by.staff_id)).all())
    overdue: dict[int | None, int] = dict(session.execute(
        select(Contact.staff_id, func.count()).join(Customer, Customer.id == Contact.customer_id)
        .where(Contact.follow_up_done_at.is_(None), Contact.follow_up_on < today, Customer.archived.is_(False))
        .group_by(Contact.staff_id)).all())
    # Who resolved a complaint: the staff member stamped on its latest move to "resolved" in the period.
    resolved: dict[int | None, list[float]] = {}
    stmt = (select(FeedbackEvent.staff_id, Feedback.id, Feedback.received_at, FeedbackEvent.at)
            .join(Feedback, Feedback.id == FeedbackEvent.feedback_id)
            .where(FeedbackEvent.to_status == FeedbackStatus.RESOLVED.value, FeedbackEvent.from_status
                   != FeedbackStatus.RESOLVED.value, Feedback.kind == FeedbackKind.COMPLAINT.value,
                   Feedback.resolved_at.is_not(None), FeedbackEvent.at >= lo, FeedbackEvent.at < hi)
            .order_by(FeedbackEvent.at))
    latest: dict[int, tuple[int | None, float]] = {}
    for staff_id, feedback_id, received_at, at in session.execute(stmt):
        latest[feedback_id] = (staff_id, (at - received_at).total_seconds() / 3600)
    for staff_id, hours in latest.values():
        resolved.setdefault(staff_id, []).append(hours)
    out = []
    for staff in session.scalars(select(Staff).order_by(Staff.name, Staff.id)):
        sid = staff.id
        figures = (contacts.get(sid, 0), follow_done.get(sid, 0), overdue.get(sid, 0), len(resolved.get(sid, [])))
        if not staff.active and not any(figures):
            continue
        durations = resolved.get(sid)
        out.append(StaffActivity(sid, staff.name, staff.role, staff.active, *figures,
                                 round(statistics.median(durations), 1) if durations else None))
    return out
