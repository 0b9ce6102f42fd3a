"""The one check every writer of a file makes first: is this path a database crmdesk must not write over?

An export, a recipient list, a report (--out) or a backup named after the live database, one of its backups
or any other SQLite file would destroy a shop's data in one keystroke. So:

- never the live database itself, nor its -wal, -shm or -journal companions;
- never a file in the live database's backups folder (the rotating set and the copies taken before a restore);
- never any other SQLite database file, unless the caller is a backup told to replace it (``backup FILE
  --force``: a backup onto an older backup of the same shop on a USB stick, the owner's explicit choice), and
  even then only a copy of the same database: one with the same random per-store secret (the setting
  ``row_fingerprint_key``, store/row_key.py, which every backup carries along), never another shop's file;
- an ordinary file (an older export of the same name) may be replaced, as command-line tools do.

No Qt and no services here: the store, the services, the reports and the command line all call it.
"""

from __future__ import annotations

import hmac
import os
import sqlite3
from pathlib import Path

from crmdesk.errors import StoreError
from crmdesk.store.engine import SQLITE_MAGIC
from crmdesk.store.read_only import connect_read_only

BACKUP_FOLDER = "backups"
_COMPANIONS = ("-wal", "-shm", "-journal")


def _resolved(path: str | Path) -> Path:
    return Path(path).expanduser().resolve()


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def is_sqlite_file(path: Path) -> bool:
    """True when the file starts with SQLite's header (a database, whatever its name)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


_IDENTITY = "row_fingerprint_key"  # store.row_key.SETTING: made once per database, copied into every backup of it


def store_identity(path: Path) -> str | None:
    """The database's per-store secret, read-only; None for a file without one (not crmdesk's, older than schema
    0011, or unreadable)."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (_IDENTITY,)).fetchone()
        return str(row[0]) if row and row[0] else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def same_store(a: Path, b: Path) -> bool:
    """True when both files are copies of one database (the same per-store secret)."""
    first, second = store_identity(a), store_identity(b)
    return first is not None and second is not None and hmac.compare_digest(first, second)


def database_problem(path: str | Path, *, live: str | Path | None = None, database_ok: bool = False) -> str | None:
    """Why ``path`` must not be written over (a sentence), or None when it may be (see database_refusal)."""
    refusal = database_refusal(path, live=live, database_ok=database_ok)
    return None if refusal is None else str(refusal)


def database_refusal(path: str | Path, *, live: str | Path | None = None,
                     database_ok: bool = False) -> StoreError | None:
    """Why ``path`` must not be written over (the error to raise, in English and Korean), or None when it may be.
    ``live``: the open database file, if any; ``database_ok``: replacing a backup of ``live`` was asked for
    explicitly (backup --force); any other SQLite file is still refused."""
    target = _resolved(path)
    if live is not None:
        db = _resolved(live)
        for suffix in ("", *_COMPANIONS):
            if _same_file(target, db.with_name(db.name + suffix)):
                return StoreError(f"{target} is the database crmdesk is working on; choose another file name.",
                                  ko=f"파일 {target}은(는) crmdesk가 지금 쓰는 데이터베이스입니다. 다른 파일 이름을 "
                                     "고르세요.")
        if target.parent == db.parent / BACKUP_FOLDER or _same_file(target.parent, db.parent / BACKUP_FOLDER):
            return StoreError(f"{target} is in the database's backups folder; choose a file outside it.",
                              ko=f"파일 {target}은(는) 데이터베이스의 백업 폴더 안에 있습니다. 그 밖의 파일을 "
                                 "고르세요.")
    for suffix in _COMPANIONS:
        if target.name.endswith(suffix):
            base = target.with_name(target.name[: -len(suffix)])
            if is_sqlite_file(base):
                return StoreError(f"{target} belongs to the database {base}; choose another file name.",
                                  ko=f"파일 {target}은(는) 데이터베이스 {base}에 딸린 파일입니다. 다른 파일 이름을 "
                                     "고르세요.")
    if is_sqlite_file(target):
        if not database_ok:
            return StoreError(f"{target} is a database (an SQLite file), and crmdesk never writes over one; choose "
                              "another file name.",
                              ko=f"파일 {target}은(는) 데이터베이스(SQLite 파일)이고, crmdesk는 데이터베이스를 "
                                 "덮어쓰지 않습니다. 다른 파일 이름을 고르세요.")
        if live is None or not same_store(target, _resolved(live)):
            return StoreError(f"{target} is another database, not a backup of this one (another shop's file, or a "
                              "copy too old to tell), and crmdesk never writes over one, even with --force; choose "
                              "another file name.",
                              ko=f"파일 {target}은(는) 이 데이터베이스의 백업이 아닌 다른 데이터베이스입니다(다른 "
                                 "가게의 파일이거나 알아볼 수 없을 만큼 오래된 사본). crmdesk는 --force를 붙여도 "
                                 "덮어쓰지 않습니다. 다른 파일 이름을 고르세요.")
    return None


def refuse_database_target(path: str | Path, *, live: str | Path | None = None, database_ok: bool = False) -> None:
    """Raise StoreError when ``path`` is a file crmdesk must not write over (see database_problem)."""
    refusal = database_refusal(path, live=live, database_ok=database_ok)
    if refusal is not None:
        raise refusal
