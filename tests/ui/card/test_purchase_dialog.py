from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from crmdesk.services import customers as csvc
from crmdesk.services import purchases as psvc
from crmdesk.services import staff as staff_svc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


@pytest.fixture
def card(window):
    screen = window.customers
    screen.select_row(0)
    assert screen.card.title.text() == "김민수"
    return screen.card


def open_new(card):
    card.new_purchase_button.click()
    dialog = card.purchase_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def history_texts(card):
    model = card.history
    return [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]


def list_row(window, name):
    model = window.customers.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == name:
            return [model.index(row, c).data() for c in range(model.columnCount())]
    raise AssertionError(name)


def test_enter_walks_through_a_line_and_saves_and_the_card_follows(window, card, qtbot):
    dialog = open_new(card)
    assert dialog.customer_label.text() == "김민수 · 010-1234-5678"
    assert dialog.payment.currentData() == "card"  # what most customers pay with
    dialog.product.setText("아메리카노")  # Hangul through setText: keyClicks with Hangul aborts Qt
    qtbot.keyClick(dialog.product, Qt.Key.Key_Return)
    assert dialog.quantity.hasFocus() or dialog.focusWidget() in (dialog.quantity, dialog.quantity.lineEdit())
    qtbot.keyClicks(dialog.quantity.lineEdit(), "2")
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.price, "4,500")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.lines.rowCount() == 1
    assert dialog.product.text() == "" and dialog.quantity.value() == 1
    assert "9,000" in dialog.total_label.text()
    dialog.product.setText("쿠키")
    dialog.price.setText("2000")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert "11,000" in dialog.total_label.text()
    qtbot.keyClick(dialog.product, Qt.Key.Key_Return)  # Enter on an empty product saves
    assert not dialog.isVisible()
    assert "Visits: 1" in card.summary.text() and "₩11,000" in card.summary.text()
    assert history_texts(card)[0][1:] == ["아메리카노 ×2, 쿠키", "₩11,000"]
    assert card.history_title.text() == "Purchases (1)"
    assert "₩11,000" in list_row(window, "김민수")  # the list's totals follow at once


def test_a_known_product_brings_its_category_and_last_price(window, card, qtbot):
    with window.store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(None, datetime(2025, 1, 1, 9),
                                                    [LineEntry("카페라떼", 1, 5000, category="커피")]))
    dialog = open_new(card)
    completer = dialog.product.completer()
    completer.setCompletionPrefix("라떼")  # contains, not only starts with
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "카페라떼"
    dialog.product.setText("카페라떼")
    qtbot.keyClick(dialog.product, Qt.Key.Key_Return)
    assert dialog.category.text() == "커피"
    assert dialog.price.text() == "5,000"
    qtbot.keyClick(dialog.quantity, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.lines.lines == [LineEntry("카페라떼", 1, 5000, 0, "커피")]
    # Choosing from the completion list fills the line the same way.
    dialog.product.setText("카페라떼")
    completer.activated.emit("카페라떼")
    assert (dialog.category.text(), dialog.price.text()) == ("커피", "5,000")
    assert dialog.category.completer().model().stringList() == ["커피"]


def test_bad_lines_are_explained_and_not_added(card, qtbot):
    dialog = open_new(card)
    dialog.product.setText("라떼")
    dialog.price.setText("-500")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)
    assert dialog.lines.rowCount() == 0
    assert dialog.error.isVisibleTo(dialog)
    assert dialog.error.text() == "Line 1: A price cannot be negative."
    dialog.price.setText("5000")
    dialog.line_discount.setText("6000")
    dialog.add_line()
    assert "larger than the line" in dialog.error.text()
    dialog.price.clear()
    dialog.line_discount.clear()
    dialog.add_line()
    assert "0 for a free item" in dialog.error.text()
    dialog.product.clear()
    assert not dialog.save()
    assert "at least one line" in dialog.error.text()
    assert dialog.isVisible()


def test_receipt_discount_larger_than_the_lines_is_refused(card):
    dialog = open_new(card)
    dialog.product.setText("라떼")
    dialog.price.setText("5000")
    dialog.add_line()
    dialog.discount.setText("6,000")
    assert "₩5,000 − ₩6,000" in dialog.total_label.text()
    assert not dialog.save()
    assert "receipt discount is larger" in dialog.error.text()


def test_remove_and_change_a_line(card, qtbot):
    dialog = open_new(card)
    for product, price in (("라떼", "5000"), ("쿠키", "2000")):
        dialog.product.setText(product)
        dialog.price.setText(price)
        dialog.add_line()
    dialog.table.selectRow(0)
    dialog.remove_button.click()
    assert [line.product for line in dialog.lines.lines] == ["쿠키"]
    dialog.edit_line(0)
    assert dialog.product.text() == "쿠키" and dialog.price.text() == "2,000" and dialog.lines.rowCount() == 0
    dialog.quantity.setValue(3)
    dialog.add_line()
    assert dialog.lines.lines[0].amount == 6000


def test_edit_a_purchase_from_the_history(window, card, qtbot):
    barista = None
    with window.store.session() as session:
        barista = staff_svc.create_staff(session, "박바리").id
        pid = psvc.create_purchase(session, PurchaseEntry(
            card.customer_id, datetime(2025, 2, 3, 14, 5), [LineEntry("라떼", 1, 5000)], payment_method="cash")).id
    card.reload()
    index = card.history.index(0, 1)
    card.history_view.doubleClicked.emit(index)
    dialog = card.purchase_dialog
    assert dialog.windowTitle() == "Purchase — 김민수"
    assert dialog.when.dateTime().toPython() == datetime(2025, 2, 3, 14, 5)
    assert dialog.payment.currentData() == "cash"
    dialog.staff.reload()
    dialog.staff.set_staff_id(barista)
    dialog.edit_line(0)
    dialog.quantity.setValue(2)
    dialog.add_line()
    assert dialog.save()
    with window.store.session() as session:
        detail = psvc.get_purchase(session, pid)
    assert (detail.total, detail.entry.staff_id, detail.entry.purchased_at) == (10000, barista,
                                                                                 datetime(2025, 2, 3, 14, 5))
    assert "₩10,000" in card.summary.text()


def test_void_asks_for_a_reason_and_a_confirmation(window, card, answers):
    with window.store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(card.customer_id, datetime(2025, 2, 3, 14),
                                                    [LineEntry("라떼", 2, 5000)]))
    card.reload()
    assert "₩10,000" in card.summary.text()
    card.open_purchase(card.history.rows[0].id)
    dialog = card.purchase_dialog
    dialog.void_button.click()
    assert dialog.void_panel.isVisibleTo(dialog)
    dialog.void_confirm.click()
    assert "Say why" in dialog.error.text() and answers["shown"] == []
    dialog.void_reason.setText("두 번 입력함")
    answers["yes"] = False
    assert not dialog.void()
    assert "A void cannot be undone" in answers["shown"][-1][1] and "₩10,000" in answers["shown"][-1][1]
    answers["yes"] = True
    dialog.void_confirm.click()
    assert not dialog.isVisible()
    assert "Visits: 0" in card.summary.text() and "Spent: ₩0" in card.summary.text()
    assert history_texts(card)[0][1] == "VOIDED · 라떼 ×2"
    # Opened again, a voided purchase is read-only and says why.
    card.open_purchase(card.history.rows[0].id)
    again = card.purchase_dialog
    assert again.void_banner.isVisibleTo(again) and "두 번 입력함" in again.void_banner.text()
    assert not again.save_button.isVisibleTo(again) and not again.product.isEnabled()
    with window.store.session() as session:
        assert csvc.get_customer(session, card.customer_id).total_spent == 0


def test_a_date_in_the_future_is_refused(card):
    dialog = open_new(card)
    dialog.when.setDateTime(dialog.when.dateTime().addDays(1))
    dialog.product.setText("라떼")
    dialog.price.setText("5000")
    assert not dialog.save()
    assert dialog.error.text() == "This date lies in the future; check the year."
    assert dialog.isVisible() and "Visits: 0" in card.summary.text()


def test_right_click_menu_changes_or_voids_a_purchase(window, card, answers):
    with window.store.session() as session:
        psvc.create_purchase(session, PurchaseEntry(card.customer_id, datetime(2025, 2, 3, 14),
                                                    [LineEntry("라떼", 1, 5000)]))
    card.reload()
    menu = card.purchase_menu(card.history.index(0, 1))
    change, void = menu.actions()
    assert (change.text(), void.text(), void.isEnabled()) == ("Change…", "Void…", True)
    void.trigger()
    dialog = card.purchase_dialog
    assert dialog.void_panel.isVisibleTo(dialog)
    dialog.void_reason.setText("환불")
    dialog.void_confirm.click()
    menu = card.purchase_menu(card.history.index(0, 1))
    show, void = menu.actions()
    assert show.text() == "Show…" and not void.isEnabled()
    assert card.purchase_menu(card.history.index(5, 1)) is None  # below the last row
