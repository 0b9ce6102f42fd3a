"""Schema versions: a numbered ladder of Alembic migrations, a file copy before each upgrade,
and a clear refusal of databases written by a newer crmdesk.

Opening a current database never imports Alembic (start-up time): the version is read with one query
and compared with REVISIONS, which a test keeps in step with the migration files.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import DatabaseError, OperationalError

from crmdesk.errors import StoreError
from crmdesk.store.engine import Store, is_busy, unreachable

if TYPE_CHECKING:  # alembic loads only when a migration runs
    from alembic.config import Config

# Every migration, oldest first. A new migration file appends its revision here.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010",
                                "0011", "0012", "0013", "0014", "0015", "0016", "0017", "0018",
                                "0019")
HEAD = REVISIONS[-1]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


# Tables the models do not describe: SQLite's full-text index over customers and its shadow tables.
UNMODELLED_TABLES = ("customer_search",)


# PostgreSQL's own indexes for search and the list (migration 0011), which the models do not describe either.
UNMODELLED_INDEXES = ("ix_customer_list_c", "ix_customer_search_trgm")


def include_in_comparison(name: str | None, type_: str, parent_names: object) -> bool:
    """For alembic's compare_metadata: leave out the full-text index tables (not SQLModel tables) and the
    PostgreSQL-only indexes."""
    if type_ == "index" and name in UNMODELLED_INDEXES:
        return False
    return not (type_ == "table" and name is not None and name.startswith(UNMODELLED_TABLES))


def current_revision(store: Store) -> str | None:
    """The database's schema version; None for an empty database. Raises StoreError for a foreign one."""
    try:
        with store.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "alembic_version" not in tables:
                if tables:
                    raise StoreError(
                        "This file is a database of another program, not of crmdesk "
                        f"(it has tables {', '.join(sorted(tables)[:5])}). Choose another file."
                    ,
                        ko="이 파일은 crmdesk가 아닌 다른 프로그램의 데이터베이스입니다"
                           f"(테이블: {', '.join(sorted(tables)[:5])}). 다른 파일을 고르세요.")
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except OperationalError as exc:
        if store.path is None:  # a server: not reached, rather than damaged
            raise unreachable(store.url, exc) from None
        if is_busy(exc):  # another program holds an exclusive lock: not damaged
            raise StoreError("The database is busy with another change (another program holds its lock: an "
                             "import?); nothing was done. Try again when it ends.",
                             ko="데이터베이스가 다른 변경으로 바쁩니다(다른 프로그램이 잠금을 쥐고 있습니다: "
                                "가져오기?). 아무것도 하지 않았습니다. 그 작업이 끝나면 다시 하세요.") from exc
        raise StoreError(
            f"The database cannot be read: {exc.orig}. It may be damaged; restore a backup."
        ,
            ko=f"데이터베이스를 읽을 수 없습니다: {exc.orig}. 손상되었을 수 있으니 백업을 복원하세요.") from exc
    except DatabaseError as exc:
        raise StoreError(
            f"The database cannot be read: {exc.orig}. It may be damaged; restore a backup."
        ,
            ko=f"데이터베이스를 읽을 수 없습니다: {exc.orig}. 손상되었을 수 있으니 백업을 복원하세요.") from exc


def _alembic_config(connection: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def backup_copy(path: Path, label: str) -> Path:
    """A consistent copy of an SQLite file beside it (the online backup API, safe under WAL)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.stem}.{label}.{stamp}{path.suffix or '.sqlite3'}")
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def upgrade(store: Store, target: str = HEAD) -> Path | None:
    """Migrate to ``target``; returns the path of the copy taken first (None for a new database)."""
    from alembic import command

    rev = current_revision(store)
    copy = None
    if rev is not None and store.path is not None and store.path.exists():
        copy = backup_copy(store.path, f"before-v{target}")
    with store.engine.connect() as conn:
        command.upgrade(_alembic_config(conn), target)
        conn.commit()
    return copy


def ensure_current(store: Store, *, migrate: bool = True) -> None:
    rev = current_revision(store)
    if rev == HEAD:
        return
    if rev is not None and rev not in REVISIONS:
        raise StoreError(
            f"This database was written by a newer version of crmdesk (schema {rev}; this crmdesk "
            f"knows up to {HEAD}). Update crmdesk to open it; the file was left untouched."
        ,
            ko=f"이 데이터베이스는 더 새 버전의 crmdesk가 썼습니다(스키마 {rev}, 이 crmdesk는 {HEAD}까지 "
               f"압니다). 열려면 crmdesk를 업데이트하세요. 파일은 그대로 두었습니다.")
    if not migrate:
        raise StoreError(f"The database is at schema {rev or 'none'} and needs an upgrade to {HEAD}.",
                         ko=f"데이터베이스가 스키마 {rev or '없음'}에 있어 {HEAD}(으)로 업그레이드가 필요합니다.")
    upgrade(store)
