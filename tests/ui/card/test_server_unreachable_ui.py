"""The server stops or the network drops while the window saves (issue 16): it says so plainly with the URL's
password hidden, keeps what was typed, tries again when asked, and never half-writes a purchase. The database is
a real PostgreSQL database; "unreachable" is a real connection to a port where no server listens."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from crmdesk.models import Purchase
from crmdesk.services import customers as svc
from crmdesk.store import open_store
from crmdesk.store.pg_server import free_port


@pytest.fixture
def server_store(pg_database):
    store = open_store(pg_database)
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
    yield store
    store.close()


def _cut_off(store):
    """Point the store at a port where nothing listens (as when the server PC is switched off); returns the way
    back."""
    live = store.engine
    dead_url = make_url(store.url).set(port=free_port())
    store.engine = create_engine(dead_url, pool_pre_ping=True)
    return live


def test_the_card_keeps_the_typing_and_saves_when_the_server_is_back(app, qtbot, server_store, answers):
    from crmdesk.ui.card.customer_card import CustomerCard

    card = CustomerCard(server_store)
    qtbot.addWidget(card)
    card.show_customer(1)
    card.edits["email"].setText("minsu@example.com")
    live = _cut_off(server_store)
    answers["yes"] = False
    assert not card.save()
    title, text = answers["shown"][-1]
    assert title == "Database server not reachable" and "Nothing of this was saved" in text
    assert ":***@" in text and make_url(server_store.url).password not in text
    assert card.edits["email"].text() == "minsu@example.com"  # kept
    assert "cannot be reached" in card.status.text()

    def back_then_yes(_parent, title, text):  # the server comes back while the question is on screen
        answers["shown"].append((title, text))
        server_store.engine.dispose()
        server_store.engine = live
        return True

    from crmdesk.ui.kit import dialogs

    dialogs._confirm_impl = back_then_yes
    server_store.engine = create_engine(make_url(server_store.url).set(port=free_port()))
    assert card.save()
    with server_store.session() as session:
        assert svc.get_customer(session, 1).email == "minsu@example.com"


def test_a_purchase_is_never_half_written(app, qtbot, server_store, answers):
    from crmdesk.ui.card.purchase_dialog import PurchaseDialog

    dialog = PurchaseDialog(server_store, 1, None)
    qtbot.addWidget(dialog)
    dialog.product.setText("아메리카노")
    dialog.price.setText("4500")
    assert dialog.add_line()
    live = _cut_off(server_store)
    answers["yes"] = False
    assert not dialog.save()
    assert dialog.purchase_id is None and dialog.lines.rowCount() == 1  # still a new purchase, lines kept
    server_store.engine.dispose()
    server_store.engine = live
    with server_store.session() as session:
        assert session.execute(select(func.count()).select_from(Purchase)).scalar_one() == 0
    assert dialog.save()  # the server is back: saved once
    with server_store.session() as session:
        assert session.execute(select(func.count()).select_from(Purchase)).scalar_one() == 1
