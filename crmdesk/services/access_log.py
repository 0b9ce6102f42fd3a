"""Access records the law asks for (issue 17; 개인정보의 안전성 확보조치 기준): why personal data left the shop,
and the owner's monthly look at every download and export.

- ``export_reason(text)`` states the one-line reason for the exports made inside it (the command line's
  ``--reason``, the window's dialog line); ``services.audit`` adds it to every ``export`` entry, so no export
  path can forget it. ``reason_required`` says whether a reason must be given: once sign-in is on.
- ``monthly_review`` lists a month's export entries (who, when, what, how many rows, why), from the audit log.
  Audit entries are never removed (the log is append-only; retention erase only redacts an erased customer's
  details), so two years of entries are always there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from crmdesk.services.export_reason import MAX_REASON, clean_reason, current_reason, export_reason

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["MAX_REASON", "clean_reason", "current_reason", "export_reason", "monthly_review", "reason_required"]


def reason_required(session: Session) -> bool:
    """Once sign-in is on, every export of personal data says why."""
    from crmdesk.access import sign_in_on

    return sign_in_on(session)


@dataclass(frozen=True, slots=True)
class ExportRecord:
    at: datetime  # local time
    actor: str
    what: str
    file: str
    rows: int | None
    reason: str


def monthly_review(session: Session, month: date) -> list[ExportRecord]:
    """Every export (files, recipient lists, a customer's own data) in the month of ``month``, oldest first."""
    from crmdesk.services import audit

    first = month.replace(day=1)
    last = (first.replace(year=first.year + 1, month=1) if first.month == 12
            else first.replace(month=first.month + 1))
    entries = audit.list_entries(session, audit.AuditQuery(action="export", start=first,
                                                           end=date.fromordinal(last.toordinal() - 1)),
                                 limit=100_000)
    out = []
    for entry in reversed(entries):
        details = json.loads(entry.details or "{}")
        out.append(ExportRecord(audit.local_time(entry), entry.actor, str(details.get("what", "")),
                                str(details.get("file", "")), details.get("rows"), str(details.get("reason", ""))))
    return out
