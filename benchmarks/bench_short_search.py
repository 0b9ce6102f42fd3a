"""One- and two-letter searches of the customer list on the 100,000-customer demo, p95 per word length, today and
with a second trigram index over a "spread" search text (issue 18: decide whether that index is worth its cost).

    python benchmarks/bench_short_search.py [--customers 100000] [--rounds 15]

What is timed is the list's query as the window runs it per keystroke (``search_customers``: the first page of
200 rows, read into row objects), in-process, the words alternating round by round; painting adds about 10 ms
(bench_launch.py measures it painted). Target: p95 under 50 ms painted, so under about 40 ms here.

The second index is built on a copy of the demo only (it needs a migration): an FTS5 trigram table over the
search text with a filler after every character and one before the first ("김하늘" -> "·김·하·늘·"), so "하"
becomes the three-character pattern "·하·" and "하늘" becomes "하·늘". Its candidates go the way the existing
trigram index's do (``_few_matches``: at most FTS_MAX_CANDIDATES, else the list walk). Its size is the file's
growth; every word's rows are checked against today's.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_customers import demo_db  # noqa: E402

SHORT = ["하", "하늘", "지", "지우", "최", "최민", "ㅎ", "ㅎㄴ", "황", "김", "민수", "ㅇㅅ", "v", "vi", "5", "56"]
FILLER = "\x1f"  # never in a search text: normalise keeps no control characters
TARGET_MS = 50


def spread(text: str | None) -> str:
    return FILLER + "".join(ch + FILLER for ch in (text or ""))


def pattern(term: str) -> str:
    return (FILLER + term + FILLER) if len(term) == 1 else FILLER.join(term)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def build_spread_index(db: Path) -> tuple[float, float]:
    import sqlite3

    before = db.stat().st_size
    con = sqlite3.connect(db)
    con.create_function("spread", 1, spread, deterministic=True)
    started = time.perf_counter()
    con.executescript("CREATE VIRTUAL TABLE customer_search_short USING fts5(spread, tokenize='trigram', "
                      "detail='none'); INSERT INTO customer_search_short(rowid, spread) "
                      "SELECT id, spread(search_text) FROM customer;")
    con.commit()
    seconds = time.perf_counter() - started
    con.execute("VACUUM")
    con.close()
    return seconds, (db.stat().st_size - before) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    from sqlalchemy import text

    from crmdesk.services import customers as svc
    from crmdesk.store import open_store

    with tempfile.TemporaryDirectory(prefix="bench-short-", dir=HERE / "out") as tmp:
        db = Path(tmp) / "demo.sqlite3"
        shutil.copyfile(demo_db(args.customers), db)
        open_store(db).close()
        with_index = Path(tmp) / "spread.sqlite3"
        shutil.copyfile(db, with_index)
        import sqlite3

        sqlite3.connect(db).execute("VACUUM").connection.close()  # both files equally packed
        build_s, size_mb = build_spread_index(with_index)
        plain, spread_store = open_store(db), open_store(with_index)

        def spread_search(session, query: svc.CustomerQuery) -> list:
            terms = svc.nz.search_terms(query.text)
            if len(terms) == 1 and len(terms[0]) <= 2:
                ids = session.execute(text("SELECT rowid FROM customer_search_short WHERE customer_search_short "
                                           "MATCH :m LIMIT :n"),
                                      {"m": '"' + pattern(terms[0]) + '"', "n": svc.FTS_MAX_CANDIDATES + 1}
                                      ).scalars().all()
                if len(ids) <= svc.FTS_MAX_CANDIDATES:
                    return svc._few_matches(session, query, list(ids), offset=0, limit=200) if ids else []
            return svc.search_customers(session, query)

        times: dict[str, dict[str, list[float]]] = {"now": {}, "spread": {}}
        with plain.session() as s1, spread_store.session() as s2:
            for term in SHORT:  # warm both, and check the rows are the same
                q = svc.CustomerQuery(text=term)
                assert svc.search_customers(s1, q) == spread_search(s2, q), term
            for _ in range(args.rounds):
                for term in SHORT:
                    q = svc.CustomerQuery(text=term)
                    for name, session, search in (("now", s1, svc.search_customers), ("spread", s2, spread_search)):
                        t0 = time.perf_counter()
                        search(session, q)
                        times[name].setdefault(term, []).append((time.perf_counter() - t0) * 1000)
            counts = {t: svc.count_customers(s1, svc.CustomerQuery(text=t)) for t in SHORT}
        plain.close()
        spread_store.close()
    print(f"second index: built in {build_s:.1f} s, {size_mb:.1f} MB on {args.customers:,} customers")
    for length in (1, 2):
        words = [t for t in SHORT if len(t) == length]
        for name in ("now", "spread"):
            every = [x for t in words for x in times[name][t]]
            print(f"{length}-letter words, {name:>6}: p95 {p95(every):5.1f} ms, worst {max(every):5.1f} ms "
                  f"(target p95 < {TARGET_MS} ms painted, about 10 ms of it painting)")
    for term in SHORT:
        print(f"  {term:>3} ({counts[term]:>6,} matches): now p95 {p95(times['now'][term]):5.1f} ms, "
              f"with the index {p95(times['spread'][term]):5.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
