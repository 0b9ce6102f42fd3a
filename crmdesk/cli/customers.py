"""`crmdesk demo`, `crmdesk customers` and `crmdesk info`: fill, search and describe the database."""

from __future__ import annotations

import argparse
import sys
import time

from crmdesk.cli.common import end_progress, print_table, progress_printer, words
from crmdesk.errors import CrmError


def cmd_demo(args: argparse.Namespace, store) -> int:
    from crmdesk.demo import generate_demo
    from crmdesk.services.customers import CustomerQuery, count_customers

    w = words(args)
    with store.session() as session:
        existing = count_customers(session, CustomerQuery(include_archived=True))
    if existing and args.if_empty:
        print(w("demo_skipped", existing=existing))
        return 0
    if existing:  # generate_demo refuses too, in English only (demo.NOT_EMPTY)
        raise CrmError(w("demo_not_empty"))
    started = time.perf_counter()
    summary = generate_demo(store, customers=args.customers, seed=args.seed, progress=progress_printer())
    end_progress()
    print(w("demo_ready", s=summary, seconds=time.perf_counter() - started))
    return 0


def cmd_customers(args: argparse.Namespace, store) -> int:
    from crmdesk.normalise import format_phone, mask_phone
    from crmdesk.services import auth
    from crmdesk.services.customers import SORT_COLUMNS, CustomerQuery, count_customers, search_customers

    w = words(args)
    if args.sort not in SORT_COLUMNS:
        raise CrmError(w("bad_sort", columns=", ".join(SORT_COLUMNS)))
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
        print_table(w.headers("customers"), table, right={0, 6, 7})
    # The last line is the count, which scripts read ("50 of 2,000 customers found." in English).
    print(w("customers_shown" if len(rows) < total else "customers_found", shown=len(rows), total=total,
            s="s" if total != 1 else ""))
    if masked and rows:  # on stderr: the listing's last line stays the count, for scripts
        print(w("phones_masked"), file=sys.stderr)
    return 0


def cmd_info(args: argparse.Namespace, store) -> int:
    from sqlalchemy import text

    from crmdesk.store.schema import current_revision

    # Plain counts by table name: loading the models (pydantic classes for every table) would cost more than the
    # counts themselves on a large shop.
    tables = ("customer", "staff", "purchase", "purchase_line", "contact", "feedback")
    with store.engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                  for table in tables]
    w = words(args)
    print(w("info_database", where=store.shown))
    print(w("info_schema", revision=current_revision(store)))
    for name, count in zip(w.headers("info"), counts, strict=True):
        print(f"{name}: {count:,}")
    return 0
