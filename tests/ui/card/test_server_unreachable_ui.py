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


def _restore(store, live):
    store.engine.dispose()
    store.engine = live


def _count(store, model):
    with store.session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_ctrl_l_keeps_the_contact_and_logs_it_once_when_the_server_is_back(app, qtbot, server_store, answers):
    from crmdesk.models import Contact
    from crmdesk.ui.service.log_contact import LogContactDialog

    dialog = LogContactDialog(server_store)
    qtbot.addWidget(dialog)
    dialog.search.setText("5678")
    assert dialog.finder.customer_name() == "김민수"
    dialog.note.setText("렌즈 재고 문의")
    live = _cut_off(server_store)
    answers["yes"] = False
    dialog.save()
    assert answers["shown"][-1][0] == "Database server not reachable"
    assert "cannot be reached" in dialog.error.text() and dialog.contact_id is None
    assert dialog.note.text() == "렌즈 재고 문의" and dialog.finder.customer_name() == "김민수"  # kept
    dialog.search.setText("56781")  # typing on: the matches say the server is away, nothing breaks
    assert "cannot be reached" in dialog.finder.chosen.text() and dialog.finder.customer_id() is None
    _restore(server_store, live)
    assert _count(server_store, Contact) == 0
    dialog.search.setText("5678")
    dialog.save()
    assert dialog.contact_id is not None and _count(server_store, Contact) == 1


def test_quick_add_keeps_name_and_phone_and_warns_of_a_known_phone_once_back(app, qtbot, server_store, answers):
    from crmdesk.models import Customer
    from crmdesk.ui.customers.quick_add import QuickAddDialog

    dialog = QuickAddDialog(server_store)
    qtbot.addWidget(dialog)
    live = _cut_off(server_store)
    dialog.name.setText("김민수")
    dialog.phone.setText("010-1234-5678")  # the phone check cannot run: said in the dialog, no box
    assert "cannot be reached" in dialog.error.text() and not answers["shown"]
    answers["yes"] = False
    dialog.consent_ask.boxes["collection"].setChecked(True)
    dialog.save()
    assert answers["shown"][-1][0] == "Database server not reachable"
    assert dialog.customer_id is None and "cannot be reached" in dialog.error.text()
    assert (dialog.name.text(), dialog.phone.text()) == ("김민수", "010-1234-5678")
    _restore(server_store, live)
    dialog.save()  # the check held back runs first: this phone is taken
    assert dialog.customer_id is None and "already belongs to 김민수" in dialog.warning.text()
    assert _count(server_store, Customer) == 1
    dialog.save()  # a new customer all the same, as when the warning showed while typing
    assert dialog.customer_id is not None and _count(server_store, Customer) == 2


def test_a_complaint_keeps_the_customers_words_until_it_is_saved(app, qtbot, server_store, answers):
    from crmdesk.models import Feedback
    from crmdesk.ui.service.feedback_dialog import FeedbackDialog

    dialog = FeedbackDialog(server_store, customer_id=1)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("complaint"))
    dialog.description.setPlainText("음료가 너무 늦게 나왔어요")
    live = _cut_off(server_store)
    answers["yes"] = False
    dialog.save_new()
    assert answers["shown"][-1][0] == "Database server not reachable"
    assert dialog.feedback_id is None and "cannot be reached" in dialog.error.text()
    assert dialog.description.toPlainText() == "음료가 너무 늦게 나왔어요"
    _restore(server_store, live)
    assert _count(server_store, Feedback) == 0
    dialog.save_new()
    assert dialog.feedback_id is not None and _count(server_store, Feedback) == 1
