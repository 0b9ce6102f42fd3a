"""Staff members: who is at the counter, who handled a contact, a purchase or a complaint."""

from __future__ import annotations

from sqlmodel import Session, select

from crmdesk import normalise as nz
from crmdesk.access import Permission, require
from crmdesk.errors import NotFound, Problem, ValidationError
from crmdesk.models import Staff, StaffRole
from crmdesk.services import audit, auth

ROLES = tuple(r.value for r in StaffRole)


def list_staff(session: Session, *, include_inactive: bool = False) -> list[Staff]:
    """Staff in name order; active ones only unless asked."""
    stmt = select(Staff).order_by(Staff.name, Staff.id)
    if not include_inactive:
        stmt = stmt.where(Staff.active.is_(True))
    return list(session.exec(stmt))


def get_staff(session: Session, staff_id: int) -> Staff:
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFound.of("Staff member", staff_id)
    return staff


def _validated(name: object, role: object) -> tuple[str, str]:
    problems = []
    clean = nz.clean_text(name if isinstance(name, str) else None)
    if not clean:
        problems.append(Problem(field="name", code="staff_name_required", message="a staff member needs a name"))
    elif len(clean) > 100:
        problems.append(Problem(field="name", code="name_long", message="a name has at most 100 characters"))
    if role not in ROLES:
        problems.append(Problem(field="role", code="role_invalid", message=f"role is one of {', '.join(ROLES)}",
                                value=str(role)))
    if problems:
        raise ValidationError(problems)
    return clean or "", str(role)


def create_staff(session: Session, name: str, role: str = StaffRole.STAFF.value) -> Staff:
    require(session, Permission.SETTINGS)
    clean, role = _validated(name, role)
    staff = Staff(name=clean, role=role)
    session.add(staff)
    session.flush()
    audit.record(session, "staff", None, {"staff_id": staff.id, "name": clean, "role": role})
    return staff


def update_staff(session: Session, staff_id: int, *, name: str | None = None, role: str | None = None,
                 active: bool | None = None) -> Staff:
    require(session, Permission.SETTINGS)
    staff = get_staff(session, staff_id)
    clean, role = _validated(staff.name if name is None else name, staff.role if role is None else role)
    old_name, old_role, old_active = staff.name, staff.role, staff.active
    before = {"name": old_name, "role": old_role, "active": old_active}
    staff.name, staff.role = clean, role
    if active is not None:
        staff.active = active
    session.add(staff)
    session.flush()
    if auth.sign_in_required(session) and not any(s.role == StaffRole.OWNER.value for s in auth.accounts(session)):
        staff.name, staff.role, staff.active = old_name, old_role, old_active
        session.add(staff)
        session.flush()
        raise ValidationError([Problem("role" if role != before["role"] else "active", "last_owner",
                                       "this is the only owner who can sign in; give another owner a password or "
                                       "PIN first, or remove the staff passwords")])
    changed = audit.changes(before, {"name": staff.name, "role": staff.role, "active": staff.active})
    if changed:
        audit.record(session, "staff", None, {"staff_id": staff.id, **changed})
    return staff
