"""The audit log: who viewed, changed, exported, merged, erased or signed in, and when.

Services call record() inside the unit of work they audit, so an act and its entry commit together or not
at all. Nothing here updates or deletes a row (on SQLite triggers refuse it); the one exception is erasure,
which blanks the details of the erased customer's entries because they hold the personal values erased, and
records that it did so in an entry of its own ("redact", naming the entries).

Entries are stamped in UTC and form a hash chain (store/audit_chain.py; verified by services/audit_check.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from crmdesk.access import Permission, actor_of, require
from crmdesk.models.base import local_to_utc, utc_to_local
from crmdesk.models.privacy import REDACTED, AuditEntry
from crmdesk.services import export_reason
from crmdesk.store import audit_chain, audit_key

ACTIONS = ("view", "create", "change", "consent", "export", "import", "merge", "unmerge", "erase", "archive",
           "restore", "sign_in", "sign_in_failed", "locked", "sign_out", "password", "staff", "settings",
           "retention_erase", "backup", "backup_restore", "purchase", "purchase_change", "purchase_void", "redact")
__all__ = ["ACTIONS", "REDACTED", "AuditQuery", "actors", "changes", "list_entries", "local_time", "record",
           "record_on", "redact_customer"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return value


def record(session: Session, action: str, customer_id: int | None = None, details: dict[str, Any] | None = None,
           *, actor: Any = None, at: datetime | None = None) -> AuditEntry:
    """Append one entry for the session's actor (or the one given: sign-in happens before there is one), stamped
    now in UTC (or at ``at``, UTC: when a queued act happened, such as a card viewed while the file was locked)."""
    who = actor or actor_of(session)
    details = export_reason.with_reason(action, details)
    session.flush()  # earlier writes first: the entry is the last thing linked
    bind = session.get_bind()
    entry = AuditEntry(**audit_chain.next_entry(
        _executor(session), bind.dialect.name, audit_key.database_of(bind.engine.url.database), at=at,
        staff_id=who.staff_id, actor=who.name, action=action, customer_id=customer_id,
        details=json.dumps({k: _plain(v) for k, v in (details or {}).items()}, ensure_ascii=False)))
    session.add(entry)
    session.flush()
    return entry


def _executor(bound: Any) -> audit_chain.Execute:
    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        result = bound.execute(text(sql), params)
        return [tuple(row) for row in result.fetchall()] if result.returns_rows else []
    return run


def record_on(conn: Any, actor: Any, action: str, customer_id: int | None = None,
              details: dict[str, Any] | None = None) -> None:
    """The same entry through a Core connection (bulk work such as an import runs on one, not a Session)."""
    details = export_reason.with_reason(action, details)
    audit_chain.append_core(conn, staff_id=actor.staff_id, actor=actor.name, action=action, customer_id=customer_id,
                            details={k: _plain(v) for k, v in (details or {}).items()})


def local_time(entry: AuditEntry) -> datetime:
    """When an entry was made, in this machine's time zone (the log keeps UTC)."""
    return utc_to_local(entry.at)


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that differ."""
    return {k: [_plain(before.get(k)), _plain(after.get(k))] for k in after if before.get(k) != after.get(k)}


@dataclass(frozen=True)
class AuditQuery:
    staff_id: int | None = None
    actor: str | None = None  # e.g. "command line"
    action: str | None = None
    customer_id: int | None = None
    start: date | None = None
    end: date | None = None  # inclusive


def list_entries(session: Session, query: AuditQuery = AuditQuery(), *, limit: int = 1000,
                 offset: int = 0) -> list[AuditEntry]:
    """Newest first; the owner only (the log shows who looked at whom)."""
    require(session, Permission.AUDIT)
    if query.customer_id is not None and not -(2**63) <= query.customer_id < 2**63:
        return []  # no such customer (SQLite's integers are 64-bit; a longer number would raise OverflowError)
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if query.staff_id is not None:
        stmt = stmt.where(AuditEntry.staff_id == query.staff_id)
    if query.actor:
        stmt = stmt.where(AuditEntry.actor == query.actor)
    if query.action:
        stmt = stmt.where(AuditEntry.action == query.action)
    if query.customer_id is not None:
        stmt = stmt.where(AuditEntry.customer_id == query.customer_id)
    if query.start is not None:  # the shop's days, in the log's UTC
        stmt = stmt.where(AuditEntry.at >= local_to_utc(datetime.combine(query.start, time.min)))
    if query.end is not None:
        stmt = stmt.where(AuditEntry.at < local_to_utc(datetime.combine(query.end + timedelta(days=1), time.min)))
    return list(session.exec(stmt.offset(offset).limit(limit)))


def actors(session: Session) -> list[str]:
    """Every name that appears in the log (filter choices)."""
    require(session, Permission.AUDIT)
    return sorted(set(session.exec(select(AuditEntry.actor).distinct())))


def redact_customer(session: Session, customer_id: int) -> int:
    """Blank the details (and their salt) of an erased customer's entries (part of erasure, owner only): who did
    what and when stays, and so does the chain. A customer who is not erased keeps their history (the trigger
    refuses it too). The redaction is an entry of its own naming the entries blanked, which `crmdesk check`
    requires of every blanked entry."""
    require(session, Permission.ERASE)
    session.flush()  # the card's erased_at, which the condition below and the trigger read
    ids = [i for (i,) in session.execute(text(
        "SELECT id FROM audit_log WHERE customer_id = :c AND action != 'redact' "
        "AND (details != :r OR details_salt IS NOT NULL) "
        "AND EXISTS (SELECT 1 FROM customer WHERE customer.id = :c AND customer.erased_at IS NOT NULL) "
        "ORDER BY id"), {"r": REDACTED, "c": customer_id})]
    if not ids:
        return 0
    record(session, "redact", customer_id, {"entries": ids})
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join(f":i{n}" for n in range(len(chunk)))
        session.execute(text(f"UPDATE audit_log SET details = :r, details_salt = NULL WHERE id IN ({marks})"),
                        {"r": REDACTED, **{f"i{n}": i for n, i in enumerate(chunk)}})
    return len(ids)
