"""The first card of the day (issue 18): a customer is scored from the last stored fit (the shop's RFM cuts,
rhythm and fitted models) at once; on the day of the fit that gives exactly the whole-shop figures."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from crmdesk.analytics.value_fit import SETTING_KEY, ValueFit
from crmdesk.demo import generate_demo
from crmdesk.services import customer_value as cv

AS_OF = date(2025, 6, 30)


@pytest.fixture
def demo_shop(store):
    cv.forget(store)
    generate_demo(store, customers=400, seed=11, as_of=AS_OF)
    yield store
    cv.forget(store)


def stored_fit(store) -> ValueFit | None:
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT value FROM setting WHERE key = :k"), {"k": SETTING_KEY}).scalar()
    return ValueFit.from_text(raw or "")


def same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9))


def test_scored_from_the_stored_fit_a_card_says_what_the_whole_shop_says(demo_shop):
    store = demo_shop
    assert stored_fit(store) is None
    shop = cv.shop_value(store, AS_OF)
    assert shop.predicted  # a real forecast to compare, not the historic fallback
    fit = stored_fit(store)
    assert fit is not None and fit.as_of == AS_OF.isoformat()
    whole = {int(cid): cv.value_of(store, int(cid), AS_OF) for cid in shop.table.index}
    cv.forget(store)  # a new day's first card: nothing in memory, the fit in the database
    stages = set()
    for cid, expected in whole.items():
        value, fit_day = cv.quick_value(store, cid, AS_OF)
        assert fit_day == AS_OF.isoformat()
        assert (value.segment, value.stage, value.purchase_days, value.historic_value) == (
            expected.segment, expected.stage, expected.purchase_days, expected.historic_value), cid
        assert same(value.predicted_value, expected.predicted_value), cid
        assert same(value.p_alive, expected.p_alive) and same(value.usual_gap_days, expected.usual_gap_days), cid
        stages.add(value.stage)
    assert len(stages) >= 4 and not cv.is_cached(store)  # many kinds of customer; nothing computed shop-wide


def test_a_later_day_scores_from_the_last_fit_and_says_which(demo_shop):
    store = demo_shop
    cv.shop_value(store, AS_OF)
    cv.forget(store)
    later = AS_OF + timedelta(days=200)
    cid = int(cv.shop_value(store, AS_OF).table.query("purchase_days > 3").index[0])
    before = cv.value_of(store, cid, AS_OF)
    cv.forget(store)
    value, fit_day = cv.quick_value(store, cid, later)
    assert fit_day == AS_OF.isoformat()  # the window refits in the background when it sees this
    assert value.historic_value == before.historic_value  # nothing bought since
    assert value.p_alive < before.p_alive  # 200 more silent days: less likely still a customer


def test_without_a_stored_fit_the_whole_shop_is_computed_and_its_fit_kept(demo_shop):
    store = demo_shop
    value, fit_day = cv.quick_value(store, 1, AS_OF)
    assert fit_day is None and value is not None and cv.is_cached(store, AS_OF)
    assert stored_fit(store).as_of == AS_OF.isoformat()


def test_a_damaged_stored_fit_is_not_used(demo_shop):
    store = demo_shop
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO setting (key, value) VALUES (:k, '{not json')"), {"k": SETTING_KEY})
    value, fit_day = cv.quick_value(store, 1, AS_OF)
    assert fit_day is None and value is not None
    assert stored_fit(store).as_of == AS_OF.isoformat()  # replaced by the computation's


def test_an_archived_card_has_no_value_line(demo_shop):
    store = demo_shop
    cv.shop_value(store, AS_OF)
    cv.forget(store)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE customer SET archived = TRUE WHERE id = 5"))
    assert cv.quick_value(store, 5, AS_OF) == (None, None)


def test_scoring_one_card_loads_neither_pandas_nor_the_optimiser(demo_shop, db_target):
    """What keeps the first card under a second on a large shop: importing pandas and scipy's optimiser alone
    takes most of one. A fresh process, as the window's job on the first card of a day."""
    import subprocess
    import sys

    cv.shop_value(demo_shop, AS_OF)
    probe = ("import sys\nfrom datetime import date\nfrom crmdesk.store import open_store\n"
             "from crmdesk.services import customer_value as cv\n"
             "value, day = cv.quick_value(open_store(sys.argv[1]), 7, date.fromisoformat(sys.argv[2]))\n"
             "assert day == sys.argv[2] and value is not None, (value, day)\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas' or m.startswith('scipy.optimize')))")
    result = subprocess.run([sys.executable, "-c", probe, db_target, AS_OF.isoformat()],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
