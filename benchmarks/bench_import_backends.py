"""A sales file imported into an empty SQLite database and an empty PostgreSQL one, each in a fresh child
process, with the seconds of the steps issue 16 profiled (issues 16 and 18).

    CRMDESK_TEST_PG=... python benchmarks/bench_import_backends.py SALES.csv [--runs 1] [--backend sqlite ...]

The file: any sales export (`crmdesk export sales`, or benchmarks/bench_import_memory.py's). PostgreSQL: the
server of $CRMDESK_TEST_PG (tools/pg_test_server.py prints it; a role allowed to create databases); the database
is made from the URL's database as a template and dropped at the end. Prints wall and CPU seconds of the whole
import and of the planning, the lines' insert, the totals' refresh and the points, and the report's counts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
from collections import defaultdict
from crmdesk.importing import read_source, run_import, suggest_mapping, runner, sales
from crmdesk.store import open_store

spent = defaultdict(float)

def timed(owner, name):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - t
    setattr(owner, name, wrapper)

for owner, name in ((sales.SalesFile, "plan"), (sales.SalesFile, "resolve_customers"),
                    (sales.SalesFile, "insert_purchases"), (runner._Importer, "refresh_totals"),
                    (runner._Importer, "earn_loyalty"), (runner._Importer, "insert_customers")):
    timed(owner, name)
timed(sales, "plan_products")
store = open_store(sys.argv[1])
t0 = time.perf_counter()
source = read_source(sys.argv[2])
report = run_import(store, source, "sales", suggest_mapping(source.headers, "sales"))
seconds = time.perf_counter() - t0
store.close()
used = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "cpu_s": used.ru_utime + used.ru_stime, "steps": spent,
                  "lines": report.lines_created, "purchases": report.purchases_created,
                  "customers": report.customers_created, "products": report.products_created}))
"""


def run_child(target: str, source: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, target, str(source)], capture_output=True, text=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def sqlite_target(tmp: Path) -> str:
    db = tmp / "target.sqlite3"
    for f in tmp.glob("target.sqlite3*"):
        f.unlink()
    return str(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    import sqlalchemy as sa

    pg = os.environ.get("CRMDESK_TEST_PG_URL") or os.environ.get("CRMDESK_TEST_PG")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for run in range(args.runs):
            for backend in backends:
                if backend == "sqlite":
                    f = run_child(sqlite_target(Path(tmp)), args.source)
                else:
                    if not pg:
                        sys.exit("PostgreSQL: set CRMDESK_TEST_PG (tools/pg_test_server.py start prints it)")
                    url = sa.make_url(pg)
                    name = f"bench_{uuid.uuid4().hex[:8]}"
                    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
                    with admin.connect() as conn:
                        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"')
                    try:
                        f = run_child(url.set(database=name).render_as_string(hide_password=False), args.source)
                    finally:
                        with admin.connect() as conn:
                            conn.exec_driver_sql(f'DROP DATABASE "{name}"')
                        admin.dispose()
                steps = ", ".join(f"{k} {v:.1f}" for k, v in f["steps"].items())
                print(f"run {run + 1}, {backend:>10}: {f['seconds']:6.1f} s wall, {f['cpu_s']:6.1f} s CPU; "
                      f"{f['lines']:,} lines, {f['purchases']:,} purchases, {f['customers']:,} customers, "
                      f"{f['products']:,} products; steps (s): {steps}")


if __name__ == "__main__":
    main()
