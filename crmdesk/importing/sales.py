"""A sales file's plan against the database and its writes, from its rows as read (importing/staging.py).

The rules are the runner's (see its docstring): lines with a receipt id form one purchase per receipt (the first
line is its head; a later line with another date or another customer is rejected naming the head's row; a later
line fills the head's empty customer fields), receipt-less rows are one purchase each, recognised by a keyed
fingerprint and its occurrence in the file; receipts and fingerprints already stored are "present". Purchases are
numbered in the order of their first line, lines by purchase, then by row, as when the whole file was in memory:
the same file gives the same rows and ids.

The rows are written from the staged columns by zipping them (itertools' compress, map and zip run in C): a
million lines cost no Python call each on their way into the database.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import nullcontext
from datetime import datetime, timedelta
from itertools import compress, count, islice, repeat
from operator import floordiv, le
from typing import Any, Protocol

import sqlalchemy as sa

import crmdesk.importing.staging as staging
from crmdesk.access import Actor
from crmdesk.importing.known import Known, Matching, NewCustomer
from crmdesk.importing.products import plan_products, write_products
from crmdesk.importing.report import ImportReport, PreviewRow
from crmdesk.importing.rows import ParsedRow
from crmdesk.importing.staging import Numbered, SalesRows
from crmdesk.store.bulk import analyze, insert_rows, next_id, without_indexes
from crmdesk.store.row_key import fingerprint_key, keyed

_BULK_LINES = 50_000  # from this many new lines on, purchase indexes are rebuilt rather than updated
_WHO = ("customer_code", "phone", "email", "name", "birthday")
_TICK = timedelta(microseconds=1)
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")


class Importer(Protocol):
    """What the runner's importer lends the sales steps."""

    conn: sa.Connection
    sqlite: bool
    kind: str
    report: ImportReport
    stamp: datetime
    actor: Actor
    first_rows: list[int]
    new_customers: dict[int, NewCustomer]

    def progress(self, fraction: float) -> None: ...
    def reject(self, rownum: int, fld: str | None, code: str, message: str, value: object = "",
               context: dict[str, object] | None = None) -> None: ...
    def customer_fields_mapped(self) -> bool: ...
    def matching(self, known: Known) -> Matching: ...
    def resolve(self, m: Matching, values: ParsedRow) -> tuple[int | None, str]: ...
    def insert_customers(self, created: list[NewCustomer]) -> None: ...
    def refresh_totals(self, customer_ids: list[int]) -> None: ...
    def earn_loyalty(self, purchase_ids: range, customer_ids: list[int]) -> None: ...
    def add_rejected_preview(self, rows: dict[int, PreviewRow]) -> None: ...


class SalesFile:
    """One sales file's rows (as read), planned against the database and written."""

    def __init__(self, importer: Importer, rows: SalesRows, show: Callable[[ParsedRow], dict[str, Any]]) -> None:
        self.imp = importer
        self.rs = rows
        self.show = show
        self.present = bytearray(len(rows.heads))  # per purchase: 1 when it is stored already
        self.present_rows: dict[int, str] = {}  # preview rows already stored
        self.customer_ids: list[int | None] = []  # per purchase to write, in order; None: a walk-in
        self.secret = b""
        # Set by plan(): the purchases to write (None: all), the lines' order when a receipt's lines lie apart in
        # the file (None: file order), and which of the lines, in that order, are written (None: all).
        self.keep: bytes | None = None
        self.order: list[int] | None = None
        self.line_keep: bytes | None = None

    # -- planning

    def plan(self) -> None:
        rs, imp = self.rs, self.imp
        self.secret = fingerprint_key(imp.conn)  # the store's secret: receipt-less rows get keyed fingerprints
        present = self.stored_receipts() if rs.by_receipt else 0
        rs.by_receipt = {}  # not wanted again: a million-line file's receipt numbers are tens of MB of index
        imp.progress(0.6)
        rs.pack()
        present += self.mark_stored_keys()
        for row, p, fld, value, what in rs.conflicts:
            if self.present[p]:
                present += 1
            else:
                receipt, first = rs.ident(p), rs.heads[p]
                imp.reject(row, fld, "receipt_conflict", f"receipt {receipt} {what} in row {first}", value,
                           {"receipt": receipt, "first": first, "other": "date" if fld == "date" else "customer"})
        imp.report.rows_present = present
        self.present_rows = {row: "present" for row, p in rs.shown_at.items() if self.present[p]}
        if any(self.present):
            self.keep = bytes(self.present.translate(_FLIP))
        purchase = rs.purchase
        if not all(map(le, purchase, islice(purchase, 1, None))):  # a receipt's lines apart: sorted, stably
            self.order = sorted(range(len(purchase)), key=purchase.__getitem__)
        if self.keep is not None:
            self.line_keep = bytes(map(self.keep.__getitem__, self.in_line_order(purchase)))
        imp.progress(0.66)

    def stored_receipts(self) -> int:
        """Marks the file's receipts the database holds already; returns how many lines they have."""
        rs, present = self.rs, 0
        page = sa.text("SELECT id, receipt_no FROM purchase WHERE receipt_no IS NOT NULL AND id > :last "
                       "ORDER BY id LIMIT 50000")  # pages by id: no server-side cursor held open on PostgreSQL
        last = 0
        while part := self.imp.conn.execute(page, {"last": last}).all():
            for _, number in part:
                p = rs.by_receipt.get(number)
                if p is not None and not self.present[p]:
                    self.present[p] = 1
                    present += rs.count[p]
            last = part[-1][0]
        return present

    def key(self, p: int) -> str:
        rs = self.rs
        n = rs.nth[p]
        return f"row:{keyed(self.secret, rs.ident(p))}:{n}" if n else f"receipt:{rs.ident(p)}"

    def mark_stored_keys(self) -> int:
        """Receipt-less purchases whose fingerprint is stored already: marked present; returns how many."""
        if not self.rs.receiptless:
            return 0
        stmt = sa.text("SELECT source_key FROM purchase WHERE source_key IN :keys").bindparams(
            sa.bindparam("keys", expanding=True))
        found = 0
        batch: dict[str, int] = {}

        def look_up() -> None:
            nonlocal found
            for key in self.imp.conn.execute(stmt, {"keys": list(batch)}).scalars():
                self.present[batch[key]] = 1
                found += 1
            batch.clear()

        for p, n in enumerate(self.rs.nth):
            if n:
                batch[self.key(p)] = p
                if len(batch) >= staging.BATCH:
                    look_up()
        if batch:
            look_up()
        return found

    # -- the rows to write, in order

    def written(self) -> Iterator[int]:
        """The purchases to write, in order."""
        everyone = range(len(self.present))
        return iter(everyone) if self.keep is None else compress(everyone, self.keep)

    def purchase_column(self, values: Iterable[Any]) -> Iterator[Any]:
        return iter(values) if self.keep is None else compress(values, self.keep)

    def in_line_order(self, values: Sequence[Any]) -> Iterator[Any]:
        return iter(values) if self.order is None else map(values.__getitem__, self.order)

    def line_column(self, values: Sequence[Any]) -> Iterator[Any]:
        """A per-line column's values for the lines to write, in the order of their ids (purchase, then row)."""
        ordered = self.in_line_order(values)
        return ordered if self.line_keep is None else compress(ordered, self.line_keep)

    # -- customers, staff, products

    def products(self) -> Iterator[tuple[str, str | None, int, int | None]]:
        """Per product the lines to write name, in the order of its first line (by purchase, then row): the last
        category given, the last line's unit price and the last cost given. Dicts built from zipped columns
        (the last value of a key wins), without a Python call per line."""
        rs, col = self.rs, self.line_column
        named = dict.fromkeys(col(rs.product))
        prices = dict(zip(col(rs.product), map(floordiv, col(rs.amount), col(rs.quantity)), strict=True))
        given = bytes(bool(c) for c in rs.categories.values)  # None or "" is no category
        categories = dict(compress(zip(col(rs.product), col(rs.category), strict=True),
                                   map(given.__getitem__, col(rs.category))))
        costs: dict[int, int] = {}
        if rs.costs_given:
            costs = dict(compress(zip(col(rs.product), col(rs.cost), strict=True),
                                  map(staging.NO_COST.__ne__, col(rs.cost))))
        names, category_names = rs.products.values, rs.categories.values
        for number in named:
            name = names[number]
            if name:
                yield name, category_names[categories.get(number, 0)], prices[number], costs.get(number)

    def resolve_customers(self) -> tuple[Matching, dict[int, str], set[str]]:
        """Each purchase's customer (matched, new or a walk-in), in purchase order; the outcome of the preview's
        purchases; the staff names the purchases carry. A customer's fields are resolved once when the answer
        cannot change later in the file: a walk-in, a card of the database, a card these fields made. A card made
        earlier in the file and found by one of the fields (say the phone) is looked up again each time: a later
        row may make a card for a field asked first (the code), which from then on answers instead."""
        imp, rs = self.imp, self.rs
        m = imp.matching(Known.load(imp.conn, with_rows=False) if imp.customer_fields_mapped() else Known())
        wanted = set(rs.shown_at.values())
        decided: dict[int, tuple[int | None, str]] = {}
        outcome: dict[int, str] = {}
        staff: set[int] = set()
        ids = self.customer_ids
        spans: dict[int, list[int]] = {}  # a new card -> its first and last purchase's time (staging's ticks)
        for p in self.written():
            who = rs.who[p]
            got = decided.get(who)
            if got is None:
                values = ParsedRow()
                for fld, value in zip(_WHO, rs.customers.values[who], strict=True):
                    if value is not None:
                        values[fld] = value
                made = len(m.created)
                got = imp.resolve(m, values)
                if got[1] != "new" or len(m.created) > made:
                    decided[who] = got
            cid, result = got
            ids.append(cid)
            if p in wanted:
                outcome[p] = result
            staff.add(rs.staff[p])
            if result == "new":
                assert cid is not None  # a new customer has its id
                at = rs.when[p]
                span = spans.get(cid)
                if span is None:
                    spans[cid] = [at, at]
                elif at < span[0]:
                    span[0] = at
                elif at > span[1]:
                    span[1] = at
                # A new card's purchases are all in this file: its totals are written with it, not updated after.
                customer = imp.new_customers[cid]
                customer.visits += 1
                customer.spent += rs.total[p]
        for cid, (first, last) in spans.items():
            customer = imp.new_customers[cid]
            customer.first_seen = (staging.EPOCH + _TICK * first).date()
            customer.last_purchase_at = staging.EPOCH + _TICK * last
        self.fill_preview(outcome)
        rs.customers, rs.who = Numbered(), array("i")  # resolved: room for the cards' rows and the page cache
        return m, outcome, {rs.staff_names.values[s] for s in staff if s}

    def fill_preview(self, outcome: dict[int, str]) -> None:
        rows = {row: PreviewRow(row, self.show(self.rs.shown[row]), outcome[p], "import")
                for row, p in self.rs.shown_at.items() if p in outcome and row in self.rs.shown}
        rows.update((row, PreviewRow(row, {}, "", fate)) for row, fate in self.present_rows.items())
        self.imp.add_rejected_preview(rows)

    # -- writing

    def write(self, dry_run: bool, batch_id: int | None) -> None:
        imp, report, conn, rs = self.imp, self.imp.report, self.imp.conn, self.rs
        m, _, staff_names = self.resolve_customers()
        imp.progress(0.72)
        staff_ids = {name: sid for sid, name in conn.execute(sa.text("SELECT id, name FROM staff ORDER BY id DESC"))}
        new_staff = sorted(n for n in staff_names if n not in staff_ids)
        next_staff = next_id(conn, "staff")
        for i, name in enumerate(new_staff):
            staff_ids[name] = next_staff + i
        products = plan_products(conn, self.products())
        report.purchases_created = len(self.customer_ids)
        report.lines_created = report.rows_imported = sum(self.purchase_column(rs.count))
        report.customers_created = len(m.created)
        report.customers_matched = len(m.matched)
        report.products_created = len(products.new)
        report.staff_created = len(new_staff)
        if dry_run:
            return
        imp.insert_customers(m.created)
        first_new = m.created[0].id if m.created else m.next_id  # the cards this file creates: ids from here on
        # Written: the matching's tables are no longer wanted (a hundred thousand new cards are ~100 MB of them).
        m.created.clear()
        m.known = m.new_known = Known()
        imp.new_customers.clear()
        imp.progress(0.75)
        stamp = imp.stamp
        insert_rows(conn, "staff", ("id", "name", "role", "active", "created_at"),
                    ((staff_ids[n], n, "staff", True, stamp) for n in new_staff), actor=imp.actor)
        write_products(conn, products, stamp)
        big = report.lines_created >= _BULK_LINES
        with without_indexes(conn, ("purchase", "purchase_line")) if big else nullcontext():
            purchase_ids = self.insert_purchases(staff_ids, products.ids, batch_id)
            touched = sorted({cid for cid in self.customer_ids if cid})
            # Written: the columns go before SQLite sorts the rows for the rebuilt indexes (tens of MB).
            self.customer_ids = []
            rs.drop()
        if big:  # PostgreSQL: statistics of the loaded tables before the totals and points query them
            analyze(conn, ("customer", "purchase", "purchase_line", "product"))
        imp.progress(0.93)
        imp.refresh_totals([cid for cid in touched if cid < first_new])  # new cards came with their totals
        imp.earn_loyalty(purchase_ids, touched)
        if big:
            analyze(conn, ("points_entry",))

    def insert_purchases(self, staff_ids: dict[str, int], product_ids: dict[str, int], batch_id: int | None
                         ) -> range:
        """The purchases and their lines (indexes are the caller's business); returns the new purchases' ids."""
        imp, conn, rs = self.imp, self.imp.conn, self.rs
        first_purchase = next_id(conn, "purchase")
        first_line = next_id(conn, "purchase_line")
        purchases, lines = len(self.customer_ids), self.imp.report.lines_created
        col = self.purchase_column
        when: Iterator[Any] = map(staging.EPOCH.__add__, map(timedelta, repeat(0), repeat(0), col(rs.when)))
        if imp.sqlite:
            when = map(datetime.isoformat, when, repeat(" "), repeat("microseconds"))
        created_at = imp.stamp.isoformat(" ", "microseconds") if imp.sqlite else imp.stamp
        staff_of = [staff_ids.get(name) for name in rs.staff_names.values]
        if rs.receiptless:  # receipt-less purchases: keyed fingerprints, no receipt number
            receipts: Iterator[str | None] = map(rs.receipt, self.written())
            keys: Iterator[str] = map(self.key, self.written())
        else:
            receipts, keys = col(rs.all_idents()), map("receipt:".__add__, col(rs.all_idents()))
        done = [0]

        def written(share: float, start: float, total: int) -> Callable[[int], None]:
            def step(n: int) -> None:
                done[0] += n
                imp.progress(start + share * done[0] / max(1, total))
            return step

        insert_rows(conn, "purchase", ("id", "customer_id", "purchased_at", "total", "staff_id", "receipt_no",
                                       "created_at", "discount", "import_batch_id", "source_key"),
                    zip(count(first_purchase), self.customer_ids, when, col(rs.total), map(staff_of.__getitem__,
                        col(rs.staff)), receipts, repeat(created_at), repeat(0), repeat(batch_id), keys),
                    ready=True, on_batch=written(0.08, 0.75, purchases))
        done[0] = 0
        line = self.line_column
        if self.keep is None:
            purchase_ids: Iterator[int] = map(first_purchase.__add__, line(rs.purchase))
        else:
            id_of = dict(zip(self.written(), count(first_purchase)))
            purchase_ids = map(id_of.__getitem__, line(rs.purchase))
        products = rs.products.values
        costs = map({staging.NO_COST: None}.get, line(rs.cost), line(rs.cost)) if rs.costs_given else repeat(None)
        insert_rows(conn, "purchase_line", ("id", "purchase_id", "product", "category", "quantity", "unit_price",
                                            "amount", "discount", "product_id", "unit_cost"),
                    zip(count(first_line), purchase_ids, map(products.__getitem__, line(rs.product)),
                        map(rs.categories.values.__getitem__, line(rs.category)), line(rs.quantity),
                        map(floordiv, line(rs.amount), line(rs.quantity)), line(rs.amount), repeat(0),
                        map([product_ids.get(name) for name in products].__getitem__, line(rs.product)), costs),
                    ready=True, on_batch=written(0.09, 0.83, lines))
        return range(first_purchase, first_purchase + purchases)


__all__ = ["Importer", "SalesFile"]
