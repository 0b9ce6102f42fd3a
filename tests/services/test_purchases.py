from datetime import datetime, timedelta

import pytest

from crmdesk.errors import NotFound, ValidationError
from crmdesk.models import Product, PurchaseLine
from crmdesk.models.base import now
from crmdesk.services import customers as csvc
from crmdesk.services import purchases as psvc
from crmdesk.services import staff as staff_svc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


@pytest.fixture
def shop(store):
    with store.session() as session:
        kim = csvc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
        lee = csvc.create_customer(session, {"name": "이서연", "phone": "010-3333-4444"})
        barista = staff_svc.create_staff(session, "박바리")
    return store, kim.id, lee.id, barista.id


def entry(customer_id, *lines, when=None, **kw):
    return PurchaseEntry(customer_id=customer_id, purchased_at=when or datetime(2025, 3, 1, 10, 30),
                         lines=list(lines), **kw)


def customer(store, customer_id):
    with store.session() as session:
        return csvc.get_customer(session, customer_id)


def problems(exc_info):
    return {(p.field, p.code) for p in exc_info.value.problems}


def test_create_purchase_stores_lines_amounts_and_total(shop):
    store, kim, _lee, barista = shop
    with store.session() as session:
        purchase = psvc.create_purchase(session, entry(
            kim, LineEntry("아메리카노", 2, 4500, 500, "커피"), LineEntry("치즈케이크", 1, 6500),
            discount=1000, payment_method="card", staff_id=barista, receipt_no="R-1"))
        pid = purchase.id
    with store.session() as session:
        detail = psvc.get_purchase(session, pid)
        amounts = session.execute(PurchaseLine.__table__.select().where(PurchaseLine.purchase_id == pid)).all()
    assert detail.total == 2 * 4500 - 500 + 6500 - 1000 == 14000
    assert [(ln.product, ln.quantity, ln.unit_price, ln.discount) for ln in detail.entry.lines] == [
        ("아메리카노", 2, 4500, 500), ("치즈케이크", 1, 6500, 0)]
    assert sorted(row.amount for row in amounts) == [6500, 8500]
    assert (detail.entry.payment_method, detail.entry.staff_id, detail.entry.receipt_no) == ("card", barista, "R-1")


def test_customer_totals_follow_create_edit_and_void(shop):
    store, kim, _lee, _ = shop
    with store.session() as session:
        first = psvc.create_purchase(session, entry(kim, LineEntry("라떼", 1, 5000), when=datetime(2025, 1, 5, 9))).id
        second = psvc.create_purchase(session, entry(kim, LineEntry("라떼", 2, 5000), when=datetime(2025, 2, 5, 9))).id
    c = customer(store, kim)
    assert (c.visit_count, c.total_spent, c.last_purchase_at) == (2, 15000, datetime(2025, 2, 5, 9))

    with store.session() as session:
        psvc.update_purchase(session, first, entry(kim, LineEntry("라떼", 3, 5000), when=datetime(2025, 1, 5, 9)))
    assert customer(store, kim).total_spent == 25000

    with store.session() as session:
        psvc.void_purchase(session, second, "잘못 입력", None)
    c = customer(store, kim)
    assert (c.visit_count, c.total_spent, c.last_purchase_at) == (1, 15000, datetime(2025, 1, 5, 9))
    with store.session() as session:
        history = csvc.customer_purchases(session, kim)
    assert [(h.id, h.voided) for h in history] == [(second, True), (first, False)]
    assert history[0].void_reason == "잘못 입력"


def test_moving_a_purchase_to_another_customer_updates_both(shop):
    store, kim, lee, _ = shop
    with store.session() as session:
        pid = psvc.create_purchase(session, entry(kim, LineEntry("라떼", 1, 5000))).id
        psvc.update_purchase(session, pid, entry(lee, LineEntry("라떼", 1, 5000)))
    assert customer(store, kim).visit_count == 0
    assert customer(store, lee).total_spent == 5000


def test_void_keeps_the_record_and_is_final(shop):
    store, kim, _lee, barista = shop
    with store.session() as session:
        pid = psvc.create_purchase(session, entry(kim, LineEntry("라떼", 1, 5000))).id
    with store.session() as session, pytest.raises(ValidationError) as err:
        psvc.void_purchase(session, pid, "   ")
    assert problems(err) == {("void_reason", "reason_required")}
    with store.session() as session:
        psvc.void_purchase(session, pid, "고객 환불", barista)
    with store.session() as session:
        detail = psvc.get_purchase(session, pid)
        assert detail.voided_at is not None and detail.void_reason == "고객 환불"
        assert detail.voided_by_staff_id == barista
        assert detail.entry.lines[0].product == "라떼"  # the lines stay on record
        with pytest.raises(ValidationError) as err:
            psvc.void_purchase(session, pid, "again")
        assert problems(err) == {("purchase", "purchase_voided")}
        with pytest.raises(ValidationError) as err:
            psvc.update_purchase(session, pid, entry(kim, LineEntry("라떼", 9, 5000)))
        assert problems(err) == {("purchase", "purchase_voided")}


@pytest.mark.parametrize(("line", "expected"), [
    (LineEntry("라떼", -1, 5000), ("line1.quantity", "quantity_negative")),
    (LineEntry("라떼", 0, 5000), ("line1.quantity", "quantity_zero")),
    (LineEntry("라떼", 1, -5000), ("line1.unit_price", "price_negative")),
    (LineEntry("라떼", 2, 5000, 10001), ("line1.discount", "discount_exceeds_line")),
    (LineEntry("라떼", 1, 5000, -1), ("line1.discount", "discount_negative")),
    (LineEntry("  ", 1, 5000), ("line1.product", "product_required")),
])
def test_line_problems_are_named_by_line_and_field(shop, line, expected):
    store, kim, _lee, _ = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        psvc.create_purchase(session, entry(kim, LineEntry("물", 1, 0), line))
    assert problems(err) == {(expected[0].replace("line1", "line2"), expected[1])}
    assert customer(store, kim).visit_count == 0


def test_a_free_item_and_a_full_line_discount_are_valid(shop):
    store, kim, _lee, _ = shop
    with store.session() as session:
        psvc.create_purchase(session, entry(kim, LineEntry("물", 1, 0), LineEntry("쿠키", 2, 1500, 3000)))
    c = customer(store, kim)
    assert (c.visit_count, c.total_spent) == (1, 0)


def test_receipt_level_problems(shop):
    store, kim, _lee, _ = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        psvc.create_purchase(session, PurchaseEntry(customer_id=kim, purchased_at=now() + timedelta(days=1),
                                                    lines=[], payment_method="bitcoin", staff_id=999))
    assert problems(err) == {("purchased_at", "date_future"), ("lines", "lines_required"),
                             ("payment_method", "payment_invalid"), ("staff", "staff_missing")}
    with store.session() as session, pytest.raises(ValidationError) as err:
        psvc.create_purchase(session, entry(kim, LineEntry("라떼", 1, 5000), discount=5001))
    assert problems(err) == {("discount", "discount_exceeds_receipt")}
    assert "5000" in err.value.problems[0].message


def test_unknown_customer_is_refused_and_walk_ins_are_allowed(shop):
    store, *_ = shop
    with store.session() as session, pytest.raises(ValidationError) as err:
        psvc.create_purchase(session, entry(424242, LineEntry("라떼", 1, 5000)))
    assert problems(err) == {("customer", "customer_missing")}
    with store.session() as session:
        assert psvc.create_purchase(session, entry(None, LineEntry("라떼", 1, 5000))).customer_id is None


def test_unknown_purchase_is_not_found(shop):
    store, *_ = shop
    with store.session() as session, pytest.raises(NotFound):
        psvc.void_purchase(session, 777, "x")


def test_catalogue_learns_products_and_offers_category_and_last_price(shop):
    store, kim, _lee, _ = shop
    with store.session() as session:
        psvc.create_purchase(session, entry(kim, LineEntry("아메리카노", 1, 4500, category="커피"),
                                            LineEntry("쿠키", 1, 2000, category="디저트")))
        psvc.create_purchase(session, entry(kim, LineEntry("아메리카노", 1, 4800)))  # price went up
    with store.session() as session:
        known = psvc.catalogue_entry(session, " 아메리카노 ")
        assert known == psvc.ProductSuggestion("아메리카노", "커피", 4800)
        assert psvc.catalogue_entry(session, "녹차") is None
        assert [s.name for s in psvc.product_suggestions(session, "메리")] == ["아메리카노"]
        assert [s.name for s in psvc.product_suggestions(session)] == ["아메리카노", "쿠키"]
        assert psvc.categories(session) == ["디저트", "커피"]
        # A line typed without a category takes the catalogue's.
        lines = session.execute(PurchaseLine.__table__.select().order_by(PurchaseLine.id)).all()
        assert lines[-1].category == "커피"
        assert len(session.execute(Product.__table__.select()).all()) == 2


def test_entering_changing_and_voiding_a_purchase_is_audited_with_before_and_after(shop):
    import json

    from crmdesk.services import audit

    store, kim, lee, _barista = shop
    with store.session() as session:
        pid = psvc.create_purchase(session, entry(kim, LineEntry("아메리카노", 1, 4500))).id
        psvc.update_purchase(session, pid, entry(lee, LineEntry("아메리카노", 2, 4500), payment_method="cash"))
        psvc.void_purchase(session, pid, "잘못 찍음")
    with store.session() as session:
        rows = [e for e in audit.list_entries(session, audit.AuditQuery())
                if e.action.startswith("purchase")]
    by_action = {e.action: (e.customer_id, json.loads(e.details)) for e in rows}
    assert set(by_action) == {"purchase", "purchase_change", "purchase_void"}
    assert by_action["purchase"] == (kim, {"purchase": pid, "total": 4500, "at": "2025-03-01 10:30:00"})
    customer_id, change = by_action["purchase_change"]
    assert customer_id == lee and change["customer_id"] == [kim, lee] and change["total"] == [4500, 9000]
    assert change["lines"] == ["아메리카노 × 1 @ 4500", "아메리카노 × 2 @ 4500"]
    assert change["payment_method"][1] == "cash" and "purchased_at" not in change  # only what changed
    assert by_action["purchase_void"][1]["reason"] == "잘못 찍음"
