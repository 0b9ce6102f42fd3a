"""The audit log's secret: the hash chain is keyed (HMAC-SHA256) with a random key kept OUTSIDE the database.

A plain hash chain can be recomputed by anyone who can write the file: change an entry, recompute every later
link with crmdesk's own code, and `crmdesk check` would see nothing. Keyed, the links cannot be recomputed without
the key. As store/row_key.py keys the import's fingerprints with a random per-store secret, this keys the log with
one per database; unlike that one (which only needs to stay unguessable, so it sits in the database), this one
must not be readable from the file, so it lives in the keys folder of the computer's user
(``CRMDESK_KEYS``, or crmdesk's folder in the user's data folder), one small file per key, readable by that user
only. The database keeps only the key's id (setting ``audit_key_id``), and each keyed link names its key.

The transition: entries written before a database got its key keep their plain links, verified as before; the
first keyed entry links to the last plain one, and a plain link after a keyed one is a forgery. The key file also
names the database file it was made for, so `crmdesk check` on this computer notices a log rewritten wholesale
with plain links. A database moved to another computer gets a new key there (the setting then names it); the
entries keyed on the first computer can only be verified where that key is: copy the keys folder along.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crmdesk.config import APP_NAME

SETTING = "audit_key_id"
ENV_KEYS = "CRMDESK_KEYS"

Execute = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    secret: bytes
    database: str | None = None  # the database file it was made for (None: a server database)


def keys_dir() -> Path:
    folder = os.environ.get(ENV_KEYS)
    if folder:
        return Path(folder)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "keys"


def _file(key_id: str) -> Path:
    return keys_dir() / f"audit-{key_id}.key"


def _read(path: Path) -> AuditKey | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return AuditKey(str(data["id"]), bytes.fromhex(data["key"]), data.get("database"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load(key_id: str) -> AuditKey | None:
    """The key with this id, when this computer has it."""
    if not key_id.isalnum():
        return None
    return _read(_file(key_id))


def made_for(database: str | None) -> list[AuditKey]:
    """The keys this computer made for the database file ``database``."""
    if not database or not keys_dir().is_dir():
        return []
    found = (_read(p) for p in sorted(keys_dir().glob("audit-*.key")))
    return [k for k in found if k is not None and k.database == database]


def _create(database: str | None) -> AuditKey:
    folder = keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    key = AuditKey(secrets.token_hex(4)[:7], secrets.token_bytes(32), database)
    text = json.dumps({"id": key.key_id, "key": key.secret.hex(), "database": database})
    fd = os.open(_file(key.key_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # this user only
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    return key


def database_of(url_database: str | None) -> str | None:
    """The resolved path of an SQLite database file (None for a server database or an in-memory one)."""
    if not url_database or url_database == ":memory:":
        return None
    return str(Path(url_database).resolve())


def for_writing(execute: Execute, database: str | None) -> AuditKey:
    """The key new entries are linked with, in the caller's transaction (which holds the write lock): the one the
    database names, else one this computer made for this file, else a new one (and the database names it)."""
    rows = execute("SELECT value FROM setting WHERE key = :key", {"key": SETTING})
    named = str(rows[0][0]) if rows and rows[0][0] else None
    key = load(named) if named else None
    if key is not None:
        return key
    known = made_for(database)
    key = known[-1] if known and named is None else _create(database)
    if rows:
        execute("UPDATE setting SET value = :value WHERE key = :key", {"key": SETTING, "value": key.key_id})
    else:
        execute("INSERT INTO setting (key, value) VALUES (:key, :value)", {"key": SETTING, "value": key.key_id})
    return key
