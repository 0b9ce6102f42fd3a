"""Appending to the audit log's hash chain, for every writer: a Session, a Core connection (bulk work) or a plain
sqlite3 connection (the backup functions, which work on the file itself).

The writer first takes the database's write lock, then reads the last entry's hash: two processes appending at
once are put one after the other and never both link to the same entry (on PostgreSQL a transaction-scoped
advisory lock does the same). Each new link is keyed with the database's audit key (store/audit_key.py)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any

from crmdesk.audit_links import chain_hash, details_digest, keyed_chain_hash, new_salt
from crmdesk.clock import now, utc_now
from crmdesk.store import audit_key
from crmdesk.store.engine import mask_url

ADVISORY_KEY = 0x63726D61756469  # "crmaudi": the lock every appender takes on PostgreSQL
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # as SQLAlchemy writes a DateTime on SQLite
LAST_HASH = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"

Execute = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


def lock_and_head(execute: Execute, dialect: str) -> str:
    """Take the write lock (held to the end of the transaction) and return the last entry's hash ("" if none)."""
    if dialect == "sqlite":
        execute("UPDATE audit_log SET id = id WHERE 0", {})  # a write that changes nothing: the lock only
    elif dialect == "postgresql":
        execute("SELECT pg_advisory_xact_lock(:k)", {"k": ADVISORY_KEY})
    rows = execute(LAST_HASH, {})
    return str(rows[0][0] or "") if rows else ""


def chained_values(prev: str, key: audit_key.AuditKey | None, *, at: datetime | None, staff_id: int | None,
                   actor: str, action: str, customer_id: int | None, details: str) -> dict[str, Any]:
    """Every column of a new entry linked to ``prev`` under ``key`` (None: a plain link, see next_entry)."""
    moment = at or utc_now()
    details = mask_url(details)  # a server URL in an entry never keeps its password
    salt = new_salt()
    digest = details_digest(salt, details)
    link = (chain_hash(prev, moment, staff_id, actor, action, customer_id, digest) if key is None else
            keyed_chain_hash(key.key_id, key.secret, prev, moment, staff_id, actor, action, customer_id, digest))
    return {"at": moment, "staff_id": staff_id, "actor": actor, "action": action, "customer_id": customer_id,
            "details": details, "details_salt": salt, "details_digest": digest, "prev_hash": prev, "hash": link}


def next_entry(execute: Execute, dialect: str, database: str | None, *, at: datetime | None, staff_id: int | None,
               actor: str, action: str, customer_id: int | None, details: str) -> dict[str, Any]:
    """Take the write lock, read the last link and the key, and return the new entry's columns (to insert in the
    same transaction).

    On PostgreSQL the links stay plain: several terminals write the one log, and a key kept in one computer's
    folder would be missing on the others (each would make its own and rename the database's). There the log is
    guarded by the server instead: the login role cannot change, remove or un-trigger the ledgers (migration 0013,
    store/postgres.guard_ledgers), which is what the key defends against on a file anyone can write."""
    prev = lock_and_head(execute, dialect)
    key = None if dialect == "postgresql" else audit_key.for_writing(execute, database)
    return chained_values(prev, key, at=at, staff_id=staff_id, actor=actor, action=action, customer_id=customer_id,
                          details=details)


def has_chain(conn: sqlite3.Connection) -> bool:
    return any(r[1] == "hash" for r in conn.execute("PRAGMA table_info(audit_log)"))


def append_sqlite(conn: sqlite3.Connection, *, staff_id: int | None, actor: str, action: str,
                  customer_id: int | None, details: dict[str, Any]) -> None:
    """One chained entry through a plain sqlite3 connection, committed at once under the write lock (a file older
    than the chain gets the old plain entry)."""
    text = mask_url(json.dumps(details, ensure_ascii=False))
    if not has_chain(conn):  # a file older than 0012 keeps local stamps: its upgrade converts them all
        with conn:
            conn.execute("INSERT INTO audit_log (at, staff_id, actor, action, customer_id, details) "
                         "VALUES (?, ?, ?, ?, ?, ?)",
                         (now().strftime(STAMP), staff_id, actor, action, customer_id, text))
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(LAST_HASH).fetchall()
        main = next((r[2] for r in conn.execute("PRAGMA database_list") if r[1] == "main"), None)

        def execute(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
            return conn.execute(sql, params).fetchall()

        key = audit_key.for_writing(execute, audit_key.database_of(main))
        values = chained_values(str(rows[0][0] or "") if rows else "", key, at=None, staff_id=staff_id, actor=actor,
                                action=action, customer_id=customer_id, details=text)
        values["at"] = values["at"].strftime(STAMP)
        conn.execute(f"INSERT INTO audit_log ({', '.join(values)}) VALUES ({', '.join(':' + k for k in values)})",
                     values)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def append_core(conn: Any, *, staff_id: int | None, actor: str, action: str, customer_id: int | None,
                details: dict[str, Any]) -> None:
    """One chained entry through a SQLAlchemy Core connection, in its transaction (bulk work, a server's backup,
    an analysis table's export). Core only: writing one entry loads none of the models."""
    import sqlalchemy as sa

    def execute(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        result = conn.execute(sa.text(sql), params)
        return [tuple(row) for row in result.fetchall()] if result.returns_rows else []

    values = next_entry(execute, conn.dialect.name, audit_key.database_of(conn.engine.url.database), at=None,
                        staff_id=staff_id, actor=actor, action=action, customer_id=customer_id,
                        details=json.dumps(details, ensure_ascii=False))
    # The stamp bound as the model's DateTime column binds it (SQLite: its text; a server: a timestamp).
    table = sa.table("audit_log", *(sa.column(name, sa.DateTime() if name == "at" else None) for name in values))
    conn.execute(table.insert().values(**values))
