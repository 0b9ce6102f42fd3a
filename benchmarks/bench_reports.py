"""Printed reports on the 100,000-customer demo shop: gathering, laying out and writing the PDFs.

    python benchmarks/bench_reports.py [--db FILE] [--customers 100000] [--list-limit 50]

Times, on a copy of the demo database (never the original): the segment report's figures (RFM now and a
month earlier, Pareto, per-segment lists with phones, consent and open complaints), its PDF; a call list of
At Risk with every customer who agreed to be called; the customer card. Prints seconds, pages and PDF size.
Without --db the demo database is built (or reused) under benchmarks/out/ as bench_customers.py does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
OUT = HERE / "out"

from bench_customers import build  # noqa: E402

from crmdesk.reports import data, documents  # noqa: E402
from crmdesk.reports.render import write_pdf  # noqa: E402
from crmdesk.store import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a demo database to copy (default: benchmarks/out/demoN.sqlite3)")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--list-limit", type=int, default=50, help="customers listed per segment (default 50)")
    args = parser.parse_args()
    source = args.db or OUT / f"demo{args.customers}.sqlite3"
    if not source.exists():
        OUT.mkdir(exist_ok=True)
        build(source, args.customers)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "copy.sqlite3"
        shutil.copyfile(source, db)
        store = open_store(db)
        as_of = date.today()
        rows = []

        def step(name: str, fn):
            started = time.perf_counter()
            result = fn()
            rows.append((name, time.perf_counter() - started))
            return result

        figures = step("segment report: figures", lambda: data.segment_report_data(store, as_of,
                                                                                  list_limit=args.list_limit))
        doc = step("segment report: document", lambda: documents.segment_report(figures, "ko"))
        seg_pdf = Path(folder) / "segments.pdf"
        seg_pages = step("segment report: PDF", lambda: write_pdf(doc, seg_pdf))
        calls = step("call list At Risk: figures", lambda: data.call_list_data(store, "At Risk", as_of))
        calls_pdf = Path(folder) / "calls.pdf"
        call_pages = step("call list At Risk: document + PDF",
                          lambda: write_pdf(documents.call_list(calls, "ko"), calls_pdf))
        card = step("customer card: figures", lambda: data.card_data(store, 1))
        card_pdf = Path(folder) / "card.pdf"
        step("customer card: document + PDF", lambda: write_pdf(documents.customer_card(card, "ko"), card_pdf))
        store.close()
        print(f"Reports on {figures.customers:,} customers ({figures.buyers:,} who bought), as of {as_of}")
        for name, seconds in rows:
            print(f"  {name:<36} {seconds:7.2f} s")
        print(f"  segment report: {seg_pages} pages, {seg_pdf.stat().st_size / 1e6:.1f} MB "
              f"({args.list_limit} customers listed per segment)")
        print(f"  call list: {len(calls.customers):,} customers who agreed to calls of {calls.in_segment:,} At Risk, "
              f"{call_pages} pages, {calls_pdf.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
