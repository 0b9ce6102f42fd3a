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
    parent.add_argument("--as", dest="as_name", metavar="NAME", default=argparse.SUPPRESS,
                        help="with sign-in on: the owner who runs an export, import, erase, audit, restore, ... "
                             "(password from $CRMDESK_PASSWORD or asked)")
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
    _add_report_parsers(sub, db)
    from crmdesk import cli_loyalty

    cli_loyalty.add_parsers(sub, db, EPILOG)

    sub.add_parser("info", parents=[db], epilog=EPILOG, help="show which database is used and what it holds",
                   description="Show the database location, its schema version and how many records it holds.")
    _add_backup_commands(sub, db)
    from crmdesk import cli_trust

    cli_trust.add_parsers(sub, db, EPILOG, _date_arg)
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
    clv = sub.add_parser(
        "clv", parents=[db], epilog=EPILOG, help="lifetime value: historic, and predicted with BG/NBD + Gamma-Gamma",
        description="Fit the BG/NBD purchase model and the Gamma-Gamma spend model to the shop's history and "
                    "predict each customer's purchases and spend over a horizon (not discounted). A purchase "
                    "occasion is a day with a purchase. When the history is too thin to fit, says why and "
                    "falls back to historic value. Without --out, prints a summary and the 10 most valuable.")
    clv.add_argument("--unit", choices=["days", "weeks"], default="days",
                     help="time unit of recency, T and the fitted alpha (default days)")
    clv.add_argument("--horizon-days", type=int, default=365, metavar="N",
                     help="predict over the next N days (default 365)")
    clv.add_argument("--params", action="store_true",
                     help="print the fitted parameters r, alpha, a, b, p, q, v and the time unit")
    churn = sub.add_parser(
        "churn", parents=[db], epilog=EPILOG, help="who is slipping away: at-risk and dormant customers",
        description="Judge each customer's silence against their own usual gap between visits and the shop's "
                    "return window (8 in 10 return visits come within it): at risk beyond twice their gap and "
                    "one window, dormant beyond four times and two windows, lost beyond eight times and four "
                    "windows. Without --list, prints customers per lifecycle stage; with --list, the customers "
                    "to win back, most valuable first, with phone and SMS consent.")
    churn.add_argument("--list", dest="which", choices=["at-risk", "dormant", "lost"],
                       help="list the customers in this stage (with --out: all of them to FILE)")
    churn.add_argument("--stages", action="store_true",
                       help="customers per lifecycle stage at each month end (with --out: to FILE)")
    churn.add_argument("--months", type=int, default=12, metavar="N",
                       help="with --stages: the last N month ends (default 12)")
    basket = sub.add_parser(
        "basket", parents=[db], epilog=EPILOG, help="which products (or categories) sell together",
        description="Association rules between the products on one receipt (voided ones left out): support (share "
                    "of receipts with both), confidence (share of receipts with the first that also have the "
                    "second) and lift (how many times likelier the second is with the first than on any receipt). "
                    "Prints the strongest; --out writes them all.")
    basket.add_argument("--categories", action="store_true", help="categories instead of products")
    basket.add_argument("--min-receipts", type=int, default=5, metavar="N",
                        help="leave out pairs on fewer than N receipts (default 5)")
    recovery = sub.add_parser(
        "recovery", parents=[db], epilog=EPILOG, help="did complaining customers buy again, by resolution speed",
        description="Of the customers who complained (each once, with their latest complaint at least 30 days "
                    "before the as-of day), how many bought again after it, split by how fast the complaint was "
                    "resolved. --out writes the table.")
    cohorts = sub.add_parser(
        "cohorts", parents=[db], epilog=EPILOG, help="retention by month of first purchase",
        description="Group customers by the month of their first purchase (a cohort) and print the share of each "
                    "cohort that bought again in each later calendar month (+1, +2, ...). Months after the as-of "
                    "month are left empty, never shown as 0. --out writes every month, as shares from 0 to 1.")
    cohorts.add_argument("--months", type=int, default=12, metavar="N",
                         help="print months +1 to +N (default 12); --out always writes all")
    for parser in (rfm, pareto, clv, churn, recovery, basket, cohorts):
        parser.add_argument("--as-of", type=_date_arg, metavar="DATE",
                            help="look as of the end of this day (default today); later purchases are ignored")
        parser.add_argument("--out", metavar="FILE", help="write the table to FILE, .csv or .xlsx")
        parser.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS,
                            help="language of the summary and segment names (default: system)")


def _add_report_parsers(sub, db: argparse.ArgumentParser) -> None:  # noqa: ANN001
    """`crmdesk report segments|calls|card` (issue 6). Rendering needs Qt: only this command loads it."""
    report = sub.add_parser(
        "report", parents=[db], epilog=EPILOG, help="print a report to PDF: segments, call list, customer card",
        description="Write a printable report as a PDF (A4 or Letter, the bundled Korean font embedded). Phone "
                    "numbers are masked (010-****-5678) unless --full-phones is given. This command loads Qt "
                    "to lay the pages out (offscreen when there is no display); no window opens.")
    kinds = report.add_subparsers(dest="what", metavar="WHAT", required=True)
    seg = kinds.add_parser("segments", parents=[db], epilog=EPILOG, help="the RFM segment report",
                           description="The segment report for a monthly review: summary with the Pareto share "
                                       "and the segment chart, figures per segment with the change since a month "
                                       "earlier, recommended actions, and each segment's customers.")
    seg.add_argument("--list-limit", type=int, default=50, metavar="N",
                     help="customers listed per segment, highest value first (default 50; 0 = no lists; "
                          "-1 = everyone)")
    calls = kinds.add_parser("calls", parents=[db], epilog=EPILOG, help="a call list of one segment",
                             description="The customers of one segment who agreed to be phoned, highest value "
                                         "first, with phone, last visit, last purchase, value, open complaints "
                                         "and room for notes.")
    calls.add_argument("--segment", required=True, metavar="NAME",
                       help="segment, English or Korean (e.g. \"At Risk\" or 이탈 위험)")
    calls.add_argument("--limit", type=int, metavar="N", help="at most N customers (default: all who consented)")
    card = kinds.add_parser("card", parents=[db], epilog=EPILOG, help="one customer's card",
                            description="One customer's card with recent purchases, contacts and feedback, and "
                                        "room for consultation notes.")
    card.add_argument("--customer", required=True, metavar="CODE_OR_ID", help="customer code, or the numeric id")
    for parser in (seg, calls, card):
        parser.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
        parser.add_argument("--lang", choices=["ko", "en"], default=argparse.SUPPRESS,
                            help="report language (default: system)")
        parser.add_argument("--page-size", choices=["A4", "Letter"], default="A4", help="paper size (default A4)")
        parser.add_argument("--full-phones", action="store_true",
                            help="print full phone numbers instead of 010-****-5678")
        if parser is not card:
            parser.add_argument("--as-of", type=_date_arg, metavar="DATE",
                                help="look as of the end of this day (default today)")


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
    from crmdesk import cli_trust
    from crmdesk.normalise import format_phone, mask_phone
    from crmdesk.services import auth
    from crmdesk.services.customers import SORT_COLUMNS, CustomerQuery, count_customers, search_customers

    if args.sort not in SORT_COLUMNS:
        raise CrmError(f"--sort must be one of: {', '.join(SORT_COLUMNS)}")
    query = CustomerQuery(text=args.search, only_archived=args.archived, sort_key=args.sort,
                          descending=args.desc)
    with store.session() as session:
        # With sign-in on, a list printed without an owner's sign-in (--as) masks phones, as staff's list does.
        masked = store.actor is None and auth.sign_in_required(session)
        total = count_customers(session, query)
        rows = search_customers(session, query, limit=args.limit if args.limit > 0 else max(total, 1))
    phone = mask_phone if masked else format_phone
    table = [
        (str(r.id), r.name, phone(r.phone), r.customer_code or "", r.tags.replace(",", ", "),
         r.last_purchase_at.strftime("%Y-%m-%d") if r.last_purchase_at else "", f"{r.visit_count:,}",
         f"{r.total_spent:,}")
        for r in rows
    ]
    if table:
        print_table(["ID", "Name", "Phone", "Code", "Tags", "Last purchase", "Visits", "Total spent"], table,
                    right={0, 6, 7})
    shown = f"{len(rows):,} of {total:,}" if len(rows) < total else f"{total:,}"
    print(f"{shown} customer{'s' if total != 1 else ''} found.")
    if masked and rows:  # on stderr: the listing's last line stays the count, for scripts
        print("로그인이 켜져 있어 전화번호를 가렸습니다. --as 사장님이름 으로 실행하면 전체 번호가 보입니다."
              if cli_trust._ko(args) else
              "Phone numbers are masked because sign-in is on; --as OWNER shows them in full.", file=sys.stderr)
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
        count = write_table(store, path, RFM_COLUMNS, out[RFM_COLUMNS].itertuples(index=False, name=None),
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
        write_table(store, path, CURVE_COLUMNS, result.curve.itertuples(index=False, name=None), "Pareto")
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


def cmd_report(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.reports import data, documents

    ko = _analytics_language(args) == "ko"
    lang = "ko" if ko else "en"
    path = Path(args.pdf)
    if path.suffix.lower() != ".pdf":
        raise CrmError(f"--pdf {args.pdf}: the file name must end in .pdf.")
    if not path.parent.exists():
        raise CrmError(f"--pdf {args.pdf}: the folder {path.parent} does not exist.")
    if args.what == "segments":
        if args.list_limit < -1:
            raise CrmError("--list-limit must be 0 or more (or -1 for everyone).")
        figures = data.segment_report_data(store, args.as_of, list_limit=None if args.list_limit == -1
                                           else args.list_limit)
        doc = documents.segment_report(figures, lang, full_phones=args.full_phones)
        what = (f"세그먼트 보고서 (고객 {figures.customers:,}명)" if ko
                else f"segment report ({figures.customers:,} customers)")
    elif args.what == "calls":
        if args.limit is not None and args.limit < 1:
            raise CrmError("--limit must be 1 or more.")
        figures = data.call_list_data(store, args.segment, args.as_of, limit=args.limit)
        doc = documents.call_list(figures, lang, full_phones=args.full_phones)
        n = len(figures.customers)
        what = f"전화 연락 목록 ({n:,}명)" if ko else f"call list ({n:,} customers)"
    else:
        customer_id = _find_customer(store, args.customer)
        doc = documents.customer_card(data.card_data(store, customer_id), lang, full_phones=args.full_phones)
        what = "고객 카드" if ko else "customer card"
    from crmdesk.reports.render import write_pdf  # Qt, loaded only now

    pages = write_pdf(doc, path, args.page_size)
    plural = "s" if pages != 1 else ""
    print(f"{what}: {pages}쪽을 {path}에 저장했습니다." if ko
          else f"Wrote the {what}, {pages} page{plural}, to {path}.")
    return 0


def _find_customer(store, code_or_id: str) -> int:  # noqa: ANN001
    from sqlalchemy import select

    from crmdesk.models import Customer

    with store.session() as session:
        found = session.execute(select(Customer.id).where(Customer.customer_code == code_or_id)).scalar()
        if found is None and code_or_id.isdigit():
            found = session.execute(select(Customer.id).where(Customer.id == int(code_or_id))).scalar()
    if found is None:
        raise CrmError(f"No customer with the code or id {code_or_id!r}.")
    return found


def _clv_rows(table):  # noqa: ANN001, ANN202
    """CLV_COLUMNS rows for a file: money in whole minor units, rates rounded, empty cells for no value."""
    import math

    def num(value: float, digits: int | None):  # noqa: ANN202
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return int(round(value)) if digits is None else round(float(value), digits)

    for r in table.itertuples(index=False):
        yield (int(r.customer_id), r.customer_code, num(r.frequency, None), num(r.recency, 4), num(r.T, 4),
               num(r.p_alive, 4), num(r.expected_purchases, 4), num(r.expected_avg_value, None),
               int(r.historic_value), num(r.clv, None))


def cmd_clv(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics.clv import CLV_COLUMNS, clv_table
    from crmdesk.services.exporting import write_table

    if args.horizon_days < 0:
        raise CrmError("--horizon-days must be 0 or more.")
    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    result = clv_table(store, as_of, unit=args.unit, horizon_days=args.horizon_days)
    table = result.table
    buyers = int((table["purchase_days"] > 0).sum())
    unit_ko = {"days": "일", "weeks": "주"}[args.unit]
    if ko:
        print(f"고객 생애 가치 기준일 {as_of}: 고객 {len(table):,}명, 구매 고객 {buyers:,}명, "
              f"예측 기간 {args.horizon_days:,}일 (할인 없음)")
    else:
        print(f"Lifetime value as of {as_of}: {len(table):,} customers, {buyers:,} with purchases; horizon "
              f"{args.horizon_days:,} days (not discounted)")
    purchases, spend = result.purchases_model, result.spend_model
    if not purchases.fitted:
        print(f"예측하지 않음: {purchases.reason_ko} clv 열은 지금까지의 구매액(과거 가치)입니다." if ko else
              f"No forecast: {purchases.reason} The clv column holds historic value.")
    elif not spend.fitted:
        print(f"구매액 모델 없음: {spend.reason_ko} 예상 객단가는 고객 자신의 방문일당 평균입니다." if ko else
              f"No spend model: {spend.reason} Expected average value is each customer's own average per "
              "purchase day.")
    if args.params:
        names = ("r", "alpha", "a", "b", "p", "q", "v")
        values = result.params
        shown = ", ".join(f"{k}={values[k]:.4g}" if k in values else f"{k}=-" for k in names)
        print(f"매개변수 ({unit_ko} 단위): {shown}" if ko else f"Parameters (unit: {args.unit}): {shown}")
        status_ko = {"fitted": "적합됨", "too_little_history": "이력 부족", "not_converged": "수렴 안 됨",
                     "degenerate": "비정상 매개변수"}
        for label, fit in (("BG/NBD", purchases), ("Gamma-Gamma", spend)):
            ll = f"{fit.log_likelihood:,.1f}" if fit.log_likelihood is not None else "-"
            print(f"  {label}: {status_ko[fit.status]}, 고객 {fit.customers:,}명, 로그 우도 {ll}" if ko else
                  f"  {label}: {fit.status}, {fit.customers:,} customers, log-likelihood {ll}")
    if args.out:
        path = Path(args.out)
        count = write_table(store, path, CLV_COLUMNS, _clv_rows(table[CLV_COLUMNS]), "CLV")
        print(f"{count:,}명의 생애 가치를 {path}에 저장했습니다." if ko else
              f"Wrote the lifetime value of {count:,} customers to {path}.")
        return 0
    historic = int(table["historic_value"].sum())
    if result.predicted:
        predicted = float(table["clv"].sum())
        print(f"과거 가치 합계 {historic:,}, 앞으로 {args.horizon_days:,}일 예측 가치 합계 {predicted:,.0f}" if ko else
              f"Historic value {historic:,}; predicted value over the next {args.horizon_days:,} days {predicted:,.0f}")
    else:
        print(f"과거 가치 합계 {historic:,}" if ko else f"Historic value {historic:,}")
    top = table[table["purchase_days"] > 0].sort_values(["clv", "customer_id"], ascending=[False, True]).head(10)
    if len(top):
        headers = (["ID", "이름", "생존 확률", "예상 구매", "예상 객단가", "과거 가치", "CLV"] if ko else
                   ["ID", "Name", "P(alive)", "Expected purchases", "Expected avg value", "Historic", "CLV"])

        def cell(value: float, fmt: str) -> str:
            return "-" if value != value else format(value, fmt)  # NaN: not predicted

        rows = [(str(r.customer_id), str(r.name), cell(r.p_alive, ".2f"), cell(r.expected_purchases, ".1f"),
                 cell(r.expected_avg_value, ",.0f"), f"{r.historic_value:,}", cell(r.clv, ",.0f"))
                for r in top.itertuples()]
        print_table(headers, rows, right={0, 2, 3, 4, 5, 6})
    return 0


def _churn_rows(table, names: dict[str, str], extra: tuple[str, ...] = ()):  # noqa: ANN001, ANN202
    """Rows of CHURN_COLUMNS (+ extra) for a file: dates as dates, days and money whole, empty for none."""
    from crmdesk.analytics.churn import CHURN_COLUMNS

    def whole(value: float):  # noqa: ANN202
        return None if value != value else int(round(value))

    def day(value):  # noqa: ANN001, ANN202
        return None if value is None or value != value else value.date()

    for r in table[[*CHURN_COLUMNS, *extra]].itertuples(index=False):
        yield (int(r.customer_id), r.customer_code, r.name, names[r.stage], int(r.purchase_days),
               day(r.first_purchase_day), day(r.last_purchase_day), whole(r.silence_days),
               None if r.usual_gap_days != r.usual_gap_days else round(float(r.usual_gap_days), 1),
               day(r.expected_back_by), int(r.historic_value), whole(r.predicted_value),
               None if r.p_alive != r.p_alive else round(float(r.p_alive), 4), *(getattr(r, c) for c in extra))


def cmd_churn(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics import churn
    from crmdesk.services.customer_value import contact_columns
    from crmdesk.services.exporting import write_table

    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    names = churn.KOREAN_STAGES if ko else churn.ENGLISH_STAGES
    if args.stages:
        return _lifecycle_stages(args, store, as_of, ko, names)
    table, lifetime = churn.churn_report(store, as_of)
    window, loyal = table.attrs["return_window_days"], table.attrs["loyal_days"]
    if ko:
        shown = f"{window:.0f}일" if window is not None else "아직 없음 (다시 온 고객 없음)"
        print(f"이탈 분석 기준일 {as_of}: 고객 {len(table):,}명. 가게의 재방문 주기 {shown} "
              f"(재방문 10번 중 8번이 이 안에), 충성 고객 기준 방문일 {loyal}일 이상")
    else:
        shown = f"{window:.0f} days" if window is not None else "none yet (nobody came back)"
        print(f"Churn as of {as_of}: {len(table):,} customers. The shop's return window is {shown} (8 in 10 "
              f"return visits come within it); loyal from {loyal} purchase days")
    forecast = lifetime is not None and lifetime.predicted
    if not forecast and lifetime is not None:
        reason = lifetime.purchases_model.reason_ko if ko else lifetime.purchases_model.reason
        print(f"예측 가치 없음: {reason}" if ko else f"No predicted value: {reason}")
    if args.which:
        stage = args.which.replace("-", "_")
        listed = churn.reactivation_list(table, stage)
        phones, consent = contact_columns(store, [int(i) for i in listed["customer_id"]])
        listed = listed.assign(phone=listed["customer_id"].map(phones),
                               sms_consent=listed["customer_id"].map(consent).fillna(False).astype(bool))
        if args.out:
            path = Path(args.out)
            count = write_table(store, path, [*churn.CHURN_COLUMNS, "phone", "sms_consent"],
                                _churn_rows(listed, names, ("phone", "sms_consent")), "Churn")
            print(f"{names[stage]} 고객 {count:,}명을 {path}에 저장했습니다." if ko else
                  f"Wrote {count:,} {names[stage].lower()} customers to {path}.")
            return 0
        value = int(listed["historic_value"].sum())
        print(f"{names[stage]} 고객 {len(listed):,}명, 지금까지 구매액 {value:,}" if ko else
              f"{names[stage]}: {len(listed):,} customers who brought {value:,} so far")
        top = listed.head(20)
        if len(top):
            headers = (["ID", "이름", "전화", "문자 동의", "침묵(일)", "평소 간격(일)", "과거 가치", "예측 가치"] if ko
                       else ["ID", "Name", "Phone", "SMS", "Silent (days)", "Usual gap (days)", "Historic",
                             "Predicted"])
            yes, no = ("예", "아니오") if ko else ("yes", "no")

            def shown(value: float, fmt: str) -> str:
                return "-" if value != value else format(value, fmt)  # NaN: none

            rows = [(str(r.customer_id), str(r.name), r.phone or "", yes if r.sms_consent else no,
                     shown(r.silence_days, ".0f"), shown(r.usual_gap_days, ".1f"), f"{r.historic_value:,}",
                     shown(r.predicted_value, ",.0f")) for r in top.itertuples()]
            print_table(headers, rows, right={0, 4, 5, 6, 7})
            if len(listed) > len(top):
                print(f"가장 가치 있는 {len(top)}명만 표시했습니다. 전체는 --out FILE로 저장하세요." if ko else
                      f"Showing the {len(top)} most valuable; --out FILE writes all of them.")
        return 0
    if args.out:
        path = Path(args.out)
        count = write_table(store, path, churn.CHURN_COLUMNS, _churn_rows(table, names), "Churn")
        print(f"고객 {count:,}명의 단계를 {path}에 저장했습니다." if ko else
              f"Wrote the stage of {count:,} customers to {path}.")
        return 0
    summary = table.groupby("stage", observed=False).agg(customers=("customer_id", "size"),
                                                         historic=("historic_value", "sum"),
                                                         predicted=("predicted_value", "sum"))
    headers = (["단계", "고객 수", "과거 가치", "예측 가치"] if ko else ["Stage", "Customers", "Historic", "Predicted"])
    rows = [(names[stage], f"{int(r.customers):,}", f"{int(r.historic):,}",
             f"{r.predicted:,.0f}" if forecast else "-") for stage, r in summary.iterrows() if r.customers]
    if rows:
        print_table(headers, rows, right={1, 2, 3})
    return 0


def _lifecycle_stages(args: argparse.Namespace, store, as_of: date, ko: bool,  # noqa: ANN001
                      names: dict[str, str]) -> int:
    from crmdesk.analytics import churn
    from crmdesk.services.exporting import write_table

    if args.months < 1:
        raise CrmError("--months must be at least 1.")
    counts = churn.lifecycle_report(store, as_of, months=args.months)
    columns = ["month_end", *churn.STAGE_NAMES, "customers"]
    if args.out:
        path = Path(args.out)
        write_table(store, path, columns, counts[columns].itertuples(index=False, name=None), "Lifecycle")
        print(f"월별 단계별 고객 수를 {path}에 저장했습니다." if ko else
              f"Wrote customers per stage at {len(counts)} month ends to {path}.")
        return 0
    headers = ["월말" if ko else "Month end", *(names[s] for s in churn.STAGE_NAMES), "구매 고객" if ko else "Buyers"]
    rows = [(str(r.month_end), *(f"{getattr(r, s):,}" for s in churn.STAGE_NAMES), f"{r.customers:,}")
            for r in counts.itertuples()]
    print_table(headers, rows, right=set(range(1, len(headers))))
    return 0


def cmd_cohorts(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics.cohorts import cohort_report
    from crmdesk.services.exporting import write_table

    if args.months < 1:
        raise CrmError("--months must be at least 1.")
    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    kept, _revenue = cohort_report(store, as_of)
    labels = [c.strftime("%Y-%m") for c in kept.shares.index]
    offsets = [int(c) for c in kept.shares.columns]
    shares = kept.shares.to_numpy()
    if args.out:
        path = Path(args.out)
        header = ["cohort", "customers", *(f"month_{k}" for k in offsets)]
        rows = ((label, int(kept.sizes.iloc[i]), *(None if v != v else round(float(v), 4) for v in shares[i]))
                for i, label in enumerate(labels))
        count = write_table(store, path, header, rows, "Cohorts")
        print(f"코호트 {count:,}개의 재구매율을 {path}에 저장했습니다." if ko else
              f"Wrote the retention of {count:,} cohorts to {path}.")
        return 0
    if not labels:
        print(f"{as_of}까지 구매가 없어 코호트가 없습니다." if ko else f"No purchases by {as_of} yet: no cohorts.")
        return 0
    shown = [k for k in offsets if 1 <= k <= args.months]
    print(f"첫 구매 월별 재구매율, 기준일 {as_of}: 각 코호트 중 k개월 뒤(+k) 다시 구매한 고객의 비율(%)" if ko else
          f"Retention by month of first purchase as of {as_of}: % of each cohort buying again in month +k")
    headers = ["코호트" if ko else "Cohort", "고객 수" if ko else "Customers", *(f"+{k}" for k in shown)]
    def cell(share: float) -> str:
        return "" if share != share else f"{100 * share:.0f}"  # NaN: that month has not come yet

    rows = [(label, f"{int(kept.sizes.iloc[i]):,}", *(cell(shares[i, k]) for k in shown))
            for i, label in enumerate(labels)]
    print_table(headers, rows, right=set(range(1, len(headers))))
    if offsets and offsets[-1] > args.months:
        print(f"+{args.months}개월까지만 표시했습니다. 더 보려면 --months N, 전체는 --out FILE." if ko else
              f"Showing months +1 to +{args.months}; --months N shows more, --out FILE writes all.")
    return 0


def cmd_basket(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics import basket
    from crmdesk.services.exporting import write_table

    if args.min_receipts < 1:
        raise CrmError("--min-receipts must be at least 1.")
    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    result = basket.associations(store, as_of, min_baskets=args.min_receipts)
    rules = result.categories if args.categories else result.products
    what = ("카테고리" if args.categories else "상품") if ko else ("categories" if args.categories else "products")
    print(f"함께 팔리는 {what} 기준일 {as_of}: 영수증 {result.baskets:,}건, 규칙 {len(rules):,}개 "
          f"(영수증 {args.min_receipts}건 이상)" if ko else
          f"{what.capitalize()} bought together as of {as_of}: {result.baskets:,} receipts, {len(rules):,} rules "
          f"(pairs on at least {args.min_receipts} receipts)")
    if args.out:
        path = Path(args.out)
        count = write_table(store, path, basket.RULE_COLUMNS, rules.round({"support": 6, "confidence": 4, "lift": 3})
                            .itertuples(index=False, name=None), "Basket")
        print(f"규칙 {count:,}개를 {path}에 저장했습니다." if ko else f"Wrote {count:,} rules to {path}.")
        return 0
    top = rules[rules["lift"] > 1].head(15)
    if len(top):
        headers = (["이것을 사면", "이것도", "영수증", "지지도", "신뢰도", "향상도"] if ko else
                   ["Who buys", "Also buys", "Receipts", "Support", "Confidence", "Lift"])
        print_table(headers, [(r.antecedent, r.consequent, f"{r.baskets:,}", f"{r.support * 100:.2f} %",
                               _percent(r.confidence), f"{r.lift:.2f}") for r in top.itertuples()],
                    right={2, 3, 4, 5})
    else:
        print("함께 더 잘 팔리는 조합이 아직 없습니다." if ko else "No pair sells together more than by chance yet.")
    return 0


def cmd_recovery(args: argparse.Namespace, store) -> int:  # noqa: ANN001
    from crmdesk.analytics import recovery
    from crmdesk.services.exporting import write_table

    as_of = args.as_of or date.today()
    ko = _analytics_language(args) == "ko"
    names = recovery.KOREAN_BUCKETS if ko else recovery.ENGLISH_BUCKETS
    returns = recovery.complaint_returns(store, as_of)
    table = recovery.repurchase_by_resolution(returns)
    back = int(table["bought_again"].sum())
    if ko:
        print(f"불만 후 재구매 기준일 {as_of}: 불만을 제기한 고객 {len(returns):,}명 중 {back:,}명이 다시 구매 "
              f"(각 고객의 {recovery.SETTLE_DAYS}일 이상 지난 최근 불만 기준)")
    else:
        print(f"Repurchase after a complaint, as of {as_of}: {back:,} of {len(returns):,} complaining customers "
              f"bought again (each customer's latest complaint at least {recovery.SETTLE_DAYS} days old)")
    if args.out:
        path = Path(args.out)
        out = table.assign(resolved=table["resolved"].map(names), share=table["share"].round(4),
                           median_days_to_return=table["median_days_to_return"].round(1))
        write_table(store, path, recovery.RECOVERY_COLUMNS,
                    out.astype(object).where(out.notna(), None).itertuples(index=False, name=None), "Recovery")
        print(f"표를 {path}에 저장했습니다." if ko else f"Wrote the table to {path}.")
        return 0
    headers = (["해결까지", "고객 수", "재구매", "비율", "재구매까지 중앙값(일)"] if ko else
               ["Resolved", "Customers", "Bought again", "Share", "Median days to return"])
    rows = [(names[r.resolved], f"{r.customers:,}", f"{r.bought_again:,}",
             "-" if r.share != r.share else _percent(r.share),
             "-" if r.median_days_to_return != r.median_days_to_return else f"{r.median_days_to_return:.1f}")
            for r in table.itertuples()]
    print_table(headers, rows, right={1, 2, 3, 4})
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
    from crmdesk import cli_trust

    db = _database_file(args)
    made = backups.backup(db, args.file, keep=args.keep, by=cli_trust.owner_for_file(args, db))
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
    from crmdesk import cli_trust

    owner = cli_trust.owner_for_file(args, db)
    result = backups.restore(args.file, db, yes=True, by=owner)
    print(f"Restored {db} from {result.restored_from}.")
    if result.previous is not None:
        print(f"The database it replaced was saved as {result.previous}.")
    if result.erased_since:
        from crmdesk.services import privacy
        from crmdesk.store import open_store

        store = open_store(db)  # upgrades a backup from an older crmdesk first
        store.actor = getattr(owner, "actor", None)
        try:
            with store.session() as session:
                again = privacy.erase_again_after_restore(session, result.erased_since)
        finally:
            store.close()
        print(f"{len(again)} customer(s) erased since that backup were in it; erased them again: "
              f"#{', #'.join(map(str, again))}.")
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
            "info": cmd_info, "rfm": cmd_rfm, "pareto": cmd_pareto, "clv": cmd_clv,
            "churn": cmd_churn, "recovery": cmd_recovery, "basket": cmd_basket, "cohorts": cmd_cohorts,
            "campaign": cmd_campaign, "points": cmd_points, "report": cmd_report}


def run(args: argparse.Namespace) -> int:
    """Run a parsed sub-command; a CrmError becomes a one-line message and exit code 1."""
    from crmdesk.store import open_store

    if args.command in FILE_COMMANDS:
        return _run_file_command(args)
    try:
        from crmdesk import cli_trust

        target = resolve_database(getattr(args, "db", None))
        cli_trust.refuse_missing_database(args, target)
        store = open_store(target)
    except CrmError as exc:
        print(f"crmdesk: {exc}", file=sys.stderr)
        return 1
    try:
        cli_trust.act_as_owner(args, store)
        return {**COMMANDS, **cli_trust.COMMANDS}[args.command](args, store)
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
