"""The demo café: counts, consistency of the derived columns, searchability, realism, determinism."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from crmdesk import normalise as nz
from crmdesk.demo import DemoSummary, generate_demo
from crmdesk.errors import CrmError
from crmdesk.services.customers import CustomerQuery, search_customers
from crmdesk.store import open_store

AS_OF = date(2025, 6, 30)
CUSTOMERS = 300


def rows(store, sql: str, **params) -> list[sa.Row]:
    with store.engine.connect() as conn:
        return conn.execute(sa.text(sql), params).all()


def when(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


@pytest.fixture(scope="module")
def demo(template_db, tmp_path_factory):
    """One demo shop shared by the read-only tests of this module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    store = open_store(path)
    calls: list[tuple[int, int]] = []
    summary = generate_demo(store, customers=CUSTOMERS, seed=7, as_of=AS_OF,
                            progress=lambda done, total: calls.append((done, total)))
    yield store, summary, calls
    store.close()


def test_summary_counts_what_is_in_the_tables(demo):
    store, summary, _ = demo
    assert isinstance(summary, DemoSummary)
    counted = {t: rows(store, f"SELECT count(*) FROM {t}")[0][0]
               for t in ("customer", "purchase", "purchase_line", "staff")}
    assert counted == {"customer": summary.customers, "purchase": summary.purchases,
                       "purchase_line": summary.lines, "staff": summary.staff}
    assert summary.customers == CUSTOMERS
    # About ten purchase lines per customer, one to four per receipt.
    assert 6 * CUSTOMERS <= summary.lines <= 15 * CUSTOMERS
    assert summary.purchases < summary.lines <= 4 * summary.purchases
    staff = rows(store, "SELECT role, active FROM staff")
    assert sorted(r.role for r in staff) == ["owner", "staff", "staff", "staff"]
    assert all(r.active for r in staff)
    assert rows(store, "SELECT value FROM setting WHERE key = 'shop_name'")[0][0] == "카페 온기"


def test_the_consent_ledger_agrees_with_the_cards(demo):
    from crmdesk.services import consent

    store, _, _ = demo
    flagged = {r.id for r in rows(store, "SELECT id FROM customer WHERE marketing_consent")}
    assert 0.3 * CUSTOMERS < len(flagged) < 0.8 * CUSTOMERS
    with store.session() as session:
        for purpose in consent.MARKETING_PURPOSES:
            assert consent.consented_ids(session, purpose) == flagged
        assert len(consent.consented_ids(session, "collection")) == CUSTOMERS
        states = consent.consent_states(session, "sms", flagged)
    stamps = {r.id: when(r.marketing_consent_at) for r in rows(
        store, "SELECT id, marketing_consent_at FROM customer WHERE marketing_consent")}
    assert all(states[cid].since == stamps[cid] for cid in flagged)
    methods = {r.method for r in rows(store, "SELECT DISTINCT method FROM consent_event")}
    assert methods == {"paper", "verbal", "online"}


def test_progress_reports_up_to_the_end(demo):
    _, _, calls = demo
    done = [d for d, _ in calls]
    assert len(calls) >= 5 and done == sorted(done) and len(set(done)) == len(done)
    assert len({t for _, t in calls}) == 1
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]


def test_phones_are_unique_korean_mobiles(demo):
    store, _, _ = demo
    phones = rows(store, "SELECT phone, phone_last4 FROM customer")
    assert len({p.phone for p in phones}) == len(phones)
    for p in phones:
        assert re.fullmatch(r"010[2-9]\d{7}", p.phone), p.phone
        assert p.phone_last4 == nz.last_four(p.phone) == p.phone[-4:]
    # libphonenumber agrees that they are valid Korean mobile numbers.
    assert all(nz.normalise_phone(p.phone) == p.phone for p in phones[:50])


def test_cards_are_filled_like_a_real_shop(demo):
    store, _, _ = demo
    cards = rows(store, "SELECT * FROM customer")
    n = len(cards)

    def share(predicate) -> float:
        return sum(1 for c in cards if predicate(c)) / n

    assert 0.2 <= share(lambda c: c.email) <= 0.4
    assert 0.6 <= share(lambda c: c.birthday) <= 0.8
    assert 0.45 <= share(lambda c: c.customer_code) <= 0.75
    assert 0.45 <= share(lambda c: c.marketing_consent) <= 0.65
    assert 0 < share(lambda c: c.birthday_lunar) < 0.15
    assert 0 < share(lambda c: c.archived) <= 0.03
    assert {c.gender for c in cards} <= {"F", "M", None}
    assert {c.acquired_via for c in cards} <= {"walk_in", "referral", "sns", "online", "event", "phone", "other"}
    codes = [c.customer_code for c in cards if c.customer_code]
    assert len(set(codes)) == len(codes) and all(re.fullmatch(r"C\d{6}", code) for code in codes)
    tags = [c.tags.split(",") for c in cards if c.tags]
    assert all(len(t) <= 2 for t in tags)
    assert {t for ts in tags for t in ts} <= {"VIP", "단골", "학생", "직장인", "원두구독", "단체주문"}
    assert all(c.address.startswith(("서울", "경기도")) for c in cards if c.address)
    for c in cards:
        assert (c.marketing_consent_at is not None) == bool(c.marketing_consent)
        assert (c.archived_at is not None) == bool(c.archived)
        assert when(c.created_at) <= when(c.updated_at)
    # Korean names, mostly: census-like surnames, and names that repeat.
    surnames = Counter(c.name[0] for c in cards)
    assert surnames.most_common(1)[0][0] == "김"
    assert sum(1 for c in cards if nz.hangul_initials(c.name)) >= 0.95 * n
    assert max(Counter(c.name for c in cards).values()) >= 2


def test_search_text_finds_every_way_in(demo):
    store, _, _ = demo
    cards = rows(store, "SELECT id, name, phone, email, customer_code, tags, search_text FROM customer")
    for c in cards:
        assert c.search_text == nz.search_text(name=c.name, phone=c.phone, email=c.email, code=c.customer_code,
                                               tags=c.tags)
    korean = next(c for c in cards if len(nz.hangul_initials(c.name)) == 3 and c.customer_code and c.email)

    def found(text: str) -> set[int]:
        with store.session() as session:
            query = CustomerQuery(text=text, include_archived=True)
            return {r.id for r in search_customers(session, query, limit=1000)}

    assert korean.id in found(nz.hangul_initials(korean.name))
    assert korean.id in found(korean.name)
    assert korean.id in found(nz.format_phone(korean.phone))
    assert korean.id in found(korean.phone[-4:])
    assert found(korean.customer_code) == {korean.id}
    assert korean.id in found(korean.email.split("@")[0])
    assert found("vip")


def test_totals_add_up(demo):
    store, _, _ = demo
    assert rows(store, """
        SELECT count(*) FROM purchase p
        WHERE p.total != (SELECT sum(l.amount) FROM purchase_line l WHERE l.purchase_id = p.id)""")[0][0] == 0
    assert rows(store, "SELECT count(*) FROM purchase_line WHERE amount != quantity * unit_price "
                       "OR quantity < 1 OR unit_price <= 0")[0][0] == 0
    assert rows(store, "SELECT count(*) FROM purchase p WHERE NOT EXISTS "
                       "(SELECT 1 FROM purchase_line l WHERE l.purchase_id = p.id)")[0][0] == 0
    mismatched = rows(store, """
        SELECT c.id FROM customer c LEFT JOIN (
            SELECT customer_id, count(*) AS visits, sum(total) AS spent, max(purchased_at) AS last
            FROM purchase WHERE customer_id IS NOT NULL GROUP BY customer_id) p ON p.customer_id = c.id
        WHERE c.visit_count != coalesce(p.visits, 0) OR c.total_spent != coalesce(p.spent, 0)
           OR c.last_purchase_at IS NOT p.last""")
    assert mismatched == []
    first = rows(store, """
        SELECT count(*) FROM customer c
        WHERE c.first_seen != (SELECT date(min(purchased_at)) FROM purchase WHERE customer_id = c.id)""")
    assert first[0][0] == 0


def test_purchases_look_like_a_cafe(demo):
    store, _, _ = demo
    receipts = rows(store, "SELECT customer_id, purchased_at, receipt_no, staff_id FROM purchase")
    moments = [when(r.purchased_at) for r in receipts]
    eve = datetime.combine(AS_OF, datetime.min.time())  # sales end the evening before as_of
    assert eve - timedelta(days=3 * 366) <= min(moments) and max(moments) < eve
    assert max(moments) > eve - timedelta(days=2)
    assert all(8 <= m.hour < 21 for m in moments)
    walk_ins = sum(1 for r in receipts if r.customer_id is None) / len(receipts)
    assert 0.05 <= walk_ins <= 0.15
    numbers = [r.receipt_no for r in receipts]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"R\d{8}\d{5}", no) and no[1:9] == m.strftime("%Y%m%d")
               for no, m in zip(numbers, moments, strict=True))
    assert len({r.staff_id for r in receipts}) == 4
    # Weekends are busier than weekdays; summer sells iced drinks, winter hot ones.
    per_weekday = Counter(m.weekday() for m in moments)
    assert per_weekday[5] > per_weekday[1] and per_weekday[6] > per_weekday[2]
    lines = rows(store, """SELECT l.product, l.category, l.unit_price, p.purchased_at FROM purchase_line l
                           JOIN purchase p ON p.id = l.purchase_id""")
    assert {r.category for r in lines} <= {"음료", "디저트", "베이커리", "원두", "굿즈"}
    assert {"음료", "디저트", "베이커리", "원두"} <= {r.category for r in lines}
    iced = Counter((when(r.purchased_at).month, r.product.startswith("아이스")) for r in lines)

    def iced_share(months: tuple[int, ...]) -> float:
        return sum(iced[m, True] for m in months) / sum(iced[m, True] + iced[m, False] for m in months)

    assert iced_share((6, 7, 8)) > 2 * iced_share((12, 1, 2))
    assert {r.unit_price for r in lines if r.product == "아메리카노"} <= {4000, 4500}


def test_customer_types_and_revenue_skew(demo):
    store, _, _ = demo
    cards = rows(store, "SELECT visit_count, total_spent, first_seen, last_purchase_at FROM customer")
    visits = [c.visit_count for c in cards]
    assert min(visits) >= 1
    assert sum(v == 1 for v in visits) >= 0.2 * len(cards)  # one-off buyers
    assert sum(v >= 20 for v in visits) >= 3  # regulars
    eve = datetime.combine(AS_OF, datetime.min.time())
    assert sum(eve - when(c.last_purchase_at) > timedelta(days=180) and c.visit_count >= 3 for c in cards) >= 3  # lost
    assert sum(AS_OF - date.fromisoformat(c.first_seen) <= timedelta(days=60) for c in cards) >= 3  # new
    spent = sorted((c.total_spent for c in cards), reverse=True)
    assert sum(spent[: len(spent) // 5]) >= 0.5 * sum(spent)


def _dump(store) -> dict[str, list[tuple]]:
    return {t: [tuple(r) for r in rows(store, f"SELECT * FROM {t} ORDER BY id")]
            for t in ("staff", "customer", "purchase", "purchase_line")}


def test_same_seed_same_shop(template_db, tmp_path):
    dumps = []
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(template_db, path)
        store = open_store(path)
        generate_demo(store, customers=120, seed=seed, as_of=AS_OF)
        dumps.append(_dump(store))
        store.close()
    assert dumps[0] == dumps[1]
    assert dumps[0]["customer"] != dumps[2]["customer"]


def test_refuses_a_database_with_customers(store):
    generate_demo(store, customers=40, seed=1, as_of=AS_OF)
    before = rows(store, "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM purchase)")[0]
    with pytest.raises(CrmError, match="already has customers; demo data goes only into an empty database"):
        generate_demo(store, customers=40, seed=2, as_of=AS_OF)
    assert rows(store, "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM purchase)")[0] == before


def test_a_cancel_from_progress_leaves_the_database_empty(store):
    class Cancelled(Exception):
        pass

    def cancel_late(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        generate_demo(store, customers=60, as_of=AS_OF, progress=cancel_late)
    assert rows(store, "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM purchase), "
                       "(SELECT count(*) FROM staff)")[0] == (0, 0, 0)
    indexes = rows(store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'purchase'")
    assert indexes[0][0] >= 2  # the bulk load's dropped indexes came back with the rollback
    assert generate_demo(store, customers=60, as_of=AS_OF).customers == 60


def test_module_does_not_import_qt():
    code = "import sys, crmdesk.demo; sys.exit(any(m.startswith('PySide6') for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_menu_has_costs_but_two_seasonal_specials(demo):
    """Issue 20: the catalogue carries the menu's costs (won, or the beans' margin, or the goods' category margin);
    the whole strawberry cake and the bingsu have none, so the figures on margin say how much revenue has no cost."""
    from crmdesk.analytics import margin

    store, _summary, _ = demo
    products = rows(store, "SELECT name, cost, margin_percent FROM product")
    assert len(products) == 41  # the menu
    without = sorted(r.name for r in products if r.cost is None and r.margin_percent is None)
    # the goods carry their category's margin; the two specials nothing at all
    assert without == sorted(["딸기 생크림 케이크 (홀)", "인절미 빙수", "텀블러", "머그컵", "에코백"])
    assert rows(store, "SELECT name, margin_percent FROM product_category") == [("굿즈", 45.0)]
    assert rows(store, "SELECT count(*) FROM purchase_line WHERE product_id IS NULL")[0][0] == 0
    totals = margin.coverage(margin.purchase_margins(store, AS_OF))
    assert 0 < totals.uncosted_share < 0.05  # the two specials
    assert 0.55 < totals.margin_rate < 0.8  # a café's gross margin on what it sells
