"""Trust figures on a large demo shop: the 0006 migration (seeding the consent ledger), consent derivation
from the ledger for every customer and for a list of ids, the retention scan, erasing one customer, and the
cost of one scrypt hash (the sign-in delay).

    python benchmarks/bench_trust.py [--db benchmarks/out/demo100000.sqlite3] [--runs 5]

The database is copied first (never written); a 0005 database is migrated on the copy, which is what a shop
sees on its first start after updating.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DB = Path("/work/main/benchmarks/out/demo100000.sqlite3")


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    fallback = HERE / "out" / "demo100000.sqlite3"
    parser.add_argument("--db", type=Path, default=DEFAULT_DB if DEFAULT_DB.exists() else fallback)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"No demo database at {args.db}; build one with: crmdesk --db FILE demo --customers 100000")
        return 1
    from sqlalchemy import text

    from crmdesk.services import auth, consent, privacy
    from crmdesk.store import open_store, schema
    from crmdesk.store.engine import Store, database_url, make_engine

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.sqlite3"
        shutil.copyfile(args.db, copy)
        url = database_url(copy)
        probe = Store(make_engine(url), url)
        before = schema.current_revision(probe)
        probe.close()
        started = time.perf_counter()
        store = open_store(copy)
        opened = time.perf_counter() - started
        with store.engine.connect() as conn:
            customers = conn.execute(text("SELECT count(*) FROM customer")).scalar_one()
            events = conn.execute(text("SELECT count(*) FROM consent_event")).scalar_one()
        print(f"database: {args.db} ({customers:,} customers), schema {before} -> {schema.HEAD}")
        print(f"open{' + migrate to 0006' if before != schema.HEAD else ''}: {opened:.2f} s; "
              f"consent ledger: {events:,} events")
        with store.session() as session:
            t_all, states = timed(lambda: consent.consent_states(session, "sms"), args.runs)
            t_ids, granted = timed(lambda: consent.consented_ids(session, "kakao"), args.runs)
            some = list(range(1, customers + 1, 10))
            t_some, subset = timed(lambda: consent.consented_ids(session, "email", some), args.runs)
            t_card, _ = timed(lambda: consent.customer_consents(session, customers // 2), args.runs)
            t_ret, idle = timed(lambda: privacy.inactive_customers(session, years=3), max(1, args.runs // 2))
        print(f"consent_states(sms), every customer:   {t_all * 1000:8.1f} ms ({len(states):,} states)")
        print(f"consented_ids(kakao), every customer:  {t_ids * 1000:8.1f} ms ({len(granted):,} granted)")
        print(f"consented_ids(email), {len(some):,} ids:       {t_some * 1000:8.1f} ms ({len(subset):,} granted)")
        print(f"one card's five purposes:              {t_card * 1000:8.1f} ms")
        print(f"retention scan (3 years):              {t_ret * 1000:8.1f} ms ({len(idle):,} inactive)")
        target = idle[0].id if idle else customers // 3
        started = time.perf_counter()
        with store.session() as session:
            privacy.erase_customer(session, target, confirm=True)
        print(f"erase one customer:                    {(time.perf_counter() - started) * 1000:8.1f} ms")
        store.close()
    t_hash, _ = timed(lambda: auth.hash_secret("2580"), args.runs)
    print(f"scrypt hash (n=2^{auth.SCRYPT_N.bit_length() - 1}, r={auth.SCRYPT_R}, p={auth.SCRYPT_P}):        "
          f"{t_hash * 1000:8.1f} ms per sign-in attempt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
