"""Backups of the SQLite file: verified copies, a rotating automatic set, restore and an integrity check.

Every copy is taken with SQLite's online backup API (a plain file copy of a database in WAL mode can
miss the newest writes or catch half a transaction). Copies are switched to journal_mode=DELETE, so a
backup is one self-contained file. No Qt here: the command line, the window and the tests share it.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine

from crmdesk.access import Permission, require
from crmdesk.errors import StoreError
from crmdesk.store import audit_chain, engine
from crmdesk.store.engine import SQLITE_MAGIC, Store, database_url
from crmdesk.store.overwrite import refuse_database_target
from crmdesk.store.read_only import connect_read_only
from crmdesk.store.schema import HEAD, REVISIONS, current_revision

DEFAULT_KEEP = 10
BACKUP_FOLDER = "backups"
BEFORE_RESTORE = "before-restore"
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+?)-(?P<label>before-restore-)?(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime
    size: int
    automatic: bool  # False for the copies taken before a restore (never rotated away)


def database_path(source: Store | str | Path) -> Path:
    """The SQLite file behind a Store or a path; refuses server databases (their own tools back them up)."""
    if isinstance(source, Store):
        if source.path is None:
            raise StoreError("Backups here are for an SQLite database file; back up a server database with "
                             "its own tools (for PostgreSQL: pg_dump).",
                             ko="여기의 백업은 SQLite 데이터베이스 파일용입니다. 서버 데이터베이스는 그 도구로 "
                                "백업하세요(PostgreSQL은 pg_dump).")
        return source.path
    return Path(source).expanduser().resolve()


def backups_dir(db: Path) -> Path:
    return db.parent / BACKUP_FOLDER


def _new_name(folder: Path, stem: str, label: str = "") -> Path:
    base = f"{stem}-{label + '-' if label else ''}{datetime.now().strftime(_STAMP)}"
    # Several backups in one second are numbered after the highest number taken, so names sort by age.
    taken = [_counter(p.name) for p in folder.glob(f"{base}*.sqlite3")] if folder.is_dir() else []
    return folder / (f"{base}-{max(taken) + 1}.sqlite3" if taken else f"{base}.sqlite3")


def _counter(name: str) -> int:
    match = _NAME.match(name)
    return int(match["n"]) if match and match["n"] else 0


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # directories cannot be opened on Windows; syncing them is best effort
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _online_copy(src: Path, dest: Path) -> None:
    """Copy src to dest with the online backup API; dest becomes a single file (journal_mode=DELETE)."""
    source = sqlite3.connect(src)
    try:
        source.execute("PRAGMA busy_timeout=5000")
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        source.close()
    _fsync(dest)


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """PRAGMA integrity_check (or the faster quick_check, which skips index contents) on a file; an empty
    list means it is sound."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        return [f"The file cannot be opened: {exc}."]
    # A damaged page can put raw bytes into the check's messages (or SQLite's error): never fail on them.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {'quick_check' if quick else 'integrity_check'}").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"The file cannot be read: {exc}."]
    except UnicodeDecodeError:
        return ["The file cannot be read: a damaged page (SQLite's report of it is unreadable too)."]
    finally:
        conn.close()
    return [] if rows == ["ok"] else [f"Damaged: {row}" for row in rows]


def backup(source: Store | str | Path, dest: str | Path | None = None, *, keep: int = DEFAULT_KEEP,
           quick: bool = False, by: object = None, force: bool = False) -> Path:
    """A backup on request: only by someone who may make backups (the owner); see _backup. A backup is a full
    copy of every customer, so it is audited in the database it copies (the automatic ones are not: they never
    leave the shop's backups folder). The entry is written first, so the copy holds it too and the next
    automatic backup of an unchanged database still finds nothing new; a copy that then fails adds a second
    entry saying so. ``by``: who asks when ``source`` is a path (None: the machine's own user). ``dest`` that
    exists is replaced only with ``force`` (never the database itself, a -wal/-shm file or a file in its backups
    folder: store/overwrite.py). A server database's Store gets pg_dump's verified dump (_server_backup)."""
    who = require(source if isinstance(source, Store) else by, Permission.BACKUP)
    if isinstance(source, Store) and source.path is None and source.engine.dialect.name == "postgresql":
        return _server_backup(source, who, dest, keep=keep)
    db = database_path(source)
    where = str(Path(dest).expanduser().resolve()) if dest is not None else str(backups_dir(db))
    try:
        if db.exists() and _is_sqlite_file(db):
            _log(db, who, "backup", {"file": where})
    except sqlite3.Error as exc:
        if engine.is_busy(exc):  # never a backup without its audit entry
            raise StoreError(f"No backup was made: {db} stayed busy with another change (an import?); try again "
                             "when it ends.",
                             ko=f"백업하지 않았습니다: 데이터베이스 {db}이(가) 다른 변경(가져오기?)으로 계속 "
                                "바빴습니다. 그 작업이 끝나면 다시 하세요.") from exc
        # a damaged file: the copy below refuses it with a message that says so
    try:
        return _backup(source, dest, keep=keep, quick=quick, force=force)
    except Exception as exc:
        try:
            _log(db, who, "backup", {"file": where, "failed": str(exc)})
        except sqlite3.Error:
            pass
        raise


def _server_backup(store: Store, who: object, dest: str | Path | None, *, keep: int) -> Path:
    """A server database's backup: pg_dump's verified custom-format dump (store/pg_backups.py), audited as a
    file's is: the entry first (so the dump holds it), a second one if the dump fails."""
    from crmdesk.store import pg_backups

    where = str(Path(dest).expanduser().resolve()) if dest is not None else str(pg_backups.backups_dir(store.url))
    _log_server(store, who, {"file": where})
    try:
        return pg_backups.backup(store.url, dest, keep=keep)
    except Exception as exc:
        _log_server(store, who, {"file": where, "failed": str(exc)})
        raise


def _log_server(store: Store, actor: object, details: dict) -> None:
    with store.engine.begin() as conn:
        audit_chain.append_core(conn, staff_id=getattr(actor, "staff_id", None),
                                actor=getattr(actor, "name", "command line"), action="backup", customer_id=None,
                                details=details)


def _log(db: Path, actor: object, action: str, details: dict) -> None:
    """Append an audit entry to an SQLite file directly (the store layer has no services; the restored file
    has no open Store yet). Skipped for a file older than the audit log (before migration 0006) or no file."""
    if not db.exists() or not _is_sqlite_file(db):
        return
    told = engine.waiting_is_told()  # the command line says it waits; the window keeps a short busy timeout
    conn = sqlite3.connect(db, timeout=engine.WAIT_MOMENT if told else 10)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'audit_log'").fetchone() is None:
            return
        for last in ((False, True) if told else (True,)):  # an import holds the lock: wait for it, saying so
            try:
                audit_chain.append_sqlite(conn, staff_id=getattr(actor, "staff_id", None),  # UTC, chained
                                          actor=getattr(actor, "name", "command line"), action=action,
                                          customer_id=None, details=details)
                return
            except sqlite3.OperationalError as exc:
                if last or not engine.is_busy(exc):
                    raise
            engine.notify_waiting()
            conn.execute(f"PRAGMA busy_timeout={int(engine.WRITE_WAIT_SECONDS * 1000)}")
    finally:
        conn.close()


def _erased_ids(db: Path | None) -> set[tuple[int, str]]:
    """(id, created_at) of the customers erased in a database file (none if it cannot be read: a damaged file is
    often why one restores). Erasure keeps created_at, so with the id it recognises the same card in a backup of
    the same shop, and no card of another shop's file that happens to have the id."""
    return _read_erased(db)[0]


def _read_erased(db: Path | None) -> tuple[set[tuple[int, str]], bool]:
    """The erased customers of a file and whether it could be read (a missing or empty file counts as read)."""
    if db is None or not db.exists() or db.stat().st_size == 0:
        return set(), True
    try:
        conn = connect_read_only(db)
    except sqlite3.Error:
        return set(), False
    try:
        return {(r[0], str(r[1])) for r in conn.execute(
            "SELECT id, created_at FROM customer WHERE erased_at IS NOT NULL")}, True
    except sqlite3.OperationalError as exc:
        # An older crmdesk's file (no erasure column yet) or an empty one: nobody erased; anything else unread.
        return set(), "no such" in str(exc)
    except sqlite3.Error:
        return set(), False
    finally:
        conn.close()


def _still_there(db: Path, erased: set[tuple[int, str]]) -> set[int]:
    """The ids of ``erased`` customers whose card ``db`` still holds in full (not erased there)."""
    if not erased:
        return set()
    ids = sorted({cid for cid, _ in erased})
    found: set[int] = set()
    conn = connect_read_only(db)
    try:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            try:
                rows = conn.execute(f"SELECT id, created_at FROM customer WHERE id IN ({marks}) "
                                    "AND erased_at IS NULL", chunk).fetchall()
            except sqlite3.OperationalError:  # a backup from before erasure existed: none erased there
                rows = conn.execute(f"SELECT id, created_at FROM customer WHERE id IN ({marks})", chunk).fetchall()
            found |= {r[0] for r in rows if (r[0], str(r[1])) in erased}
    finally:
        conn.close()
    return found


def erased_everywhere(db: Path) -> tuple[set[tuple[int, str]], bool]:
    """Every customer erased in the live file or in any of its backups (erasure cannot be undone, so a copy
    that says erased is right), and whether the live file could be read. A damaged live file (often why one
    restores) is no reason to bring the erased back: the newer backups still know who they were."""
    erased, readable = _read_erased(db)
    for b in list_backups(db):
        erased |= _read_erased(b.path)[0]
    return erased, readable


def _backup(source: Store | str | Path, dest: str | Path | None = None, *, keep: int = DEFAULT_KEEP,
            quick: bool = False, force: bool = False) -> Path:
    """Copy the database to ``dest`` (default: a new file in the rotating set) and verify the copy.

    The copy is written beside its destination under a temporary name and renamed only once it passes
    integrity_check (``quick``: quick_check, about three times faster, for the backup on exit), so a failed
    backup never leaves a half file that looks like a good one. In the rotating set, a copy identical to
    the newest one is not kept (opening and closing crmdesk ten times must not push out older backups);
    the newest is returned instead.
    """
    db = database_path(source)
    if not db.exists():
        raise StoreError(f"There is no database at {db} to back up.", ko=f"백업할 데이터베이스가 {db}에 없습니다.")
    if not _is_sqlite_file(db):
        raise StoreError(f"{db} is not an SQLite file; there is nothing crmdesk can back up.",
                         ko=f"파일 {db}은(는) SQLite 파일이 아니어서 crmdesk가 백업할 것이 없습니다.")
    automatic = dest is None
    final = _new_name(backups_dir(db), db.stem) if dest is None else Path(dest).expanduser().resolve()
    if final == db:
        raise StoreError("A backup cannot overwrite the database it copies; choose another file.",
                         ko="백업으로 복사하는 데이터베이스 자신을 덮어쓸 수는 없습니다. 다른 파일을 고르세요.")
    if not automatic:
        if final.exists() and not force:
            raise StoreError(f"{final} already exists; nothing was written. Choose another file name, or replace "
                             "it with --force.",
                             ko=f"파일 {final}이(가) 이미 있어 아무것도 쓰지 않았습니다. 다른 파일 이름을 고르거나 "
                                "--force로 바꾸세요.")
        refuse_database_target(final, live=db, database_ok=True)  # never the database, its -wal or its backups
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_name(f".{final.name}.partial")
    try:
        _online_copy(db, partial)
        problems = integrity_problems(partial, quick=quick)
        if problems:
            raise StoreError(f"The database is damaged, so no backup was made ({problems[0]}). "
                             "Run `crmdesk check` for details, or restore an earlier backup.",
                             ko=f"데이터베이스가 손상되어 백업하지 않았습니다({problems[0]}). 자세한 내용은 "
                                "`crmdesk check`로 보거나, 이전 백업을 복원하세요.")
        newest = next((b for b in list_backups(db) if b.automatic), None) if automatic else None
        if newest is not None and filecmp.cmp(partial, newest.path, shallow=False):
            return newest.path
        os.replace(partial, final)
    except sqlite3.Error as exc:
        raise StoreError(f"The backup failed: {exc}.", ko=f"백업에 실패했습니다: {exc}.") from exc
    finally:
        partial.unlink(missing_ok=True)
    if automatic:
        rotate(db, keep=keep, protect=final)
    return final


def list_backups(db: str | Path) -> list[BackupInfo]:
    """The backups of this database in its backups folder, newest first."""
    db = database_path(db)
    folder = backups_dir(db)
    found = []
    for path in folder.glob(f"{db.stem}-*.sqlite3") if folder.is_dir() else ():
        match = _NAME.match(path.name)
        if not match or match["stem"] != db.stem:
            continue
        created = datetime.strptime(match["stamp"], _STAMP)
        found.append(BackupInfo(path, created, path.stat().st_size, automatic=not match["label"]))
    found.sort(key=lambda b: (b.created, _counter(b.path.name)), reverse=True)
    return found


def rotate(db: Path, *, keep: int = DEFAULT_KEEP, protect: Path | None = None) -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``; never the protected (newest verified) one,
    never one taken before a restore, and never the last backup that passes integrity_check."""
    automatic = [b for b in list_backups(db) if b.automatic]
    keep = max(keep, 1)
    kept, old = automatic[:keep], automatic[keep:]
    if not any(b.path == protect or not integrity_problems(b.path) for b in kept):
        # None of the newest is sound: keep the newest older one that is.
        good = next((b for b in old if not integrity_problems(b.path)), None)
        if good is not None:
            old.remove(good)
    removed = []
    for b in old:
        if b.path != protect:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def schema_revision_of(path: Path) -> str | None:
    """The schema revision of a file without changing it (no WAL switch, no migration); StoreError for a
    foreign or unreadable file."""
    url = database_url(path)
    engine = create_engine(url)
    try:
        return current_revision(Store(engine, url))
    finally:
        engine.dispose()


def is_newer_schema(path: Path) -> bool:
    """True for a crmdesk database written by a newer crmdesk: sound data, not something to restore over."""
    try:
        revision = schema_revision_of(path)
    except StoreError:
        return False
    return revision is not None and revision not in REVISIONS


def _refuse_unless_restorable(candidate: Path, shown: Path) -> None:
    problems = integrity_problems(candidate)
    if problems:
        raise StoreError(f"{shown} is damaged and was not restored ({problems[0]}). Choose another backup.",
                         ko=f"백업 {shown}이(가) 손상되어 복원하지 않았습니다({problems[0]}). 다른 백업을 고르세요.")
    revision = schema_revision_of(candidate)
    if revision is None:
        raise StoreError(f"{shown} is an empty database, not a crmdesk backup; nothing was restored.",
                         ko=f"백업 {shown}은(는) crmdesk 백업이 아닌 빈 데이터베이스라 복원하지 않았습니다.")
    if revision not in REVISIONS:
        raise StoreError(f"{shown} was written by a newer version of crmdesk (schema {revision}; this crmdesk "
                         f"knows up to {HEAD}). Update crmdesk to restore it; nothing was restored.",
                         ko=f"백업 {shown}은(는) 더 새 버전의 crmdesk가 썼습니다(스키마 {revision}, 이 crmdesk는 "
                            f"{HEAD}까지 압니다). 복원하려면 crmdesk를 업데이트하세요. 아무것도 복원하지 않았습니다.")


def _save_current(target: Path) -> Path | None:
    """Keep the file a restore is about to replace, so the restore itself can be undone."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    dest = _new_name(backups_dir(target), target.stem, BEFORE_RESTORE)
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        _online_copy(target, dest)
    except sqlite3.Error:
        # The current file is damaged or not SQLite at all (often why one restores): keep its bytes as they are.
        dest.unlink(missing_ok=True)
        shutil.copyfile(target, dest)
        wal = target.with_name(target.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, dest.with_name(dest.name + "-wal"))
    return dest


def _refuse_if_in_use(target: Path) -> None:
    """Leaving WAL mode needs the only connection to the file: if another program (a crmdesk window) has it
    open, it fails, and replacing the file under that program's feet would corrupt what it writes next."""
    if not _is_sqlite_file(target):
        return
    conn = sqlite3.connect(target, timeout=1.0)
    try:
        conn.execute("PRAGMA journal_mode=DELETE").fetchall()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise StoreError(f"{target} is in use (is the crmdesk window open?). Close crmdesk and try again; "
                             "nothing was restored.",
                             ko=f"사용 중이라 복원하지 않았습니다({target}). crmdesk를 닫고 다시 하세요.") from exc
    except sqlite3.DatabaseError:
        pass  # a damaged file: replacing it is the point
    finally:
        conn.close()


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    target: Path
    previous: Path | None  # the copy of the file that was replaced
    # Customers erased since the backup was taken (in the live file or a newer backup) whose personal data the
    # backup still held: erased again on the restored copy before it replaced the live file.
    erased_since: tuple[int, ...] = ()
    erased_again: tuple[int, ...] = ()
    # The live file could not be read to learn who was erased (damaged): only the backups could say; warn.
    erasures_unknown: bool = False
    # The replaced database asked for sign-in and the restored one does not (a backup from before passwords):
    # anyone at the PC now opens it; say so, the owner sets a password again.
    sign_in_dropped: bool = False


# Re-erases the given customer ids in a restored copy (a path) before it replaces the live file; returns the ids
# erased. The store layer has no services: the caller hands in privacy's erasure (services/restoring.py).
Reerase = Callable[[Path, tuple[int, ...]], tuple[int, ...]]


def restore(backup_file: str | Path, target: str | Path, *, yes: bool, by: object = None,
            reerase: Reerase | None = None) -> RestoreResult:
    """Replace the database ``target`` with ``backup_file``, after checking the backup and saving the
    current file into the backups folder. The caller must have closed every connection to ``target``.

    ``yes`` is the caller's confirmation; without it nothing happens. The replacement is atomic: the
    checked copy is written beside the target, synced, and renamed over it; stale -wal/-shm files of the
    old database are removed first, so SQLite cannot replay them onto the restored file. ``by`` is the
    Store (or Actor holder) of whoever asks: only the owner may restore; None is the machine's own user.

    Customers erased since the backup was taken are erased again ON THE COPY, by ``reerase``, before it
    replaces the live file: a crash at any moment leaves either the old file or a restored one without them.
    Without ``reerase`` such a restore is refused.
    """
    who = require(by, Permission.BACKUP)
    source = Path(backup_file).expanduser().resolve()
    target = database_path(target)
    if not yes:
        raise StoreError("Restoring replaces the database; confirm it (--yes on the command line).",
                         ko="복원은 데이터베이스를 바꾸므로 확인이 필요합니다(명령줄에서는 --yes).")
    if not source.is_file():
        raise StoreError(f"There is no backup file at {source}.", ko=f"백업 파일이 {source}에 없습니다.")
    if source == target:
        raise StoreError("That file is the database itself; choose a backup.",
                         ko="그 파일은 데이터베이스 자신입니다. 백업을 고르세요.")
    if not _is_sqlite_file(source):
        raise StoreError(f"{source} is not a crmdesk database (it is not an SQLite file); nothing was restored.",
                         ko=f"파일 {source}은(는) crmdesk 데이터베이스(SQLite 파일)가 아니라 복원하지 않았습니다.")
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.restoring")
    try:
        try:
            _online_copy(source, staged)
        except sqlite3.Error as exc:
            raise StoreError(f"{source} cannot be read ({exc}); nothing was restored.",
                             ko=f"파일 {source}을(를) 읽을 수 없습니다({exc}). 아무것도 복원하지 않았습니다.") from exc
        _refuse_unless_restorable(staged, source)
        _refuse_if_in_use(target)
        erased, readable = erased_everywhere(target)
        back = tuple(sorted(_still_there(staged, erased)))
        again: tuple[int, ...] = ()
        if back:
            if reerase is None:
                raise StoreError(f"{source} holds {len(back)} customer(s) erased since it was taken; they must be "
                                 "erased again on restoring. Nothing was restored.",
                                 ko=f"백업 {source}에 그 뒤에 삭제된 고객 {len(back)}명이 들어 있어, 복원할 때 "
                                    "다시 삭제해야 합니다. 아무것도 복원하지 않았습니다.")
            again = tuple(reerase(staged, back))
            _refuse_unless_restorable(staged, source)
            _fsync(staged)
        previous = _save_current(target)
        for suffix in ("-wal", "-shm", "-journal"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            staged.with_name(staged.name + suffix).unlink(missing_ok=True)
    _fsync(target.parent)
    _log(target, who, "backup_restore", {"from": str(source), "previous": str(previous) if previous else None,
                                         "erased_since": list(back), "erasures_unknown": not readable})
    return RestoreResult(source, target, previous, back, again, not readable)


def backups_holding_erased(db: str | Path) -> dict[Path, int]:
    """The backups (and the copies taken before an upgrade, beside the database) that still hold customers
    erased since: path -> how many. The policy: a backup is a snapshot and is not edited; the owner sees which
    ones still hold erased people (`crmdesk backups`, the window's backups panel) and removes them
    (remove_backups_holding_erased) once newer backups exist."""
    db = database_path(db)
    erased, _ = erased_everywhere(db)
    if not erased:
        return {}
    found: dict[Path, int] = {}
    for path in [b.path for b in list_backups(db)] + upgrade_copies(db):
        try:
            count = len(_still_there(path, erased))
        except sqlite3.Error:
            continue
        if count:
            found[path] = count
    return found


def upgrade_copies(db: Path) -> list[Path]:
    """The copies schema.upgrade takes beside the database before a migration (``<stem>.before-v0011.<stamp>``)."""
    return sorted(db.parent.glob(f"{db.stem}.before-v*{db.suffix or '.sqlite3'}"))


def remove_backups_holding_erased(db: str | Path, *, yes: bool, by: object = None) -> list[Path]:
    """Delete every backup that still holds an erased customer (the owner's decision, confirmed by ``yes``);
    audited in the database. Returns the files removed."""
    who = require(by, Permission.BACKUP)
    if not yes:
        raise StoreError("Removing backups cannot be undone; confirm it (--yes on the command line).",
                         ko="백업 삭제는 되돌릴 수 없으므로 확인이 필요합니다(명령줄에서는 --yes).")
    db = database_path(db)
    removed = []
    for path in backups_holding_erased(db):
        path.unlink(missing_ok=True)
        removed.append(path)
    if removed:
        _log(db, who, "backup_remove", {"reason": "holds erased customers", "files": [str(p) for p in removed]})
    return removed


def check(path: str | Path) -> list[str]:
    """Integrity and foreign-key checks of a database file; each problem in plain words (empty: all fine)."""
    path = database_path(path)
    if not path.exists():
        return [f"There is no database at {path}."]
    if not _is_sqlite_file(path):
        return [f"{path} is not an SQLite database file."]
    problems = integrity_problems(path)
    if problems:
        return problems
    conn = connect_read_only(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "alembic_version" not in tables:
            problems.append("This is not a crmdesk database (it has no crmdesk schema version).")
        for table, rowid, parent, fkid in conn.execute("PRAGMA foreign_key_check").fetchall():
            column = next((r[3] for r in conn.execute(f'PRAGMA foreign_key_list("{table}")') if r[0] == fkid), "?")
            problems.append(f"{table} row {rowid}: {column} points to a {parent} that does not exist.")
    except sqlite3.DatabaseError as exc:
        problems.append(f"The file cannot be read: {exc}.")
    finally:
        conn.close()
    return problems


def automatic_backup(store: Store, *, keep: int = DEFAULT_KEEP) -> Path | None:
    """A backup into the rotating set, for the window's exit and daily schedule: never raises.

    Returns None when there is nothing to do (a server database) or the backup failed; a failure is
    reported on stderr, because closing the window must not be held up by it.
    """
    if store.path is None:
        return None
    try:
        return _backup(store, keep=keep, quick=True)  # the safety net runs whoever is signed in
    except Exception as exc:  # noqa: BLE001 - an automatic backup must never stop the app closing
        print(f"crmdesk: automatic backup failed: {exc}", file=sys.stderr)
        return None


def backup_due(store: Store, every: timedelta = timedelta(days=1)) -> bool:
    """True when an SQLite database has no automatic backup newer than ``every``."""
    if store.path is None:
        return False
    newest = next((b for b in list_backups(store.path) if b.automatic), None)
    return newest is None or datetime.now() - newest.created >= every
