"""Checks shared by the entry services: each appends a Problem (field, code, message) instead of raising,
so one ValidationError can name every bad field at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.errors import Problem, ValidationError
from crmdesk.models import Customer, Staff


def check_customer(session: Session, customer_id: Any, problems: list[Problem]) -> Customer | None:
    if customer_id in (None, ""):
        problems.append(Problem("customer", "customer_required", "choose the customer this contact was with"))
        return None
    customer = session.get(Customer, int(customer_id))
    if customer is None:
        problems.append(Problem("customer", "customer_missing", f"customer #{customer_id} does not exist"))
    elif customer.archived:
        problems.append(Problem("customer", "customer_archived",
                                f"{customer.name} is archived; restore the card first", customer.name))
    return customer


def check_staff(session: Session, staff_id: Any, problems: list[Problem], field: str = "staff") -> int | None:
    if staff_id in (None, ""):
        return None
    if session.get(Staff, int(staff_id)) is None:
        problems.append(Problem(field, "staff_missing", f"staff member #{staff_id} does not exist", str(staff_id)))
        return None
    return int(staff_id)


def raise_problems(check: Callable[..., object], session: Session, value: Any) -> None:
    """Run one check on its own and raise its problem at once (for services that check a single field)."""
    problems: list[Problem] = []
    check(session, value, problems)
    if problems:
        raise ValidationError(problems)


def check_text(value: Any, field: str, limit: int, problems: list[Problem]) -> str:
    text = nz.strip_control(str(value or "")).strip()
    if len(text) > limit:
        problems.append(Problem(field, "too_long", f"at most {limit} characters", text[:40]))
    return text
