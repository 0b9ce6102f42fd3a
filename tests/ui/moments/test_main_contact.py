"""The card's 담당 직원: proposed from who served the customer most, stored with one click."""

from datetime import datetime, timedelta

from PySide6.QtCore import Qt

from crmdesk.models import Customer
from crmdesk.services import contacts as contacts_svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.customers import CustomerQuery, search_customers


def test_the_card_proposes_who_served_most_and_use_stores_it(window, qtbot):
    with window.store.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
        staff_svc.create_staff(session, "박준")
        customer = search_customers(session, CustomerQuery())[0].id
        for day in range(2):
            contacts_svc.log_contact(session, {"customer_id": customer, "staff_id": ha},
                                     at=datetime(2026, 11, 1, 10) + timedelta(days=day))
    window.show_customer(customer)
    row = window.customers.card.main_contact
    assert row.combo.currentText() == "(none)"
    assert row.hint.text() == "Served most by 김하늘 (2 times)" and row.use.isVisibleTo(window)
    qtbot.mouseClick(row.use, Qt.MouseButton.LeftButton)
    with window.store.session() as session:
        assert session.get(Customer, customer).main_staff_id == ha
    assert row.combo.currentText() == "김하늘" and not row.use.isVisibleTo(window)
