"""The `crmdesk` command line: sub-commands over the services. Never imports Qt.

Exit codes: 0 done, 1 refused or failed (one-line reason on stderr), 2 bad usage (argparse).
"""

from __future__ import annotations

import argparse
import locale
import os
import sys
import time
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from crmdesk import __version__
from crmdesk.config import ENV_DB, default_database, resolve_database
from crmdesk.errors import CrmError

EPILOG = (
    f"The database is {default_database()} unless --db PATH_OR_URL or the {ENV_DB} environment variable "
    "names another (an SQLite file path, or an SQLAlchemy URL such as postgresql://user@host/shop)."
)


def _db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--db", metavar="PATH_OR_URL", default=argparse.SUPPRESS,
                        help=f"database file or URL (default: ${ENV_DB} or the user data folder)")
    return parent


def _date_arg(text: str) -> date | None:
    """--from/--to: any date the app reads (2025-06-30, 2025.6.30, 20250630, 2025년 6월 30일)."""
    from crmdesk.normalise import InvalidValue, parse_date

    try:
        return parse_date(text)
    except InvalidValue as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: write the date like 2025-06-30") from exc


def build_parser() -> argparse.ArgumentParser:
    db = _db_parent()
    parser = argparse.ArgumentParser(
        prog="crmdesk", parents=[db], epilog=EPILOG,
        description="crmdesk: customer cards, purchase history and analytics for a small shop. "
                    "Without a command, opens the window.")
    parser.add_argument("--version", action="version", version=f"crmdesk {__version__}")
    parser.add_argument("--lang", choices=["ko", "en"], help="window language (default: settings, then system)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", parents=[db], epilog=EPILOG,
                          help="fill an empty database with a realistic demo café",
                          description="Fill an empty database with a realistic Korean café: customers with "
                                      "names, 010 numbers, birthdays, tags, consent and years of purchases.")
    demo.add_argument("--customers", type=int, default=2000, metavar="N", help="number of customers (default 2000)")
    demo.add_argument("--seed", type=int, default=7, metavar="S", help="random seed (same seed, same shop)")
    demo.add_argument("--if-empty", action="store_true",
                      help="do nothing (and succeed) when the database already has customers")

    cust = sub.add_parser("customers", parents=[db], epilog=EPILOG, help="list customers matching a search",
                          description="Print the customers matching a search, as the window's search finds "
                                      "them: name (any part, or initial consonants such as ㄱㅁㅅ), phone "
                                      "digits (the last four alone work), e-mail, customer code, tags.")
    cust.add_argument("--search", "-s", default="", metavar="TEXT", help="what to look for (default: everyone)")
    cust.add_argument("--sort", default="name", help="name, total_spent, visit_count, last_purchase_at, ...")
    cust.add_argument("--desc", action="store_true", help="sort descending")
    cust.add_argument("--archived", action="store_true", help="list archived customers instead")
    cust.add_argument("--limit", type=int, default=50, metavar="N", help="at most N rows (default 50; 0 = all)")

    export = sub.add_parser("export", parents=[db], epilog=EPILOG, help="export data to CSV or Excel",
                            description="Export data to a file: .csv (UTF-8 with BOM, opens in Excel) or .xlsx.")
    export_sub = export.add_subparsers(dest="what", metavar="WHAT", required=True)
    exp_c = export_sub.add_parser("customers", parents=[db], epilog=EPILOG, help="every customer card",
                                  description="Export every customer card with purchase totals.")
    exp_c.add_argument("file", metavar="FILE", help="output file, .csv or .xlsx")
    exp_c.add_argument("--archived", action="store_true", help="include archived customers")
    exp_c.add_argument("--headers", choices=["ko", "en"], help="column header language (default: system)")
    for what, help_, description in (
            ("touchpoints", "every contact: visits, calls, messages, follow-ups",
             "Export the contact-point log: when, customer, channel, purpose, staff, note and the follow-up."),
            ("feedback", "feedback and complaints with response and resolution times",
             "Export feedback with its status, staff, the hours to first response and to resolution (derived "
             "from the status stamps) and whether it is overdue against the shop's targets.")):
        exp = export_sub.add_parser(what, parents=[db], epilog=EPILOG, help=help_, description=description)
        exp.add_argument("file", metavar="FILE", help="output file, .csv or .xlsx")
        exp.add_argument("--from", dest="start", type=_date_arg, metavar="DATE",
                         help="only from this day on (2025-06-30)")
        exp.add_argument("--to", dest="end", type=_date_arg, metavar="DATE", help="only up to this day, included")
        exp.add_argument("--headers", choices=["ko", "en"],
                         help="language of the column headers and the words in them (default: system)")
    exp_s = export_sub.add_parser(
        "sales", parents=[db], epilog=EPILOG, help="every purchase line",
        description="Export every purchase line (voided purchases left out) in the columns `crmdesk import "
                    "sales` reads, so the file imports back unchanged.")
    exp_s.add_argument("file", metavar="FILE", help="output file, .csv or .xlsx")
    exp_s.add_argument("--encoding", choices=["utf-8", "cp949"], default="utf-8",
                       help="CSV text encoding: utf-8 with BOM (default, opens in Excel) or cp949 (older software)")
    exp_s.add_argument("--headers", choices=["ko", "en"], default="en",
                       help="column headers: en = the import's field names (default), ko = Korean")

    imp = sub.add_parser("import", parents=[db], epilog=EPILOG, help="import customers or sales from CSV or Excel",
                         description="Import a CSV/TSV or .xlsx file in one transaction: all of it or, when "
                                     "refused, nothing. Rows that cannot be read are skipped and listed (also in "
                                     "FILE.rejected.csv beside it); --strict refuses the file instead.")
    imp_sub = imp.add_subparsers(dest="what", metavar="WHAT", required=True)
    for kind, text in (("customers", "customer cards (matched by code, phone, e-mail; new ones created)"),
                       ("sales", "purchase lines from a POS or Excel export; rows with one receipt id form one "
                                 "purchase")):
        p = imp_sub.add_parser(kind, parents=[db], epilog=EPILOG, help=text, description=f"Import {text}.")
        p.add_argument("file", metavar="FILE", help=".csv, .tsv, .txt or .xlsx")
        p.add_argument("--map", action="append", default=[], metavar="SOURCE_COLUMN=FIELD",
                       help="use a column for a field (repeatable); FIELD '-' skips the column. Fields: "
                            + ", ".join(_import_fields(kind)))
        p.add_argument("--preset", metavar="NAME", help="apply a saved column mapping (and its encoding)")
        p.add_argument("--save-preset", metavar="NAME", help="save the mapping used under this name")
        p.add_argument("--encoding", metavar="ENC", help="text encoding (default: detected; e.g. cp949, utf-8)")
        p.add_argument("--delimiter", metavar="CHAR", help="column separator (default: detected; 'tab' for tabs)")
        p.add_argument("--dry-run", action="store_true", help="report what would happen; write nothing")
        p.add_argument("--strict", action="store_true", help="refuse the whole file if any row is bad")

    _add_analytics_parsers(sub, db)
    from crmdesk import cli_loyalty

    cli_loyalty.add_parsers(sub, db, EPILOG)

    sub.add_parser("info", parents=[db], epilog=EPILOG, help="show which database is used and what it holds",
                   description="Show the database location, its schema version and how many records it holds.")
    _add_backup_commands(sub, db)
    return parser


def _add_analytics_parsers(sub, db: argparse.ArgumentParser) -> None:  # noqa: ANN001
    """`crmdesk rfm` and `crmdesk pareto` (issue 5)."""
    rfm = sub.add_parser(
        "rfm", parents=[db], epilog=EPILOG, help="RFM scores and segments of every customer",
        description="Score every active customer 1-5 on recency, frequency and monetary value (quintiles of the "
                    "customers who bought; equal values share a score) and name the segment. Without --out, "
                    "prints customers and revenue per segment; with it, writes one row per customer.")
    pareto = sub.add_parser(
        "pareto", parents=[db], epilog=EPILOG, help="how much revenue the best customers bring",
        description="Print the share of revenue from the best 20 % of customers and the share of customers that "
                    "makes 80 % of revenue; --out writes the cumulative curve, best customer first.")
    editing = rfm.add_mutually_exclusive_group()
    editing.add_argument("--show-segments", action="store_true",
                         help="print the shop's segment of each code as JSON (to edit and load with --set-segments)")
    editing.add_argument("--set-segments", metavar="JSON_FILE",
                         help='store the shop\'s own mapping, {"Champions": ["555", ...], ...}: every one of the 125 '
                              "codes in exactly one of the 11 segments (English or Korean names)")
    editing.add_argument("--default-segments", action="store_true", help="go back to the default mapping")
    for parser in (rfm, pareto):
        parser.add_argument("--as-of", type=_date_arg, metavar="DATE",
                            help="look as of the end of this day (default today); later purchases are ignored")
        parser.add_argument("--out", metavar="FILE", help="write the table to FILE, .csv or .xlsx")
        parser.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS,
                            help="language of the summary and segment names (default: system)")


def _add_backup_commands(sub, db: argparse.ArgumentParser) -> None:  # noqa: ANN001 - argparse's private type
    """backup, backups, restore, check: they work on the file itself, so a damaged database is no obstacle."""
    bak = sub.add_parser("backup", parents=[db], epilog=EPILOG, help="copy the database to a verified backup",
                         description="Copy the database with SQLite's online backup API (safe while crmdesk is "
                                     "open) and verify the copy. Without FILE, the copy goes into the backups "
                                     "folder beside the database, which keeps the newest copies.")
    bak.add_argument("file", metavar="FILE", nargs="?", help="where to write the copy (default: the backups folder)")
    bak.add_argument("--keep", type=int, default=10, metavar="N",
                     help="automatic backups to keep in the backups folder (default 10)")
    sub.add_parser("backups", parents=[db], epilog=EPILOG, help="list the backups in the backups folder",
                   description="List the backups in the backups folder beside the database, newest first.")
    res = sub.add_parser("restore", parents=[db], epilog=EPILOG, help="replace the database with a backup",
                         description="Replace the database with a backup, after checking the backup and saving "
                                     "the current database into the backups folder (so the restore can be "
                                     "undone). Close the crmdesk window first.")
    res.add_argument("file", metavar="FILE", help="the backup to restore")
    res.add_argument("--yes", "-y", action="store_true", help="do not ask; required when not run on a terminal")
    sub.add_parser("check", parents=[db], epilog=EPILOG, help="check the database for damage",
                   description="Run SQLite's integrity and foreign-key checks. Exit status 0 when the database "
                               "is sound; 1 with each problem on stderr when it is damaged.")


def _import_fields(kind: str) -> tuple[str, ...]:
    from crmdesk.importing.mapping import FIELDS

    return FIELDS[kind]


def _system_language() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    loc = locale.getlocale()[0] or ""
    return "ko" if loc.lower().startswith("ko") else "en"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int] = frozenset()) -> None:
    """A plain text table aligned for Hangul (two columns wide on a terminal)."""
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    print("  ".join(_pad(h, widths[i], i in right) for i, h in enumerate(headers)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(_pad(c, widths[i], i in right) for i, c in enumerate(row)).rstrip())


def cmd_demo(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.demo import generate_demo
    from crmdesk.services.customers import CustomerQuery, count_customers

    with store.session() as session:
        existing = count_customers(session, CustomerQuery(include_archived=True))
    if existing and args.if_empty:
        print(f"The database already has {existing:,} customers; no demo data added.")
        return 0
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r  {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)

    summary = generate_demo(store, customers=args.customers, seed=args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Demo café ready: {summary.customers:,} customers, {summary.purchases:,} purchases, "
          f"{summary.lines:,} purchase lines, {summary.staff} staff, {summary.contacts:,} contacts "
          f"({summary.follow_ups_open:,} follow-ups open), {summary.feedback:,} feedback items "
          f"in {time.perf_counter() - started:.1f} s (contacts and feedback: {summary.touchpoint_seconds:.1f} s).")
    return 0


def cmd_customers(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.normalise import format_phone
    from crmdesk.services.customers import SORT_COLUMNS, CustomerQuery, count_customers, search_customers

    if args.sort not in SORT_COLUMNS:
        raise CrmError(f"--sort must be one of: {', '.join(SORT_COLUMNS)}")
    query = CustomerQuery(text=args.search, only_archived=args.archived, sort_key=args.sort,
                          descending=args.desc)
    with store.session() as session:
        total = count_customers(session, query)
        rows = search_customers(session, query, limit=args.limit if args.limit > 0 else max(total, 1))
    table = [
        (str(r.id), r.name, format_phone(r.phone), r.customer_code or "", r.tags.replace(",", ", "),
         r.last_purchase_at.strftime("%Y-%m-%d") if r.last_purchase_at else "", f"{r.visit_count:,}",
         f"{r.total_spent:,}")
        for r in rows
    ]
    if table:
        print_table(["ID", "Name", "Phone", "Code", "Tags", "Last purchase", "Visits", "Total spent"], table,
                    right={0, 6, 7})
    shown = f"{len(rows):,} of {total:,}" if len(rows) < total else f"{total:,}"
    print(f"{shown} customer{'s' if total != 1 else ''} found.")
    return 0


def cmd_export(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.services import exporting

    path = Path(args.file)
    headers = args.headers or _system_language()
    if args.what == "touchpoints":
        count = exporting.export_touchpoints(store, path, start=args.start, end=args.end, headers=headers)
        print(f"Exported {count:,} contacts to {path}.")
        return 0
    if args.what == "feedback":
        count = exporting.export_feedback(store, path, start=args.start, end=args.end, headers=headers)
        print(f"Exported {count:,} feedback items to {path}.")
        return 0
    if args.what == "sales":
        # Sales headers default to the import's field names (en), whatever the system language.
        count = exporting.export_sales(store, path, headers=args.headers, encoding=args.encoding)
        print(f"Exported {count:,} purchase lines to {path}.")
        return 0
    count = exporting.export_customers(store, path, include_archived=args.archived, headers=headers)
    print(f"Exported {count:,} customers to {path}.")
    return 0


def _progress_printer():  # noqa: ANN202
    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r  {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)

    return progress


def cmd_import(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.importing import mapping as mp
    from crmdesk.importing.readers import DELIMITER_NAMES, read_source
    from crmdesk.importing.runner import ImportRefused, run_import

    kind = args.what
    preset = None
    if args.preset:
        with store.session() as session:
            preset = mp.load_preset(session, args.preset)
            preset_map = mp.preset_mapping(preset)
        if preset.kind != kind:
            raise CrmError(f"The preset {args.preset} is for importing {preset.kind}, not {kind}.")
    delimiter = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}.get(
        args.delimiter or "", args.delimiter)
    source = read_source(args.file, encoding=args.encoding or (preset.encoding if preset else None),
                         delimiter=delimiter or (preset.delimiter if preset else None))
    mapping = mp.suggest_mapping(source.headers, kind)
    if preset is not None:
        mapping = mp.apply_overrides(source.headers, mapping, preset_map, kind)
    overrides = mp.parse_map_options(args.map)
    unknown = [c for c in overrides if c not in source.headers
               and mp.fold_header(c) not in {mp.fold_header(h) for h in source.headers}]
    if unknown:
        raise CrmError(f"--map names a column the file does not have: {unknown[0]} "
                       f"(columns: {', '.join(source.headers)}).")
    mapping = mp.apply_overrides(source.headers, mapping, overrides, kind)
    how = "Excel workbook" if source.format == "xlsx" else (
        f"{source.encoding}, {DELIMITER_NAMES.get(source.delimiter or ',', repr(source.delimiter))}-separated")
    print(f"Reading {source.path.name} ({how}).")
    print("Columns: " + ", ".join(f"{h} -> {f or '(skipped)'}" for h, f in mapping.items()))
    started = time.perf_counter()
    try:
        report = run_import(store, source, kind, mapping, dry_run=args.dry_run, strict=args.strict,
                            progress=_progress_printer())
    except ImportRefused as exc:
        if exc.report is not None and exc.report.rejections:
            for rejection in exc.report.rejections[:10]:
                print(f"  {rejection.describe()}")
        raise
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
    if args.dry_run and report.preview:
        print("First rows as they would be stored:")
        fields = [f for f in mp.FIELDS[kind] if any(f in row.values for row in report.preview)]
        table = [[str(row.row), row.status if row.status != "import" else row.customer,
                  *[_shown(row.values.get(f)) for f in fields], row.reason] for row in report.preview]
        print_table(["Row", "Customer", *fields, ""], table)
    print(report.summary())
    if not args.dry_run:
        print(f"Done in {time.perf_counter() - started:.1f} s.")
    else:
        print("Dry run: nothing was written.")
    if args.save_preset:
        with store.session() as session:
            mp.save_preset(session, args.save_preset, kind, mapping, encoding=args.encoding,
                           delimiter=delimiter)
        print(f"Saved the column mapping as preset {args.save_preset}.")
    return 0


def _shown(value: object) -> str:
    from datetime import datetime

    from crmdesk.normalise import format_phone

    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.hour or value.minute else value.strftime("%Y-%m-%d")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and value.isdigit() and value.startswith("01") and len(value) == 11:
        return format_phone(value)
    return str(value)


def cmd_info(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from sqlalchemy import func, select

    from crmdesk.models import Contact, Customer, Feedback, Purchase, PurchaseLine, Staff
    from crmdesk.store.schema import current_revision

    with store.session() as session:
        counts = {name: session.execute(select(func.count()).select_from(model)).scalar_one()
                  for name, model in (("customers", Customer), ("staff", Staff), ("purchases", Purchase),
                                      ("purchase lines", PurchaseLine), ("contacts", Contact),
                                      ("feedback items", Feedback))}
    print(f"Database: {store.path or store.url}")
    print(f"Schema version: {current_revision(store)}")
    for name, count in counts.items():
        print(f"{name.capitalize()}: {count:,}")
    return 0


def _analytics_language(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or _system_language()


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.1f} %"


def cmd_rfm(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics.rfm import KOREAN_NAMES, RFM_COLUMNS, rfm_table, segment_summary
    from crmdesk.services.exporting import write_table

    if args.show_segments or args.set_segments or args.default_segments:
        return _edit_segments(args, store)
    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    table = rfm_table(store, as_of)
    if args.out:
        path = Path(args.out)
        out = table.copy()
        if ko:
            out["segment"] = out["segment"].map(KOREAN_NAMES)
        count = write_table(path, RFM_COLUMNS, out[RFM_COLUMNS].itertuples(index=False, name=None),
                            "RFM")
        print(f"{count:,}명의 RFM을 {path}에 저장했습니다." if ko else f"Wrote RFM of {count:,} customers to {path}.")
        return 0
    summary = segment_summary(table)
    buyers = int((table["frequency"] > 0).sum())
    if ko:
        print(f"RFM 기준일 {as_of}: 고객 {len(table):,}명, 구매 고객 {buyers:,}명")
        headers = ["세그먼트", "고객 수", "고객 비율", "매출 비율"]
    else:
        print(f"RFM as of {as_of}: {len(table):,} customers, {buyers:,} with purchases")
        headers = ["Segment", "Customers", "Share", "Revenue share"]
    rows = [(KOREAN_NAMES[r.segment] if ko else r.segment, f"{r.customers:,}", _percent(r.share),
             _percent(r.revenue_share)) for r in summary.itertuples()]
    if rows:
        print_table(headers, rows, right={1, 2, 3})
    return 0


def _edit_segments(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    import json

    from crmdesk.analytics import rfm

    with store.session() as session:
        if args.default_segments:
            rfm.reset_segment_map(session)
            print("RFM segments: back to the default mapping.")
            return 0
        if args.set_segments:
            try:
                data = json.loads(Path(args.set_segments).read_text(encoding="utf-8-sig"))
            except ValueError as exc:
                raise CrmError(f"{args.set_segments} is not valid JSON: {exc}.") from exc
            rfm.save_segment_map(session, data)
            print(f"RFM segments: the mapping in {args.set_segments} is stored.")
            return 0
        mapping = rfm.load_segment_map(session)
    grouped = {name: [code for code in rfm.ALL_CODES if mapping[code] == name] for name in rfm.SEGMENT_NAMES}
    print(json.dumps(grouped, ensure_ascii=False, indent=1))
    return 0


def cmd_pareto(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics.pareto import CURVE_COLUMNS, pareto_report
    from crmdesk.services.exporting import write_table

    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    result = pareto_report(store, as_of)
    if args.out:
        path = Path(args.out)
        write_table(path, CURVE_COLUMNS, result.curve.itertuples(index=False, name=None), "Pareto")
    if ko:
        print(f"파레토 기준일 {as_of}: 구매 고객 {result.customers:,}명, 매출 {result.revenue:,}")
        if result.top20_revenue_share is None:
            print("아직 매출이 없어 계산할 수 없습니다.")
        else:
            print(f"상위 20 % 고객의 매출 비율: {_percent(result.top20_revenue_share)}")
            print(f"매출 80 %를 만드는 고객 비율: {_percent(result.customers_share_for_80)} "
                  f"(상위 {result.customers_for_80:,}명)")
        if args.out:
            print(f"누적 곡선을 {path}에 저장했습니다.")
    else:
        print(f"Pareto as of {as_of}: {result.customers:,} customers with purchases, revenue {result.revenue:,}")
        if result.top20_revenue_share is None:
            print("No revenue yet: nothing to compare.")
        else:
            print(f"Revenue share of the top 20 % of customers: {_percent(result.top20_revenue_share)}")
            print(f"Share of customers making 80 % of revenue: {_percent(result.customers_share_for_80)} "
                  f"(the top {result.customers_for_80:,})")
        if args.out:
            print(f"Wrote the cumulative curve to {path}.")
    return 0


def _database_file(args: argparse.Namespace) -> Path:
    from crmdesk.store.backups import database_path
    from crmdesk.store.engine import database_url, sqlite_path

    path = sqlite_path(database_url(resolve_database(getattr(args, "db", None))))
    if path is None:
        raise CrmError("Backups and checks are for an SQLite database file; use the server's own tools "
                       "(for PostgreSQL: pg_dump) for a server database.")
    return database_path(path)


def cmd_backup(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    if args.keep < 1:
        raise CrmError("--keep must be at least 1.")
    made = backups.backup(_database_file(args), args.file, keep=args.keep)
    print(f"Backed up to {made} ({made.stat().st_size:,} bytes, verified).")
    return 0


def cmd_backups(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    db = _database_file(args)
    found = backups.list_backups(db)
    if not found:
        print(f"No backups yet in {backups.backups_dir(db)}.")
        return 0
    print_table(["Time", "Size", "Kind", "File"],
                [(b.created.strftime("%Y-%m-%d %H:%M:%S"), f"{b.size:,}",
                  "automatic" if b.automatic else "before restore", str(b.path)) for b in found], right={1})
    print(f"{len(found)} backup{'s' if len(found) != 1 else ''} in {backups.backups_dir(db)}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    db = _database_file(args)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CrmError("restore replaces the database and needs confirmation: run it on a terminal, or add "
                           "--yes.")
        answer = input(f"Replace {db} with {args.file}? The current database is saved in the backups folder "
                       "first. [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "예", "네"):
            print("Nothing was restored.")
            return 1
    result = backups.restore(args.file, db, yes=True)
    print(f"Restored {db} from {result.restored_from}.")
    if result.previous is not None:
        print(f"The database it replaced was saved as {result.previous}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from crmdesk.store import backups

    db = _database_file(args)
    problems = backups.check(db)
    if problems:
        for problem in problems:
            print(f"crmdesk: {problem}", file=sys.stderr)
        print(f"crmdesk: {db} has {len(problems)} problem{'s' if len(problems) != 1 else ''}; restore a backup "
              "(crmdesk backups, crmdesk restore FILE).", file=sys.stderr)
        return 1
    print(f"{db}: no problems found (integrity and foreign keys checked).")
    return 0


# Commands that work on the database file itself and so run without opening (or upgrading) the store.
FILE_COMMANDS = {"backup": cmd_backup, "backups": cmd_backups, "restore": cmd_restore, "check": cmd_check}


def cmd_campaign(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk import cli_loyalty

    return cli_loyalty.cmd_campaign(args, store, _analytics_language(args) == "ko")


def cmd_points(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk import cli_loyalty

    return cli_loyalty.cmd_points(args, store, _analytics_language(args) == "ko")


COMMANDS = {"demo": cmd_demo, "customers": cmd_customers, "export": cmd_export, "import": cmd_import,
            "info": cmd_info, "rfm": cmd_rfm, "pareto": cmd_pareto, "campaign": cmd_campaign, "points": cmd_points}


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; a CrmError becomes a one-line message and exit code 1."""
    from crmdesk.store import open_store

    if args.command in FILE_COMMANDS:
        return _run_file_command(args)
    try:
        store = open_store(resolve_database(getattr(args, "db", None)))
    except CrmError as exc:
        print(f"crmdesk: {exc}", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command](args, store)
    except CrmError as exc:
        print(f"crmdesk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"crmdesk: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    finally:
        store.close()


def _run_file_command(args: argparse.Namespace) -> int:
    try:
        return FILE_COMMANDS[args.command](args)
    except CrmError as exc:
        print(f"crmdesk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"crmdesk: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
