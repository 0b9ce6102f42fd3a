"""Import figures for a million purchase lines: export the demo café's sales, import them into an empty
database as `crmdesk import sales` does, then import the same file again (which must add nothing).

    python benchmarks/bench_import.py [--customers 100000] [--format csv|xlsx] [--rebuild]

Target (issue 4): 1,000,000 purchase lines in under two minutes on a 2-core machine. The demo with 100,000
customers has about a million lines. Each import runs in a fresh child process, so its peak memory
(VmHWM) is its own.

Figures on the 2-core development machine (2026-11, CSV of 1,002,726 lines, 112 MB, 100,000 customers):
first import 72 s (13,900 rows/s, peak 1.3 GB), second import of the same file 30 s (adds nothing);
`crmdesk export sales` of those lines 28 s. An .xlsx of 100,000 lines imports in about 10 s.
Those are the figures of 2026-11: since issue 18 a sales import is staged on disk and written in batches, and
its peak memory is about 330 MB (benchmarks/bench_import_memory.py measures it beside the import before).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

PROBE = r"""
import json, sys, time
def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
t0 = time.perf_counter()
from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.store import open_store
store = open_store(sys.argv[1])
t1 = time.perf_counter()
source = read_source(sys.argv[2])
t2 = time.perf_counter()
report = run_import(store, source, "sales", suggest_mapping(source.headers, "sales"))
t3 = time.perf_counter()
store.close()
print(json.dumps({"open_s": t1 - t0, "read_s": t2 - t1, "import_s": t3 - t2, "total_s": t3 - t1,
                  "rows": report.rows_read, "lines": report.lines_created, "purchases": report.purchases_created,
                  "customers": report.customers_created, "present": report.rows_present,
                  "rejected": report.rows_rejected, "peak_mb": peak_mb()}))
"""


def run_probe(db: Path, source: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, str(db), str(source)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def show(title: str, figures: dict) -> None:
    rate = figures["rows"] / figures["total_s"] if figures["total_s"] else 0
    print(f"{title}: {figures['rows']:,} rows in {figures['total_s']:.1f} s "
          f"(reading {figures['read_s']:.1f} s, import {figures['import_s']:.1f} s) = {rate:,.0f} rows/s; "
          f"{figures['purchases']:,} purchases, {figures['lines']:,} lines, {figures['customers']:,} new customers, "
          f"{figures['present']:,} already present, {figures['rejected']:,} rejected; peak {figures['peak_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--rebuild", action="store_true", help="build the demo and its export again")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))
    from crmdesk.demo import generate_demo
    from crmdesk.services.exporting import export_sales
    from crmdesk.store import open_store

    OUT.mkdir(exist_ok=True)
    demo_db = OUT / f"import-demo-{args.customers}.sqlite3"
    export = OUT / f"sales-{args.customers}.{args.format}"
    if args.rebuild or not demo_db.exists():
        for f in OUT.glob(f"import-demo-{args.customers}.sqlite3*"):
            f.unlink()
        t0 = time.perf_counter()
        store = open_store(demo_db)
        summary = generate_demo(store, customers=args.customers, seed=7)
        store.close()
        print(f"demo: {summary.customers:,} customers, {summary.lines:,} lines in {time.perf_counter() - t0:.1f} s")
    if args.rebuild or not export.exists():
        t0 = time.perf_counter()
        store = open_store(demo_db)
        count = export_sales(store, export, headers="ko")
        store.close()
        print(f"export sales: {count:,} lines to {export.name} ({export.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
    target = OUT / "import-target.sqlite3"
    for f in OUT.glob("import-target.sqlite3*"):
        f.unlink()
    open_store(target).close()
    show("first import ", run_probe(target, export))
    show("second import", run_probe(target, export))


if __name__ == "__main__":
    main()
