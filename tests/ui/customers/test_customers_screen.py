from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from crmdesk.services import customers as svc


def visible_names(screen):
    model = screen.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_search_as_you_type_by_last_four_digits(window, qtbot):
    screen = window.customers
    search = window.findChild(QLineEdit, "customerSearch")
    table = window.findChild(QTableView, "customerTable")
    assert table.model().rowCount() == 3
    qtbot.keyClicks(search, "5678")
    assert visible_names(screen) == ["김민수", "김민지"]
    assert "2" in screen.count_label.text()


def test_initial_consonants_search(window):
    search = window.findChild(QLineEdit, "customerSearch")
    search.setText("ㅇㅅㅇ")  # Hangul goes through setText: keyClicks with Hangul aborts Qt
    assert visible_names(window.customers) == ["이서연"]


def test_enter_in_search_opens_the_first_card(window, qtbot):
    search = window.findChild(QLineEdit, "customerSearch")
    qtbot.keyClicks(search, "3333")
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert window.customers.card.title.text() == "이서연"


def test_header_click_sorts_in_sql(window, qtbot):
    header = window.customers.table.horizontalHeader()
    window.customers.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert visible_names(window.customers) == ["이서연", "김민지", "김민수"]
    assert header.sortIndicatorSection() == 0


def test_card_edit_saves_and_the_list_follows(window, qtbot):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    assert card.title.text() == "김민수"
    card.edits["name"].setText("김민수B")
    card.edits["email"].clear()
    qtbot.keyClicks(card.edits["email"], "minsu@example.com")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.status.text() == "Saved."
    with screen._store.session() as session:
        saved = svc.get_customer(session, card.customer_id)
    assert (saved.name, saved.email) == ("김민수B", "minsu@example.com")
    assert "김민수B" in visible_names(screen)


def test_card_validation_explains_and_keeps_the_old_values(window, qtbot):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    card.edits["phone"].clear()
    qtbot.keyClicks(card.edits["phone"], "010-12")
    card.edits["birthday"].clear()
    qtbot.keyClicks(card.edits["birthday"], "1990-02-31")
    assert not card.save()
    assert card.errors["phone"].isVisibleTo(card)
    assert "010-1234-5678" in card.errors["phone"].text()
    assert "1990-05-17" in card.errors["birthday"].text()
    assert "Not saved" in card.status.text()
    with screen._store.session() as session:
        assert svc.get_customer(session, card.customer_id).phone == "01012345678"
    # Typing in the field clears its message.
    qtbot.keyClicks(card.edits["phone"], "3")
    assert not card.errors["phone"].isVisibleTo(card)


def test_quick_add_warns_when_the_phone_is_known(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.customers.quick_add_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name.setText("김민수")
    qtbot.keyClicks(dialog.phone, "01012345678")
    assert dialog.warning.isVisibleTo(dialog)
    assert "김민수" in dialog.warning.text() and "010-1234-5678" in dialog.warning.text()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert window.customers.card.title.text() == "김민수"
    assert window.customers.model.rowCount() == 3  # nobody was added


def test_quick_add_creates_a_customer_with_name_and_phone(window, qtbot):
    window.customers.quick_add()
    dialog = window.customers.quick_add_dialog
    dialog.name.setText("박하늘")
    qtbot.keyClicks(dialog.phone, "010-5555-6666")
    dialog.consent_ask.boxes["collection"].setChecked(True)  # asked, never assumed (issue 17)
    assert not dialog.warning.isVisibleTo(dialog)
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert window.customers.model.rowCount() == 4
    assert window.customers.card.title.text() == "박하늘"


def test_quick_add_refuses_a_bad_phone_and_stays_open(window, qtbot):
    window.customers.quick_add()
    dialog = window.customers.quick_add_dialog
    dialog.name.setText("박하늘")
    qtbot.keyClicks(dialog.phone, "12")
    dialog.save()
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert window.customers.model.rowCount() == 3


def test_archive_then_undo(window, qtbot):
    screen = window.customers
    screen.select_row(0)
    qtbot.mouseClick(screen.card.archive_button, Qt.MouseButton.LeftButton)
    assert visible_names(screen) == ["김민지", "이서연"]
    assert screen.undo_bar.isVisible()
    assert "김민수" in screen.undo_text.text()
    qtbot.mouseClick(screen.undo_button, Qt.MouseButton.LeftButton)
    assert visible_names(screen) == ["김민수", "김민지", "이서연"]
    assert not screen.undo_bar.isVisible()


def test_archived_customers_can_be_shown_and_restored(window, qtbot):
    screen = window.customers
    screen.select_row(1)
    screen.card.archive_button.click()
    screen.show_archived.setChecked(True)
    assert visible_names(screen) == ["김민지"]
    screen.select_row(0)
    assert screen.card.archive_button.text() == "Restore"
    screen.card.archive_button.click()
    screen.show_archived.setChecked(False)
    assert visible_names(screen) == ["김민수", "김민지", "이서연"]


def test_unsaved_edits_are_not_lost_when_moving_on(window, qtbot, answers):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    qtbot.keyClicks(card.edits["address"], "Seoul")
    screen.search.setText("zzzz")  # nothing found: the card and its edit stay
    assert card.edits["address"].text() == "Seoul"
    screen.search.setText("")
    answers["yes"] = True
    screen.select_row(2)  # another customer: asked, and saved
    assert answers["shown"] and "김민수" in answers["shown"][-1][1]
    assert card.title.text() == "이서연"
    with screen._store.session() as session:
        rows = svc.search_customers(session, svc.CustomerQuery(text="김민수"))
        assert svc.get_customer(session, rows[0].id).address == "Seoul"


def test_ctrl_z_in_the_search_box_undoes_the_archive(window, qtbot):
    screen = window.customers
    screen.select_row(0)
    screen.card.archive_button.click()
    assert visible_names(screen) == ["김민지", "이서연"]
    screen.search.setFocus()
    qtbot.keyClick(screen.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert visible_names(screen) == ["김민수", "김민지", "이서연"]


def test_quick_add_takes_the_digits_typed_in_search(window, qtbot):
    qtbot.keyClicks(window.customers.search, "010-5555-0000")
    window.customers.quick_add()
    assert window.customers.quick_add_dialog.phone.text() == "010-5555-0000"


def test_card_shows_purchase_history_and_totals(app, qtbot, store, answers):
    from datetime import datetime

    from crmdesk.models import Purchase, PurchaseLine
    from crmdesk.ui.customers.customers_screen import CustomersScreen

    with store.session() as session:
        customer = svc.create_customer(session, {"name": "단골손님", "phone": "010-4444-1212"})
        for day, total, item in ((3, 9000, "카페라떼"), (10, 4500, "아메리카노")):
            purchase = Purchase(customer_id=customer.id, purchased_at=datetime(2026, 1, day, 12), total=total)
            session.add(purchase)
            session.flush()
            session.add(PurchaseLine(purchase_id=purchase.id, product=item, quantity=total // 4500,
                                     unit_price=4500, amount=total))
        svc.refresh_purchase_totals(session, [customer.id])
    screen = CustomersScreen(store)
    qtbot.addWidget(screen)
    screen.select_row(0)
    card = screen.card
    assert "2" in card.summary.text() and "₩13,500" in card.summary.text()
    assert card.history.rowCount() == 2
    assert card.history.index(0, 1).data() == "아메리카노"  # newest first
    assert card.history.index(1, 1).data() == "카페라떼 ×2"
    assert card.history.index(1, 2).data() == "₩9,000"


def test_the_card_comes_just_after_the_first_rows_in_place_and_wired(app, qtbot, sample, answers, inline_jobs):
    from PySide6.QtWidgets import QApplication

    from crmdesk.ui.app.main_window import MainWindow

    window = MainWindow(sample)
    qtbot.addWidget(window)
    assert window.customers._card is None  # the rows first
    window.show()
    qtbot.waitUntil(lambda: window.customers._card is not None, timeout=5000)
    card = window.customers.card
    qtbot.waitUntil(card.isVisible, timeout=5000)
    assert window.customers.splitter.isAncestorOf(card) and card.width() > 200
    # Built while the window is on screen, it opens no window of its own (that took the keyboard shortcuts away).
    assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == [window]
    window.customers.select_row(0)
    assert card.title.text() == "김민수"
    card.timeline.log_contact.emit()  # the main window wired the card's signals when it was built
    assert window.contact_dialog is not None and window.contact_dialog.isVisible()
    window.contact_dialog.reject()


def test_the_empty_card_has_no_blank_button(window):
    """Before a customer is picked the card is greyed out, but every button on show still says what it is for."""
    from PySide6.QtWidgets import QPushButton

    card = window.customers.card
    card.show_customer(None)
    window.show()
    blank = [b.objectName() for b in card.findChildren(QPushButton)
             if b.isVisible() and not b.text() and b.icon().isNull()]
    assert blank == []
