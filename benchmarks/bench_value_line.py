"""The owner's value line on the first card of the day, on the 100,000-customer demo (issue 18).

    python benchmarks/bench_value_line.py [--customers 100000] [--runs 5]

A new day's first card finds nothing in memory. Before issue 18 it waited for the whole shop (RFM, the return
window, the BG/NBD + Gamma-Gamma fit): that whole-shop computation is the comparison printed here. Now it is
scored from the last stored fit; measured in a fresh process as the window's job runs it (the analytics modules,
pandas and scipy imported on the way, as on a real first card), for several customers. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_customers import demo_db  # noqa: E402

FIRST_CARD = r"""
import json, sys, time
from crmdesk.store import open_store
from crmdesk.services import customer_value as cv  # loaded with the window, before any card
store = open_store(sys.argv[1])
started = time.perf_counter()
value, fit_day = cv.quick_value(store, int(sys.argv[2]))
first = time.perf_counter() - started
later = []
for cid in json.loads(sys.argv[3]):
    t0 = time.perf_counter()
    cv.quick_value(store, cid)
    later.append(time.perf_counter() - t0)
print(json.dumps({"first": first, "later": later, "fit_day": fit_day, "stage": value.stage}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = demo_db(args.customers)
    from crmdesk.services import customer_value as cv
    from crmdesk.store import open_store

    store = open_store(db)
    cv.compute_shop_value(store, date.today())  # warms the page cache
    started = time.perf_counter()
    cv.shop_value(store)  # the whole shop, as the first card waited for before; leaves today's fit stored
    whole = time.perf_counter() - started
    store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    firsts, later = [], []
    for run in range(args.runs):
        ids = [1 + (run * 7919 + k * 104_729) % args.customers for k in range(20)]
        out = subprocess.run([sys.executable, "-c", FIRST_CARD, str(db), str(ids[0]), json.dumps(ids[1:])],
                             capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        firsts.append(result["first"])
        later.extend(result["later"])
    first = statistics.median(firsts)
    print(f"whole-shop computation (what the first card waited for before): {whole:.2f} s")
    print(f"first card of the day from the stored fit, fresh process, imports included: median {first * 1000:.0f} ms, "
          f"worst {max(firsts) * 1000:.0f} ms over {args.runs} processes (target under 1 s: "
          f"{'ok' if max(firsts) < 1 else 'OVER'}); the next cards: median "
          f"{statistics.median(later) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
