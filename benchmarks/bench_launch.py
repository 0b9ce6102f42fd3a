"""Launch to first rows and one- and two-letter searches on the 100,000-customer demo (issue 18), each beside its
floor measured in the same run.

    python benchmarks/bench_launch.py [--customers 100000] [--runs 5]

- Launch to first rows: the window as `crmdesk --db FILE` opens it (bench_customers.py's probe) against a floor
  process that, after PySide6 is imported, imports SQLAlchemy and SQLModel, reads the first 200 customers by name
  with plain SQL into a QTableWidget and paints it. Target: at most 1.3 times the floor. Runs alternate.
- Short searches typed into the customer list (하늘, 지우, 최민, ㅎㄴ, 황, one keystroke at a time), until the rows
  are painted: target p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_customers import PROBE, demo_db  # noqa: E402

SHORT = ["하", "하늘", "지", "지우", "최", "최민", "ㅎ", "ㅎㄴ", "황"]

FLOOR = r"""
import sys, time
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
started = time.time()
import sqlalchemy, sqlmodel
app = QApplication([])
engine = sqlalchemy.create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    rows = conn.exec_driver_sql("SELECT name, phone, customer_code, last_purchase_at FROM customer "
                                "WHERE NOT archived ORDER BY name LIMIT 200").all()
table = QTableWidget(len(rows), 4)
for r, row in enumerate(rows):
    for c, value in enumerate(row):
        table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
table.resize(1000, 700)
table.show()
app.processEvents()
table.viewport().repaint()
print(time.time())
"""


def env() -> dict[str, str]:
    out = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user runs it: compiled bytecode is used
    return out


def window(db: Path, typed: list[str]) -> dict:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", PROBE, str(db), json.dumps(typed)], capture_output=True, text=True,
                         env=env(), cwd=ROOT, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["launch_s"] = result["first_rows"] - started
    return result


def floor(db: Path) -> float:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", FLOOR, str(db)], capture_output=True, text=True, env=env(), cwd=ROOT,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1]) - started


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = demo_db(args.customers)
    compileall.compile_dir(str(ROOT / "crmdesk"), quiet=1)
    window(db, []), floor(db)  # warm the page cache and the bytecode for both
    runs, floors = [], []
    for _ in range(args.runs):
        runs.append(window(db, SHORT))
        floors.append(floor(db))
    mine, base = statistics.median(r["launch_s"] for r in runs), statistics.median(floors)
    print(f"launch to first rows: median {mine:.2f} s; floor median {base:.2f} s; ratio {mine / base:.2f} "
          f"(target at most 1.3: {'ok' if mine / base <= 1.3 else 'OVER'}; {args.runs} launches each)")
    latencies = [x for r in runs for x in r["latencies_ms"]]
    queries = [x for r in runs for x in r["query_ms"]]
    print(f"short searches {' '.join(SHORT)}, until painted: median {statistics.median(latencies):.1f} ms, "
          f"p95 {p95(latencies):.1f} ms, max {max(latencies):.1f} ms over {len(latencies)} keystrokes "
          f"(target p95 < 50 ms: {'ok' if p95(latencies) < 50 else 'OVER'}); of which SQL + model p95 "
          f"{p95(queries):.1f} ms")
    for length in (1, 2):
        each = [r["latencies_ms"][i] for r in runs for i, text in enumerate(SHORT) if len(text) == length]
        print(f"  {length}-letter words, until painted: p95 {p95(each):.1f} ms, worst {max(each):.1f} ms "
              f"(target p95 < 50 ms: {'ok' if p95(each) < 50 else 'OVER'})")
    for i, text in enumerate(SHORT):
        each = sorted(r["latencies_ms"][i] for r in runs)
        print(f"  {text}: median {statistics.median(each):.1f} ms, worst {each[-1]:.1f} ms")
    print(f"peak memory of the window process: {max(r['max_rss_mb'] for r in runs):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
