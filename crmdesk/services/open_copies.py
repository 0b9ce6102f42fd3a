"""Copies that open without a password once sign-in is on: which they are, and protecting or removing them.

One decision for both the command line (`crmdesk password`, `crmdesk backups --protect | --remove-open`) and the
window's Staff screen: the copies are found by store/open_copies.py (plain sqlite3, never upgraded); protecting
gives each copy the live accounts' password hashes, removing deletes it; both are the owner's (backups) and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from crmdesk.access import Permission, require
from crmdesk.models import StaffRole
from crmdesk.services import audit, auth
from crmdesk.store import open_copies
from crmdesk.store.engine import Store
from crmdesk.store.open_copies import OpenCopy

__all__ = ["OpenCopy", "Protected", "find", "protect", "remove"]


@dataclass(frozen=True)
class Protected:
    done: tuple[Path, ...]  # copies that now ask for the live database's passwords
    left: tuple[Path, ...]  # copies that could not take them (older than passwords, unreadable): remove those


def find(store: Store) -> list[OpenCopy]:
    """The backups and before-upgrade copies of the store's file that open without a password (none for a
    server database, which has no such copies)."""
    if store.path is None:
        return []
    with store.session() as session:
        owners = {s.id for s in auth.accounts(session) if s.role == StaffRole.OWNER.value}
    return open_copies.open_copies(store.path, owners)


def protect(store: Store, found: list[OpenCopy]) -> Protected:
    """Give each protectable copy the live accounts' password hashes, so it asks for the same passwords."""
    require(store, Permission.BACKUP)
    with store.session() as session:
        hashes = {s.id: s.password_hash for s in auth.accounts(session)}
    done = tuple(c.path for c in found if c.protectable and open_copies.protect(c.path, hashes))
    with store.session() as session:
        audit.record(session, "backups_protected", None, {"files": [str(p) for p in done]})
    return Protected(done, tuple(c.path for c in found if c.path not in done))


def remove(store: Store, found: list[OpenCopy]) -> list[Path]:
    """Delete the copies (and their journals); audited."""
    require(store, Permission.BACKUP)
    for copy in found:
        open_copies.remove(copy.path)
    with store.session() as session:
        audit.record(session, "backups_removed", None, {"files": [str(c.path) for c in found]})
    return [c.path for c in found]
