"""Copies of the database that anyone can open: backups and before-upgrade copies taken before sign-in was on.

A copy holds every customer; opened with ``--db`` it asks for no password if it was taken while sign-in was off.
When sign-in is turned on, the owner can protect such copies (each account that signs in to the live database gets
the same password hash in the copy, so the copy asks for the same passwords) or remove them. Why not refuse
``--db`` on files in the backups folder instead: a copy moved or copied elsewhere would open unasked, so the
protection has to travel inside the file.

Plain sqlite3 on files: the copies are never opened as a Store (that could upgrade them).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from crmdesk.store.backups import list_backups
from crmdesk.store.engine import SQLITE_MAGIC
from crmdesk.store.read_only import connect_read_only


@dataclass(frozen=True)
class OpenCopy:
    path: Path
    protectable: bool  # an owner of the live database is an owner in the copy: giving the hashes protects it


def copies_of(db: Path) -> list[Path]:
    """Every copy crmdesk keeps of ``db``: its backups folder (automatic and before-restore copies) and the
    copies taken beside it before each upgrade (``shop.before-v0007.20250101-120000.sqlite3``)."""
    found = [b.path for b in list_backups(db)]
    found += sorted(db.parent.glob(f"{db.stem}.before-v*"))
    return [p for p in found if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal"))]


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _staff(conn: sqlite3.Connection) -> dict[int, tuple[str, bool, bool]] | None:
    """id -> (role, active, has a secret) of the copy's staff; None when the copy predates passwords."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(staff)")}
    if "password_hash" not in columns:
        return None
    return {r[0]: (r[1], bool(r[2]), r[3] is not None)
            for r in conn.execute("SELECT id, role, active, password_hash FROM staff")}


def _read_staff(path: Path) -> dict[int, tuple[str, bool, bool]] | None:
    """:func:`_staff` of the file at ``path``, opened read-only; sqlite3.Error when it cannot be read."""
    conn = connect_read_only(path)
    try:
        return _staff(conn)
    finally:
        conn.close()


def _asks_for_sign_in(staff: dict[int, tuple[str, bool, bool]] | None) -> bool:
    return staff is not None and any(active and secret for _role, active, secret in staff.values())


def has_sign_in(path: Path) -> bool | None:
    """Whether the SQLite file ``path`` asks for sign-in (an active account with a password or PIN); None when it
    cannot be read to tell. Read-only: the file is never upgraded or changed."""
    if not _is_sqlite(path):
        return None
    try:
        return _asks_for_sign_in(_read_staff(path))
    except sqlite3.Error:
        return None


def open_copies(db: Path, owner_ids: set[int]) -> list[OpenCopy]:
    """The copies of ``db`` that open without a password (no active account with a secret in them). A copy that
    cannot be read is listed too, as not protectable: nothing says it is protected."""
    found = []
    for path in copies_of(db):
        if not _is_sqlite(path):
            continue
        try:
            staff = _read_staff(path)
        except sqlite3.Error:
            found.append(OpenCopy(path, False))
            continue
        if _asks_for_sign_in(staff):
            continue
        protectable = staff is not None and any(staff.get(i, ("", False, False))[:2] == ("owner", True)
                                                for i in owner_ids)
        found.append(OpenCopy(path, protectable))
    return found


def protect(copy: Path, hashes: dict[int, str]) -> bool:
    """Give each account of the copy the live account's password hash (by staff id); True when the copy then asks
    for a password. A copy that cannot take them is left as it is."""
    try:
        conn = sqlite3.connect(copy, timeout=5)
    except sqlite3.Error:
        return False
    try:
        with conn:
            staff = _staff(conn)
            if staff is None:
                return False
            conn.executemany("UPDATE staff SET password_hash = ? WHERE id = ?",
                             [(h, i) for i, h in hashes.items() if i in staff])
        return conn.execute("SELECT 1 FROM staff WHERE active AND password_hash IS NOT NULL AND role = 'owner'"
                            ).fetchone() is not None
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def remove(copy: Path) -> None:
    """Delete a copy and any journal beside it."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        copy.with_name(copy.name + suffix).unlink(missing_ok=True)
