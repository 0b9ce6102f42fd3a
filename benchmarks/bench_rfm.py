"""RFM with segments on the 100,000-customer demo shop against one SQL GROUP BY pass over its purchases.

    python benchmarks/bench_rfm.py [--customers 100000] [--runs 5] [--rebuild]

Target (issue 5): the whole RFM (load per-customer aggregates and cards, score, segment) within 2x of a single
GROUP BY pass (customer_id, count, last purchase, sum) over the same purchase table, fetched the same way.
The demo database is built once and cached under benchmarks/out/ (gitignored), as bench_customers.py does.
Also times the Pareto figures and writing the RFM table to CSV.
"""

from __future__ import annotations

import argparse
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
from sqlalchemy import func, select  # noqa: E402

from crmdesk.analytics import loader  # noqa: E402
from crmdesk.analytics.pareto import pareto_report  # noqa: E402
from crmdesk.analytics.rfm import RFM_COLUMNS, rfm_table, segment_summary  # noqa: E402
from crmdesk.models import Purchase, PurchaseLine  # noqa: E402
from crmdesk.services.exporting import write_frame  # noqa: E402
from crmdesk.store import open_store  # noqa: E402


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each step; the median is shown")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo database even if it exists")
    args = parser.parse_args()
    db = demo_db(args.customers, rebuild=args.rebuild)
    store = open_store(db)
    as_of = date.today()
    with store.session() as session:
        purchases = session.execute(select(func.count()).select_from(Purchase)).scalar_one()
        lines = session.execute(select(func.count()).select_from(PurchaseLine)).scalar_one()
    print(f"database: {db.name}, {purchases:,} purchases, {lines:,} purchase lines; as of {as_of}")

    def group_by():
        return loader.purchase_aggregates(store, as_of)

    # One untimed pass of each warms the page cache, so both are measured alike.
    group_by()
    rfm_table(store, as_of)
    gb_s, rows = timed(group_by, args.runs)
    rfm_s, table = timed(lambda: rfm_table(store, as_of), args.runs)
    print(f"SQL GROUP BY pass (customer_id, count, max date, sum), {len(rows):,} groups: {gb_s * 1000:7.0f} ms")
    print(f"RFM with segments, {len(table):,} customers:                      {rfm_s * 1000:7.0f} ms")
    print(f"ratio RFM / GROUP BY: {rfm_s / gb_s:.2f} (target: at most 2)")
    pareto_s, result = timed(lambda: pareto_report(store, as_of), args.runs)
    print(f"Pareto figures and curve: {pareto_s * 1000:.0f} ms (top 20 % bring "
          f"{result.top20_revenue_share * 100:.1f} % of revenue; {result.customers_share_for_80 * 100:.1f} % of "
          "customers make 80 %)")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        write_frame(store, Path(tmp) / "rfm.csv", table[RFM_COLUMNS], "RFM")
        print(f"writing the RFM table to CSV: {(time.perf_counter() - started) * 1000:.0f} ms")
    print(segment_summary(table).to_string(index=False))
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
