"""The one bulk write path, shared by the import and the demo generator: many rows in one transaction.

- ``insert_rows``: on SQLite straight through the sqlite3 cursor's executemany (SQLAlchemy's per-row parameter
  processing would triple the time of a million rows), on PostgreSQL through COPY (psycopg's copy), elsewhere
  through SQLAlchemy Core, in large batches.
- ``without_indexes``: a table's indexes dropped for a large load and built again from their own CREATE
  statements inside the same transaction (a rollback restores them anyway): building an index once over the
  loaded rows is several times faster than updating it row by row.
- ``large_cache``: a big SQLite page cache for this connection while the load runs.
- staff rows carry their own audit entry (``actor=``, the role each was added with): ``crmdesk check`` compares
  a staff member's role with the last role the log recorded, and a member the log never mentions is not judged.
- ``next_id`` and ``fix_sequences``: the writers give their rows explicit ids; on PostgreSQL the id sequences
  are moved past them afterwards.

Column types come from the models' metadata (crmdesk.models), never from a second copy of the columns.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice
from time import perf_counter
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import SQLModel

from crmdesk.access import Actor
from crmdesk.store import audit_chain
from crmdesk.store.engine import begin_pending

CHUNK = 500  # ids or keys per IN (...) query: well below every database's parameter limit
BATCH = 20_000  # rows per executemany
_BIG_CACHE_KIB = 65_536  # 64 MiB, this connection only (256 MiB held a million-line import over 400 MB)


def is_sqlite(conn: sa.Connection) -> bool:
    return conn.dialect.name == "sqlite"


def db_value(value: Any, sqlite: bool) -> Any:
    """A value as the driver takes it: on SQLite dates and times in SQLAlchemy's text form (so bulk rows sort
    and compare with the ones the app writes) and booleans as 0/1; elsewhere unchanged."""
    if not sqlite:
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def chunks(items: Sequence, size: int = CHUNK) -> Iterator[Sequence]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def next_id(conn: sa.Connection, table: str) -> int:
    """The first free id of a table (the writers number their rows themselves)."""
    return int(conn.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()) + 1


def model_columns(table: str) -> tuple[str, ...]:
    """The columns of a table as the models declare them, in their declared order; not those the database
    computes (customer.name_group), which no one may write."""
    return tuple(c.name for c in _metadata_table(table).columns if c.computed is None)


def _metadata_table(table: str) -> sa.Table:
    import crmdesk.models  # noqa: F401 - registers every table in SQLModel.metadata

    return SQLModel.metadata.tables[table]


def _core_target(table: str, columns: Sequence[str]) -> sa.TableClause:
    """A lightweight table of just these columns, typed from the models (no Python-side defaults added)."""
    meta = _metadata_table(table)
    return sa.table(table, *(sa.column(c, meta.c[c].type) for c in columns))


def _batches(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def insert_rows(conn: sa.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple], *,
                ready: bool = False, batch: int = BATCH, on_batch: Callable[[int], None] | None = None,
                actor: Actor | None = None, copied: bool = False) -> None:
    """Insert many rows (tuples in the order of ``columns``). ``ready``: the values are driver values already
    (SQLite text for dates), which saves a conversion per value on a million rows. ``on_batch(n)`` is called
    after each batch of ``n`` rows (progress, or a cancel raised from it). Staff rows need ``actor``, who added
    them: each gets a "staff" audit entry with its role, in the same transaction; unless ``copied``: a whole store
    moved with its own audit log (store/moving.py), whose entries for them come along."""
    if table == "staff" and not copied:
        if actor is None:
            raise ValueError("staff rows are audited: insert_rows(..., actor=who adds them)")
        rows = list(rows)
        _insert(conn, table, columns, rows, ready=ready, batch=batch, on_batch=on_batch)
        _audit_staff(conn, actor, columns, rows)
        return
    _insert(conn, table, columns, rows, ready=ready, batch=batch, on_batch=on_batch)


def _audit_staff(conn: sa.Connection, actor: Actor, columns: Sequence[str], rows: list[tuple]) -> None:
    """One chained "staff" entry per member added, as services/staff.create_staff records one."""
    for row in rows:
        member = dict(zip(columns, row, strict=True))
        audit_chain.append_core(conn, staff_id=actor.staff_id, actor=actor.name, action="staff", customer_id=None,
                                details={"staff_id": member["id"], "name": member["name"],
                                         "role": member.get("role", "staff")})


def _insert(conn: sa.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple], *, ready: bool,
            batch: int, on_batch: Callable[[int], None] | None) -> None:
    sqlite = is_sqlite(conn)
    if conn.dialect.name == "postgresql":
        _copy(conn, table, columns, rows, batch=batch, on_batch=on_batch)
        return
    if not sqlite:
        target = _core_target(table, columns)
        for chunk in _batches(rows, batch):
            conn.execute(target.insert(), [dict(zip(columns, row, strict=True)) for row in chunk])
            if on_batch is not None:
                on_batch(len(chunk))
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    begin_pending(conn)
    # On SQLite the DB-API cursor is sqlite3's own, whose executemany takes any iterable of rows (SQLAlchemy's
    # generic DBAPICursor protocol asks for a Sequence).
    cursor = cast(sqlite3.Cursor, conn.connection.cursor())
    try:
        if ready and on_batch is None:
            cursor.executemany(sql, rows)  # one pass over the caller's generator
            return
        if not ready:
            rows = (tuple(db_value(v, True) for v in row) for row in rows)
        for chunk in _batches(rows, batch):
            cursor.executemany(sql, chunk)
            if on_batch is not None:
                on_batch(len(chunk))
    finally:
        cursor.close()


def _copy(conn: sa.Connection, table: str, columns: Sequence[str], rows: Iterable[tuple], *, batch: int,
          on_batch: Callable[[int], None] | None) -> None:
    """PostgreSQL: the rows through COPY ... FROM STDIN (psycopg's copy), in the caller's transaction.

    Several times faster than executemany, even pipelined: one statement, no per-row round trip or parameter
    message. Each value first goes through its column type's bind processing, as an INSERT through SQLAlchemy
    would (enums become their names, for one), so the rows stored are the same either way. Triggers fire as for
    INSERT. Datetimes are naive here (models.base: local or UTC wall-clock time), so the text form carries no
    offset the server could read differently from a parameter's."""
    meta = _metadata_table(table)
    processors = [(i, p) for i, c in enumerate(columns)
                  if (p := meta.c[c].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)) is not None]
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    names = ", ".join(f'"{c}"' for c in columns)
    done = 0
    try:
        with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                if processors:
                    values = list(row)
                    for i, process in processors:
                        values[i] = process(values[i])
                    row = tuple(values)
                copy.write_row(row)
                done += 1
                if done == batch and on_batch is not None:
                    on_batch(done)
                    done = 0
        if done and on_batch is not None:
            on_batch(done)
    finally:
        cursor.close()


def update_rows(conn: sa.Connection, sql: str, params: Sequence[dict[str, Any]]) -> None:
    """One UPDATE statement (named parameters) for many rows."""
    if params:
        conn.execute(sa.text(sql), list(params))


def drop_indexes(conn: sa.Connection, tables: Sequence[str]) -> list[tuple[str, str]]:
    """Drop the tables' indexes (SQLite) and return (table, CREATE statement) for each, to build them again."""
    names = ", ".join(f"'{t}'" for t in tables)
    indexes = conn.exec_driver_sql(
        f"SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({names}) "
        "AND sql IS NOT NULL ORDER BY name").all()
    for name, _, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [(table, sql) for _, sql, table in indexes]


def rebuild_indexes(conn: sa.Connection, indexes: Sequence[tuple[str, str]],
                    timings: dict[str, float] | None = None) -> None:
    """Build dropped indexes again; the seconds each table's indexes took are added to ``timings``."""
    for table, sql in indexes:
        started = perf_counter()
        conn.exec_driver_sql(sql)
        if timings is not None:
            timings[table] = timings.get(table, 0.0) + perf_counter() - started


@contextmanager
def without_indexes(conn: sa.Connection, tables: Sequence[str], *, timings: dict[str, float] | None = None
                    ) -> Iterator[None]:
    """On SQLite: the tables' indexes dropped while the block loads rows and built again when it ends normally
    (on an error the caller's rollback restores them). Elsewhere nothing changes."""
    if not is_sqlite(conn):
        yield
        return
    indexes = drop_indexes(conn, tables)
    yield
    rebuild_indexes(conn, indexes, timings)


@contextmanager
def large_cache(conn: sa.Connection) -> Iterator[None]:
    """On SQLite: a 64 MiB page cache for this connection while the block runs, then the old size again."""
    if not is_sqlite(conn):
        yield
        return
    cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{_BIG_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")


def fix_sequences(conn: sa.Connection, tables: Iterable[str]) -> None:
    """On PostgreSQL, after rows with explicit ids: move each table's id sequence past its highest id (an
    empty table's sequence starts at 1 again). Other databases number from max(id) themselves."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT coalesce(max(id), 1) FROM {table}), "
                             f"(SELECT max(id) IS NOT NULL FROM {table}))"))


def analyze(conn: sa.Connection, tables: Iterable[str]) -> None:
    """On PostgreSQL, after a large load: the planner's statistics of these tables, now, inside the transaction.

    Without them a freshly loaded customer table is planned as if it held a few hundred rows: the list's search
    read all 100,000 cards and sorted them (60 ms a keystroke) instead of walking the list's index to the first
    page (a few ms). Autovacuum would get there within a minute or so; the first searches should not wait for it.
    SQLite keeps its plans (its queries are written for the plans it makes without statistics)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.exec_driver_sql(f'ANALYZE "{table}"')


_SEARCH_TRIGGER = "customer_search_insert"


@contextmanager
def search_index_after(conn: sa.Connection, first_id: int, count: int) -> Iterator[None]:
    """Many new customers (ids from ``first_id`` on) enter SQLite's full-text search index in one statement
    after the block instead of one trigger call per row.

    WORKAROUND for speed: the index trigger (migration 0003) costs ~0.2 ms per row; indexing the new rows at once
    costs a tenth. The trigger is dropped and re-created inside the caller's transaction, so a rollback restores
    it, and no other writer can slip a customer in meanwhile (SQLite: one writer). Below 1,000 rows, or on
    other databases, nothing changes."""
    trigger = None
    if is_sqlite(conn) and count >= 1000:
        trigger = conn.exec_driver_sql(
            f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = '{_SEARCH_TRIGGER}'"
        ).scalar_one_or_none()
    if trigger is None:
        yield
        return
    conn.exec_driver_sql(f"DROP TRIGGER {_SEARCH_TRIGGER}")
    yield
    conn.exec_driver_sql("INSERT INTO customer_search (rowid, search_text) SELECT id, search_text FROM customer "
                         "WHERE id >= ?", (first_id,))
    conn.exec_driver_sql(trigger)
