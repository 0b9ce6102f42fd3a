"""The dashboard on the 100,000-customer demo shop: seconds to compute everything, and the longest GUI stall.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_dashboard.py [--customers 100000] [--runs 3] [--rebuild]

1. ``dashboard_figures`` alone (segments, Pareto, R×F grid, retention, revenue by month), median of --runs.
2. The real screen: a DashboardScreen refreshes with the real thread pool while a 5 ms QTimer measures the gaps
   between its ticks on the GUI thread. Printed: time until the charts are drawn, the longest gap while the
   job ran (the window's worst freeze), and the time spent drawing the result on the GUI thread.
3. Customer values (services/customer_value.py: RFM, lifecycle stages, the CLV fit) uncached, and the
   Lifecycle tab and the card's value line measured the same way, first uncached, then from the cache.
Target (issue 5): the whole refresh within 3 s; the window never freezes.
The demo database is taken from benchmarks/out/ (copied from the main checkout's if it has one, else built).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
OUT = HERE / "out"

from bench_customers import build  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from crmdesk.analytics.dashboard import dashboard_figures  # noqa: E402
from crmdesk.models import Purchase, PurchaseLine  # noqa: E402
from crmdesk.store import open_store  # noqa: E402


def gui_run(store, as_of: date) -> tuple[float, float, float]:
    """(seconds until drawn, longest GUI-thread gap while computing, seconds drawing on the GUI thread)."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    from crmdesk.ui.app.application import make_app
    from crmdesk.ui.dashboard.dashboard_screen import DashboardScreen

    app = make_app()
    screen = DashboardScreen(store)
    screen.as_of.setDate(as_of)
    screen.resize(1200, 1000)
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append((now - last[0], now))
        last[0] = now

    drawing = [0.0]
    original = screen.show_figures

    def timed_show(figures) -> None:
        started = time.perf_counter()
        original(figures)
        drawing[0] = time.perf_counter() - started

    screen.show_figures = timed_show  # type: ignore[method-assign]
    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    screen.show()  # first shown: starts the computation
    app.processEvents()
    clock.start()
    timer.start()
    started = time.perf_counter()
    while screen._task.running:
        app.processEvents()
        time.sleep(0.001)
    computing_gaps = list(gaps)
    total = time.perf_counter() - started
    timer.stop()
    screen.close()
    worst = sorted(computing_gaps, reverse=True)[:3]
    print("three longest gaps (ms, ending at ms):", ", ".join(f"{gap} at {at}" for gap, at in worst))
    return total, (worst[0][0] if worst else 0) / 1000, drawing[0]


def watch_gui(app, start, busy) -> tuple[float, list[tuple[int, int]]]:
    """Call ``start()``, then pump events until ``busy()`` is False while a 5 ms timer ticks on the GUI thread:
    (seconds taken, the three longest gaps between ticks as (ms, ending at ms))."""
    from PySide6.QtCore import QElapsedTimer, QTimer

    clock = QElapsedTimer()
    gaps: list[tuple[int, int]] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append((now - last[0], now))
        last[0] = now

    timer = QTimer(interval=5)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    started = time.perf_counter()
    start()
    while busy():
        app.processEvents()
        time.sleep(0.001)
    total = time.perf_counter() - started
    timer.stop()
    return total, sorted(gaps, reverse=True)[:3]


def lifecycle_gui_run(store, as_of: date) -> None:
    """The Lifecycle tab and the card's value line with the real thread pool: time until shown, worst GUI stall,
    time drawing on the GUI thread; first uncomputed (the day's first look), then from the cache."""
    from crmdesk.services import customer_value as cv
    from crmdesk.ui.app.application import make_app
    from crmdesk.ui.card.value_line import CustomerValueLine
    from crmdesk.ui.dashboard.lifecycle_view import LifecycleView

    app = make_app()
    view = LifecycleView(store)
    view.set_as_of(as_of)
    view.resize(1200, 900)
    drawing = [0.0]
    original = view.show_figures

    def timed_show(figures) -> None:
        started = time.perf_counter()
        original(figures)
        drawing[0] = time.perf_counter() - started

    view.show_figures = timed_show  # type: ignore[method-assign]
    for label in ("uncached (first look of the day)", "cached"):
        if label.startswith("uncached"):
            cv.forget(store)
        start = view.show if not view.isVisible() else view.refresh
        total, worst = watch_gui(app, start, lambda: view._task.running)
        longest = ", ".join(f"{g} at {at}" for g, at in worst)
        print(f"lifecycle tab, {label}: {total:.2f} s until drawn; longest GUI-thread gap "
              f"{worst[0][0] if worst else 0} ms (three longest: {longest}); drawing {1000 * drawing[0]:.0f} ms; "
              f"{len(view.figures.reactivation):,} at-risk and dormant customers")
    view.close()
    line = CustomerValueLine(store)
    line.resize(600, 60)
    ids = view.figures.reactivation["customer_id"].head(5).tolist()
    for label in ("uncached (first card of the day)", "cached (next card)"):
        if label.startswith("uncached"):
            cv.forget(store)
        customer = int(ids.pop())
        total, worst = watch_gui(app, lambda customer=customer: line.show_customer(customer),
                                 lambda: line._task.running)
        print(f"card value line, {label}: {1000 * total:.0f} ms until shown; longest GUI-thread gap "
              f"{worst[0][0] if worst else 0} ms; shows: {line.text()}")
    line.close()


def list_in_set(store, figures) -> None:
    """The customer list drilled into the largest segment: first page, count, and a search inside the set."""
    from crmdesk.services.customers import CustomerQuery, count_customers, search_customers

    biggest = figures.segments.sort_values("customers", ascending=False).iloc[0]["segment"]
    ids = figures.segment_customers(biggest)
    for label, query in (("first page", CustomerQuery(customer_ids=ids)),
                         ("sorted by total spent, descending", CustomerQuery(customer_ids=ids, sort_key="total_spent",
                                                                              descending=True)),
                         ("search '김' inside", CustomerQuery(text="김", customer_ids=ids)),
                         ("search '5678' inside", CustomerQuery(text="5678", customer_ids=ids))):
        with store.session() as session:
            started = time.perf_counter()
            rows = search_customers(session, query, limit=200)
            page = time.perf_counter() - started
            started = time.perf_counter()
            total = count_customers(session, query)
            counted = time.perf_counter() - started
        print(f"list of segment {biggest} ({len(ids):,} ids), {label}: {1000 * page:.0f} ms for {len(rows)} rows, "
              f"count {total:,} in {1000 * counted:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs; the median is shown")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the demo database even if it exists")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    db = OUT / f"demo{args.customers}.sqlite3"
    main_copy = HERE.parent.parent / "main" / "benchmarks" / "out" / db.name
    if not db.exists() and not args.rebuild and main_copy.exists():
        shutil.copyfile(main_copy, db)
    if args.rebuild or not db.exists():
        build(db, args.customers)
    with tempfile.TemporaryDirectory() as tmp:  # a private copy: opening a store may touch the file
        work = Path(tmp) / db.name
        shutil.copyfile(db, work)
        store = open_store(work)
        with store.session() as session:
            purchases = session.execute(select(func.count()).select_from(Purchase)).scalar_one()
            lines = session.execute(select(func.count()).select_from(PurchaseLine)).scalar_one()
        print(f"demo shop: {args.customers:,} customers, {purchases:,} purchases, {lines:,} purchase lines; "
              f"as of {args.as_of}")
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            figures = dashboard_figures(store, args.as_of)
            times.append(time.perf_counter() - started)
        print(f"dashboard_figures (everything): median {statistics.median(times):.2f} s over {args.runs} runs "
              f"(min {min(times):.2f} s); {figures.pareto.customers:,} buyers, "
              f"{len(figures.retention.sizes)} cohorts; target 3 s")
        total, stall, drawing = gui_run(store, args.as_of)
        print(f"screen refresh with the real thread pool: {total:.2f} s until drawn")
        print(f"longest GUI-thread gap while computing: {1000 * stall:.0f} ms (5 ms timer)")
        print(f"drawing the result on the GUI thread: {1000 * drawing:.0f} ms")
        list_in_set(store, figures)
        from crmdesk.services import customer_value as cv

        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            shop = cv.compute_shop_value(store, args.as_of)
            times.append(time.perf_counter() - started)
        print(f"customer values (RFM + stages + BG/NBD/Gamma-Gamma fit), uncached: median "
              f"{statistics.median(times):.2f} s over {args.runs} runs; forecast: "
              f"{'fitted' if shop.predicted else 'fell back: ' + shop.reason}")
        cv.shop_value(store, args.as_of)  # fills the cache
        started = time.perf_counter()
        figures_life = cv.lifecycle_figures(store, args.as_of)
        print(f"lifecycle_figures with values cached (stage counts + reactivation list with phone and consent of "
              f"{len(figures_life.reactivation):,}): {time.perf_counter() - started:.2f} s")
        lifecycle_gui_run(store, args.as_of)
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
