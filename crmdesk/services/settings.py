"""Shop-wide settings kept in the database."""

from __future__ import annotations

from sqlmodel import Session

from crmdesk.access import Permission, require
from crmdesk.models import Setting

DEFAULTS = {"shop_name": "", "currency": "KRW"}


def get_setting(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def set_setting(session: Session, key: str, value: str) -> None:
    """Owner only (every shop setting goes through here); audited."""
    require(session, Permission.SETTINGS)
    row = session.get(Setting, key)
    if row is None or row.value != value:
        from crmdesk.services import audit  # audit's own imports stay free of settings

        audit.record(session, "settings", None, {"key": key, "before": row.value if row else None, "after": value})
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    session.flush()
