"""Moving the whole store into an empty database: from an SQLite file to the shop's PostgreSQL server, or back.

Every table the models describe is copied row by row with its ids (in foreign-key order, through the one bulk
writer, crmdesk.store.bulk), the id sequences are moved past the copied ids, and afterwards each table's row count
and the sums of its number columns are read from both databases and compared. The source is only read (one
snapshot: a single read transaction, REPEATABLE READ on PostgreSQL). The copy is one transaction in the target: a
failure leaves it as empty as it was. The audit log's rows keep their hashes and salts, so its chain still checks.
Columns the database computes (customer.name_group) are left to the target, which computes them again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import SQLModel

from crmdesk.errors import StoreError
from crmdesk.store import bulk
from crmdesk.store.engine import Store, database_url, make_engine, mask_url, sqlite_path
from crmdesk.store.row_key import SETTING as FINGERPRINT_KEY
from crmdesk.store.schema import HEAD, current_revision, ensure_current

# Rows a freshly migrated database already holds: its own row-fingerprint secret (migration 0011). The copy
# replaces it with the source's, so the source's fingerprints keep matching.
SEEDED_SETTINGS = (FINGERPRINT_KEY,)
# Tables a new database gets default rows in (migration 0016: the café's touchpoints); the copy replaces them with
# the source's, ids and all (an empty target has no ratings pointing at them).
SEEDED_TABLES = ("moment",)
_READ_BATCH = 5_000


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    total: Decimal  # the sum of every number column (ids, amounts, points), as a checksum
    target_rows: int
    target_total: Decimal

    @property
    def matches(self) -> bool:
        return self.rows == self.target_rows and self.total == self.target_total


@dataclass(frozen=True)
class MoveResult:
    target: str  # the target's URL, its password masked
    checks: list[TableCheck]

    @property
    def ok(self) -> bool:
        return all(c.matches for c in self.checks)


def tables() -> list[sa.Table]:
    """The models' tables, each after the tables it refers to."""
    import crmdesk.models  # noqa: F401 - registers every table

    return list(SQLModel.metadata.sorted_tables)


def _number_columns(table: sa.Table) -> list[str]:
    names = set(bulk.model_columns(table.name))
    return [c.name for c in table.columns if c.name in names and not isinstance(c.type, sa.Boolean)
            and isinstance(c.type, sa.Integer | sa.Numeric)]


def _self_references(table: sa.Table) -> list[str]:
    """Columns pointing at rows of the same table (a merged customer, a follow-up contact, a points lot): copied
    empty first and filled in afterwards, as the row they point at may come later."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def is_empty(store: Store) -> bool:
    """No rows in any table, but for what a new database holds from its migrations."""
    with store.engine.connect() as conn:
        for table in tables():
            if table.name in SEEDED_TABLES:
                continue
            query = sa.select(sa.func.count()).select_from(table)
            if table.name == "setting":
                query = query.where(table.c.key.not_in(SEEDED_SETTINGS))
            if conn.execute(query).scalar_one():
                return False
    return True


def open_target(target: str | Path, source: Store) -> Store:
    """The target store, migrated to this crmdesk's schema; refused when it is the source, a database of another
    program or version, or not empty (nothing is written to it then)."""
    url = database_url(target)
    if url == source.url or (sqlite_path(url) is not None and sqlite_path(url) == source.path):
        raise StoreError("The target is the database crmdesk is using now: name another one.",
                         ko="대상이 crmdesk가 지금 쓰는 데이터베이스입니다. 다른 데이터베이스를 지정하세요.")
    store = Store(engine=make_engine(url), url=url)
    try:
        revision = current_revision(store)
        if revision is not None and (revision != HEAD or not is_empty(store)):
            raise StoreError(f"{mask_url(url)} is not empty: crmdesk moves only into an empty database, so that "
                             "nothing there is mixed with or written over (make a new one, for example with "
                             "`crmdesk server init`).",
                             ko=f"데이터베이스 {mask_url(url)}이(가) 비어 있지 않습니다. crmdesk는 빈 데이터베이스로만 "
                                "옮겨서 그곳의 데이터가 섞이거나 덮어써지지 않게 합니다(예: `crmdesk server init`으로 "
                                "새로 만드세요).")
        ensure_current(store)
    except BaseException:
        store.close()
        raise
    return store


def _rows(conn: sa.Connection, table: sa.Table, columns: list[str], blank: list[str]) -> Iterator[tuple]:
    order = [table.c[c.name] for c in table.primary_key]
    result = conn.execution_options(yield_per=_READ_BATCH).execute(
        sa.select(*[table.c[c] for c in columns]).order_by(*order))
    positions = [columns.index(c) for c in blank]
    for row in result:
        values = tuple(row)
        if positions:
            values = tuple(None if i in positions else v for i, v in enumerate(values))
        yield values


def _copy_table(src: sa.Connection, dst: sa.Connection, table: sa.Table,
                on_rows: Callable[[int], None] | None) -> None:
    columns = list(bulk.model_columns(table.name))
    blank = _self_references(table)
    bulk.insert_rows(dst, table.name, columns, _rows(src, table, columns, blank), on_batch=on_rows,
                     copied=True)
    for column in blank:  # fill the self-references in now that every row is there
        pairs = src.execute(sa.select(table.c.id, table.c[column]).where(table.c[column].is_not(None))).all()
        bulk.update_rows(dst, f"UPDATE {table.name} SET {column} = :value WHERE id = :row_id",
                         [{"value": value, "row_id": row_id} for row_id, value in pairs])


def _figures(conn: sa.Connection, table: sa.Table) -> tuple[int, Decimal]:
    numbers = _number_columns(table)
    sums = [sa.func.coalesce(sa.func.sum(table.c[c]), 0) for c in numbers]
    row = conn.execute(sa.select(sa.func.count(), *sums).select_from(table)).one()
    total = sum((Decimal(str(v)) for v in row[1:]), Decimal(0))
    return int(row[0]), total.quantize(Decimal("0.01"))


def _source_connection(source: Store) -> sa.Connection:
    conn = source.engine.connect()
    if conn.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def move_to(source: Store, target: str | Path, *,
            progress: Callable[[int, int], None] | None = None) -> MoveResult:
    """Copy every table of ``source`` into the empty ``target`` and compare them; ``progress(done, total)`` counts
    rows. Raises StoreError (nothing written) when the target is refused or the copy does not match."""
    dest = open_target(target, source)
    try:
        with _source_connection(source) as src, src.begin():
            counts = {t.name: _figures(src, t) for t in tables()}
            total, done = sum(rows for rows, _ in counts.values()), 0

            def on_rows(n: int) -> None:
                nonlocal done
                done += n
                if progress is not None:
                    progress(done, total)

            with dest.engine.begin() as dst:
                setting = SQLModel.metadata.tables["setting"]
                dst.execute(setting.delete().where(setting.c.key.in_(SEEDED_SETTINGS)))
                for name in SEEDED_TABLES:
                    dst.execute(SQLModel.metadata.tables[name].delete())
                for table in tables():
                    _copy_table(src, dst, table, on_rows)
                bulk.fix_sequences(dst, [t.name for t in tables() if "id" in t.c])
                bulk.analyze(dst, [t.name for t in tables()])
                checks = _compare(dst, counts)
                if not all(c.matches for c in checks):
                    bad = ", ".join(c.table for c in checks if not c.matches)
                    raise StoreError(f"The copy does not match the source in {bad}; nothing was kept in the "
                                     "target.",
                                     ko=f"사본이 원본과 다릅니다({bad}). 대상에는 아무것도 남기지 않았습니다.")
        return MoveResult(mask_url(dest.url), checks)
    finally:
        dest.close()


def _compare(dst: sa.Connection, counts: dict[str, tuple[int, Decimal]]) -> list[TableCheck]:
    checks = []
    for table in tables():
        rows, total = counts[table.name]
        target_rows, target_total = _figures(dst, table)
        checks.append(TableCheck(table.name, rows, total, target_rows, target_total))
    return checks
