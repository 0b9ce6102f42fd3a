"""Is the audit log what crmdesk wrote? The part of `crmdesk check` that looks for tampering, on the database file
itself (read-only, without opening the store).

It reports, in plain words: a missing or altered append-only trigger; a broken link in the hash chain (an entry
changed, removed or forged with plain SQL); entries removed from the end (SQLite's AUTOINCREMENT counter is past
the last id); a blanked entry whose customer is not erased, or that no redaction entry names; and a staff member
whose role differs from the last role the log recorded for them (a role change without an audit entry).

Links written since the log was keyed are HMACs under a key kept outside the database (store/audit_key.py): an
entry rewritten with a recomputed plain hash, or a keyed link recomputed without the key, is reported; so is a
log rewritten wholesale with plain links, on the computer that keyed it. Entries keyed on another computer
are reported as unverifiable here (copy the keys folder along with the database). The plain links written
before the key remain what they were: someone who rewrites those and every later one, key in hand, is not
caught by the file alone; comparing with a backup's log is the remedy for that.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from crmdesk.models.privacy import (
    APPEND_ONLY_TRIGGERS,
    REDACTED,
    chain_hash,
    details_digest,
    key_id_of,
    keyed_chain_hash,
)
from crmdesk.store import audit_key
from crmdesk.store.read_only import connect_read_only

MAX_REPORTED = 20  # broken entries named one by one; beyond that, a count


def audit_problems(path: str | Path) -> list[str]:
    """Each sign of tampering with the audit log, the append-only triggers or staff roles (empty: none). A file
    older than the chain (before migration 0012) or without an audit log has nothing to check. ``path`` may be a
    PostgreSQL URL: the same chain and role checks run there, with the server's triggers (server_problems)."""
    if "://" in str(path) and not str(path).startswith("sqlite"):
        return server_problems(str(path))
    try:
        conn = connect_read_only(Path(path))
    except sqlite3.Error as exc:
        return [f"The file cannot be opened: {exc}."]
    try:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
        if "hash" not in columns:
            return []
        return (_trigger_problems(conn) + _sequence_problems(conn) + _chain_problems(conn, Path(path))
                + _role_problems(conn))
    except sqlite3.DatabaseError as exc:
        return [f"The audit log cannot be read: {exc}."]
    finally:
        conn.close()


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _trigger_problems(conn: sqlite3.Connection) -> list[str]:
    found = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
    problems = []
    for name, sql in APPEND_ONLY_TRIGGERS.items():
        if name not in found:
            problems.append(f"The trigger {name}, which keeps the audit log and the consent ledger append-only, "
                            "is missing: someone has removed it.")
        elif _normal(found[name]) != _normal(sql):
            problems.append(f"The trigger {name}, which keeps the audit log and the consent ledger append-only, "
                            "has been altered.")
    return problems


def _sequence_problems(conn: sqlite3.Connection) -> list[str]:
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").fetchone()
    last = conn.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0
    if row is not None and row[0] > last:
        return [f"Audit entries after #{last} (up to #{row[0]}) have been removed."]
    return []


class _Keys:
    """The audit keys the log's links name, loaded once each; which ones this computer lacks."""

    def __init__(self) -> None:
        self.loaded: dict[str, audit_key.AuditKey | None] = {}

    def get(self, key_id: str) -> audit_key.AuditKey | None:
        if key_id not in self.loaded:
            self.loaded[key_id] = audit_key.load(key_id)
        return self.loaded[key_id]

    def missing(self) -> list[str]:
        return sorted(k for k, v in self.loaded.items() if v is None)


def _chain_problems(conn: Any, path: Path | None = None) -> list[str]:
    """The chain read through a DB-API connection: an SQLite file's (``path``: its keys are looked for) or a
    server's (its links are plain: store/audit_chain.next_entry)."""
    erased = {r[0] for r in conn.execute("SELECT id FROM customer WHERE erased_at IS NOT NULL")}
    named: set[int] = set()
    for (details,) in conn.execute("SELECT details FROM audit_log WHERE action = 'redact'"):
        try:
            named.update(int(i) for i in json.loads(details).get("entries", []))
        except (ValueError, TypeError, AttributeError):
            continue
    problems: list[str] = []
    prev = ""
    broken = 0
    keys = _Keys()
    keyed_from: int | None = None  # the first keyed entry: no plain link may follow it
    rows = conn.execute("SELECT id, at, staff_id, actor, action, customer_id, details, details_salt, details_digest, "
                        "prev_hash, hash FROM audit_log ORDER BY id")
    for entry_id, at, staff_id, actor, action, customer_id, details, salt, digest, prev_hash, link in rows:
        # On a server the links are plain by design (audit_chain.next_entry): keyed ones there came with a file
        # moved in (move-to), and plain ones after them are the server's own, not forgeries.
        if key_id_of(link) is not None and keyed_from is None and path is not None:
            keyed_from = entry_id
        why = _entry_problem(entry_id, (at, staff_id, actor, action, customer_id, details, salt, digest),
                             prev, prev_hash, link, erased, named, keys, keyed_from)
        if why:
            broken += 1
            if broken <= MAX_REPORTED:
                problems.append(why)
        prev = link or ""
    if broken > MAX_REPORTED:
        problems.append(f"… and {broken - MAX_REPORTED} more audit entries that do not match their chain.")
    return problems + _key_problems(keys, path)


def _key_problems(keys: _Keys, path: Path | None) -> list[str]:
    problems = [f"Audit entries keyed with key {key_id} cannot be verified on this computer: the key is kept on "
                f"the computer that wrote them. Copy audit-{key_id}.key from that computer's crmdesk keys folder "
                f"into {audit_key.keys_dir()}." for key_id in keys.missing()]
    for key in audit_key.made_for(audit_key.database_of(str(path))) if path is not None else []:
        if key.key_id not in keys.loaded:
            problems.append(f"This computer keyed the audit log of this database (key {key.key_id}), but no entry "
                            "carries that key any more: the log has been rewritten without it.")
    return problems


def _link_problem(entry_id: int, fields: tuple, prev: str, link: str, keys: _Keys,
                  keyed_from: int | None) -> str | None:
    at, staff_id, actor, action, customer_id, _details, _salt, digest = fields
    key_id = key_id_of(link)
    try:
        if key_id is None:
            if keyed_from is not None and entry_id > keyed_from:
                return (f"Audit entry #{entry_id} has been changed since it was written, or forged: its link is "
                        f"plain after keyed ones (from #{keyed_from}), made without the audit key.")
            expected = chain_hash(prev, at, staff_id, actor, action, customer_id, digest or "")
        else:
            key = keys.get(key_id)
            if key is None:
                return None  # said once for the whole key, after the chain
            expected = keyed_chain_hash(key.key_id, key.secret, prev, at, staff_id, actor, action, customer_id,
                                        digest or "")
    except (TypeError, ValueError):
        expected = None
    if expected != link:
        return f"Audit entry #{entry_id} has been changed since it was written (who, what, whose or when)."
    return None


def _entry_problem(entry_id: int, fields: tuple, prev: str, prev_hash: str, link: str, erased: set[int],
                   named: set[int], keys: _Keys, keyed_from: int | None) -> str | None:
    _at, _staff_id, _actor, _action, customer_id, details, salt, digest = fields
    if prev_hash != prev:
        return (f"Audit entry #{entry_id} does not follow the entry before it: an entry has been removed, inserted "
                "or replaced there.")
    why = _link_problem(entry_id, fields, prev, link, keys, keyed_from)
    if why:
        return why
    if salt is not None:
        if details_digest(salt, details) != digest:
            return f"The details of audit entry #{entry_id} have been changed since it was written."
        return None
    if details != REDACTED:
        return f"The details of audit entry #{entry_id} have been changed since it was written."
    if customer_id not in erased:
        return (f"Audit entry #{entry_id} was blanked, but its customer (#{customer_id}) is not erased: only an "
                "erased customer's history may be blanked.")
    if entry_id not in named:
        return f"Audit entry #{entry_id} was blanked without a redaction entry saying so."
    return None


def _role_problems(conn: sqlite3.Connection) -> list[str]:
    """The role the log last recorded for each staff member (created, changed, or the upgrade's baseline) against
    the role they hold; a member the log never mentions is not judged."""
    recorded: dict[int, str] = {}
    for (details,) in conn.execute("SELECT details FROM audit_log WHERE action = 'staff' ORDER BY id"):
        try:
            data = json.loads(details)
            role = data.get("role")
            staff_id = int(data["staff_id"])
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        if isinstance(role, list) and len(role) == 2:
            role = role[1]
        if isinstance(role, str):
            recorded[staff_id] = role
    problems = []
    for staff_id, name, role in conn.execute("SELECT id, name, role FROM staff ORDER BY id"):
        if staff_id in recorded and recorded[staff_id] != role:
            problems.append(f"Staff member #{staff_id} ({name}) is now '{role}', but the audit log last recorded "
                            f"'{recorded[staff_id]}': the role was changed without an audit entry.")
    return problems


# PostgreSQL's append-only triggers (migration 0013): name -> the events it must refuse.
SERVER_TRIGGERS = {"audit_log_append_only": "audit_log", "audit_log_no_truncate": "audit_log",
                   "consent_event_append_only": "consent_event", "consent_event_no_truncate": "consent_event"}


def server_problems(url: str) -> list[str]:
    """audit_problems on a PostgreSQL server, read in one read-only transaction: the triggers present and enabled,
    the ledgers not owned by the login role (which could then drop the triggers), the hash chain, staff roles.
    Removed trailing entries are not judged by the id sequence (on PostgreSQL a rolled-back insert skips ids too);
    the triggers refuse every delete."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    try:
        conn = psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password,
                               dbname=parsed.database, connect_timeout=10)
    except psycopg.Error as exc:
        return [f"The server cannot be reached: {str(exc).strip().splitlines()[0]}."]
    try:
        conn.read_only = True
        return _server_trigger_problems(conn) + _chain_problems(conn) + _role_problems(conn)
    except psycopg.Error as exc:
        return [f"The audit log cannot be read: {str(exc).strip().splitlines()[0]}."]
    finally:
        conn.close()


def _server_trigger_problems(conn) -> list[str]:
    found = {name: (table, enabled) for name, table, enabled in conn.execute(
        "SELECT t.tgname, c.relname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal")}
    problems = []
    for name, table in SERVER_TRIGGERS.items():
        if name not in found or found[name][0] != table:
            problems.append(f"The trigger {name}, which keeps the audit log and the consent ledger append-only, "
                            "is missing: someone has removed it.")
        elif found[name][1] == "D":
            problems.append(f"The trigger {name}, which keeps the audit log and the consent ledger append-only, "
                            "has been disabled.")
    owners = dict(conn.execute("SELECT tablename, tableowner = current_user FROM pg_tables "
                               "WHERE tablename IN ('audit_log', 'consent_event')").fetchall())
    for table, own in sorted(owners.items()):
        if own:
            problems.append(f"The table {table} belongs to the role crmdesk logs in as, which could drop its "
                            "append-only trigger: hand it to the guard role (crmdesk server init does; "
                            "crmdesk.store.postgres.guard_ledgers).")
    return problems
