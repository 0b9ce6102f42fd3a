"""PostgreSQL set-up that needs more rights than the application's own login role has.

The audit log and the consent ledger are append-only by triggers (migrations 0006/0008 on SQLite, 0013 on
PostgreSQL). A trigger can be dropped or disabled by its table's owner, and any table by its schema's owner; so
that the login role crmdesk connects as cannot simply drop them, the two tables, their trigger functions and the
schema belong to a role nobody logs in as. The login role keeps read, append, and the update and delete the
triggers judge (only the one redaction passes). Run by a superuser once after migrating.
"""

from __future__ import annotations

from typing import Any

LEDGERS = ("audit_log", "consent_event")
TRIGGER_FUNCTIONS = ("crmdesk_audit_log_append_only()", "crmdesk_consent_event_append_only()")


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain role name: {name!r}")
    return f'"{name}"'


def guard_ledgers(conn: Any, *, app_role: str, guard_role: str) -> None:
    """Hand the ledgers to ``guard_role``; ``app_role`` may read, append and redact, not drop or disable.

    ``conn`` is a DB-API connection (psycopg) in autocommit mode, or anything with ``execute(sql)``."""
    app, guard = _ident(app_role), _ident(guard_role)
    # A schema's owner may drop any object in it, whoever owns the object; since PostgreSQL 15 ``public`` belongs
    # to the database's owner, often the login role. The login role keeps creating its own tables there.
    conn.execute(f"ALTER SCHEMA public OWNER TO {guard}")
    conn.execute(f"GRANT USAGE, CREATE ON SCHEMA public TO {app}")
    for table in LEDGERS:
        conn.execute(f"ALTER TABLE {table} OWNER TO {guard}")  # its id sequence follows the table
        conn.execute(f"REVOKE ALL ON {table} FROM {app}")
        # DELETE and UPDATE reach the triggers, which refuse them (the one redaction aside) with the same
        # "append-only" message as on SQLite; TRUNCATE, ALTER, DROP and DISABLE TRIGGER stay the owner's.
        conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE, REFERENCES ON {table} TO {app}")
        conn.execute(f"GRANT USAGE, SELECT, UPDATE ON SEQUENCE {table}_id_seq TO {app}")
    for function in TRIGGER_FUNCTIONS:
        conn.execute(f"ALTER FUNCTION {function} OWNER TO {guard}")
