"""Table files in bulk on the 100,000-customer demo (issue 18): the customer export as CSV and as .xlsx, and the
RFM table to CSV through write_table (row by row) and write_frame (prepared columns).

    python benchmarks/bench_exports.py [--customers 100000] [--runs 3]

Target: the .xlsx export of the customers at most 3 times the CSV export of the same rows (the floor, measured
in the same run). Also shows the peak memory of this process (the xlsx writer keeps a block of rows in memory).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_customers import demo_db  # noqa: E402

from crmdesk.analytics.rfm import RFM_COLUMNS, rfm_table  # noqa: E402
from crmdesk.services import exporting  # noqa: E402
from crmdesk.store import open_store  # noqa: E402


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    db = demo_db(args.customers)
    store = open_store(db)
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "customers.csv", Path(tmp) / "customers.xlsx"
        rows = exporting.export_customers(store, csv_path)  # warms the page cache
        csv_s = timed(lambda: exporting.export_customers(store, csv_path), args.runs)
        xlsx_s = timed(lambda: exporting.export_customers(store, xlsx_path), args.runs)
        print(f"customer export, {rows:,} customers: CSV {csv_s:.2f} s (the floor); xlsx {xlsx_s:.2f} s; "
              f"ratio {xlsx_s / csv_s:.2f} (target at most 3: {'ok' if xlsx_s / csv_s <= 3 else 'OVER'}); "
              f"files {csv_path.stat().st_size / 1e6:.1f} MB and {xlsx_path.stat().st_size / 1e6:.1f} MB")
        table = rfm_table(store, date.today())[RFM_COLUMNS]
        rfm_path = Path(tmp) / "rfm.csv"
        by_rows = timed(lambda: exporting.write_table(store, rfm_path, RFM_COLUMNS,
                                                      table.itertuples(index=False, name=None), "RFM"), args.runs)
        by_columns = timed(lambda: exporting.write_frame(store, rfm_path, table, "RFM"), args.runs)
        print(f"RFM table to CSV, {len(table):,} rows: row by row (write_table) {by_rows * 1000:.0f} ms; "
              f"prepared columns (write_frame) {by_columns * 1000:.0f} ms")
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
