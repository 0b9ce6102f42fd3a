"""Duplicate finding on a large demo shop: time to scan every card, and how many planted duplicates it finds.

    python benchmarks/bench_duplicates.py [--customers 100000] [--planted 1000] [--runs 3] [--rebuild]

The demo database is built once and cached under benchmarks/out/ (gitignored); each run works on a copy
with duplicates planted in four ways (same phone, same name and birthday, a one-letter slip in the name
with the same last four digits, a one-digit slip in the phone), so the cache stays clean.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
OUT = HERE / "out"

from sqlalchemy import select  # noqa: E402

from crmdesk.models import Customer  # noqa: E402
from crmdesk.services import customers as csvc  # noqa: E402
from crmdesk.services import duplicates as dup  # noqa: E402
from crmdesk.store import open_store  # noqa: E402


def build(db: Path, customers: int) -> None:
    from crmdesk.demo import generate_demo

    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    store = open_store(db)
    generate_demo(store, customers=customers)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    print(f"built the {customers:,}-customer demo in {time.perf_counter() - t0:.1f} s")


def _slip_name(name: str, rng: random.Random) -> str:
    """Change one letter of the last syllable's vowel (김민수 -> 김민소), the slip a Korean keyboard makes."""
    last = name[-1]
    code = ord(last) - 0xAC00
    if not 0 <= code < 11172:
        return name + "a"
    initial, medial, final = code // 588, (code % 588) // 28, code % 28
    medial = (medial + rng.choice((1, 2, 4))) % 21
    return name[:-1] + chr(0xAC00 + (initial * 21 + medial) * 28 + final)


def _slip_phone(phone: str, rng: random.Random) -> str:
    pos = rng.randrange(3, len(phone) - 4)  # keep the 010 and the last four
    return phone[:pos] + str((int(phone[pos]) + rng.randrange(1, 9)) % 10) + phone[pos + 1:]


def plant(store, count: int, seed: int = 11) -> set[tuple[int, int]]:
    rng = random.Random(seed)
    planted = set()
    with store.session() as session:
        originals = session.execute(
            select(Customer.id, Customer.name, Customer.phone, Customer.birthday)
            .where(Customer.archived.is_(False), Customer.phone.is_not(None), Customer.birthday.is_not(None))
        ).all()
        for i, (cid, name, phone, birthday) in enumerate(rng.sample(originals, count)):
            kind = i % 4
            if kind == 0:
                data = {"name": name, "phone": phone}
            elif kind == 1:
                data = {"name": name, "birthday": birthday}
            elif kind == 2:
                data = {"name": _slip_name(name, rng), "phone": "010" + f"{rng.randrange(10**4):04d}" + phone[-4:]}
            else:
                data = {"name": name, "phone": _slip_phone(phone, rng)}
            try:
                new = csvc.create_customer(session, data).id
            except Exception:  # noqa: BLE001 - a slipped phone that is no valid number: plant another
                continue
            planted.add((min(cid, new), max(cid, new)))
    return planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--planted", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    cached = OUT / f"demo{args.customers}.sqlite3"
    if args.rebuild or not cached.exists():
        build(cached, args.customers)
    work = OUT / f"dups{args.customers}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(work) + suffix).unlink(missing_ok=True)
    shutil.copyfile(cached, work)
    store = open_store(work)
    planted = plant(store, args.planted)

    times, scan = [], None
    for _ in range(args.runs):
        with store.session() as session:
            t0 = time.perf_counter()
            scan = dup.find_duplicates(session)
            times.append(time.perf_counter() - t0)
    assert scan is not None
    found = {(p.first_id, p.second_id) for p in scan.pairs}
    by_reason: dict[str, int] = {}
    for p in scan.pairs:
        for r in p.reasons:
            by_reason[r] = by_reason.get(r, 0) + 1
    print(f"customers scanned: {scan.customers_scanned:,}")
    print(f"find_duplicates: median {statistics.median(times):.2f} s, worst {max(times):.2f} s over {len(times)} runs")
    print(f"pairs suggested: {len(scan.pairs):,} ({', '.join(f'{k} {v:,}' for k, v in sorted(by_reason.items()))})")
    print(f"planted duplicates found: {len(planted & found):,} of {len(planted):,}")
    if scan.crowded:
        print(f"crowded blocks: {scan.crowded[:5]}")

    survivor, merged = sorted(planted)[0]
    with store.session() as session:
        t0 = time.perf_counter()
        merge = dup.merge_customers(session, survivor, merged).id
        merge_s = time.perf_counter() - t0
    with store.session() as session:
        t0 = time.perf_counter()
        dup.undo_merge(session, merge)
        undo_s = time.perf_counter() - t0
    print(f"one merge: {merge_s * 1000:.0f} ms, its undo: {undo_s * 1000:.0f} ms")
    store.close()


if __name__ == "__main__":
    main()
