"""Points earn / redeem / expire arithmetic, adjustments, voids and edits; tier recomputation."""

from datetime import datetime, timedelta

import pytest

from crmdesk.errors import ValidationError
from crmdesk.models import PointsEntry
from crmdesk.models.base import now
from crmdesk.services import customers as csvc
from crmdesk.services import loyalty
from crmdesk.services import purchases as psvc
from crmdesk.services import staff as staff_svc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


@pytest.fixture
def shop(store):
    with store.session() as session:
        kim = csvc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
        lee = csvc.create_customer(session, {"name": "이서연", "phone": "010-3333-4444"})
        staff = staff_svc.create_staff(session, "박바리")
        loyalty.set_rules(session, earn_percent="5", expiry_months=12)
    return store, kim.id, lee.id, staff.id


def buy(session, customer_id, amount, *, when=None, redeem=0):
    return psvc.create_purchase(session, PurchaseEntry(
        customer_id=customer_id, purchased_at=when or now() - timedelta(hours=1),
        lines=[LineEntry("아메리카노", 1, amount)], points_redeemed=redeem))


def test_a_purchase_earns_the_percentage_rounded_down(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        buy(session, kim, 10_990)  # 5% = 549.5
        assert loyalty.balance(session, kim) == 549


def test_redeeming_pays_part_of_the_purchase_and_earns_only_on_the_rest(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        buy(session, kim, 20_000)  # +1000
        buy(session, kim, 10_000, redeem=600)  # -600, then +5% of 9,400 = 470
        assert loyalty.balance(session, kim) == 1000 - 600 + 470
        kinds = sorted((e.kind, e.points) for e in loyalty.ledger(session, kim))
        assert kinds == [("earn", 470), ("earn", 1000), ("redeem", -600)]


def test_redeeming_more_than_the_balance_is_refused_and_nothing_is_written(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        buy(session, kim, 10_000)  # 500
    with store.session() as session, pytest.raises(ValidationError) as err:
        buy(session, kim, 5_000, redeem=501)
    assert err.value.for_field("points").code == "points_exceed_balance"
    assert "500" in err.value.for_field("points").message
    with store.session() as session:
        assert loyalty.balance(session, kim) == 500
        assert csvc.get_customer(session, kim).visit_count == 1


def test_points_cannot_pay_more_than_the_total_nor_a_walk_in_sale(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        loyalty.adjust_points(session, kim, 5000, "개업 기념")
        with pytest.raises(ValidationError) as err:
            buy(session, kim, 3000, redeem=3001)
        assert err.value.for_field("points").code == "points_exceed_total"
        with pytest.raises(ValidationError) as err:
            buy(session, None, 3000, redeem=10)
        assert err.value.for_field("points").code == "points_no_customer"


def test_voiding_a_purchase_takes_its_points_back_and_returns_the_redeemed_ones(shop):
    store, kim, _lee, staff = shop
    with store.session() as session:
        buy(session, kim, 20_000)  # +1000
        second = buy(session, kim, 10_000, redeem=400)  # -400 +480
        assert loyalty.balance(session, kim) == 1080
        psvc.void_purchase(session, second.id, "잘못 입력", staff)
        assert loyalty.balance(session, kim) == 1000
        assert loyalty.redeemed_on(session, second.id) == 0
        # The old entries stay; the void wrote new ones.
        assert len(loyalty.ledger(session, kim)) == 5


def test_editing_a_purchase_corrects_its_points_with_new_entries(shop):
    store, kim, lee, _staff = shop
    with store.session() as session:
        first = buy(session, kim, 10_000)  # 500
        detail = psvc.get_purchase(session, first.id)
        detail.entry.lines = [LineEntry("라떼", 2, 10_000)]
        psvc.update_purchase(session, first.id, detail.entry)  # 20,000 -> 1000
        assert loyalty.balance(session, kim) == 1000
        detail.entry.customer_id = lee
        psvc.update_purchase(session, first.id, detail.entry)  # moved to lee
        assert loyalty.balance(session, kim) == 0
        assert loyalty.balance(session, lee) == 1000


def test_editing_keeps_its_own_redemption_available(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        loyalty.adjust_points(session, kim, 1000, "이벤트")
        p = buy(session, kim, 5000, redeem=1000)
        detail = psvc.get_purchase(session, p.id)
        assert detail.entry.points_redeemed == 1000
        detail.entry.points_redeemed = 800
        psvc.update_purchase(session, p.id, detail.entry)
        assert loyalty.redeemed_on(session, p.id) == 800
        assert loyalty.balance(session, kim) == 200 + loyalty.points_for(4200, loyalty.rules(session).earn_percent)


def test_points_expire_oldest_first_with_an_explicit_entry_once(shop):
    store, kim, _lee, _staff = shop
    old = now() - timedelta(days=400)
    recent = now() - timedelta(days=30)
    with store.session() as session:
        # lot A: 1000, expired 35 days ago... but not yet recorded (a purchase that old earns nothing now, so
        # the lot is written as it was earned then); nothing spent it.
        session.add(PointsEntry(customer_id=kim, at=old, kind="adjust", points=1000, reason="gift",
                                expires_at=old + timedelta(days=365)))
        buy(session, kim, 10_000, when=recent)  # lot B: 500
        assert loyalty.expire_points(session, [kim]) == 1000
        assert loyalty.expire_points(session, [kim]) == 0  # idempotent
        assert loyalty.balance(session, kim) == 500
        expired = [e for e in loyalty.ledger(session, kim) if e.kind == "expire"]
        assert [e.points for e in expired] == [-1000]


def test_fifo_spends_the_oldest_lot_so_only_its_rest_expires(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        t0 = datetime(2025, 1, 10, 12)
        a = PointsEntry(customer_id=kim, at=t0, kind="adjust", points=1000, expires_at=t0 + timedelta(days=365))
        b = PointsEntry(customer_id=kim, at=t0 + timedelta(days=100), kind="adjust", points=700,
                        expires_at=t0 + timedelta(days=465))
        session.add_all([a, b])
        session.flush()
        session.add(PointsEntry(customer_id=kim, at=t0 + timedelta(days=200), kind="redeem", points=-1200))
        session.flush()
        # A (1000) is used up by the redemption, 200 of B too: at A's date nothing, at B's date 500 expire.
        assert loyalty.expire_points(session, [kim], at=t0 + timedelta(days=366)) == 0
        assert loyalty.expire_points(session, [kim], at=t0 + timedelta(days=466)) == 500
        assert loyalty.balance(session, kim) == 0


def test_a_void_after_the_points_expired_takes_back_only_what_is_left(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        old = buy(session, kim, 20_000, when=now() - timedelta(days=400))  # 1000, past expiry
        buy(session, kim, 10_000)  # 500
        psvc.void_purchase(session, old.id, "중복")
        # The 1000 expired (written on the way); the void takes none of the 500 from the other purchase.
        assert loyalty.balance(session, kim) == 500


def test_adjustments_need_a_reason_and_cannot_go_below_zero(shop):
    store, kim, _lee, staff = shop
    with store.session() as session:
        with pytest.raises(ValidationError) as err:
            loyalty.adjust_points(session, kim, 100, "  ")
        assert err.value.for_field("reason").code == "reason_required"
        loyalty.adjust_points(session, kim, 300, "사과의 뜻", staff)
        with pytest.raises(ValidationError) as err:
            loyalty.adjust_points(session, kim, -301, "정정", staff)
        assert err.value.for_field("points").code == "points_exceed_balance"
        loyalty.adjust_points(session, kim, -100, "정정", staff)
        line = loyalty.ledger(session, kim)[0]
        assert (line.kind, line.points, line.balance, line.reason, line.staff_name) == ("adjust", -100, 200, "정정",
                                                                                         "박바리")


def test_a_zero_rate_earns_nothing_and_a_bad_rate_is_refused(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        with pytest.raises(ValidationError):
            loyalty.set_rules(session, earn_percent="많이")
        loyalty.set_rules(session, earn_percent="0")
        buy(session, kim, 50_000)
        assert loyalty.balance(session, kim) == 0


def test_tiers_follow_twelve_month_spend_up_and_down_with_a_history(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        assert loyalty.tier_of(session, kim) == "일반"
        p = buy(session, kim, 350_000)
        assert loyalty.tier_of(session, kim) == "실버"
        buy(session, kim, 700_000)
        assert loyalty.tier_of(session, kim) == "골드"
        psvc.void_purchase(session, p.id, "환불")
        assert loyalty.tier_of(session, kim) == "실버"
        history = [(c.old_tier, c.new_tier) for c in loyalty.tier_history(session, kim)]
        assert history == [("골드", "실버"), ("실버", "골드"), ("일반", "실버")]


def test_spend_older_than_a_year_drops_out_at_the_daily_recompute(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        buy(session, kim, 400_000, when=now() - timedelta(days=300))
        assert loyalty.tier_of(session, kim) == "실버"
        assert loyalty.recompute_tiers(session, at=now() + timedelta(days=70)) == 1
        assert loyalty.tier_of(session, kim) == "일반"


def test_custom_tier_names_and_thresholds(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        loyalty.set_rules(session, tiers=[("Friend", 0), ("Family", 50_000)])
        buy(session, kim, 60_000)
        assert loyalty.tier_of(session, kim) == "Family"
        with pytest.raises(ValidationError) as err:
            loyalty.set_rules(session, tiers=[("A", 10), ("B", 20)])
        assert err.value.problems[0].code == "tiers_no_base"


def test_the_daily_upkeep_runs_once_a_day_and_expires_what_is_due(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        old = now() - timedelta(days=380)
        session.add(PointsEntry(customer_id=kim, at=old, kind="adjust", points=1000, reason="gift",
                                expires_at=old + timedelta(days=365)))
        assert loyalty.upkeep_due(session)
        assert loyalty.daily_upkeep(session) == (1000, 0)
        assert not loyalty.upkeep_due(session)
        assert loyalty.upkeep_due(session, at=now() + timedelta(days=1))
        assert loyalty.balance(session, kim) == 0


def test_a_merge_brings_points_and_spend_together_and_the_undo_separates_them(shop):
    from crmdesk.services import duplicates as dup

    store, kim, lee, _staff = shop
    with store.session() as session:
        buy(session, kim, 600_000)  # 30,000 P, 실버
        buy(session, lee, 500_000)  # 25,000 P, 실버
        merge = dup.merge_customers(session, kim, lee)
        assert loyalty.balance(session, kim) == 55_000 and loyalty.balance(session, lee) == 0
        assert loyalty.tier_of(session, kim) == "골드"  # 1,100,000 together
        dup.undo_merge(session, merge.id)
        assert (loyalty.balance(session, kim), loyalty.balance(session, lee)) == (30_000, 25_000)
        assert (loyalty.tier_of(session, kim), loyalty.tier_of(session, lee)) == ("실버", "실버")


def test_earning_for_a_range_of_ids_skips_those_that_earned_already(shop):
    store, kim, lee, _staff = shop
    with store.session() as session:
        first = buy(session, kim, 10_000)  # earned at entry: 500
        second = buy(session, lee, 20_000)
        session.execute(PointsEntry.__table__.delete().where(PointsEntry.purchase_id == second.id))
        assert loyalty.earn_for_purchases(session, range(first.id, second.id + 1)) == 1000
        assert (loyalty.balance(session, kim), loyalty.balance(session, lee)) == (500, 1000)


def test_a_merge_leaves_the_duplicates_tier_history_on_its_card(shop):
    from crmdesk.services import duplicates as dup

    store, kim, lee, _staff = shop
    with store.session() as session:
        buy(session, kim, 3_000_000, when=now() - timedelta(days=3))  # VIP on its own
        buy(session, lee, 400_000, when=now() - timedelta(days=2))  # 일반 → 실버 on the duplicate
        kim_before = [(t.old_tier, t.new_tier) for t in loyalty.tier_history(session, kim)]
        dup.merge_customers(session, kim, lee)
        assert [(t.old_tier, t.new_tier) for t in loyalty.tier_history(session, kim)] == kim_before
        # the duplicate keeps its own upgrade (its spend now counts on the survivor, so it drops back)
        assert ("일반", "실버") in [(t.old_tier, t.new_tier) for t in loyalty.tier_history(session, lee)]
        assert loyalty.tier_of(session, kim) == "VIP"


def test_a_receipt_older_than_the_expiry_period_earns_nothing_when_given_to_a_customer(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        loyalty.daily_upkeep(session)  # yesterday's run, say
        sale = psvc.create_purchase(session, PurchaseEntry(None, now() - timedelta(days=400),
                                                           [LineEntry("아메리카노", 1, 100_000)]))
        psvc.update_purchase(session, sale.id, PurchaseEntry(kim, sale.purchased_at,
                                                             [LineEntry("아메리카노", 1, 100_000)]))
        assert loyalty.balance(session, kim) == 0  # 5,000 P that expired two months ago are never shown
        buy(session, kim, 10_000, when=now() - timedelta(days=400))  # a late paper receipt: nothing either
        assert loyalty.balance(session, kim) == 0


def test_the_daily_run_expires_a_lot_written_after_its_last_run_whatever_its_date(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        loyalty.daily_upkeep(session)
        # a lot written since the last run with a date already past (an import or an older version wrote it)
        loyalty.insert_entries(session, [{"customer_id": kim, "at": now() - timedelta(days=400), "kind": "adjust",
                                          "points": 700, "reason": "old", "expires_at": now() - timedelta(days=35),
                                          "purchase_id": None, "lot_id": None, "staff_id": None}])
        assert loyalty.daily_upkeep(session, at=now() + timedelta(days=1)) == (700, 0)
        assert loyalty.balance(session, kim) == 0


def test_putting_an_old_receipt_right_keeps_the_rate_it_earned_at(shop):
    store, kim, _lee, _staff = shop
    with store.session() as session:
        loyalty.set_rules(session, earn_percent="1")
        sale = psvc.create_purchase(session, PurchaseEntry(kim, now() - timedelta(days=30),
                                                           [LineEntry("안경", 1, 100_000)], payment_method="cash"))
        assert loyalty.balance(session, kim) == 1_000
        loyalty.set_rules(session, earn_percent="5")  # the shop raises the rate
        psvc.update_purchase(session, sale.id, PurchaseEntry(kim, sale.purchased_at, [LineEntry("안경", 1, 100_000)],
                                                             payment_method="card"))
        assert loyalty.balance(session, kim) == 1_000
        psvc.update_purchase(session, sale.id, PurchaseEntry(kim, sale.purchased_at, [LineEntry("안경", 1, 120_000)],
                                                             payment_method="card"))
        assert loyalty.balance(session, kim) == 1_200  # a corrected amount earns at the receipt's 1 %
        buy(session, kim, 10_000)
        assert loyalty.balance(session, kim) == 1_700  # a new purchase at today's 5 %


def test_the_daily_run_and_the_purchase_dialog_wait_for_each_other_instead_of_failing(shop):
    """The dialog reads the balance, then writes (expiry); the daily run commits in between on its thread.
    A deferred transaction would fail at its first write ("database is locked"); immediate ones wait."""
    import threading

    store, kim, _lee, _staff = shop
    with store.session() as session:
        old = now() - timedelta(days=380)
        session.add(PointsEntry(customer_id=kim, at=old, kind="adjust", points=1000, reason="gift",
                                expires_at=old + timedelta(days=365)))
    errors = []

    def daily_run():
        try:
            with store.session(immediate=True) as session:
                loyalty.daily_upkeep(session)
        except Exception as exc:  # noqa: BLE001 - the assertion below names it
            errors.append(exc)

    worker = threading.Thread(target=daily_run)
    with store.session(immediate=True) as dialog:
        loyalty.balance(dialog, kim)
        worker.start()
        worker.join(0.3)  # the daily run waits for the dialog's unit of work
        loyalty.expire_points(dialog, [kim])
    worker.join()
    with store.session() as session:
        assert errors == [] and loyalty.balance(session, kim) == 0
        assert [e.points for e in loyalty.ledger(session, kim) if e.kind == "expire"] == [-1000]


def test_tiers_of_more_customers_than_one_statement_may_name(store):
    """An import of 100,000 new cards asks for all their tiers at once: PostgreSQL takes at most 65,535
    parameters in a statement, so the question goes in parts."""
    with store.session() as session:
        cid = csvc.create_customer(session, {"name": "김민수"}).id
        loyalty.recompute_tiers(session, [cid])
        assert loyalty.current_tiers(session, range(1, 70_001)) == loyalty.current_tiers(session, [cid])
