"""Feedback and complaints: received -> in progress -> resolved -> closed, every change stamped.

First-response and resolution times are derived from the stamps, never typed. A complaint answered on the
spot may go straight from received to resolved (its first response is that moment); a resolved item can be
reopened; a closed one is final. Anything else is an illegal jump, refused with a clear message.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import (
    Channel,
    Customer,
    Feedback,
    FeedbackEvent,
    FeedbackKind,
    FeedbackStatus,
    RecoveryAction,
    Severity,
    Staff,
)
from crmdesk.models.base import now
from crmdesk.services import settings as settings_svc
from crmdesk.services.checks import check_customer, check_staff, check_text
from crmdesk.services.contacts import CLOCK_SLACK

KINDS = tuple(k.value for k in FeedbackKind)
SEVERITIES = tuple(s.value for s in Severity)
STATUSES = tuple(s.value for s in FeedbackStatus)
RECOVERY_ACTIONS = tuple(r.value for r in RecoveryAction)
CHANNELS = tuple(c.value for c in Channel)

R, P, V, C = (FeedbackStatus.RECEIVED.value, FeedbackStatus.IN_PROGRESS.value, FeedbackStatus.RESOLVED.value,
              FeedbackStatus.CLOSED.value)
ALLOWED = {R: (P, V), P: (V,), V: (C, P), C: ()}
OPEN_STATUSES = (R, P)

LIST_LIMIT = 5000  # rows the window lists at once (newest first); filters reach the older ones
FIRST_RESPONSE_KEY, RESOLUTION_KEY = "feedback_first_response_hours", "feedback_resolution_hours"
DEFAULT_TARGETS = {FIRST_RESPONSE_KEY: 24, RESOLUTION_KEY: 72}


@dataclass(frozen=True)
class Targets:
    first_response: timedelta
    resolution: timedelta


def targets(session: Session) -> Targets:
    """The shop's response targets (settings; default 24 h to first response, 72 h to resolution)."""
    hours = {}
    for key, default in DEFAULT_TARGETS.items():
        try:
            hours[key] = max(1, int(settings_svc.get_setting(session, key) or default))
        except ValueError:
            hours[key] = default
    return Targets(timedelta(hours=hours[FIRST_RESPONSE_KEY]), timedelta(hours=hours[RESOLUTION_KEY]))


def set_targets(session: Session, first_response_hours: int, resolution_hours: int) -> None:
    problems = []
    for field, value in (("first_response_hours", first_response_hours), ("resolution_hours", resolution_hours)):
        if not 1 <= int(value) <= 24 * 90:
            problems.append(Problem(field, "target_invalid", "a target is between 1 hour and 90 days", str(value)))
    if first_response_hours > resolution_hours:
        problems.append(Problem("first_response_hours", "target_order",
                                "the first response cannot be due after the resolution"))
    if problems:
        raise ValidationError(problems)
    settings_svc.set_setting(session, FIRST_RESPONSE_KEY, str(int(first_response_hours)))
    settings_svc.set_setting(session, RESOLUTION_KEY, str(int(resolution_hours)))


def _choice(data: Mapping[str, Any], field: str, allowed: tuple[str, ...], default: str | None,
            problems: list[Problem]) -> str | None:
    value = data.get(field) or default
    if value is not None and value not in allowed:
        problems.append(Problem(field, f"{field}_invalid", f"{field} is one of {', '.join(allowed)}", str(value)))
    return value


def create_feedback(session: Session, data: Mapping[str, Any], *, staff_id: int | None = None,
                    at: datetime | None = None) -> Feedback:
    """Record feedback. ``data``: kind, channel, category, severity, description (required), customer_id
    (None: anonymous), assigned_staff_id, about_staff_id (the staff member it is about), received_at (default
    now). ``staff_id`` is who took it."""
    clock = at or now()
    problems: list[Problem] = []
    unknown = set(data) - {"kind", "channel", "category", "severity", "description", "customer_id",
                           "assigned_staff_id", "received_at", "about_staff_id"}
    if unknown:
        raise KeyError(f"unknown feedback fields {sorted(unknown)}")
    kind = _choice(data, "kind", KINDS, None, problems)
    if kind is None:
        problems.append(Problem("kind", "kind_required", "choose complaint, compliment, suggestion or inquiry"))
    channel = _choice(data, "channel", CHANNELS, Channel.VISIT.value, problems)
    severity = _choice(data, "severity", SEVERITIES, Severity.MEDIUM.value, problems)
    category = check_text(data.get("category"), "category", 50, problems)
    description = check_text(data.get("description"), "description", 5000, problems)
    if not description:
        problems.append(Problem("description", "description_required", "say what the customer told you"))
    customer_id = data.get("customer_id")
    if customer_id not in (None, ""):
        check_customer(session, customer_id, problems)
    assigned = check_staff(session, data.get("assigned_staff_id"), problems, "assigned_staff")
    taker = check_staff(session, staff_id, problems)
    about = check_staff(session, data.get("about_staff_id"), problems, "about_staff")  # whom it praises or blames
    received = data.get("received_at") or clock
    if received > clock + CLOCK_SLACK:
        problems.append(Problem("received_at", "date_future", "feedback cannot be received in the future"))
    if problems:
        raise ValidationError(problems)
    item = Feedback(customer_id=int(customer_id) if customer_id not in (None, "") else None, kind=kind,
                    channel=channel, category=category, severity=severity, description=description,
                    assigned_staff_id=assigned, status=R, received_at=received.replace(microsecond=0),
                    received_by_staff_id=taker, created_at=clock, updated_at=clock, about_staff_id=about)
    session.add(item)
    session.flush()
    session.add(FeedbackEvent(feedback_id=item.id, at=item.received_at, staff_id=taker, from_status=None,
                              to_status=R, note=""))
    session.flush()
    return item


def get_feedback(session: Session, feedback_id: int) -> Feedback:
    item = session.get(Feedback, feedback_id)
    if item is None:
        raise NotFound.of("Feedback", feedback_id)
    return item


def change_status(session: Session, feedback_id: int, to_status: str, *, staff_id: int | None,
                  note: str = "", resolution_note: str | None = None, recovery_action: str | None = None,
                  at: datetime | None = None) -> Feedback:
    """Move feedback along its workflow, stamping the time and staff member. Resolving needs a resolution
    note. Illegal jumps (received -> closed, anything after closed) are refused; nothing changes then."""
    clock = (at or now()).replace(microsecond=0)
    item = get_feedback(session, feedback_id)
    problems: list[Problem] = []
    if to_status not in STATUSES:
        raise ValidationError([Problem("status", "status_invalid", f"status is one of {', '.join(STATUSES)}",
                                       to_status)])
    if to_status not in ALLOWED[item.status]:
        raise ValidationError([Problem("status", "status_jump",
                                       f"feedback that is {item.status} cannot become {to_status}",
                                       f"{item.status}>{to_status}")])
    check_staff(session, staff_id, problems)
    note = check_text(note, "note", 2000, problems)
    if to_status == V:
        resolution = check_text(resolution_note if resolution_note is not None else item.resolution_note,
                                 "resolution_note", 2000, problems)
        if not resolution:
            problems.append(Problem("resolution_note", "resolution_required",
                                    "say how it was resolved before marking it resolved"))
        if recovery_action not in (None, "") and recovery_action not in RECOVERY_ACTIONS:
            problems.append(Problem("recovery_action", "recovery_action_invalid",
                                    f"recovery is one of {', '.join(RECOVERY_ACTIONS)}", recovery_action))
    if clock + CLOCK_SLACK < item.received_at:
        problems.append(Problem("at", "date_before_received", "a change cannot come before the feedback"))
    if problems:
        raise ValidationError(problems)
    session.add(FeedbackEvent(feedback_id=item.id, at=clock, staff_id=staff_id, from_status=item.status,
                              to_status=to_status, note=note))
    if item.first_response_at is None and item.status == R:
        item.first_response_at = clock
    if to_status == V:
        item.resolved_at = clock
        item.resolution_note = resolution
        item.recovery_action = recovery_action or None
    elif to_status == P and item.status == V:  # reopened: no longer resolved, its remedy no longer the answer
        item.resolved_at = None
        item.recovery_action = None
    elif to_status == C:
        item.closed_at = clock
    item.status = to_status
    item.updated_at = clock
    session.add(item)
    session.flush()
    return item


def assign(session: Session, feedback_id: int, assigned_staff_id: int | None, *, staff_id: int | None,
           at: datetime | None = None) -> Feedback:
    item = get_feedback(session, feedback_id)
    problems: list[Problem] = []
    assigned = check_staff(session, assigned_staff_id, problems, "assigned_staff")
    if problems:
        raise ValidationError(problems)
    if assigned != item.assigned_staff_id:
        clock = (at or now()).replace(microsecond=0)
        name = session.get(Staff, assigned).name if assigned else "-"
        session.add(FeedbackEvent(feedback_id=item.id, at=clock, staff_id=staff_id, from_status=item.status,
                                  to_status=item.status, note=f"→ {name}"))
        item.assigned_staff_id = assigned
        item.updated_at = clock
        session.add(item)
        session.flush()
    return item


def history(session: Session, feedback_id: int) -> list[tuple[FeedbackEvent, str | None]]:
    """Every stamp on one item, oldest first, with the staff member's name."""
    stmt = (select(FeedbackEvent, Staff.name).outerjoin(Staff, Staff.id == FeedbackEvent.staff_id)
            .where(FeedbackEvent.feedback_id == feedback_id).order_by(FeedbackEvent.at, FeedbackEvent.id))
    return [(event, name) for event, name in session.execute(stmt)]


# --- the list ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeedbackQuery:
    status: str | None = None  # a status, or "open" for received + in progress
    kind: str | None = None
    staff_id: int | None = None  # assigned to
    overdue_only: bool = False
    customer_id: int | None = None
    feedback_id: int | None = None


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    received_at: datetime
    kind: str
    channel: str
    category: str
    severity: str
    status: str
    description: str
    customer_id: int | None
    customer_name: str | None
    assigned_staff_id: int | None
    assigned_name: str | None
    first_response_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    recovery_action: str | None
    first_response_late: bool = False
    resolution_late: bool = False

    @classmethod
    def from_row(cls, values: Sequence[Any]) -> FeedbackRow:
        """From a query's columns in the order of the fields, the two late flags last (SQL truth values)."""
        (fid, received_at, kind, channel, category, severity, status, description, customer_id, customer_name,
         assigned_staff_id, assigned_name, first_response_at, resolved_at, closed_at, recovery_action,
         first_late, resolution_late) = values
        return cls(fid, received_at, kind, channel, category, severity, status, description, customer_id,
                   customer_name, assigned_staff_id, assigned_name, first_response_at, resolved_at, closed_at,
                   recovery_action, bool(first_late), bool(resolution_late))

    @property
    def overdue(self) -> bool:
        return self.first_response_late or self.resolution_late

    @property
    def first_response_hours(self) -> float | None:
        return _hours(self.first_response_at, self.received_at)

    @property
    def resolution_hours(self) -> float | None:
        return _hours(self.resolved_at, self.received_at)


def _hours(end: datetime | None, start: datetime) -> float | None:
    return None if end is None else round((end - start).total_seconds() / 3600, 1)


# Feedback that owes the customer an answer; a compliment or a suggestion is thanked, not chased.
ANSWERED_KINDS = (FeedbackKind.COMPLAINT.value, FeedbackKind.INQUIRY.value)


def _late_clauses(limits: Targets, clock: datetime) -> tuple[Any, Any]:
    """SQL: (no first response and past the first-response target), (not resolved and past the resolution
    target) — both judged at ``clock``, for complaints and inquiries."""
    owed = Feedback.kind.in_(ANSWERED_KINDS)
    first_late = and_(owed, Feedback.status == R, Feedback.received_at < clock - limits.first_response)
    resolution_late = and_(owed, Feedback.status.in_(OPEN_STATUSES),
                           Feedback.received_at < clock - limits.resolution)
    return first_late, resolution_late


def list_feedback(session: Session, query: FeedbackQuery = FeedbackQuery(), *,
                  at: datetime | None = None, limit: int = 5000) -> list[FeedbackRow]:
    """Feedback newest first, filtered in SQL, each row marked late against the shop's targets."""
    clock = at or now()
    first_late, resolution_late = _late_clauses(targets(session), clock)
    assignee = aliased(Staff)
    # Typed as a tuple of anything: select()'s overloads stop at ten columns, and matching these (many typed
    # ``X | None`` on the models) against them is more than mypy will try.
    columns: tuple[Any, ...] = (
        Feedback.id, Feedback.received_at, Feedback.kind, Feedback.channel, Feedback.category, Feedback.severity,
        Feedback.status, Feedback.description, Feedback.customer_id, Customer.name, Feedback.assigned_staff_id,
        assignee.name, Feedback.first_response_at, Feedback.resolved_at, Feedback.closed_at,
        Feedback.recovery_action, first_late, resolution_late)
    stmt = (
        select(*columns)
        .outerjoin(Customer, Customer.id == Feedback.customer_id)
        .outerjoin(assignee, assignee.id == Feedback.assigned_staff_id)
        .order_by(Feedback.received_at.desc(), Feedback.id.desc())
        .limit(limit)
    )
    if query.status == "open":
        stmt = stmt.where(Feedback.status.in_(OPEN_STATUSES))
    elif query.status:
        stmt = stmt.where(Feedback.status == query.status)
    if query.kind:
        stmt = stmt.where(Feedback.kind == query.kind)
    if query.staff_id is not None:
        stmt = stmt.where(Feedback.assigned_staff_id == query.staff_id)
    if query.customer_id is not None:
        stmt = stmt.where(Feedback.customer_id == query.customer_id)
    if query.feedback_id is not None:
        stmt = stmt.where(Feedback.id == query.feedback_id)
    if query.overdue_only:
        stmt = stmt.where(or_(first_late, resolution_late))
    return [FeedbackRow.from_row(row) for row in session.execute(stmt)]


def median_resolution_hours(rows: list[FeedbackRow]) -> float | None:
    hours = [r.resolution_hours for r in rows if r.resolution_hours is not None]
    return round(statistics.median(hours), 1) if hours else None
