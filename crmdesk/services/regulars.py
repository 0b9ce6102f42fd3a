"""Staff and their regulars: a card's 담당 직원 (main contact), proposed from who has served the customer most,
and the hand-over of a leaving staff member's customers in one step."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, union_all
from sqlmodel import Session, col

from crmdesk.access import Permission, require
from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Contact, Customer, Purchase, Staff
from crmdesk.services import audit
from crmdesk.services import staff as staff_svc


@dataclass(frozen=True)
class Proposal:
    staff_id: int
    name: str
    served: int  # purchases entered and contacts logged with this customer


def propose_main_staff(session: Session, customer_id: int) -> Proposal | None:
    """The active staff member who has served the customer most (purchases entered plus contacts logged; ties go
    to the one who served them last); None when no active staff member has."""
    served = union_all(
        select(Purchase.staff_id.label("staff_id"), Purchase.purchased_at.label("at"))
        .where(Purchase.customer_id == customer_id, col(Purchase.voided_at).is_(None)),
        select(Contact.staff_id.label("staff_id"), Contact.occurred_at.label("at"))
        .where(Contact.customer_id == customer_id)).subquery()
    row = session.execute(
        select(Staff.id, Staff.name, func.count(), func.max(served.c.at))
        .join(served, served.c.staff_id == Staff.id).where(col(Staff.active).is_(True))
        .group_by(Staff.id, Staff.name).order_by(func.count().desc(), func.max(served.c.at).desc()).limit(1)).first()
    return None if row is None else Proposal(int(row[0]), row[1], int(row[2]))


def _active_staff(session: Session, staff_id: int, field: str) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise ValidationError([Problem(field, "staff_inactive", f"staff member #{staff_id} is not an active staff "
                                                                "member", str(staff_id))])
    return staff


def set_main_staff(session: Session, customer_id: int, staff_id: int | None) -> Customer:
    """Name (or, with None, clear) the customer's main contact."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound.of("Customer", customer_id)
    if staff_id is not None:
        _active_staff(session, staff_id, "main_staff")
    before = customer.main_staff_id
    customer.main_staff_id = staff_id
    session.add(customer)
    session.flush()
    if before != staff_id:
        audit.record(session, "change", customer_id, {"main_staff_id": [before, staff_id]})
    return customer


def regulars_of(session: Session, staff_id: int) -> list[Customer]:
    """The active customers whose main contact is this staff member, most valuable first."""
    return list(session.scalars(
        select(Customer).where(Customer.main_staff_id == staff_id, col(Customer.archived).is_(False))
        .order_by(col(Customer.total_spent).desc(), col(Customer.name))))


def deactivate_and_hand_over(session: Session, staff_id: int, to_staff_id: int | None) -> int:
    """Deactivate a staff member and, in the same step, make ``to_staff_id`` the main contact of every customer
    they were main contact for (None: those cards are left without one). Returns how many cards moved. The
    owner's step (staff accounts are settings); nothing changes when any part is refused."""
    require(session, Permission.SETTINGS)
    if to_staff_id == staff_id:
        raise ValidationError([Problem("to_staff", "same_staff", "hand the customers over to someone else")])
    if to_staff_id is not None:
        _active_staff(session, to_staff_id, "to_staff")
    cards = regulars_of(session, staff_id)
    staff_svc.update_staff(session, staff_id, active=False)
    for customer in cards:
        customer.main_staff_id = to_staff_id
        session.add(customer)
    session.flush()
    if cards:
        audit.record(session, "change", None, {"main_staff_handed_over": len(cards), "from_staff_id": staff_id,
                                               "to_staff_id": to_staff_id})
    return len(cards)
