"""Database helpers for bulk imports: fast inserts (sqlite3 executemany on SQLite, Core elsewhere), index
rebuilds, id allocation, and the existing customers by each key a row can name them by."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

_CHUNK = 500  # ids or keys per IN (...) query: well below every database's parameter limit
_BATCH = 20_000


def _db_value(value: Any, sqlite: bool) -> Any:
    """Dates and times as SQLAlchemy's SQLite text form, so imported rows sort with the app's own."""
    if not sqlite:
        return value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(conn: sa.Connection, table: str, columns: tuple[str, ...], rows: Iterable[tuple], *,
            ready: bool = False) -> None:
    """Insert many rows: on SQLite through the sqlite3 cursor (``ready``: the values are driver values
    already, which saves a conversion per value on a million rows), elsewhere through SQLAlchemy Core."""
    sqlite = conn.dialect.name == "sqlite"
    if sqlite and ready:
        cursor = conn.connection.cursor()
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
        return
    if sqlite:
        cursor = conn.connection.cursor()
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        try:
            batch: list[tuple] = []
            for row in rows:
                batch.append(tuple(_db_value(v, True) for v in row))
                if len(batch) >= _BATCH:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)
        finally:
            cursor.close()
        return
    target = sa.table(table, *(sa.column(c) for c in columns))
    batch_dicts: list[dict] = []
    for row in rows:
        batch_dicts.append(dict(zip(columns, row, strict=True)))
        if len(batch_dicts) >= _BATCH:
            conn.execute(target.insert(), batch_dicts)
            batch_dicts = []
    if batch_dicts:
        conn.execute(target.insert(), batch_dicts)


def _drop_indexes(conn: sa.Connection, tables: tuple[str, ...]) -> list[str]:
    """Drop the tables' indexes for a large load and return their CREATE statements: building an index once
    over the loaded rows is several times faster than updating it row by row (as crmdesk.demo does). The
    caller re-creates them in the same transaction; a rollback restores them anyway."""
    names = ", ".join(f"'{t}'" for t in tables)
    indexes = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({names}) "
        "AND sql IS NOT NULL ORDER BY name").all()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return [sql for _, sql in indexes]


def _next_id(conn: sa.Connection, table: str) -> int:
    return int(conn.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one()) + 1


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


@dataclass
class _Known:
    """The customers already in the database, by each way a row can name them."""

    by_code: dict[str, int] = field(default_factory=dict)
    by_phone: dict[str, int] = field(default_factory=dict)
    by_email: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)  # -1: several customers share the name
    rows: dict[int, dict[str, Any]] = field(default_factory=dict)  # customer imports: fields to complete

    @classmethod
    def load(cls, conn: sa.Connection, with_rows: bool) -> _Known:
        known = cls()
        result = conn.execute(sa.text(
            "SELECT id, customer_code, phone, email, name, birthday, tags, merged_into_id FROM customer "
            "ORDER BY id"))
        merged: dict[int, int] = {}
        for cid, code, phone, email, name, birthday, tags, merged_into in result:
            target = cid
            if merged_into is not None:
                merged[cid] = merged_into
                target = merged_into
            if code:
                known.by_code.setdefault(code, target)
            if phone:
                known.by_phone.setdefault(phone, target)
            if email:
                known.by_email.setdefault(email, target)
            if merged_into is None:
                known.by_name[name] = -1 if name in known.by_name else cid
            if with_rows:
                known.rows[cid] = {"customer_code": code, "phone": phone, "email": email, "name": name,
                                   "birthday": birthday, "tags": tags}

        def survivor(cid: int) -> int:
            seen = set()
            while cid in merged and cid not in seen:  # a chain of merges ends at the last survivor
                seen.add(cid)
                cid = merged[cid]
            return cid

        if merged:
            for table in (known.by_code, known.by_phone, known.by_email):
                for key, cid in table.items():
                    table[key] = survivor(cid)
        return known


# --- The import --------------------------------------------------------------------------------------------
