"""The card's Suggestions tab: nothing is computed until it is looked at; then it lists what goes with the
customer's purchases, and follows the card to the next customer."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QLabel, QTableView, QTabWidget

from crmdesk.services import next_offer
from crmdesk.services import suggestions as svc

PATTERN = [("아메리카노", "크루아상"), ("아메리카노", "크루아상"), ("아메리카노", "크루아상", "쿠키"), ("아메리카노",),
           ("라떼", "쿠키"), ("라떼",)]


@pytest.fixture
def cafe_window(app, qtbot, sample, answers, inline_jobs):
    from sqlalchemy import select

    from crmdesk.models import Customer, Purchase, PurchaseLine
    from crmdesk.ui.app.main_window import MainWindow

    with sample.session() as session:
        minsu = session.execute(select(Customer.id).where(Customer.name == "김민수")).scalar_one()
        for customer_id, items in [(None, items) for items in PATTERN * 5] + [(minsu, ("크루아상",))]:
            purchase = Purchase(customer_id=customer_id, purchased_at=datetime(2025, 6, 1, 12), total=1_000)
            session.add(purchase)
            session.flush()
            for item in items:
                session.add(PurchaseLine(purchase_id=purchase.id, product=item, amount=1_000))
    svc.forget(sample)
    next_offer.forget(sample)
    win = MainWindow(sample)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    svc.forget(sample)


def test_suggestions_are_computed_only_when_the_tab_is_shown(cafe_window):
    screen = cafe_window.customers
    screen.select_row(0)
    card = screen.card
    assert card.title.text() == "김민수"
    assert not svc.is_cached(card._store)  # opening the card did no association work
    tabs = card.findChild(QTabWidget, "cardTabs")
    tabs.setCurrentWidget(card.suggestions)
    table = card.findChild(QTableView, "suggestions")
    model = table.model()
    assert model.rowCount() == 1
    # 15 of the 16 receipts with 크루아상 (his own has it alone) hold 아메리카노, which is on 20 of 31 receipts:
    # confidence 15/16, lift (15/16) / (20/31).
    assert [model.index(0, c).data() for c in range(3)] == [
        "Cross-sell", "아메리카노", "94% of the receipts with 크루아상 also have 아메리카노"]
    assert model.index(0, 2).data(3) == model.index(0, 2).data()  # the reason is the tooltip too, for long ones
    status = card.findChild(QLabel, "suggestionsStatus").text()
    assert status == "What to offer next, from the shop's purchases up to today:"
    assert card.findChild(QLabel, "usualItems").text() == "Usual items: 크루아상 (1×)"
    assert "Usual: 크루아상" in card.summary.text()  # on the card itself, for the counter
    cafe_window.grab().save("/tmp/suggestions_tab.png")


def test_the_tab_follows_the_card_to_a_customer_without_purchases(cafe_window):
    screen = cafe_window.customers
    screen.select_row(0)
    card = screen.card
    card.tabs.setCurrentWidget(card.suggestions)
    assert card.suggestions.model.rowCount() == 1
    screen.select_row(1)
    assert card.title.text() == "김민지"
    assert card.suggestions.model.rowCount() == 0
    assert card.suggestions.status.text() == "No purchases yet: nothing to go on."
