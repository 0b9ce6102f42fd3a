"""Who is acting, and what their role lets them do. Qt-free; services and the store ask here.

The actor travels with the Store (``store.actor``) into every session it opens (``session.info``), so a
service checks with one line, ``require(session, Permission.EXPORT)``, whichever path called it: the window,
a background job or the command line. No actor means the machine's own user, the owner: the command line
runs as owner, and so does the window while sign-in is off.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from crmdesk.errors import CrmError


class Permission(StrEnum):
    EXPORT = "export"  # any file out of the shop: customer lists, sales, one customer's data
    BULK = "bulk"  # acting on many cards at once: import, retention erase
    ERASE = "erase"
    MERGE = "merge"
    SETTINGS = "settings"  # shop settings, staff accounts and passwords
    BACKUP = "backup"  # backup and restore
    AUDIT = "audit"  # read the audit log
    ANALYTICS = "analytics"  # the dashboard: the whole shop's figures and segments
    CONSENT = "consent"  # record a customer's consent or its withdrawal (staff do this at the counter)


OWNER, STAFF = "owner", "staff"
INACTIVE = "inactive"  # a signed-in person whose account the owner has since deactivated
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    OWNER: frozenset(Permission),
    # Staff find customers and log contacts, feedback, purchases and consent: nothing else above.
    STAFF: frozenset({Permission.CONSENT}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    staff_id: int | None
    name: str
    role: str

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS.get(self.role, frozenset())

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER


MACHINE_OWNER = Actor(None, "command line", OWNER)


class PermissionDenied(CrmError):
    """The signed-in person's role does not allow this."""

    def __init__(self, actor: Actor, permission: Permission) -> None:
        self.actor, self.permission = actor, permission
        role_ko = {OWNER: "사장", STAFF: "직원"}.get(actor.role, "비활성")
        name_ko = "명령줄" if actor is MACHINE_OWNER else actor.name
        super().__init__(f"{actor.name} ({actor.role}) may not {PERMISSION_VERBS[permission]}; "
                         "ask the owner.",
                         ko=f"이 계정({name_ko}, {role_ko})은 {PERMISSION_VERBS_KO[permission]} 권한이 없습니다. "
                            "사장에게 요청하세요.")


PERMISSION_VERBS = {
    Permission.EXPORT: "export data", Permission.BULK: "change many customers at once",
    Permission.ERASE: "erase a customer", Permission.MERGE: "merge customers",
    Permission.SETTINGS: "change settings or staff accounts", Permission.BACKUP: "make or restore backups",
    Permission.AUDIT: "read the audit log", Permission.ANALYTICS: "see the shop's figures and segments",
    Permission.CONSENT: "record consent",
}
PERMISSION_VERBS_KO = {
    Permission.EXPORT: "데이터를 내보낼", Permission.BULK: "여러 고객을 한 번에 바꿀",
    Permission.ERASE: "고객을 삭제할", Permission.MERGE: "고객을 병합할",
    Permission.SETTINGS: "설정이나 직원 계정을 바꿀", Permission.BACKUP: "백업을 만들거나 복원할",
    Permission.AUDIT: "감사 기록을 읽을", Permission.ANALYTICS: "가게의 수치와 세그먼트를 볼",
    Permission.CONSENT: "동의를 기록할",
}


def roles_allowed(needed: frozenset[Permission] | set[Permission]) -> list[str]:
    """The roles whose permissions cover all of ``needed``, owner first."""
    return [role for role, allowed in ROLE_PERMISSIONS.items() if set(needed) <= allowed]


def actor_of(source: Any) -> Actor:
    """The actor of a Session (its info) or a Store (its attribute); the machine owner when none is set."""
    info = getattr(source, "info", None)
    if isinstance(info, dict) and isinstance(info.get("actor"), Actor):
        return info["actor"]
    actor = getattr(source, "actor", None)
    return actor if isinstance(actor, Actor) else MACHINE_OWNER


def current(source: Any, actor: Actor) -> Actor:
    """The actor as the staff table has them now: an Actor is taken at sign-in, but the owner may demote or
    deactivate the person since. One primary-key read; a person no longer active keeps no permission."""
    if actor.staff_id is None:
        return actor
    if not (_is_session(source) or getattr(source, "engine", None) is not None):
        return actor
    row = _first(source, "SELECT role, active FROM staff WHERE id = :id", {"id": actor.staff_id})
    if row is None or not row.active:
        return Actor(actor.staff_id, actor.name, INACTIVE)
    return actor if row.role == actor.role else Actor(actor.staff_id, actor.name, row.role)


def sign_in_on(source: Any) -> bool:
    """True once any active staff member has a password or PIN (``source``: a Session or a Store)."""
    return _first(source, "SELECT id FROM staff WHERE active = :yes AND password_hash IS NOT NULL LIMIT 1",
                  {"yes": True}) is not None


def _is_session(source: Any) -> bool:
    return isinstance(getattr(source, "info", None), dict) and hasattr(source, "execute")


def _first(source: Any, sql: str, params: dict[str, Any]) -> Any:
    """The first row of ``sql`` read through a Session (in its transaction) or a Store's engine. Plain SQL, imported
    late: a permission check loads none of the models (a command's start stays lean)."""
    from sqlalchemy import text

    if _is_session(source):
        return source.execute(text(sql), params).first()
    with source.engine.connect() as conn:  # a Store
        return conn.execute(text(sql), params).first()


def require(source: Any, permission: Permission) -> Actor:
    """Raise PermissionDenied unless the acting person may (as the staff table has them now); returns the actor."""
    actor = current(source, actor_of(source))
    if not actor.can(permission):
        raise PermissionDenied(actor, permission)
    return actor
