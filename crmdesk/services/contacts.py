"""The contact-point log: visits, calls, messages and after-sales visits, with follow-ups.

Logging is the hot path at the counter: one call validates everything and writes one row. A follow-up is a
date on a contact; doing it logs the follow-up contact and ticks the original off, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Channel, Contact, Customer, Purpose, Staff
from crmdesk.models.base import now
from crmdesk.services.checks import check_customer, check_staff, check_text

CHANNELS = tuple(c.value for c in Channel)
PURPOSES = tuple(p.value for p in Purpose)
NOTE_MAX, OUTCOME_MAX = 1000, 200
# A clock a few minutes fast on another terminal must not make a contact "in the future".
CLOCK_SLACK = timedelta(minutes=5)


def _check_follow_up(value: Any, today: date, problems: list[Problem]) -> date | None:
    if isinstance(value, datetime):
        value = value.date()
    try:
        when = nz.parse_date(value)
    except nz.InvalidValue:
        problems.append(Problem("follow_up_on", "date_invalid", "write the date like 2026-05-17", str(value)))
        return None
    if when is not None and when < today:
        problems.append(Problem("follow_up_on", "follow_up_past",
                                "a follow-up date cannot lie in the past", when.isoformat()))
    return when


def log_contact(session: Session, data: Mapping[str, Any], *, at: datetime | None = None) -> Contact:
    """Record one contact. ``data``: customer_id (required), channel, purpose, staff_id, note, outcome,
    follow_up_on (today or later), occurred_at (default now). Raises ValidationError naming every problem;
    nothing is written then."""
    clock = at or now()
    problems: list[Problem] = []
    unknown = set(data) - {"customer_id", "channel", "purpose", "staff_id", "note", "outcome", "follow_up_on",
                           "occurred_at"}
    if unknown:
        raise KeyError(f"unknown contact fields {sorted(unknown)}")
    check_customer(session, data.get("customer_id"), problems)
    channel = data.get("channel") or Channel.VISIT.value
    if channel not in CHANNELS:
        problems.append(Problem("channel", "channel_invalid", f"channel is one of {', '.join(CHANNELS)}", channel))
    purpose = data.get("purpose") or Purpose.PURCHASE.value
    if purpose not in PURPOSES:
        problems.append(Problem("purpose", "purpose_invalid", f"purpose is one of {', '.join(PURPOSES)}", purpose))
    staff_id = check_staff(session, data.get("staff_id"), problems)
    note = check_text(data.get("note"), "note", NOTE_MAX, problems)
    outcome = check_text(data.get("outcome"), "outcome", OUTCOME_MAX, problems)
    occurred = data.get("occurred_at") or clock
    if occurred > clock + CLOCK_SLACK:
        problems.append(Problem("occurred_at", "date_future", "a contact cannot lie in the future",
                                occurred.isoformat(sep=" ")))
    follow_up = _check_follow_up(data.get("follow_up_on"), clock.date(), problems)
    if problems:
        raise ValidationError(problems)
    contact = Contact(customer_id=int(data["customer_id"]), staff_id=staff_id, occurred_at=occurred.replace(
        microsecond=0), channel=channel, purpose=purpose, note=note, outcome=outcome, follow_up_on=follow_up,
        created_at=clock)
    session.add(contact)
    session.flush()
    return contact


@dataclass(frozen=True)
class FollowUp:
    """One open follow-up for the "today" list."""

    contact_id: int
    customer_id: int
    customer_name: str
    phone: str | None
    due: date
    purpose: str
    channel: str
    note: str
    staff_id: int | None
    staff_name: str | None
    logged_at: datetime

    def overdue(self, today: date) -> bool:
        return self.due < today


def open_follow_ups(session: Session, today: date, *, staff_id: int | None = None,
                    days_ahead: int = 0) -> list[FollowUp]:
    """Follow-ups not yet done that are due by ``today + days_ahead`` (overdue ones first)."""
    until = today + timedelta(days=days_ahead)
    stmt = (
        select(Contact.id, Contact.customer_id, Customer.name, Customer.phone, Contact.follow_up_on,
               Contact.purpose, Contact.channel, Contact.note, Contact.staff_id, Staff.name, Contact.occurred_at)
        .join(Customer, Customer.id == Contact.customer_id)
        .outerjoin(Staff, Staff.id == Contact.staff_id)
        .where(Contact.follow_up_done_at.is_(None), Contact.follow_up_on.is_not(None),
               Contact.follow_up_on <= until, Customer.archived.is_(False))
        .order_by(Contact.follow_up_on, Contact.occurred_at, Contact.id)
    )
    if staff_id is not None:
        stmt = stmt.where(Contact.staff_id == staff_id)
    return [FollowUp(*row) for row in session.execute(stmt)]


def complete_follow_up(session: Session, contact_id: int, *, staff_id: int | None, channel: str | None = None,
                       note: str = "", outcome: str = "", follow_up_on: Any = None,
                       at: datetime | None = None) -> Contact:
    """Do a follow-up: log the follow-up contact (default: a call out) and tick the original off."""
    original = session.get(Contact, contact_id)
    if original is None:
        raise NotFound.of("Contact", contact_id)
    if original.follow_up_done_at is not None:
        raise ValidationError([Problem("follow_up", "follow_up_done", "this follow-up is already done")])
    if original.follow_up_on is None:
        raise ValidationError([Problem("follow_up", "follow_up_none", "this contact has no follow-up")])
    done = log_contact(session, {
        "customer_id": original.customer_id, "staff_id": staff_id, "channel": channel or Channel.PHONE_OUT.value,
        "purpose": Purpose.FOLLOW_UP.value, "note": note, "outcome": outcome, "follow_up_on": follow_up_on,
    }, at=at)
    original.follow_up_done_at = done.occurred_at
    original.follow_up_contact_id = done.id
    session.add(original)
    session.flush()
    return done


def customer_contacts(session: Session, customer_id: int, *, limit: int = 500) -> list[Contact]:
    stmt = (select(Contact).where(Contact.customer_id == customer_id)
            .order_by(Contact.occurred_at.desc(), Contact.id.desc()).limit(limit))
    return list(session.scalars(stmt))


def follow_up_counts(session: Session, today: date) -> tuple[int, int]:
    """(due today, overdue) open follow-ups: what the navigation badge shows."""
    open_ = and_(Contact.follow_up_done_at.is_(None), Contact.follow_up_on.is_not(None))
    row = session.execute(
        select(func.count().filter(Contact.follow_up_on == today), func.count().filter(Contact.follow_up_on < today))
        .join(Customer, Customer.id == Contact.customer_id)
        .where(open_, Customer.archived.is_(False))
    ).one()
    return int(row[0]), int(row[1])
