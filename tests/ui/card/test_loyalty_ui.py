"""Points at the counter: the purchase dialog's points field, the card's points tab, adjustments."""

from datetime import timedelta

import pytest

from crmdesk.models.base import now
from crmdesk.services import loyalty
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


@pytest.fixture
def card(window):
    screen = window.customers
    screen.select_row(0)
    assert screen.card.title.text() == "김민수"
    return screen.card


def give_points(store, customer_id, points):
    with store.session() as session:
        loyalty.adjust_points(session, customer_id, points, "welcome")


def test_points_used_in_the_purchase_dialog_are_checked_against_the_balance(window, card, qtbot):
    store = window.store
    give_points(store, card.customer_id, 1000)
    card.reload()
    card.new_purchase_button.click()
    dialog = card.purchase_dialog
    assert "1,000" in dialog.points_available.text()
    dialog.product.setText("아메리카노")
    dialog.price.setText("5000")
    assert dialog.add_line()
    dialog.points.setText("1500")
    assert not dialog.save()
    assert "More points than the customer has" in dialog.error.text()
    dialog.points.setText("800")
    assert "to pay ₩4,200" in dialog.total_label.text()
    assert dialog.save()
    with store.session() as session:
        assert loyalty.balance(session, card.customer_id) == 1000 - 800 + 42  # 1% of 4,200
    assert card.loyalty.balance_label.text() == "242 P"
    assert card.loyalty.model.rowCount() == 3


def test_the_points_tab_shows_tier_ledger_and_takes_an_adjustment(window, card):
    store = window.store
    with store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(card.customer_id, now() - timedelta(days=1),
                                                    [LineEntry("코트", 1, 400_000)]))
    card.reload()
    panel = card.loyalty
    assert panel.balance_label.text() == "4,000 P"
    assert panel.tier_label.text() == "Tier: 실버"
    assert "600,000 more to 골드" in panel.detail_label.text().replace("₩", "")
    panel.adjust_points.setText("-5000")
    panel.adjust_reason.setText("정정")
    assert not panel.adjust()
    assert panel.error.text() == "The customer does not have that many points."
    panel.adjust_points.setText("+300")
    panel.adjust_reason.setText("")
    assert not panel.adjust()
    assert "Say why" in panel.error.text()
    panel.adjust_reason.setText("birthday gift")
    assert panel.adjust()
    assert panel.balance_label.text() == "4,300 P"
    first = [panel.model.index(0, c).data() for c in range(5)]
    assert first[1:4] == ["Adjusted", "+300", "4,300"] and "birthday gift" in first[4]


def test_a_tier_change_and_an_adjustment_appear_on_the_timeline(window, card):
    store = window.store
    with store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(card.customer_id, now() - timedelta(days=1),
                                                    [LineEntry("코트", 1, 1_200_000)]))
        loyalty.adjust_points(session, card.customer_id, 500, "사과")
    card.reload()
    rows = [[card.timeline.model.index(r, c).data() for c in range(3)]
            for r in range(card.timeline.model.rowCount())]
    whats = {r[1]: r[2] for r in rows}
    assert whats["Tier changed"].startswith("일반 → 골드 (12-month spend ₩1,200,000)")
    assert whats["Points adjusted"] == "+500 P — 사과"


def test_the_shop_sets_earn_rate_expiry_and_tiers_in_settings(window, card):
    from crmdesk.ui.admin.loyalty_settings import parse_tiers

    assert parse_tiers("일반=0, 실버=300,000, 골드=1,000,000") == [("일반", 0), ("실버", 300_000), ("골드", 1_000_000)]
    group = window.settings.loyalty
    assert group.tiers.text() == "일반=0, 실버=300,000, 골드=1,000,000, VIP=3,000,000"
    group.tiers.setText("Friend=100, Family=50,000")
    assert not group.save()
    assert group.error.text() == "The lowest tier must start at 0."
    group.tiers.setText("Friend=0, Family")
    assert not group.save()
    assert group.error.text().startswith("Write the tiers as name=minimum spend")
    group.earn.setValue(5)
    group.months.setValue(6)
    group.tiers.setText("Friend=0, Family=3,000")
    assert group.save()
    with window.store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(card.customer_id, now() - timedelta(days=1),
                                                    [LineEntry("라떼", 1, 5000)]))
        rules = loyalty.rules(session)
        assert (str(rules.earn_percent), rules.expiry_months) == ("5", 6)
        assert loyalty.balance(session, card.customer_id) == 250
        assert loyalty.tier_of(session, card.customer_id) == "Family"
