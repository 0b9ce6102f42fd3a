"""Lifetime value (BG/NBD + Gamma-Gamma), churn and basket analysis on the 100,000-customer demo shop.

    python benchmarks/bench_clv.py [--customers 100000] [--db FILE] [--rebuild]

Target (issue 5): the BG/NBD + Gamma-Gamma fit within 5 s. Prints seconds for loading (the card list and the
purchase days from the store), fitting and scoring, and the peak memory of the process (maximum resident set
size). --db reads an existing demo database instead of building one; give it a copy (SQLite may write a WAL
file beside it).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
OUT = HERE / "out"

from bench_customers import build  # noqa: E402

from crmdesk.analytics import clv, loader  # noqa: E402
from crmdesk.store import open_store  # noqa: E402


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def lap(self, label: str) -> float:
        now = time.perf_counter()
        seconds, self.started = now - self.started, now
        print(f"  {label:<52} {seconds:6.2f} s")
        return seconds


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing demo database to read")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo database even if it exists")
    args = parser.parse_args()
    db = args.db or OUT / f"demo{args.customers}.sqlite3"
    if args.db is None and (args.rebuild or not db.exists()):
        OUT.mkdir(exist_ok=True)
        build(db, args.customers)
    store = open_store(db)
    as_of = date.today()
    baseline = peak_rss_mb()
    print(f"database: {db.name}; as of {as_of}")
    watch = Stopwatch()
    customers = loader.active_customers(store)
    load_customers = watch.lap(f"load customers ({len(customers):,})")
    days = loader.purchase_days(store, as_of)
    load_days = watch.lap(f"load purchase days ({len(days):,} customer-days)")
    summary = clv.repeat_summary(customers, days, as_of)
    watch.lap("frequency / recency / T per customer")
    buyers = summary[summary["purchase_days"] > 0]
    bgnbd = clv.fit_bgnbd(buyers["frequency"], buyers["recency"], buyers["T"])
    fit_bg = watch.lap(f"fit BG/NBD ({bgnbd.status})")
    gg = clv.fit_gamma_gamma(buyers["frequency"], buyers["mean_spend"])
    fit_gg = watch.lap(f"fit Gamma-Gamma ({gg.status}, {gg.customers:,} repeat customers)")
    result = clv.lifetime_value(summary, as_of)
    whole = watch.lap("lifetime_value: both fits + scoring every customer")
    print(f"fit BG/NBD + Gamma-Gamma: {fit_bg + fit_gg:.2f} s (target: at most 5 s); "
          f"fits and scoring together {whole:.2f} s; loading {load_customers + load_days:.2f} s")
    print("parameters (days): " + ", ".join(f"{k}={v:.4g}" for k, v in result.params.items()))
    try:
        from crmdesk.analytics import churn

        watch = Stopwatch()
        risk = churn.churn_table(customers, days, as_of, result)
        watch.lap(f"churn and lifecycle ({int(risk['at_risk'].sum()):,} at risk, "
                  f"{int(risk['dormant'].sum()):,} dormant)")
        stages = churn.lifecycle_counts(customers, days, as_of, months=24)
        watch.lap(f"lifecycle counts, {len(stages)} month ends")
    except ImportError:
        pass
    try:
        from crmdesk.analytics import basket

        watch = Stopwatch()
        rules = basket.associations(store, as_of)
        watch.lap(f"basket associations ({len(rules.products):,} product rules)")
    except ImportError:
        pass
    print(f"peak memory of the process: {peak_rss_mb():.0f} MB (max resident set size; {baseline:.0f} MB after "
          "imports, before loading)")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
