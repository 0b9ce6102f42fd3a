"""The purchase dialog takes a coupon code: Enter (a scanner's) checks it without saving, a valid one fills the
receipt discount, a refused one says why and nothing is saved; the saved purchase shows its code, and a void
gives the coupon back."""

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from crmdesk.models import Customer
from crmdesk.services import coupons as csvc
from crmdesk.services import purchases as psvc


def test_a_scanned_code_is_checked_applied_saved_and_given_back_by_a_void(window, qtbot, monkeypatch):
    store = window.store
    with store.session() as s:
        ids = dict(s.execute(select(Customer.name, Customer.id)).all())
        mine = csvc.issue_coupon(s, ids["김민수"], amount=2000, expires_on=date(2099, 1, 1)).code
        theirs = csvc.issue_coupon(s, ids["김민지"], amount=500).code
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    card.new_purchase_button.click()
    dialog = card.purchase_dialog
    dialog.product.setText("라떼")
    dialog.price.setText("5000")
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)

    qtbot.keyClicks(dialog.coupon.code, theirs.lower())
    qtbot.keyClick(dialog.coupon.code, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter checked the code; it did not save
    assert dialog.coupon.state.text() == "This coupon was given to another customer."
    assert dialog.discount.text() == ""
    dialog.save_button.click()
    assert dialog.isVisible() and "another customer" in dialog.error.text()  # refused again on save

    dialog.coupon.code.clear()
    qtbot.keyClicks(dialog.coupon.code, mine)
    qtbot.keyClick(dialog.coupon.code, Qt.Key.Key_Return)
    assert dialog.coupon.state.text().startswith("✓ ₩2,000 off, until 2099-01-01")
    assert dialog.discount.text() == "2,000" and "3,000" in dialog.total_label.text()
    dialog.save_button.click()
    assert not dialog.isVisible()
    with store.session() as s:
        pid = dialog.purchase_id
        assert psvc.get_purchase(s, pid).entry.coupon_code == mine

    card.open_purchase(pid)
    again = card.purchase_dialog
    assert again.coupon.code.text() == mine and again.coupon.state.text() == "Redeemed on this purchase"
    monkeypatch.setattr("crmdesk.ui.kit.dialogs._confirm_impl", lambda *a, **k: True)
    again.void_button.click()
    again.void_reason.setText("잘못 입력")
    again.void_confirm.click()
    with store.session() as s:
        assert psvc.get_purchase(s, pid).entry.coupon_code is None
        assert csvc.check_code(s, mine, ids["김민수"]).code == mine  # usable again
