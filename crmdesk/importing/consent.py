"""What an import records about consent: only what the user stated.

A customer file says nothing about whether its people agreed to anything. The user may state it for the whole
file (``crmdesk import customers FILE --consent-source TEXT --consent-date YYYY-MM-DD``: where and on which day
the customers agreed to collection, e.g. "paper membership forms"); then each new card gets a collection event
dated that day, method ``import``, and the import's audit entry names the source. Otherwise the new cards are
marked "consent not confirmed" and nothing is written to the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa

from crmdesk.store.bulk import insert_rows

Stated = tuple[str, date]  # (source, day)


def record_collection(conn: sa.Connection, customer_ids: Iterable[int], stated: Stated | None,
                      stamp: datetime) -> None:
    """The stated agreement to collection for each new card (nothing when nothing was stated)."""
    if stated is None:
        return
    given = datetime.combine(stated[1], datetime.min.time())
    insert_rows(conn, "consent_event", ("customer_id", "purpose", "granted", "at", "method", "recorded_at"),
                ((cid, "collection", True, given, "import", stamp) for cid in customer_ids))


def audit_details(stated: Stated | None) -> dict[str, str]:
    return {"consent_source": stated[0], "consent_date": stated[1].isoformat()} if stated else {}
