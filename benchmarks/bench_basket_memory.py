"""Peak memory and time of the shop's basket rules on about a million lines, beside their floors from the same run
(issue 18: under 300 MB, no slower than before).

    python benchmarks/bench_basket_memory.py [--customers 100000] [--baseline REV] [--runs 2]

The shop: the 100,000-customer demo café (about a million purchase lines), copied and brought to today's schema
before anything is measured; both codes read that copy. Each run of the rules (``associations``: products and
categories) goes in a fresh child process of a small measuring process, which reports the child's peak resident
memory (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss) and its CPU seconds.

Floors, measured in the same run:
- memory: the target, 300 MB, and a process that only imports the rules' libraries and opens the database;
- time: the rules as they were before: today's code taken out of git into a temporary folder with basket.py as it
  was at ``--baseline`` (by default c93688f, the rules before this change), so that both read the same schema.
The two codes' rule tables must be the same to the last digit (a digest of both tables as CSV).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_import_memory import measure  # noqa: E402  (same measuring child: ru_maxrss of a grandchild)

BASELINE = "c93688f"  # basket.py before the lines were read in chunks
BASKET = "crmdesk/analytics/basket.py"
TARGET_MB = 300

RULES = r"""
import hashlib, json, sys, time
from datetime import date
from crmdesk.analytics.basket import associations
from crmdesk.store import open_store
store = open_store(sys.argv[1])
t0 = time.perf_counter()
found = associations(store, date.fromisoformat(sys.argv[2]))
seconds = time.perf_counter() - t0
digest = hashlib.sha256((found.products.to_csv(index=False) + found.categories.to_csv(index=False)).encode())
print(json.dumps({"seconds": seconds, "baskets": found.baskets, "product_rules": len(found.products),
                  "category_rules": len(found.categories), "digest": digest.hexdigest()[:16]}))
"""

LIBRARIES = r"""
import json, sys
import crmdesk.analytics.basket
from crmdesk.store import open_store
open_store(sys.argv[1]).close()
print(json.dumps({}))
"""


def shop_for(code_path: Path, demo: Path, db: Path) -> Path:
    """A copy of the demo shop at ``code_path``'s schema (migrated here, outside the measured runs)."""
    shutil.copyfile(demo, db)
    subprocess.run([sys.executable, "-c", f"from crmdesk.store import open_store; open_store({str(db)!r}).close()"],
                   check=True, env={**os.environ, "PYTHONPATH": str(code_path)}, cwd=code_path)
    return db


def main() -> None:
    from bench_customers import demo_db

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the rules to compare with")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--as-of", default="2100-01-01", help="the rules' day (default: after every sale)")
    args = parser.parse_args()
    demo = demo_db(args.customers)
    with tempfile.TemporaryDirectory(prefix="bench-basket-", dir=HERE / "out") as tmp:
        old_code = Path(tmp) / "baseline"
        old_code.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "crmdesk"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive, check=True)
        (old_code / BASKET).write_bytes(subprocess.run(["git", "-C", str(ROOT), "show", f"{args.baseline}:{BASKET}"],
                                                       check=True, capture_output=True).stdout)
        old_db = new_db = shop_for(ROOT, demo, Path(tmp) / "shop.sqlite3")
        libraries = measure(LIBRARIES, ROOT, str(new_db))
        print(f"shop: {demo.name}; floor, memory: target {TARGET_MB} MB; a process that only imports the rules' "
              f"libraries and opens the database: {libraries['peak_mb']:.0f} MB")
        for run in range(args.runs):
            old = measure(RULES, old_code, str(old_db), args.as_of)
            new = measure(RULES, ROOT, str(new_db), args.as_of)
            for title, f in ((f"before ({args.baseline})", old), ("now", new)):
                print(f"run {run + 1}, {title:>17}: peak {f['peak_mb']:5.0f} MB, {f['seconds']:5.2f} s for the rules, "
                      f"{f['cpu_s']:5.1f} s CPU for the process; {f['baskets']:,} baskets, {f['product_rules']:,} "
                      f"product and {f['category_rules']:,} category rules, digest {f['digest']}")
            same = "the same rules" if old["digest"] == new["digest"] else "DIFFERENT RULES"
            verdict = "ok" if new["peak_mb"] < TARGET_MB else "OVER"
            print(f"run {run + 1}: peak {new['peak_mb']:.0f} MB against the target {TARGET_MB} MB ({verdict}), "
                  f"{old['peak_mb']:.0f} MB before; time {new['seconds'] / old['seconds']:.2f}x of the rules before; "
                  f"{same}")


if __name__ == "__main__":
    main()
