"""Peak memory and time of a 1,000,000-line sales import, beside its floors from the same run (issue 18).

    python benchmarks/bench_import_memory.py [--customers 100000] [--baseline REV] [--runs 1]

The file: the 100,000-customer demo café's sales exported as `crmdesk export sales` writes them (about a million
lines, 112 MB). Each import runs in a fresh child process of a small measuring process, which reports the
child's peak resident memory (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss) and its CPU seconds. With
--no-receipts the receipt column is left out: every line is a purchase of its own, recognised by its fingerprint.

Floors, measured in the same run:
- memory: the target, 400 MB, and a process that only imports the import engine and opens the database;
- time: the import as it was before the batches (the code of ``--baseline``, by default the main branch before
  issue 18's import change, taken out of git into a temporary folder), run on the same file into an equally
  empty database. Wall time drifts with the machine's load; the CPU seconds beside it drift less.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = "c93688f"  # main before the import was read and written in batches
TARGET_MB = 400

IMPORT = r"""
import json, sys, time
from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.store import open_store
store = open_store(sys.argv[1])
t0 = time.perf_counter()
source = read_source(sys.argv[2])
report = run_import(store, source, "sales", suggest_mapping(source.headers, "sales"))
print(json.dumps({"seconds": time.perf_counter() - t0, "lines": report.lines_created,
                  "purchases": report.purchases_created, "customers": report.customers_created}))
"""

LIBRARIES = r"""
import json, sys
from crmdesk.importing import read_source, run_import, suggest_mapping
from crmdesk.store import open_store
open_store(sys.argv[1]).close()
print(json.dumps({}))
"""

MEASURE = r"""
import json, os, resource, subprocess, sys
code, path, *args = sys.argv[1:]
import crmdesk
assert crmdesk.__file__.startswith(path), crmdesk.__file__
out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=path,
                     env={**os.environ, "PYTHONPATH": path})  # cwd: python -c puts it first on the path
if out.returncode:
    sys.exit(out.stderr)
used = resource.getrusage(resource.RUSAGE_CHILDREN)
figures = json.loads(out.stdout.strip().splitlines()[-1])
figures.update(peak_mb=used.ru_maxrss / 1024, cpu_s=used.ru_utime + used.ru_stime)
print(json.dumps(figures))
"""


def measure(code: str, code_path: Path, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, code, str(code_path), *args], capture_output=True,
                         text=True, cwd=code_path)
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def empty_store(code_path: Path, db: Path) -> Path:
    for f in db.parent.glob(db.name + "*"):
        f.unlink()
    subprocess.run([sys.executable, "-c", f"from crmdesk.store import open_store; open_store({str(db)!r}).close()"],
                   check=True, env={**os.environ, "PYTHONPATH": str(code_path)}, cwd=code_path)
    return db


def sales_file(customers: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench_customers import demo_db

    from crmdesk.services.exporting import export_sales
    from crmdesk.store import open_store

    path = HERE / "out" / f"sales-{customers}.csv"
    if not path.exists():
        store = open_store(demo_db(customers))
        try:
            export_sales(store, path, headers="ko")
        finally:
            store.close()
    return path


def without_receipts(source: Path) -> Path:
    path = source.with_name(source.stem + "-no-receipts.csv")
    if not path.exists():
        with source.open(encoding="utf-8-sig", newline="") as src, path.open("w", encoding="utf-8", newline="") as out:
            for line in src:
                out.write(line.split(",", 1)[1])  # the receipt number is the first column (and has no comma)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the import to compare with")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-receipts", action="store_true",
                        help="the same file without its receipt column: every line a purchase of its own, "
                             "recognised by its fingerprint")
    args = parser.parse_args()
    source = sales_file(args.customers)
    if args.no_receipts:
        source = without_receipts(source)
    lines = sum(1 for _ in source.open("rb")) - 1
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        old_code = Path(tmp) / "baseline"
        old_code.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "crmdesk"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive, check=True)
        db = Path(tmp) / "target.sqlite3"
        libraries = measure(LIBRARIES, ROOT, str(empty_store(ROOT, db)))
        print(f"file: {source.name}, {lines:,} lines, {source.stat().st_size / 1e6:.0f} MB")
        print(f"floor, memory: target {TARGET_MB} MB; a process that only imports the engine and opens the "
              f"database: {libraries['peak_mb']:.0f} MB")
        for run in range(args.runs):
            old = measure(IMPORT, old_code, str(empty_store(old_code, db)), str(source))
            new = measure(IMPORT, ROOT, str(empty_store(ROOT, db)), str(source))
            assert (old["lines"], old["purchases"], old["customers"]) == (
                new["lines"], new["purchases"], new["customers"]), (old, new)
            for title, f in ((f"before ({args.baseline})", old), ("now", new)):
                print(f"run {run + 1}, {title:>17}: peak {f['peak_mb']:5.0f} MB, {f['seconds']:6.1f} s wall, "
                      f"{f['cpu_s']:6.1f} s CPU; {f['lines']:,} lines, {f['purchases']:,} purchases, "
                      f"{f['customers']:,} new customers")
            verdict = "ok" if new["peak_mb"] < TARGET_MB else "OVER"
            print(f"run {run + 1}: peak {new['peak_mb']:.0f} MB against the target {TARGET_MB} MB ({verdict}); "
                  f"time {new['seconds'] / old['seconds']:.2f}x wall, {new['cpu_s'] / old['cpu_s']:.2f}x CPU of "
                  f"the import before")


if __name__ == "__main__":
    main()
