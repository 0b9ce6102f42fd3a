"""Whole commands as a user runs them, each beside a floor process measured in the same run (issue 18).

    python benchmarks/bench_commands.py [--customers 100000] [--runs 7]

- `crmdesk info` against a process that only imports SQLAlchemy and SQLModel and opens the same database
  (one count, so the file is really read): target at most 1.3 times.
- `crmdesk rfm --out FILE.csv` against a process that imports SQLAlchemy, runs the same GROUP BY over the
  purchases (customer, count, last purchase, sum) and writes its rows with the csv module: at most 2 times.
- `crmdesk --help` and `crmdesk info`: which heavy modules (pandas, numpy, scipy, the import engine) they load.

Every process is a child started as a user would (bytecode compiled and used: PYTHONDONTWRITEBYTECODE is
removed); runs alternate between a command and its floor so load on the machine hits both alike, and the
median of each is shown.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench_customers import demo_db  # noqa: E402

INFO_FLOOR = r"""
import sys
import sqlalchemy, sqlmodel
engine = sqlalchemy.create_engine("sqlite:///" + sys.argv[1])
with engine.connect() as conn:
    print(conn.execute(sqlalchemy.text("SELECT COUNT(*) FROM customer")).scalar_one())
"""

RFM_FLOOR = r"""
import csv, sys
from datetime import date, datetime, time, timedelta
import sqlalchemy
engine = sqlalchemy.create_engine("sqlite:///" + sys.argv[1])
until = datetime.combine(date.today() + timedelta(days=1), time.min)
with engine.connect() as conn, open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as fh:
    rows = conn.execute(sqlalchemy.text(
        "SELECT customer_id, COUNT(*), MAX(purchased_at), SUM(total) FROM purchase WHERE customer_id IS NOT NULL "
        "AND voided_at IS NULL AND purchased_at < :until GROUP BY customer_id"), {"until": until}).all()
    writer = csv.writer(fh)
    writer.writerow(["customer_id", "frequency", "last_purchase_at", "monetary"])
    writer.writerows(rows)
"""

HEAVY_PROBE = r"""
import sys, io, contextlib
from crmdesk.app import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
heavy = ("pandas", "numpy", "scipy", "PySide6")
print(sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in heavy}
             | {m for m in sys.modules if m.startswith("crmdesk.importing")}))
"""


def env() -> dict[str, str]:
    out = {**os.environ, "PYTHONPATH": str(ROOT)}
    out.pop("PYTHONDONTWRITEBYTECODE", None)  # as a user runs it: compiled bytecode is used
    return out


def run(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env(), cwd=ROOT)
    return time.perf_counter() - started


def compare(label: str, command: list[str], floor: list[str], runs: int, target: float) -> None:
    run(command), run(floor)  # warm the page cache for both
    mine, base = [], []
    for _ in range(runs):
        mine.append(run(command))
        base.append(run(floor))
    m, b = statistics.median(mine), statistics.median(base)
    verdict = "ok" if m / b <= target else "OVER"
    print(f"{label}: median {m * 1000:.0f} ms; floor median {b * 1000:.0f} ms; ratio {m / b:.2f} "
          f"(target at most {target}: {verdict}; {runs} runs each, ratios of pairs "
          f"{min(x / y for x, y in zip(mine, base, strict=True)):.2f}-"
          f"{max(x / y for x, y in zip(mine, base, strict=True)):.2f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=["info", "rfm", "help"], help="measure one of them")
    args = parser.parse_args()
    db = demo_db(args.customers)
    compileall.compile_dir(str(ROOT / "crmdesk"), quiet=1)
    py = sys.executable
    crmdesk = [py, "-m", "crmdesk.app", "--db", str(db)]
    subprocess.run([*crmdesk, "info"], check=True, capture_output=True, env=env(), cwd=ROOT)  # upgrade once
    if args.only in (None, "help"):
        for argv in (["--help"], ["--db", str(db), "info"]):
            out = subprocess.run([py, "-c", HEAVY_PROBE, *argv], check=True, capture_output=True, text=True,
                                 env=env(), cwd=ROOT).stdout.strip()
            print(f"crmdesk {' '.join(a for a in argv if a != str(db))}: heavy modules loaded: {out}")
    if args.only in (None, "info"):
        compare("crmdesk info", [*crmdesk, "info"], [py, "-c", INFO_FLOOR, str(db)], args.runs, 1.3)
    if args.only in (None, "rfm"):
        with tempfile.TemporaryDirectory() as tmp:
            compare("crmdesk rfm --out rfm.csv", [*crmdesk, "rfm", "--out", f"{tmp}/rfm.csv"],
                    [py, "-c", RFM_FLOOR, str(db), f"{tmp}/floor.csv"], args.runs, 2.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
