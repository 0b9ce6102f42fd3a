"""Two counters at once (issue 16): real processes writing to one database at the same moment. Purchases, points
and contacts are all kept exactly once with exact totals; two cards cannot take one customer code; two terminals
importing the same POS file import it once. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import multiprocessing
from datetime import datetime

import pytest
from sqlalchemy import func, select

from crmdesk.models import Contact, Customer, Purchase
from crmdesk.services import customers as svc
from crmdesk.services import loyalty

PURCHASES = 8  # per counter


def _together(target_fn, args_list):
    """Run target_fn(*args, start, results) in one process per args, released at one moment; their results."""
    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    workers = [context.Process(target=target_fn, args=(*args, start, results)) for args in args_list]
    for worker in workers:
        worker.start()
    start.set()
    outcome = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(30)
    assert not [o for o in outcome if str(o).startswith("error")], outcome
    return outcome


def _counter(target, customer_id, counter, start, results):
    from crmdesk.services import contacts, purchases
    from crmdesk.store import open_store

    store = open_store(target)
    start.wait(30)
    try:
        for n in range(PURCHASES):
            with store.session(immediate=True) as session:  # as the purchase dialog saves
                purchases.create_purchase(session, purchases.PurchaseEntry(
                    customer_id=customer_id, purchased_at=datetime(2026, 3, 1, 10, counter, n),
                    lines=[purchases.LineEntry(product="아메리카노", quantity=1, unit_price=1000 * (counter + n + 1))]))
            with store.session(immediate=True) as session:
                contacts.log_contact(session, {"customer_id": customer_id, "note": f"counter {counter} #{n}"})
        results.put("done")
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put(f"error: {exc!r}")
    finally:
        store.close()


def test_purchases_points_and_contacts_at_two_counters_are_all_kept_once(db_target, store):
    with store.session() as session:
        customer_id = svc.create_customer(session, {"name": "김단골", "phone": "010-5555-1234"}).id
    store.close()
    assert _together(_counter, [(db_target, customer_id, 1), (db_target, customer_id, 2)]) == ["done", "done"]
    amounts = [1000 * (counter + n + 1) for counter in (1, 2) for n in range(PURCHASES)]
    with store.session() as session:
        customer = session.get(Customer, customer_id)
        kept = session.execute(select(func.count()).select_from(Purchase)).scalar_one()
        contacts = session.execute(select(func.count()).select_from(Contact)).scalar_one()
        points = loyalty.balance(session, customer_id)
    assert kept == 2 * PURCHASES and contacts == 2 * PURCHASES
    assert (customer.visit_count, customer.total_spent) == (2 * PURCHASES, sum(amounts))  # no lost total
    assert points == sum(loyalty.points_for(a, loyalty.DEFAULT_EARN_PERCENT) for a in amounts)


def _new_card(target, name, start, results):
    from crmdesk.errors import ValidationError
    from crmdesk.store import open_store

    store = open_store(target)
    start.wait(30)
    try:
        with store.session(immediate=True) as session:  # SQLite: a read-then-write unit takes the lock first
            svc.create_customer(session, {"name": name, "customer_code": "C-100"})
        results.put("created")
    except ValidationError as err:
        results.put(err.problems[0].code)
    except Exception as exc:  # noqa: BLE001
        results.put(f"error: {exc!r}")
    finally:
        store.close()


def _new_product(target, customer_id, counter, start, results):
    from crmdesk.services import purchases
    from crmdesk.store import open_store

    store = open_store(target)
    start.wait(30)
    try:
        with store.session(immediate=True) as session:
            purchases.create_purchase(session, purchases.PurchaseEntry(
                customer_id=customer_id, purchased_at=datetime(2026, 3, 1, 11, counter),
                lines=[purchases.LineEntry(product="딸기 라떼 (신메뉴)", quantity=1, unit_price=6500)]))
        results.put("done")
    except Exception as exc:  # noqa: BLE001
        results.put(f"error: {exc!r}")
    finally:
        store.close()


def test_a_new_product_sold_at_two_counters_at_once_enters_the_catalogue_once(db_target, store):
    with store.session() as session:
        ids = [svc.create_customer(session, {"name": name}).id for name in ("가", "나", "다")]
    store.close()
    assert _together(_new_product, [(db_target, i, n) for n, i in enumerate(ids)]) == ["done"] * 3
    from crmdesk.models import Product

    with store.session() as session:
        assert session.execute(select(func.count()).select_from(Product)).scalar_one() == 1
        assert session.execute(select(func.count()).select_from(Purchase)).scalar_one() == 3


def test_two_cards_with_one_code_at_once_one_is_told_the_code_is_taken(db_target, store):
    store.close()
    outcome = _together(_new_card, [(db_target, "가"), (db_target, "나"), (db_target, "다")])
    assert sorted(outcome) == ["code_taken", "code_taken", "created"]


def _import(target, path, start, results):
    import contextlib
    import io

    from crmdesk.app import main

    start.wait(30)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["--lang", "en", "--db", target, "import", "sales", str(path)])
        results.put(code)
    except BaseException as exc:  # noqa: BLE001
        results.put(f"error: {exc!r}")


@pytest.fixture
def pos_file(tmp_path):
    path = tmp_path / "pos.csv"
    rows = [f"R{n},2026-02-{1 + n % 27:02d} 09:05,손님{n},010-2222-{3000 + n:04d},라떼,{4000 + n}" for n in range(300)]
    path.write_text("영수증번호,판매일시,고객명,핸드폰,상품명,금액\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_two_terminals_importing_one_file_at_once_import_it_once(db_target, store, pos_file):
    store.close()
    outcome = _together(_import, [(db_target, pos_file), (db_target, pos_file)])
    assert outcome == [0, 0]
    with store.session() as session:
        assert session.execute(select(func.count()).select_from(Purchase)).scalar_one() == 300
        assert session.execute(select(func.sum(Purchase.total))).scalar_one() == sum(4000 + n for n in range(300))
