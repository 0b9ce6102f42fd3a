"""A sales file's plan and writes, from its rows staged on disk (importing/staging.py), a batch at a time.

The rules are the runner's (see its docstring): lines with a receipt id form one purchase per receipt (the first
line is its head; a later line with another date or another customer is rejected naming the head's row; a later
line fills the head's empty customer fields), receipt-less rows are one purchase each, recognised by a keyed
fingerprint and its occurrence in the file; receipts and fingerprints already stored are "present". Purchases are
numbered in the order of their first line, lines by purchase, then by row, as when the whole file was in memory:
the same file gives the same rows and ids. What stays in memory is per customer, staff member or product (and
one customer id per purchase in an array), never per row.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from crmdesk.access import Actor
from crmdesk.importing.known import Known, Matching, NewCustomer
from crmdesk.importing.products import plan_products, write_products
from crmdesk.importing.report import ImportReport, PreviewRow
from crmdesk.importing.rows import ParsedRow
from crmdesk.importing.staging import Staging, decode
from crmdesk.store.bulk import CHUNK, analyze, insert_rows, next_id, without_indexes
from crmdesk.store.row_key import fingerprint_key, keyed

_BULK_LINES = 50_000  # from this many new lines on, purchase indexes are rebuilt rather than updated
_CUSTOMER = ("customer_code", "phone", "email", "name")


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
    def reject(self, rownum: int, fld: str | None, code: str, message: str, value: object = "") -> None: ...
    def customer_fields_mapped(self) -> bool: ...
    def matching(self, known: Known) -> Matching: ...
    def resolve(self, m: Matching, values: ParsedRow) -> tuple[int | None, str]: ...
    def insert_customers(self, created: list[NewCustomer]) -> None: ...
    def refresh_totals(self, customer_ids: list[int]) -> None: ...
    def earn_loyalty(self, purchase_ids: range, customer_ids: list[int]) -> None: ...
    def add_rejected_preview(self, rows: dict[int, PreviewRow]) -> None: ...


class SalesFile:
    """One sales file's rows (staged), planned against the database and written."""

    def __init__(self, importer: Importer, staging: Staging, shown: dict[int, ParsedRow],
                 show: Callable[[ParsedRow], dict[str, Any]]) -> None:
        self.imp = importer
        self.st = staging
        self.shown = shown  # the preview's rows as read (a head's as its later lines completed it)
        self.show = show
        self.present_rows: dict[int, str] = {}  # preview rows already stored
        self.customer_ids = array("q")  # per purchase to write, in order; 0: a walk-in

    # -- planning

    def plan(self) -> None:
        st, report = self.st, self.imp.report
        secret = fingerprint_key(self.imp.conn)  # the store's secret: receipt-less rows get keyed fingerprints
        if next(st.query("SELECT 1 FROM line WHERE receipt_id IS NOT NULL LIMIT 1"), None):
            self.stored_receipts()
        present = self.plan_receipts()
        self.imp.progress(0.6)
        marks = ", ".join("?" * (len(st.fields) + 4))
        st.insert(f"INSERT INTO purchase (head, key, total, lines, {st.columns}) VALUES ({marks})",
                  ((row, f"row:{keyed(secret, digest)}:{n}", amount, 1, *cells) for row, digest, n, amount, *cells
                   in st.query(f"SELECT row, digest, row_number() OVER (PARTITION BY digest ORDER BY row), amount, "
                               f"{st.columns} FROM line WHERE receipt_id IS NULL")))
        present += self.mark_stored_keys()
        report.rows_present = present
        st.db.execute("UPDATE line SET head = row WHERE receipt_id IS NULL")
        st.db.execute("CREATE INDEX purchase_receipt ON purchase (receipt_id) WHERE receipt_id IS NOT NULL")
        st.db.execute("UPDATE line SET head = (SELECT p.head FROM purchase p WHERE p.receipt_id = line.receipt_id) "
                      "WHERE receipt_id IS NOT NULL AND row NOT IN (SELECT row FROM rejected)")
        st.db.execute("CREATE INDEX line_head ON line (head, row) WHERE head IS NOT NULL")
        self.imp.progress(0.66)

    def stored_receipts(self) -> None:
        """The receipt numbers already in the database, copied into the staging file to be looked up there."""
        page = sa.text("SELECT id, receipt_no FROM purchase WHERE receipt_no IS NOT NULL AND id > :last "
                       "ORDER BY id LIMIT 50000")  # pages by id: no server-side cursor held open on PostgreSQL
        last = 0
        while part := self.imp.conn.execute(page, {"last": last}).all():
            self.st.db.executemany("INSERT INTO db_receipt VALUES (?)", [(number,) for _, number in part])
            last = part[-1][0]
        self.st.db.execute("CREATE INDEX db_receipt_no ON db_receipt (receipt)")

    def plan_receipts(self) -> int:
        """Lines with a receipt id, a receipt at a time: one purchase each (head, total, line count), conflicting
        lines rejected; returns how many lines belong to receipts already stored. Works on the staged cells as
        they are (a date's cell is its ISO text: equal cells, equal dates); only a rejected value is decoded."""
        st, wanted = self.st, set(self.imp.first_rows)
        at = {f: i for i, f in enumerate(st.fields)}
        receipt_at, date_at, amount_at = at["receipt_id"], at["date"], at["amount"]
        customer_at = [(f, at[f]) for f in _CUSTOMER]
        filled_at = [at[f] for f in (*_CUSTOMER, "birthday", "staff")]
        head_row, head, total, count, present = 0, [None] * len(st.fields), 0, 0, 0
        wanted_heads: dict[int, list[Any]] = {}
        rejected: list[tuple[int]] = []
        marks = ", ".join("?" * (len(st.fields) + 4))
        sql = f"INSERT INTO purchase (head, key, total, lines, {st.columns}) VALUES ({marks})"

        def conflict(row: int, fld: str, value: Any, what: str) -> None:
            self.imp.reject(row, fld, "receipt_conflict", f"receipt {head[receipt_at]} {what} in row {head_row}",
                            decode(value))
            rejected.append((row,))

        def heads() -> Iterator[tuple]:
            nonlocal head_row, head, total, count, present
            for row, stored, *cells in st.query(
                    f"SELECT row, EXISTS (SELECT 1 FROM db_receipt d WHERE d.receipt = line.receipt_id), "
                    f"{st.columns} FROM line WHERE receipt_id IS NOT NULL ORDER BY receipt_id, row"):
                if stored:
                    present += 1
                    if row in wanted:
                        self.present_rows[row] = "present"
                    continue
                if cells[receipt_at] != head[receipt_at]:
                    if count:
                        yield (head_row, f"receipt:{head[receipt_at]}", total, count, *head)
                    head_row, head, total, count = row, cells, cells[amount_at], 1
                    if row in wanted:
                        wanted_heads[row] = cells  # its later lines may complete it
                    continue
                if cells[date_at] != head[date_at]:
                    conflict(row, "date", cells[date_at], "has another date")
                    continue
                clash = next((f for f, i in customer_at if cells[i] and head[i] and cells[i] != head[i]), None)
                if clash:
                    conflict(row, clash, cells[at[clash]], "names another customer")
                    continue
                for i in filled_at:
                    if head[i] is None and cells[i] is not None:
                        head[i] = cells[i]
                total += cells[amount_at]
                count += 1
            if count:
                yield (head_row, f"receipt:{head[receipt_at]}", total, count, *head)

        st.insert(sql, heads())
        st.insert("INSERT INTO rejected VALUES (?)", rejected)
        self.shown.update((row, st.values(cells)) for row, cells in wanted_heads.items())
        return present

    def mark_stored_keys(self) -> int:
        """Receipt-less purchases whose fingerprint is stored already: marked present; returns how many."""
        stmt = sa.text("SELECT source_key FROM purchase WHERE source_key IN :keys").bindparams(
            sa.bindparam("keys", expanding=True))
        found: list[tuple[int]] = []
        batch: dict[str, int] = {}

        def look_up() -> None:
            for key in self.imp.conn.execute(stmt, {"keys": list(batch)}).scalars():
                found.append((batch[key],))
            batch.clear()

        for head, key in self.st.query("SELECT head, key FROM purchase WHERE receipt_id IS NULL ORDER BY head"):
            batch[key] = head
            if len(batch) >= CHUNK:
                look_up()
        if batch:
            look_up()
        self.st.db.executemany("UPDATE purchase SET present = 1 WHERE head = ?", found)
        wanted = set(self.imp.first_rows)
        self.present_rows.update((head, "present") for (head,) in found if head in wanted)
        return len(found)

    # -- customers, staff, products

    def purchases(self) -> Iterator[tuple]:
        """The purchases to write, in order: (head, total, *field cells)."""
        st = self.st
        return st.query(f"SELECT head, total, {st.columns} FROM purchase WHERE present = 0 ORDER BY head")

    def lines(self) -> Iterator[tuple]:
        """The lines to write, in the order of their ids: (head, row, product, category, quantity, amount, cost)."""
        return self.st.query("SELECT l.head, l.row, l.product, l.category, l.quantity, l.amount, l.cost FROM line l "
                             "JOIN purchase p ON p.head = l.head WHERE p.present = 0 ORDER BY l.head, l.row")

    def products(self) -> Iterator[tuple[str, str | None, int, int | None]]:
        """Per product the lines to write name, in the order of its first line (by purchase, then row): the last
        category given, the last line's unit price and the last cost given. Grouped in the staging file rather
        than every line read back into Python a second time (issue 18: the import's time on SQLite)."""
        order = "l.head * 4294967296 + l.row"  # (purchase, row) as one number: row numbers stay far below 2**32
        lines = "FROM line l JOIN purchase p ON p.head = l.head WHERE p.present = 0 AND l.product IS NOT NULL " \
                "AND l.product != ''"

        def last(columns: str, where: str = "") -> dict[str, list[Any]]:  # a bare column: from the max() row
            return {product: values for product, *values, _ in self.st.query(
                f"SELECT l.product, {columns}, max({order}) {lines} {where} GROUP BY l.product")}

        categories = last("l.category", "AND l.category IS NOT NULL AND l.category != ''")
        costs = last("l.cost", "AND l.cost IS NOT NULL")
        prices = last("l.amount, l.quantity")
        for (product,) in self.st.query(f"SELECT l.product {lines} GROUP BY l.product ORDER BY min({order})"):
            amount, quantity = prices[product]
            yield product, categories.get(product, (None,))[0], amount // quantity, costs.get(product, (None,))[0]

    def resolve_customers(self) -> tuple[Matching, dict[int, str], set[str]]:
        """Each purchase's customer (matched, new or a walk-in), in purchase order; the outcome of the preview's
        purchases; the staff names the purchases carry."""
        imp, st = self.imp, self.st
        m = imp.matching(Known.load(imp.conn, with_rows=False) if imp.customer_fields_mapped() else Known())
        heads = dict(st.query(f"SELECT row, head FROM line WHERE head IS NOT NULL AND row IN "
                              f"({', '.join(map(str, imp.first_rows)) or 'NULL'})"))
        wanted_heads = set(heads.values())
        outcome: dict[int, str] = {}
        staff: set[str] = set()
        for head, total, *cells in self.purchases():
            values = st.values(cells)
            cid, result = imp.resolve(m, values)
            self.customer_ids.append(cid or 0)
            if head in wanted_heads:
                outcome[head] = result
            if values["staff"]:
                staff.add(values["staff"])
            if result == "new":
                assert cid is not None  # a new customer has its id
                at: datetime = values["date"]
                customer = imp.new_customers[cid]
                if customer.first_seen is None or at.date() < customer.first_seen:
                    customer.first_seen = at.date()
                # A new card's purchases are all in this file: its totals are written with it, not updated after.
                customer.visits += 1
                customer.spent += total
                if customer.last_purchase_at is None or at > customer.last_purchase_at:
                    customer.last_purchase_at = at
        self.fill_preview(heads, outcome)
        return m, outcome, staff

    def fill_preview(self, heads: dict[int, int], outcome: dict[int, str]) -> None:
        rows = {row: PreviewRow(row, self.show(self.shown[row]), outcome.get(head, ""), "import")
                for row, head in heads.items() if head in outcome}
        rows.update((row, PreviewRow(row, {}, "", fate)) for row, fate in self.present_rows.items())
        self.imp.add_rejected_preview(rows)

    # -- writing

    def write(self, dry_run: bool, batch_id: int | None) -> None:
        imp, report, conn = self.imp, self.imp.report, self.imp.conn
        m, _, staff_names = self.resolve_customers()
        imp.progress(0.72)
        staff_ids = {name: sid for sid, name in conn.execute(sa.text("SELECT id, name FROM staff ORDER BY id DESC"))}
        new_staff = sorted(n for n in staff_names if n not in staff_ids)
        next_staff = next_id(conn, "staff")
        for i, name in enumerate(new_staff):
            staff_ids[name] = next_staff + i
        products = plan_products(conn, self.products())
        purchases, lines = self.st.db.execute("SELECT count(*), coalesce(sum(lines), 0) FROM purchase "
                                              "WHERE present = 0").fetchone()
        report.purchases_created = purchases
        report.lines_created = report.rows_imported = lines
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
        if big:  # PostgreSQL: statistics of the loaded tables before the totals and points query them
            analyze(conn, ("customer", "purchase", "purchase_line", "product"))
        imp.progress(0.93)
        touched = sorted({cid for cid in self.customer_ids if cid})
        imp.refresh_totals([cid for cid in touched if cid < first_new])  # new cards came with their totals
        imp.earn_loyalty(purchase_ids, touched)
        if big:
            analyze(conn, ("points_entry",))

    def insert_purchases(self, staff_ids: dict[str, int], product_ids: dict[str, int], batch_id: int | None
                         ) -> range:
        """The purchases and their lines (indexes are the caller's business); returns the new purchases' ids."""
        imp, conn = self.imp, self.imp.conn
        first_purchase = next_id(conn, "purchase")
        first_line = next_id(conn, "purchase_line")
        count = len(self.customer_ids)
        when = (lambda d: d.isoformat(" ", "microseconds")) if imp.sqlite else (lambda d: d)
        created_at = when(imp.stamp)

        def purchase_rows() -> Iterator[tuple]:
            for i, (key, total, day, staff, receipt) in enumerate(self.st.query(
                    "SELECT key, total, date, staff, receipt_id FROM purchase WHERE present = 0 ORDER BY head")):
                yield (first_purchase + i, self.customer_ids[i] or None, when(decode(day)), total,
                       staff_ids.get(staff), receipt, created_at, 0, batch_id, key)
                if i % 20_000 == 0:
                    imp.progress(0.75 + 0.08 * i / max(1, count))

        insert_rows(conn, "purchase", ("id", "customer_id", "purchased_at", "total", "staff_id", "receipt_no",
                                       "created_at", "discount", "import_batch_id", "source_key"), purchase_rows(),
                    ready=True)

        def line_rows() -> Iterator[tuple]:
            i, last = -1, None
            for line_id, (head, _, product, category, quantity, amount, cost) in enumerate(self.lines(), first_line):
                if head != last:
                    i, last = i + 1, head
                    if i % 20_000 == 0:
                        imp.progress(0.83 + 0.09 * i / max(1, count))
                yield (line_id, first_purchase + i, product, category, quantity, amount // quantity, amount, 0,
                       product_ids.get(product), cost)

        insert_rows(conn, "purchase_line", ("id", "purchase_id", "product", "category", "quantity", "unit_price",
                                            "amount", "discount", "product_id", "unit_cost"), line_rows(), ready=True)
        return range(first_purchase, first_purchase + count)


__all__ = ["Importer", "SalesFile"]
