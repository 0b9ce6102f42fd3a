"""The import's hold on the database: on SQLite its one transaction takes the write lock when it begins.

Why the lock at the start rather than a retry: a deferred transaction reads a snapshot, and when another
connection commits before its first write (a backup's log entry, a consent change, the audit entry of a card
opened in the window), SQLite refuses that write at once ("database is locked"; waiting cannot help, the
snapshot is stale). A retry would redo the whole plan against changed data; holding the lock while planning
makes the plan exactly what is written. The file is read and parsed before (runner.run_import), so the lock is
held for the planning and the writes only, and the other writers wait for it (write-first ones such as a
backup's log entry up to their busy timeout; a read-then-write unit of work must take the lock when it begins
too, ``Store.session(immediate=True)``, or it is refused at its write as before).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from crmdesk.importing.readers import SourceTable
from crmdesk.importing.report import ImportRefused

# How long an import waits for another connection's write to end before it refuses. The other writes take
# milliseconds; another import can take many seconds.
LOCK_WAIT_SECONDS = 30.0


@contextmanager
def write_lock(conn: sa.Connection, source: SourceTable, *, wanted: bool) -> Iterator[None]:
    """On SQLite, the import's transaction begins with BEGIN IMMEDIATE, waiting up to LOCK_WAIT_SECONDS for a
    write in progress elsewhere to end; refused with ImportRefused (nothing written) when it does not. A dry run
    only reads, and takes no lock. On PostgreSQL the runner takes a transaction-scoped advisory lock instead, once
    its transaction has begun (server_lock)."""
    if not wanted or conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.dbapi_connection
    assert raw is not None
    cursor = raw.cursor()
    cursor.execute("PRAGMA busy_timeout")
    row = cursor.fetchone()
    before = int(row[0]) if row else 5000
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
    conn.execution_options(crmdesk_immediate=True, crmdesk_patient=False)  # its own wait, LOCK_WAIT_SECONDS
    try:
        yield
    except OperationalError as exc:
        if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
            raise
        raise ImportRefused(f"{source.path.name} was not imported: the database stayed busy with another change "
                            f"for {LOCK_WAIT_SECONDS:g} seconds (another import, a restore?). Nothing was written; "
                            "try again once it is done.", reason="busy", file=source.path.name,
                            count=int(LOCK_WAIT_SECONDS)) from exc
    finally:
        conn.execution_options(crmdesk_immediate=False, crmdesk_patient=None)
        cursor.execute(f"PRAGMA busy_timeout={before}")
        cursor.close()


def server_lock(conn: sa.Connection, *, wanted: bool) -> None:
    """On PostgreSQL, inside the import's transaction: two terminals importing at once are put one after the other,
    and the second plans against the first's committed rows (READ COMMITTED), so one file is imported once."""
    if wanted and conn.dialect.name == "postgresql":
        from crmdesk.services.concurrency import IMPORT, lock_name

        lock_name(conn, IMPORT)
