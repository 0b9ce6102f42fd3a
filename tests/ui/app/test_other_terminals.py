"""What another terminal changes shows up without a restart (issue 16): the window on a PostgreSQL database polls
a change marker; a purchase, a contact or a card saved elsewhere refreshes the list, the badge and the open card,
but never throws away what is being typed in the card."""

from __future__ import annotations

from datetime import datetime

import pytest

from crmdesk.services import contacts, purchases
from crmdesk.services import customers as svc
from crmdesk.store import open_store


@pytest.fixture
def server_store(pg_database):
    store = open_store(pg_database)
    with store.session() as session:
        for name, phone in (("김민수", "010-1234-5678"), ("이서연", "010-3333-4444")):
            svc.create_customer(session, {"name": name, "phone": phone})
    yield store
    store.close()


@pytest.fixture
def elsewhere(server_store):
    other = open_store(server_store.url)
    yield other
    other.close()


def test_the_marker_moves_only_when_something_changed(app, qtbot, server_store, elsewhere, inline_jobs):
    from crmdesk.ui.app.other_terminals import OtherTerminals

    watcher = OtherTerminals(server_store, every_ms=3_600_000)
    seen = []
    watcher.changed.connect(lambda: seen.append(1))
    watcher.poll()
    watcher.poll()
    assert seen == []
    with elsewhere.session() as session:
        contacts.log_contact(session, {"customer_id": 1, "note": "전화 드림", "follow_up_on": datetime.now().date()})
    watcher.poll()
    assert seen == [1]


def test_the_window_follows_another_terminal(app, qtbot, server_store, elsewhere, answers, inline_jobs):
    from crmdesk.ui.app.main_window import MainWindow

    window = MainWindow(server_store)
    qtbot.addWidget(window)
    assert window.other_terminals is not None and window.other_terminals.timer.interval() <= 5_000
    window.other_terminals.timer.stop()  # the test drives the polls
    window.customers.select_row(0)
    card = window.customers.card
    window.other_terminals.poll()
    with elsewhere.session() as session:
        svc.update_customer(session, card.customer_id, {"email": "elsewhere@example.com"})
        purchases.create_purchase(session, purchases.PurchaseEntry(
            customer_id=card.customer_id, purchased_at=datetime(2026, 3, 1, 10, 0),
            lines=[purchases.LineEntry(product="라떼", unit_price=5000)]))
    window.other_terminals.poll()
    assert card.edits["email"].text() == "elsewhere@example.com"
    assert "Visits: 1" in card.summary.text()
    # Typing in the card: a change elsewhere does not wipe it.
    card.edits["address"].setText("서울 마포구")
    with elsewhere.session() as session:
        svc.create_customer(session, {"name": "박하늘"})
    window.other_terminals.poll()
    assert card.edits["address"].text() == "서울 마포구"
    assert window.customers.model.rowCount() == 3  # the list shows the new customer


def test_a_window_on_a_file_does_not_poll(window):
    assert window.other_terminals is None
