"""Restoring a backup without bringing erased customers back.

store.backups.restore checks the backup, copies it beside the live file and finds the customers erased since
it was taken (in the live file, or in any newer backup when the live file is damaged). Here they are erased
again ON THAT COPY, through privacy's own erasure (the same cards, texts, consent, search index and fingerprints),
before the copy replaces the live file: a crash at any moment leaves either the old database or a restored one
in which they are erased, never one in which they are back.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from crmdesk.access import Actor, Permission, require
from crmdesk.services import privacy
from crmdesk.store import backups, open_copies, schema
from crmdesk.store.engine import Store, database_url, make_engine


def _reerase_in(actor: Any) -> backups.Reerase:
    def reerase(staged: Path, customer_ids: tuple[int, ...]) -> tuple[int, ...]:
        url = database_url(staged)
        store = Store(make_engine(url), url, actor=actor)
        try:
            if schema.current_revision(store) != schema.HEAD:  # a backup from an older crmdesk: upgraded first
                copy = schema.upgrade(store)
                if copy is not None:
                    copy.unlink(missing_ok=True)  # a copy of a copy that is not in place yet: nothing to keep
            with store.session() as session:
                return tuple(privacy.erase_again_after_restore(session, customer_ids))
        finally:
            store.close()
    return reerase


@dataclasses.dataclass(frozen=True)
class _Checked:
    """Who asks, already checked against the staff table (backups.restore reads nothing more for it)."""

    actor: Actor


def restore_backup(backup_file: str | Path, target: str | Path, *, by: object = None,
                   actor: Any = None) -> backups.RestoreResult:
    """Restore ``backup_file`` over ``target`` (confirmed by the caller), re-erasing on the restored copy the
    customers erased since the backup was taken. ``by``: who asks (the Store or an Actor holder; the owner only);
    ``actor``: who the erasure is recorded as (the signed-in owner; None: the machine's own user)."""
    who = require(by, Permission.BACKUP)
    if isinstance(by, Store):
        # Checking the owner re-read the staff row through the store's pool: that connection would keep the file
        # open and the restore would refuse it as in use (the window, with sign-in on, could never restore).
        by.close()
    if actor is None:
        actor = getattr(by, "actor", None)
    protected_before = open_copies.has_sign_in(Path(target))
    result = backups.restore(backup_file, target, yes=True, by=_Checked(who), reerase=_reerase_in(actor))
    if protected_before and not open_copies.has_sign_in(result.target):
        result = dataclasses.replace(result, sign_in_dropped=True)
    return result
