from datetime import date, datetime

from PySide6.QtCore import Qt

from crmdesk.services import contacts as contacts_svc
from crmdesk.services import staff as staff_svc
from crmdesk.services.customers import CustomerQuery, search_customers


def test_add_staff_then_see_their_contacts_for_the_period(window, qtbot):
    window.nav.setCurrentRow(window.screen_row("staff"))
    screen = window.staff
    screen.name.setText("이준호")
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    assert [screen.model.record(r).name for r in range(screen.model.rowCount())] == ["이준호"]
    with window.store.session() as session:
        [staff] = staff_svc.list_staff(session)
        customer = search_customers(session, CustomerQuery())[0]
        for _ in range(3):
            contacts_svc.log_contact(session, {"customer_id": customer.id, "staff_id": staff.id},
                                     at=datetime.combine(date.today(), datetime.min.time()))
    screen.reload()
    assert screen.model.index(0, 2).data() == "3"
    screen.table.selectRow(0)
    screen.active.setChecked(False)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.model.index(0, 0).data() == "이준호 (inactive)"
    screen.name.setText("가나다")  # renamed: sorts first now, the editor must stay on the same person
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    screen.table.selectRow([r for r in range(2) if screen.model.record(r).name == "이준호"][0])
    screen.name.setText("하준호")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.name.text() == "하준호" and screen.model.record(screen.table.currentIndex().row()).name == "하준호"
    screen.name.setText("")
    qtbot.mouseClick(screen.add_button, Qt.MouseButton.LeftButton)
    assert screen.error.text() == "Enter the staff member's name."
    assert screen.model.rowCount() == 2


def test_the_secret_hint_asks_an_owner_for_the_longer_pin(window, qtbot):
    from crmdesk.services import staff as staff_svc

    with window.store.session() as session:
        staff_svc.create_staff(session, "정다온", "owner")
        staff_svc.create_staff(session, "김하늘")
    window.nav.setCurrentRow(window.screen_row("staff"))
    screen = window.staff
    screen.reload()
    names = [screen.model.record(r).name for r in range(screen.model.rowCount())]
    screen.table.selectRow(names.index("정다온"))
    assert screen.secret.placeholderText().startswith("6+ digit PIN")
    screen.table.selectRow(names.index("김하늘"))
    assert screen.secret.placeholderText().startswith("4+ digit PIN")
