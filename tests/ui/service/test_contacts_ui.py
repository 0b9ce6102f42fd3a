"""A counter visit logged from anywhere with Ctrl+L, four digits and Enter; follow-ups done in one click."""

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from crmdesk.models import Contact
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import customers as customers_svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.customers import CustomerQuery


@pytest.fixture
def staffed(sample):
    with sample.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
    return ha


def contacts(store):
    with store.session() as session:
        return list(session.scalars(select(Contact).order_by(Contact.id)))


def test_ctrl_l_last_four_and_enter_logs_a_visit(window, qtbot, staffed):
    window.nav.setCurrentRow(window.screen_row("feedback"))  # from another screen: "from anywhere"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.contact_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.staff.staff_id() == staffed  # the only staff member is preselected
    qtbot.keyClicks(dialog.search, "4444")
    assert dialog.finder.customer_name() == "이서연"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_dialog is None)
    [logged] = contacts(window.store)
    assert (logged.channel, logged.purpose, logged.staff_id) == ("visit", "purchase", staffed)
    assert "이서연" in window.statusBar().currentMessage()


def test_arrow_keys_choose_among_matches_and_a_follow_up_is_set(window, qtbot, staffed):
    window.log_contact()
    dialog = window.contact_dialog
    qtbot.keyClicks(dialog.search, "5678")
    assert dialog.finder.matches.count() == 2
    first = dialog.finder.customer_name()
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    chosen = dialog.finder.customer_name()
    assert chosen != first and dialog.focusWidget() is dialog.search
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone_in"))
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("inquiry"))
    dialog.note.setText("렌즈 재고 문의")
    dialog.follow_up.setCurrentIndex(dialog.follow_up.findData(3))
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    [logged] = contacts(window.store)
    assert logged.note == "렌즈 재고 문의" and logged.follow_up_on == date.today() + timedelta(days=3)
    assert dialog.customer_name == chosen
    with window.store.session() as session:
        assert customers_svc.get_customer(session, logged.customer_id).name == chosen


def test_no_customer_means_no_save_and_a_clear_message(window, qtbot, staffed):
    window.log_contact()
    dialog = window.contact_dialog
    qtbot.keyClicks(dialog.search, "9999")
    assert dialog.finder.customer_id() is None and not dialog.save_button.isEnabled()
    assert dialog.finder.chosen.text() == "No customer chosen"
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.error.isVisible() and "Choose the customer" in dialog.error.text()
    assert contacts(window.store) == []


def test_from_the_card_the_customer_is_already_chosen_and_the_timeline_shows_it(window, qtbot, staffed):
    window.customers.select_row(0)
    card = window.customers.card
    qtbot.mouseClick(card.findChild(QPushButton, "cardLogContact"), Qt.MouseButton.LeftButton)
    dialog = window.contact_dialog
    assert dialog.finder.customer_id() == card.customer_id
    dialog.note.setText("생일 쿠폰 안내")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert card.timeline.model.rowCount() == 1
    assert "생일 쿠폰 안내" in card.timeline.model.index(0, 2).data()


def test_today_list_marks_overdue_and_done_logs_the_call(window, qtbot, staffed):
    store = window.store
    with store.session() as session:
        ids = [c.id for c in customers_svc.search_customers(session, CustomerQuery())]
        yesterday = datetime.now() - timedelta(days=1)
        contacts_svc.log_contact(session, {"customer_id": ids[0], "follow_up_on": yesterday.date(),
                                           "note": "수선 완료 연락"}, at=yesterday)
        contacts_svc.log_contact(session, {"customer_id": ids[1], "follow_up_on": date.today()})
    window.nav.setCurrentRow(1)
    today = window.today
    assert today.model.rowCount() == 2
    assert today.model.index(0, 0).data() == "Overdue 1 d"
    assert today.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#c0392b"
    assert today.model.index(1, 0).data() == "Today"
    assert window.nav.item(1).text() == "Today (2)"
    qtbot.mouseClick(today.done_button, Qt.MouseButton.LeftButton)
    assert today.model.rowCount() == 1 and window.nav.item(1).text() == "Today (1)"
    follow = contacts(store)[-1]
    assert (follow.purpose, follow.channel, follow.staff_id) == ("follow_up", "phone_out", staffed)


def test_done_elsewhere_is_refused_without_a_false_success_and_the_card_follows(window, qtbot, staffed, answers):
    store = window.store
    with store.session() as session:
        first, second = [c.id for c in customers_svc.search_customers(session, CustomerQuery())][:2]
        stale = contacts_svc.log_contact(session, {"customer_id": first, "follow_up_on": date.today()})
        contacts_svc.log_contact(session, {"customer_id": second, "follow_up_on": date.today()})
    window.customers.select_customer(second)
    assert window.customers.card.timeline.model.rowCount() == 1
    window.nav.setCurrentRow(1)
    today = window.today
    with store.session() as session:  # another terminal ticks the first one off meanwhile
        contacts_svc.complete_follow_up(session, stale.id, staff_id=None)
    window.statusBar().clearMessage()
    qtbot.mouseClick(today.done_button, Qt.MouseButton.LeftButton)
    assert answers["shown"] and "already done" in answers["shown"][-1][1]
    assert window.statusBar().currentMessage() == ""
    assert today.model.rowCount() == 1  # the list now shows what is really open
    qtbot.mouseClick(today.done_button, Qt.MouseButton.LeftButton)
    assert "done and logged" in window.statusBar().currentMessage()
    assert window.customers.card.timeline.model.rowCount() == 2  # the open card shows the follow-up call


def test_the_today_badge_counts_follow_ups_soon_after_the_window_opens(app, qtbot, sample):
    from crmdesk.ui.app.main_window import MainWindow

    with sample.session() as session:
        ids = [c.id for c in customers_svc.search_customers(session, CustomerQuery())]
        yesterday = datetime.now() - timedelta(days=1)
        contacts_svc.log_contact(session, {"customer_id": ids[0], "follow_up_on": yesterday.date()}, at=yesterday)
        contacts_svc.log_contact(session, {"customer_id": ids[1], "follow_up_on": date.today()})
    window = MainWindow(sample)
    qtbot.addWidget(window)
    window.show()
    assert not window.pages["today"].built  # the badge needs no Today screen
    qtbot.waitUntil(lambda: window.nav.item(1).text() == "Today (2)", timeout=2000)
    assert not window.pages["today"].built


def test_the_card_timeline_shows_purchases_and_contacts_and_filters_by_kind(window, qtbot):
    from crmdesk.services import purchases as psvc
    from crmdesk.services.purchases import LineEntry, PurchaseEntry

    store = window.store
    with store.session() as session:
        cid = customers_svc.search_customers(session, CustomerQuery(text="김민수"))[0].id
        psvc.create_purchase(session, PurchaseEntry(cid, datetime.now() - timedelta(days=2),
                                                    [LineEntry("아메리카노", 2, 4500)]))
        contacts_svc.log_contact(session, {"customer_id": cid, "note": "예약 문의"})
    window.customers.select_customer(cid)
    timeline = window.customers.card.timeline

    def kinds():
        return sorted({timeline.model.record(r).kind for r in range(timeline.model.rowCount())})

    assert kinds() == ["contact", "purchase"]  # the card's purchases, read once, are on the timeline too
    timeline.kind.setCurrentIndex(timeline.kind.findData("purchase"))
    assert kinds() == ["purchase"]
    timeline.kind.setCurrentIndex(timeline.kind.findData("contact"))
    assert kinds() == ["contact"]
    timeline.kind.setCurrentIndex(0)
    assert kinds() == ["contact", "purchase"]
