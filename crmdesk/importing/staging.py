"""A sales file's parsed rows on disk while the import plans and writes them (issue 18: with every row a Python
object at once, a million lines peaked at 1.3 GB).

The rows go, a batch at a time, into a throwaway SQLite file in a private temporary folder: never the shop's
database (the file is read before the import takes its write lock, and the shop's database may be PostgreSQL).
The plan reads them back in the order each step needs (by receipt, by purchase), a row at a time. Values keep
their Python types: text and numbers as they are, dates and times as ISO text, anything else pickled.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import repeat
from pathlib import Path
from typing import Any

from crmdesk.importing.rows import ParsedRow

BATCH = 20_000  # rows per executemany into the staging file
_INT64 = (-(2**63), 2**63)
# Stored as they are by ``Staging.add``; an int too (the parsers cap amounts and quantities far below 2**63).
_PLAIN = frozenset({str, int, float, type(None)})


def encode(value: Any) -> Any:
    """A value as the staging file stores it (``decode`` gives it back, type and all)."""
    kind = value.__class__
    if value is None or kind is str or kind is float or (kind is int and _INT64[0] <= value < _INT64[1]):
        return value
    if kind is datetime:
        return b"T" + value.isoformat().encode("ascii")
    if kind is date:
        return b"D" + value.isoformat().encode("ascii")
    return b"P" + pickle.dumps(value)


def decode(value: Any) -> Any:
    if value.__class__ is not bytes:
        return value
    tag, body = value[:1], value[1:]
    if tag == b"T":
        return datetime.fromisoformat(body.decode("ascii"))
    if tag == b"D":
        return date.fromisoformat(body.decode("ascii"))
    return pickle.loads(body)  # written by this process, into its own private folder


class Staging:
    """The parsed rows of one file (table ``line``: row number, the row's plain digest when it has no receipt,
    the purchase it joins once planned, then one column per field) and the purchases planned from them (table
    ``purchase``, keyed by the row number of their first line)."""

    def __init__(self, fields: Sequence[str]) -> None:
        self.fields = tuple(fields)
        self._folder = tempfile.TemporaryDirectory(prefix="crmdesk-import-")
        self.db = sqlite3.connect(Path(self._folder.name) / "rows.sqlite3", isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -16384", "temp_store = FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.columns = ", ".join(f'"{f}"' for f in self.fields)
        self.db.execute(f"CREATE TABLE line (row INTEGER PRIMARY KEY, digest TEXT, head INTEGER, {self.columns})")
        self.db.execute(f"CREATE TABLE purchase (head INTEGER PRIMARY KEY, key TEXT, present INTEGER NOT NULL "
                        f"DEFAULT 0, total INTEGER, lines INTEGER, {self.columns})")
        self.db.execute("CREATE TABLE rejected (row INTEGER PRIMARY KEY)")
        self.db.execute("CREATE TABLE db_receipt (receipt TEXT)")
        self.db.execute("BEGIN")
        self._pending: list[list[Any]] = []
        self._odd: dict[tuple[type, ...], tuple[int, ...]] = {}  # the cells' types -> the cells to encode
        self.rows = 0

    def values(self, cells: Sequence[Any]) -> ParsedRow:
        out = ParsedRow()
        for f, cell in zip(self.fields, cells, strict=True):
            if cell is not None:
                setattr(out, f, cell if cell.__class__ is not bytes else decode(cell))
        return out

    def add(self, row: int, values: ParsedRow, digest: str | None) -> None:
        cells = [row, digest, *map(getattr, repeat(values), self.fields, repeat(None))]
        # Which cells need encoding (a date, say) follows from the cells' types alone, and a file's rows come in
        # a few combinations of types: looked up by them, rather than each cell tested in a Python loop.
        kinds = tuple(map(type, cells))
        odd = self._odd.get(kinds)
        if odd is None:
            odd = tuple(i for i, kind in enumerate(kinds) if kind not in _PLAIN)
            if len(self._odd) < 10_000:
                self._odd[kinds] = odd
        for i in odd:
            cells[i] = encode(cells[i])
        self._pending.append(cells)
        self.rows += 1
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        marks = ", ".join("?" * (len(self.fields) + 2))
        self.db.executemany(f"INSERT INTO line (row, digest, {self.columns}) VALUES ({marks})", self._pending)
        self._pending.clear()

    def loaded(self) -> None:
        """Every row is in: the index the plan reads receipts by."""
        self._flush()
        self.db.execute("CREATE INDEX line_receipt ON line (receipt_id, row) WHERE receipt_id IS NOT NULL")

    def insert(self, sql: str, rows: Iterable[tuple]) -> None:
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self.db.executemany(sql, batch)
                batch.clear()
        if batch:
            self.db.executemany(sql, batch)

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple]:
        cursor = self.db.execute(sql, params)
        while batch := cursor.fetchmany(5000):
            yield from batch

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()
        self._folder.cleanup()
