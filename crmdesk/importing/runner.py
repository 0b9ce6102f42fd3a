"""The import engine the window's wizard and the command line share.

``run_import`` reads every row of a ``SourceTable`` through a column mapping, decides what each row becomes (a
purchase line of a receipt, a new or matched customer) and writes it all in ONE transaction: any failure or a cancel
leaves the database exactly as it was. ``dry_run`` does all of it but the writing.

Policy for bad rows: a row that cannot be read (no date, an amount that is not a number, a negative quantity, an
invalid phone, a 10,000-character cell, ...) is skipped and reported with its spreadsheet row number, the column and
the reason; the good rows are imported, and the rejected ones are saved as ``<file>.rejected.csv`` beside the source,
ready to fix and import again. The wizard shows the count before anything is written (dry run). ``strict=True``
(``--strict``) refuses the whole file instead when any row is bad. A file-level problem (empty, binary, undecodable,
no date or amount column, not one importable row) always refuses the whole file.

Matching: a row's customer is found by customer code, else by phone, else by e-mail; a row with only a name attaches
to the one existing customer of exactly that name, if there is exactly one. Otherwise a new customer is created (once
per file: later rows with the same code, phone, e-mail or name attach to it). A merged card leads to its survivor.

Idempotence: rows with a receipt id form one purchase per receipt, recognised again by that number; rows without one
by a fingerprint of their stored values and their occurrence in the file ("row:<sha1>:<n>"): two identical rows stay
two purchases, importing again adds nothing. Customers: through the matching itself.
Speed: crmdesk.store.bulk (the demo's write path too), cached parsers for values that repeat.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any, cast

import sqlalchemy as sa
from sqlmodel import Session

from crmdesk import normalise as nz
from crmdesk.access import MACHINE_OWNER, Permission, require
from crmdesk.errors import CrmError
from crmdesk.importing.consent import ConsentColumns, Stated
from crmdesk.importing.known import Known, Matching, NewCustomer
from crmdesk.importing.locking import server_lock, write_lock
from crmdesk.importing.mapping import CUSTOMER_FIELDS, FIELDS
from crmdesk.importing.readers import MAX_CELL, ImportFileError, SourceTable
from crmdesk.importing.report import (
    ImportRefused,
    ImportReport,
    PreviewRow,
    Rejection,
    rejected_file_path,
    write_rejected_file,
)
from crmdesk.importing.rows import ParsedRow, Reject, RowParser, row_digest
from crmdesk.importing.sales import SalesFile
from crmdesk.importing.staging import SalesRows
from crmdesk.models.base import now
from crmdesk.models.customer import derived_columns
from crmdesk.store.bulk import (
    chunks,
    db_value,
    fix_sequences,
    insert_rows,
    large_cache,
    next_id,
    search_index_after,
)

ProgressFn = Callable[[int, int], None]
PROGRESS_TOTAL = 1000
REQUIRED = {"sales": ("date", "amount"), "customers": ()}
# The report's classes are importable from here too (the window, the command line and the tests import them).
__all__ = ["ImportRefused", "ImportReport", "PreviewRow", "Rejection", "check_mapping", "rejected_file_path",
           "run_import"]


class _Progress:
    def __init__(self, fn: ProgressFn | None) -> None:
        self.fn = fn
        self.last = -1

    def __call__(self, fraction: float) -> None:
        if self.fn is None:
            return
        value = max(self.last, min(PROGRESS_TOTAL, int(fraction * PROGRESS_TOTAL)))
        self.last = value
        self.fn(value, PROGRESS_TOTAL)  # a cancel raises from here


# --- Reading, matching and writing ----------------------------------------------------------------------

_LOOKUP = {"customer_code": "by_code", "phone": "by_phone", "email": "by_email"}  # Known's tables

class _Importer:
    def __init__(self, conn: sa.Connection, source: SourceTable, kind: str, mapping: dict[str, str | None],
                 report: ImportReport, progress: _Progress, limit: int | None, preview_rows: int) -> None:
        self.conn = conn
        self.sqlite = conn.dialect.name == "sqlite"
        self.source = source
        self.kind = kind
        self.report = report
        self.progress = progress
        self.limit = limit
        self.preview_rows = preview_rows
        self.headers = source.headers
        position = {h: i for i, h in enumerate(source.headers)}  # a dict: a 40 KB header stays linear
        self.index = {fld: position[h] for h, fld in mapping.items() if fld and h in position}
        self.header_of = {fld: source.headers[i] for fld, i in self.index.items()}
        self.parser = RowParser(kind, self.index)
        self.stamp = now()
        self.consent = ConsentColumns(set(), None, source.path.name)  # what the user stated (run_import sets it)
        self.first_rows: list[int] = []  # row numbers the preview shows
        self.new_customers: dict[int, NewCustomer] = {}
        self.actor = MACHINE_OWNER  # who imports (run sets it): the staff the file adds are audited as theirs

    # -- reading

    def reject(self, rownum: int, fld: str | None, code: str, message: str, value: object = "",
               context: dict[str, object] | None = None) -> None:
        column = self.header_of.get(fld) if fld else None
        shown = "" if value is None else str(value)
        self.report.rejections.append(Rejection(rownum, column, code, message, shown[:80],
                                                tuple((context or {}).items())))

    def read_rows(self, keep: Callable[[int, ParsedRow], None]) -> None:
        """Every data row parsed and handed to ``keep`` (row number, values); bad ones go to the report."""
        estimate = self.source.estimated_rows or 1
        rows = self.source.rows()
        if self.limit is not None:
            rows = islice(rows, self.limit)
        check_long = self.source.format == "csv"
        for rownum, row in enumerate(rows, start=self.source.first_row_number):
            if not any(row) and all(c is None or c == "" for c in row):
                continue  # blank lines are not rows
            self.report.rows_read += 1
            if len(self.first_rows) < self.preview_rows:
                self.first_rows.append(rownum)
            if self.report.rows_read % 5000 == 0:
                self.progress(0.55 * min(1.0, self.report.rows_read / estimate))
            if check_long and max(map(len, cells := cast("list[str]", row))) > MAX_CELL:  # CSV cells are text
                i = next(i for i, c in enumerate(cells) if len(c) > MAX_CELL)
                column = self.headers[i] if i < len(self.headers) else f"#{i + 1}"  # past the titles: its place
                self.report.rejections.append(Rejection(
                    rownum, column, "cell_too_long",
                    f"a cell of {len(cells[i]):,} characters (at most {MAX_CELL:,}); is this the right file?",
                    cells[i][:40] + "…"))
                continue
            try:
                values = self.parser.parse(row)
            except Reject as exc:
                self.reject(rownum, exc.field, exc.code, exc.message, exc.value, exc.context)
                continue
            keep(rownum, values)

    def stage_rows(self) -> SalesFile:
        """A sales file's rows, folded into purchases as they are read (importing/staging.py): a few dozen bytes
        of memory per line."""
        shown: dict[int, ParsedRow] = {}
        staged = SalesRows(shown)
        wanted = self.preview_rows

        def keep(rownum: int, values: ParsedRow) -> None:
            if len(shown) < wanted and rownum in self.first_rows:
                shown[rownum] = values  # before it is staged: a preview row's head is completed as read
            staged.add(rownum, values, None if values["receipt_id"] else row_digest(values))

        self.read_rows(keep)
        for _, _, cache in self.parser.plan:  # read: room for what the plan and the writes hold (tens of MB)
            cache.clear()
        return SalesFile(self, staged, lambda v: _shown(v, self.kind))

    # -- customers

    def customer_fields_mapped(self) -> bool:
        return any(f in self.index for f in ("customer_code", "phone", "email", "name"))

    def matching(self, known: Known) -> Matching:
        return Matching(known, next_id(self.conn, "customer"))

    def resolve(self, m: Matching, values: ParsedRow) -> tuple[int | None, str]:
        """(customer id, "matched" | "new" | "walk-in") for a row's customer values."""
        known, new_known = m.known, m.new_known
        if not any(values.get(f) for f in ("customer_code", "phone", "email", "name")):
            return None, "walk-in"
        cid = known.find(values)
        if cid is None:
            cid = new_known.find(values)
            if cid is not None:
                return cid, "new"
            cid = known.find_by_name(values)
        if cid is not None:
            m.matched.add(cid)
            return cid, "matched"
        name_only = not any(values.get(f) for f in ("customer_code", "phone", "email"))
        if name_only and values["name"] in new_known.by_name:
            return new_known.by_name[values["name"]], "new"
        cid = m.next_id
        m.next_id += 1
        m.created.append(NewCustomer(cid, {f: values.get(f) for f in CUSTOMER_FIELDS}))  # all a card takes
        self.new_customers[cid] = m.created[-1]
        for fld, table in (("customer_code", new_known.by_code), ("phone", new_known.by_phone),
                           ("email", new_known.by_email)):
            if values.get(fld):
                table[values[fld]] = cid
        if name_only:
            new_known.by_name[values["name"]] = cid
        return cid, "new"

    def insert_customers(self, created: list[NewCustomer]) -> None:
        stamp = self.stamp
        columns = ("id", "name", "phone", "phone_last4", "email", "birthday", "birthday_lunar", "tags",
                   "customer_code", "first_seen", "marketing_consent", "archived", "created_at", "updated_at",
                   "search_text", "visit_count", "total_spent", "last_purchase_at", "acquired_via",
                   "consent_unconfirmed")
        stated = self.consent.stated

        def rows() -> Iterator[tuple]:
            for c in created:
                v = c.values
                name = v.get("name") or nz.format_phone(v.get("phone")) or v.get("email") or v.get("customer_code")
                last4, search = derived_columns(name=name, phone=v.get("phone"), email=v.get("email"),
                                                customer_code=v.get("customer_code"), tags="")
                yield (c.id, name, v.get("phone"), last4, v.get("email"), v.get("birthday"), False, "",
                       v.get("customer_code"), c.first_seen or stamp.date(), False, False, stamp, stamp, search,
                       c.visits, c.spent, c.last_purchase_at, "other", stated is None)

        with search_index_after(self.conn, created[0].id if created else 0, len(created)):
            insert_rows(self.conn, "customer", columns, rows())
        # Consent only as the user stated it (importing/consent.py), in the same unit of work as the cards.
        self.consent.write(self.conn, stamp, (c.id for c in created))

    def refresh_totals(self, customer_ids: list[int]) -> None:
        from crmdesk.services.customers import refresh_purchase_totals

        # PostgreSQL takes the ids as one array: one statement, one GROUP BY, however many customers.
        size = 900 if self.sqlite else max(1, len(customer_ids))
        with Session(bind=self.conn) as session:
            for i, chunk in enumerate(chunks(customer_ids, size)):
                refresh_purchase_totals(session, chunk)
                if i % 20 == 0:
                    self.progress(0.93 + 0.06 * i * size / max(1, len(customer_ids)))
            session.flush()

    def earn_loyalty(self, purchase_ids: range, customer_ids: list[int]) -> None:
        """Imported purchases earn points like entered ones, except those older than the expiry period (their
        points would expire at once, and years of history would flood the ledger); tiers follow."""
        from crmdesk.services import loyalty

        with Session(bind=self.conn) as session:
            loyalty.earn_for_purchases(session, purchase_ids)
            loyalty.recompute_tiers(session, customer_ids)
            session.flush()

    def add_rejected_preview(self, rows: dict[int, PreviewRow]) -> None:
        wanted = set(self.first_rows)
        for rej in self.report.rejections:
            if rej.row in wanted:
                rows[rej.row] = PreviewRow(rej.row, {}, "", "rejected", rej.describe())
        self.report.preview = [rows[k] for k in sorted(rows)]

    # -- customer files

    def write_customers(self, parsed: Sequence[tuple[int, ParsedRow]], dry_run: bool) -> None:
        report = self.report
        m = self.matching(Known.load(self.conn, with_rows=True))
        known, new_known, created = m.known, m.new_known, m.created
        updates: dict[int, dict[str, Any]] = {}
        outcome: dict[int, str] = {}
        for rownum, v in parsed:
            if not any(v.get(f) for f in ("customer_code", "phone", "email", "name")):
                self.reject(rownum, None, "customer_empty", "no customer code, name, phone or e-mail")
                continue
            before = len(created)
            existing = known.find(v) or known.find_by_name(v)
            if existing is None and not v.get("name") and new_known.find(v) is None:
                self.reject(rownum, "name", "name_required", "a new customer needs a name")
                continue
            cid, result = self.resolve(m, v)
            assert cid is not None  # never a walk-in: a row without customer fields was rejected above
            outcome[rownum] = self.consent.note(cid, v, result)  # the row's consent answers, if mapped
            target: dict[str, Any] | None
            if result == "new" and len(created) == before:  # a later row for a customer this file creates
                target = self.new_customers[cid].values
                changed = False
            else:
                target = known.rows.get(cid, {}) if result == "matched" else None
                changed = result == "new"
            if target is not None:
                for f in ("customer_code", "phone", "email", "birthday"):
                    if v.get(f) and not target.get(f):
                        if f == "customer_code" and (v[f] in known.by_code or v[f] in new_known.by_code):
                            continue  # that code belongs to someone else
                        target[f] = v[f]
                        if result == "matched":
                            updates.setdefault(cid, target)
                        # Later rows find the card by what this row added (a code added to a card this file made
                        # was unknown to them: a row with that code alone made a second card, and the import failed
                        # on the code's uniqueness with a traceback).
                        if f in _LOOKUP:
                            getattr(known if result == "matched" else new_known, _LOOKUP[f]).setdefault(v[f], cid)
                        changed = True
            if changed or result == "new":
                report.rows_imported += 1
            else:
                report.rows_present += 1
        report.customers_created = len(created)
        report.customers_matched = len(m.matched)
        report.customers_updated = len(updates)
        wanted = set(self.first_rows)
        self.add_rejected_preview({rownum: PreviewRow(rownum, _shown(v, "customers"), outcome.get(rownum, ""),
                                                      "import" if rownum in outcome else "rejected")
                                   for rownum, v in parsed if rownum in wanted})
        self.progress(0.8)
        if dry_run:
            return
        self.insert_customers(created)
        if updates:
            stamp = db_value(self.stamp, self.sqlite)
            sql = sa.text("UPDATE customer SET customer_code = :code, phone = :phone, phone_last4 = :last4, "
                          "email = :email, birthday = :birthday, search_text = :search, updated_at = :stamp "
                          "WHERE id = :id")
            self.conn.execute(sql, [self.completed_card(cid, t, stamp) for cid, t in updates.items()])

    def completed_card(self, cid: int, card: dict[str, Any], stamp: Any) -> dict[str, Any]:
        """The UPDATE parameters of a matched card whose empty fields the file completed."""
        last4, search = derived_columns(name=card["name"], phone=card["phone"], email=card["email"],
                                        customer_code=card["customer_code"], tags=card["tags"])
        return {"id": cid, "code": card["customer_code"], "phone": card["phone"], "last4": last4,
                "email": card["email"], "birthday": db_value(card["birthday"], self.sqlite), "stamp": stamp,
                "search": search}


def _shown(values: ParsedRow, kind: str) -> dict[str, Any]:
    return {f: values.get(f) for f in FIELDS[kind] if values.get(f) not in (None, "")}


def check_mapping(source: SourceTable, kind: str, mapping: dict[str, str | None]) -> None:
    """Refuse a mapping that cannot give a single stored row; the message says which columns there are."""
    if kind not in FIELDS:
        raise CrmError(f"Import what? Choose one of: {', '.join(FIELDS)}.",
                       ko=f"무엇을 가져올까요? 다음 중에서 고르세요: {', '.join(FIELDS)}.")
    mapped = {f for f in mapping.values() if f}
    columns = ", ".join(source.headers[:12]) + (", ..." if len(source.headers) > 12 else "")
    if not mapped:
        raise ImportFileError(f"{source.path.name} has no recognisable columns (found: {columns}). Map them with "
                              "--map COLUMN=FIELD or a preset.",
                              ko=f"파일 {source.path.name}에 알아볼 수 있는 열이 없습니다(찾은 열: {columns}). "
                                 "--map 열=필드 또는 프리셋으로 대응시키세요.")
    missing = [f for f in REQUIRED[kind] if f not in mapped]
    if missing:
        raise ImportFileError(f"{source.path.name} has no {' or '.join(missing)} column (found: {columns}). "
                              f"Map one with --map COLUMN={missing[0]}.",
                              ko=f"파일 {source.path.name}에 {' 또는 '.join(missing)} 열이 없습니다"
                                 f"(찾은 열: {columns}). --map 열={missing[0]}(으)로 하나를 대응시키세요.")
    if kind == "customers" and not mapped & {"customer_code", "name", "phone", "email"}:
        raise ImportFileError(f"{source.path.name} has no customer code, name, phone or e-mail column "
                              f"(found: {columns}).",
                              ko=f"파일 {source.path.name}에 고객 코드, 이름, 전화, 이메일 열이 하나도 없습니다"
                                 f"(찾은 열: {columns}).")


def run_import(store: Any, source: SourceTable, kind: str, mapping: dict[str, str | None], *,
               dry_run: bool = False, strict: bool = False, staff_id: int | None = None,
               progress: ProgressFn | None = None, limit: int | None = None, preview_rows: int = 20,
               save_rejections: bool = True, consent_source: Stated | None = None,
               language: str = "en") -> ImportReport:
    """Import ``source`` as ``kind`` ("sales" or "customers") through ``mapping``; see the module docstring.

    Returns the report; raises ImportRefused (nothing written) when the file as a whole cannot be imported,
    and whatever ``progress`` raises (a cancel) after rolling everything back. ``limit`` reads only the
    first rows (the wizard's preview); ``consent_source``: importing/consent.py; ``language``: of the skipped
    rows' file (its reasons, reasons.py). Owner only: an import changes many cards at once."""
    actor = require(store, Permission.BULK)
    check_mapping(source, kind, mapping)
    started = _time.perf_counter()
    steps = _Progress(progress)
    report = ImportReport(kind=kind, source_name=source.path.name, encoding=source.encoding,
                          delimiter=source.delimiter, dry_run=dry_run)
    steps(0.0)
    with store.engine.connect() as conn:
        importer = _Importer(conn, source, kind, mapping, report, steps, limit, preview_rows)
        importer.actor = actor
        importer.consent = ConsentColumns(set(importer.index), consent_source, source.path.name, importer.parser)
        # Every row is read and parsed before the database is touched: a long file holds no lock while it is read.
        # A sales file's rows are folded into purchases as they are read (importing/staging.py); a customer
        # file's are kept as parsed.
        parsed: list[tuple[int, ParsedRow]] = []
        sales = importer.stage_rows() if kind == "sales" else None
        if sales is None:
            importer.read_rows(lambda rownum, values: parsed.append((rownum, values)))
        if report.rows_read == 0:
            raise ImportRefused(f"{source.path.name} has a header but no rows to import.", report,
                                reason="no_rows", file=source.path.name)
        # One transaction: an exception (a refusal, a cancel from progress) rolls all of it back. It holds the
        # write lock from its first read on, so what it plans against is what it writes into.
        with write_lock(conn, source, wanted=not dry_run), conn.begin() as transaction:
            server_lock(conn, wanted=not dry_run)
            with large_cache(conn):
                _run(importer, sales or parsed, report, dry_run=dry_run, strict=strict, staff_id=staff_id)
            if dry_run:
                transaction.rollback()
            elif report.rows_imported or report.customers_created or report.customers_updated:
                from crmdesk.services import audit  # an import that changed nothing leaves the database as was

                audit.record_on(conn, actor, "import", None, {
                    "what": kind, "file": source.path.name, "rows": report.rows_imported,
                    "customers_created": report.customers_created,
                    "purchases_created": report.purchases_created, **importer.consent.audit_details()})
    report.rejections.sort(key=lambda r: r.row)
    report.rows_rejected = len(report.rejections)
    if not dry_run and save_rejections and report.rejections:
        write_rejected_file(store, source, report, language)
    report.seconds = _time.perf_counter() - started
    steps(1.0)
    return report


def _run(importer: _Importer, rows: SalesFile | list[tuple[int, ParsedRow]], report: ImportReport, *,
         dry_run: bool, strict: bool, staff_id: int | None) -> None:
    conn, source, kind, limit = importer.conn, importer.source, importer.kind, importer.limit
    previous = conn.execute(sa.text(
        "SELECT max(finished_at) FROM import_batch WHERE source_sha256 = :sha AND kind = :kind"),
        {"sha": source.sha256, "kind": kind}).scalar_one_or_none()
    if previous is not None:
        report.same_file_imported_at = previous if isinstance(previous, datetime) else datetime.fromisoformat(
            str(previous))
    if isinstance(rows, SalesFile):
        rows.plan()
    batch_id = None
    if not dry_run:
        batch_id = next_id(conn, "import_batch")
        insert_rows(conn, "import_batch", ("id", "kind", "source_name", "source_sha256", "encoding", "started_at",
                                       "rows_read", "rows_imported", "rows_rejected", "customers_created",
                                       "customers_matched", "staff_id"),
                [(batch_id, kind, source.path.name[:300], source.sha256, source.encoding, importer.stamp,
                  0, 0, 0, 0, 0, staff_id)])
    rejected_before_write = len(report.rejections)
    report.rejections.sort(key=lambda r: r.row)  # a refusal names the file's first bad row, whatever found it
    if strict and rejected_before_write:
        raise ImportRefused(f"{source.path.name} was not imported: {rejected_before_write:,} bad rows, the "
                            f"first at {report.rejections[0].describe()}.", report, reason="bad_rows",
                            file=source.path.name, count=rejected_before_write, first=report.rejections[0])
    if isinstance(rows, SalesFile):
        rows.write(dry_run=dry_run, batch_id=batch_id)
    else:
        importer.write_customers(rows, dry_run=dry_run)
        if strict and len(report.rejections) > rejected_before_write:
            raise ImportRefused(f"{source.path.name} was not imported: {report.rejections[0].describe()}.", report,
                                reason="bad_row", file=source.path.name, first=report.rejections[0])
    if report.rows_imported == 0 and report.rows_present == 0 and limit is None and report.rejections:
        first = min(report.rejections, key=lambda r: r.row)
        raise ImportRefused(f"No row of {source.path.name} can be imported; the first problem is at "
                            f"{first.describe()}.", report, reason="none_importable", file=source.path.name,
                            first=first)
    report.batch_id = batch_id
    if not dry_run:  # explicit ids: on PostgreSQL the sequences move past them
        fix_sequences(conn, ("customer", "staff", "product", "purchase", "purchase_line", "import_batch"))
    if batch_id is not None:
        conn.execute(sa.text(
            "UPDATE import_batch SET finished_at = :done, rows_read = :read, rows_imported = :imported, "
            "rows_rejected = :rejected, customers_created = :created, customers_matched = :matched WHERE id = :id"),
            {"done": db_value(now(), importer.sqlite), "read": report.rows_read, "imported": report.rows_imported,
             "rejected": len(report.rejections), "created": report.customers_created,
             "matched": report.customers_matched, "id": batch_id})
