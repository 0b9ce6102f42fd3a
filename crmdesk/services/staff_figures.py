"""Per staff member over a period (the owner's view): sales entered, regulars served, customers they are main
contact (담당 직원) for, contacts, follow-ups done, complaints resolved and about them, compliments received,
and the average rating of the touchpoints they handled: the ratings staff recorded with a contact (source
"staff"); a customer's own answers on the counter survey are the shop's, not one person's, and stay out of it.

A regular is a customer with at least REGULAR_VISITS purchases; "served" means the staff member entered one of
their purchases or logged a contact with them in the period. Voided purchases do not count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import distinct, func, select, union
from sqlmodel import Session, col

from crmdesk.access import Permission, require
from crmdesk.models import Contact, Customer, Feedback, FeedbackKind, Purchase, Rating, RatingSource
from crmdesk.services.staff_activity import staff_activity

REGULAR_VISITS = 3
FIGURE_FIELDS = ("sales", "revenue", "regulars_served", "main_contact_for", "contacts", "follow_ups_done",
                 "complaints_resolved", "complaints_about", "compliments", "average_rating")


@dataclass(frozen=True)
class StaffFigures:
    staff_id: int
    name: str
    role: str
    active: bool
    sales: int
    revenue: int
    regulars_served: int
    main_contact_for: int
    contacts: int
    follow_ups_done: int
    complaints_resolved: int
    complaints_about: int
    compliments: int
    average_rating: float | None


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def _about(session: Session, kind: FeedbackKind, lo: datetime, hi: datetime) -> dict[int | None, int]:
    return dict(session.execute(
        select(Feedback.about_staff_id, func.count()).where(Feedback.kind == kind.value, Feedback.received_at >= lo,
                                                            Feedback.received_at < hi)
        .group_by(Feedback.about_staff_id)).all())


def _regulars_served(session: Session, lo: datetime, hi: datetime) -> dict[int | None, int]:
    served = union(
        select(Purchase.staff_id.label("staff_id"), Purchase.customer_id.label("customer_id"))
        .where(Purchase.purchased_at >= lo, Purchase.purchased_at < hi, col(Purchase.voided_at).is_(None)),
        select(Contact.staff_id.label("staff_id"), Contact.customer_id.label("customer_id"))
        .where(Contact.occurred_at >= lo, Contact.occurred_at < hi)).subquery()
    return dict(session.execute(
        select(served.c.staff_id, func.count(distinct(served.c.customer_id)))
        .join(Customer, col(Customer.id) == served.c.customer_id)
        .where(Customer.visit_count >= REGULAR_VISITS, col(Customer.archived).is_(False))
        .group_by(served.c.staff_id)).all())


def staff_figures(session: Session, start: date, end: date, *, today: date | None = None) -> list[StaffFigures]:
    """Every staff member who is active or has any figure in ``start`` .. ``end`` (both days included)."""
    require(session, Permission.ANALYTICS)
    lo, hi = _bounds(start, end)
    sales = {sid: (n, total) for sid, n, total in session.execute(
        select(Purchase.staff_id, func.count(), func.coalesce(func.sum(Purchase.total), 0))
        .where(Purchase.purchased_at >= lo, Purchase.purchased_at < hi, col(Purchase.voided_at).is_(None))
        .group_by(Purchase.staff_id))}
    main: dict[int | None, int] = dict(session.execute(
        select(Customer.main_staff_id, func.count()).where(col(Customer.archived).is_(False))
        .group_by(Customer.main_staff_id)).all())
    ratings = {sid: avg for sid, avg in session.execute(
        select(Rating.staff_id, func.avg(Rating.score)).where(Rating.rated_at >= lo, Rating.rated_at < hi,
                                                              Rating.source == RatingSource.STAFF.value)
        .group_by(Rating.staff_id))}
    regulars = _regulars_served(session, lo, hi)
    about = _about(session, FeedbackKind.COMPLAINT, lo, hi)
    praised = _about(session, FeedbackKind.COMPLIMENT, lo, hi)
    out = []
    for a in staff_activity(session, start, end, today=today):
        sid = a.staff_id
        n, revenue = sales.get(sid, (0, 0))
        average = ratings.get(sid)
        figures = StaffFigures(sid, a.name, a.role, a.active, int(n), int(revenue), regulars.get(sid, 0),
                               main.get(sid, 0), a.contacts, a.follow_ups_done, a.complaints_resolved,
                               about.get(sid, 0), praised.get(sid, 0),
                               None if average is None else round(float(average), 2))
        out.append(figures)
    known = {f.staff_id for f in out}
    return out + _others(session, known, sales, about, praised, ratings, main, regulars)


def _others(session, known, *tables) -> list[StaffFigures]:
    """Inactive staff staff_activity left out (no contacts or complaints) who still have a figure here."""
    from crmdesk.models import Staff

    ids = {sid for table in tables for sid in table if sid is not None} - known
    sales, about, praised, ratings, main, regulars = tables
    out = []
    for staff in session.scalars(select(Staff).where(col(Staff.id).in_(ids)).order_by(Staff.name)):
        n, revenue = sales.get(staff.id, (0, 0))
        average = ratings.get(staff.id)
        out.append(StaffFigures(staff.id, staff.name, staff.role, staff.active, int(n), int(revenue),
                                regulars.get(staff.id, 0), main.get(staff.id, 0), 0, 0, 0, about.get(staff.id, 0),
                                praised.get(staff.id, 0), None if average is None else round(float(average), 2)))
    return out
