"""Engine factory and the Store handle every layer receives.

SQLite is the embedded default; any SQLAlchemy URL works (PostgreSQL for shops with several terminals).
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

if TYPE_CHECKING:
    from sqlmodel import Session

from crmdesk.errors import ServerUnreachable, StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
# The lock read-then-write units take on PostgreSQL (Store.session(immediate=True)): SQLite's BEGIN IMMEDIATE there.
WRITE_LOCK_KEY = 0x63726D7772697465  # "crmwrite"
# How long a short write that must not fail (a sign-in's audit entry, a backup's log entry) waits for the write
# lock on SQLite: as long as an import may hold it (its planning and writes, ~40 s for 300,000 rows), where the
# ordinary busy timeout (BUSY_MS) gives up after 5 s. After WAIT_MOMENT seconds it says it is waiting (wait_notice).
WRITE_WAIT_SECONDS = 180.0
WRITE_WAIT_ENV = "CRMDESK_WRITE_WAIT"  # seconds, for a shop whose imports take longer (and for tests)
WAIT_MOMENT = 1.0
BUSY_MS = 5000
_wait_notice: list[Callable[[], None]] = []
_waited_in_vain: list[bool] = []
_WAIT_AT_MOST = 86_400.0  # a day: SQLite's busy timeout is a 32-bit count of milliseconds (about 24 days)
try:
    _wanted = float(os.environ.get(WRITE_WAIT_ENV, WRITE_WAIT_SECONDS))
    if math.isfinite(_wanted):  # "inf" and "nan": the default (inf overflowed the busy timeout into a traceback)
        WRITE_WAIT_SECONDS = min(max(0.0, _wanted), _WAIT_AT_MOST)
except ValueError:
    pass  # a value that is not a number: the default


# user:password@ in anything that looks like a URL (scheme://user:password@host), wherever it appears in a text
_URL_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):(?P<secret>[^/\s]*)@")
_KEYWORD_PASSWORD = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<secret>'[^']*'|[^\s']+)", re.IGNORECASE)
MASK = "***"


def mask_url(text: object) -> str:
    """``text`` (a URL, or a message quoting one) with every URL's password replaced by ***: the one function
    every message, status line, log and audit entry that may show a database URL goes through."""
    masked = _URL_PASSWORD.sub(lambda m: f"{m.group('head')}:{MASK}@", str(text))
    return _KEYWORD_PASSWORD.sub(lambda m: f"{m.group('head')}{MASK}", masked)  # libpq's "password=..." form


def unreachable(url: str, exc: BaseException) -> ServerUnreachable:
    """The one-line refusal when a database server cannot be reached (stopped, network down, wrong address or
    password): the URL's password masked, the driver's first line as the reason."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = reason[0] if reason else type(exc).__name__
    return ServerUnreachable(mask_url(f"The database server cannot be reached ({url}): {first.rstrip('.')}. Check that "
                               "the server PC is on and its server runs (crmdesk server status DIR there), and the "
                               "network."),
                             ko=mask_url(f"데이터베이스 서버에 연결할 수 없습니다({url}): {first.rstrip('.')}. "
                                         "서버 PC가 켜져 있고 서버가 실행 중인지(그 PC에서 crmdesk server status "
                                         "폴더), 네트워크를 확인하세요."))


def database_url(target: str | Path) -> str:
    """A path becomes a sqlite URL; anything with '://' is taken as an SQLAlchemy URL."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database instead of letting SQLite fail later, or worse."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a crmdesk database file.",
                         ko=f"경로 {path}은(는) 폴더이지 crmdesk 데이터베이스 파일이 아닙니다.")
    if not path.exists() or path.stat().st_size == 0:
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    with path.open("rb") as fh:
        header = fh.read(16)
    if header != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a crmdesk database (it is not an SQLite file). "
            "Choose another file, or restore a backup."
        ,
            ko=f"파일 {path}은(는) crmdesk 데이터베이스가 아닙니다(SQLite 파일이 아님). "
               "다른 파일을 고르거나 백업을 복원하세요.")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # WORKAROUND: Python's sqlite3 (before 3.12) opens transactions only before DML, so DDL would
        # run outside any transaction and a failed migration would be half-applied. Let SQLAlchemy
        # emit BEGIN itself (the recipe in SQLAlchemy's pysqlite docs).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A unit of work that reads and then writes while another thread may write (the daily loyalty run
        # against the purchase dialog) takes the write lock first: with WAL, a deferred transaction whose
        # snapshot is older than another's commit fails at its first write ("database is locked") without
        # waiting for busy_timeout; IMMEDIATE waits for the other one instead.
        options = conn.get_execution_options()
        patient = options.get("crmdesk_patient")
        if options.get("crmdesk_immediate") and (waiting_is_told() if patient is None else patient):
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            try:
                patient_begin(raw)
            except sqlite3.OperationalError as exc:
                raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc
        elif options.get("crmdesk_immediate"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.info[_BEGIN_PENDING] = True  # the first statement says which BEGIN (_before_statement)

    @event.listens_for(engine, "before_cursor_execute")
    def _before_statement(conn: Connection, cursor: Any, statement: str, *_args: Any) -> None:
        # A plain unit of work whose first statement writes (a new card, a contact) begins IMMEDIATE too: a
        # deferred BEGIN would take its read snapshot at that INSERT and, when another process commits while it
        # waits for the write lock, fail with "database is locked" at once instead of waiting. One that reads
        # first begins deferred as before, so readers never queue behind a writer (an import, say).
        if conn.info.pop(_BEGIN_PENDING, False):
            if not _WRITES.match(statement):
                cursor.execute("BEGIN")
            elif waiting_is_told():  # the command line: a write waits for an import, saying so (patient_begin)
                patient_begin(cursor.connection)
            else:
                cursor.execute("BEGIN IMMEDIATE")

    for ending in ("commit", "rollback"):
        event.listen(engine, ending, lambda conn: conn.info.pop(_BEGIN_PENDING, None))


_BEGIN_PENDING = "crmdesk_begin_pending"
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def set_wait_notice(notice: Callable[[], None] | None) -> None:
    """What a patient write does when it has waited WAIT_MOMENT for the lock (the command line prints "waiting for
    another change (an import?) to finish..."); None: nothing."""
    _wait_notice[:] = [notice] if notice is not None else []


def waiting_is_told() -> bool:
    """True when a long wait for the lock can be told to the user (set_wait_notice): only then does it wait long."""
    return bool(_wait_notice)


def notify_waiting() -> None:
    for notice in _wait_notice:
        notice()


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy": another connection holds the write lock."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "locked" in text or "busy" in text


def waited_in_vain() -> bool:
    """Whether a patient wait (patient_begin) ran its whole WRITE_WAIT_SECONDS out in this process: only then may
    a refusal say how long it waited (a read that then writes gives up after the busy timeout)."""
    return bool(_waited_in_vain)


def patient_begin(raw: sqlite3.Connection) -> None:
    """BEGIN IMMEDIATE on a plain sqlite3 connection (autocommit, as crmdesk opens them), waiting for the write
    lock up to WRITE_WAIT_SECONDS instead of the busy timeout: a short write that a command must make (a sign-in,
    a backup's log entry) waits for an import instead of failing after 5 s. After WAIT_MOMENT it says so
    (set_wait_notice). sqlite3.OperationalError ("database is locked") when the wait runs out. Without a notice
    (the window, whose sign-in runs on its screen's thread) it never waits for minutes unseen: the busy timeout.
    """
    if not _wait_notice:
        raw.execute("BEGIN IMMEDIATE")
        return
    total = max(WRITE_WAIT_SECONDS, 0.0)
    first = min(WAIT_MOMENT, total)
    before = raw.execute("PRAGMA busy_timeout").fetchone()
    try:
        raw.execute(f"PRAGMA busy_timeout={int(first * 1000)}")
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or total <= first:
                raise
        notify_waiting()
        raw.execute(f"PRAGMA busy_timeout={int((total - first) * 1000)}")
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                _waited_in_vain.append(True)
            raise
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(before[0]) if before else BUSY_MS}")


def begin_pending(conn: Connection) -> None:
    """Work that writes straight through the driver's cursor (the bulk path) first emits the BEGIN a plain SQLite
    transaction keeps for its first statement (IMMEDIATE: it writes), or its rows would go in outside it."""
    if conn.info.pop(_BEGIN_PENDING, False):
        raw = conn.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        patient_begin(raw)  # BEGIN IMMEDIATE; on the command line waiting for an import as long as it takes


def make_engine(target: str | Path) -> Engine:
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None:
        _check_sqlite_file(path)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Store:
    """The open database: hand this to services, the CLI and the window."""

    engine: Engine
    url: str
    # Who is acting (crmdesk.access.Actor); None is the machine's own user, the owner. Every session carries
    # it in session.info["actor"], where the services' permission checks and the audit log read it.
    actor: Any = None

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def shown(self) -> str:
        """Where the database is, for people: the file's path, or the server's URL with its password masked."""
        return str(self.path) if self.path is not None else mask_url(self.url)

    @contextmanager
    def session(self, *, immediate: bool = False, patient: bool | None = None) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back on any error. ``immediate``: it
        reads, then writes what it read while another thread may write too; on SQLite it takes the write lock
        at the start (waiting up to the busy timeout for the other) instead of failing at its first write. On
        PostgreSQL it takes one transaction-scoped advisory lock, so such units run one at a time there too: two
        terminals expiring the same points, say, never both see them unexpired (READ COMMITTED alone would let
        both read before either wrote). ``patient`` (with ``immediate``): on SQLite it waits for the lock as long
        as an import may hold it, and says so after a moment (patient_begin); None (the default): patient where
        the wait can be told (the command line, set_wait_notice), as every write that begins by writing is."""
        from sqlmodel import Session  # here: a command that never opens a unit of work starts without SQLModel

        bind: Any = self.engine
        if immediate and self.engine.dialect.name == "sqlite":
            bind = self.engine.connect().execution_options(crmdesk_immediate=True)
            if patient is not None:
                bind = bind.execution_options(crmdesk_patient=patient)
        try:
            with Session(bind, expire_on_commit=False, info={"actor": self.actor}) as session:
                try:
                    if immediate and self.engine.dialect.name == "postgresql":
                        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                    yield session
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
        finally:
            if bind is not self.engine:
                bind.close()

    def close(self) -> None:
        self.engine.dispose()
