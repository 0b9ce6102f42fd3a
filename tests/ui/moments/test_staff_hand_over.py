"""The Staff screen: the per-staff figures, and deactivating a main contact hands their customers over in one
step."""

from PySide6.QtCore import Qt

from crmdesk.models import Customer, Staff
from crmdesk.services import regulars
from crmdesk.services import staff as staff_svc
from crmdesk.services.customers import CustomerQuery, search_customers


def test_deactivating_lists_the_regulars_and_hands_them_over(window, qtbot):
    with window.store.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
        jun = staff_svc.create_staff(session, "박준").id
        ids = [c.id for c in search_customers(session, CustomerQuery())]
        for cid in ids:
            regulars.set_main_staff(session, cid, ha)
    window.nav.setCurrentRow(window.screen_row("staff"))
    screen = window.staff
    row = next(r for r in range(screen.model.rowCount()) if screen.model.record(r).name == "김하늘")
    headers = [screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(screen.model.columnCount())]
    assert screen.model.index(row, headers.index("Main contact for")).data() == str(len(ids))
    screen.table.selectRow(row)
    screen.active.setChecked(False)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    dialog = screen.hand_over_dialog
    assert dialog.isVisible() and dialog.list.count() == len(ids)
    dialog.to_staff.setCurrentIndex(dialog.to_staff.findData(jun))
    dialog.hand_over()
    with window.store.session() as session:
        assert session.get(Staff, ha).active is False
        assert {session.get(Customer, cid).main_staff_id for cid in ids} == {jun}
    assert f"{len(ids)} customers handed over." in window.statusBar().currentMessage()


def test_cancelling_the_hand_over_keeps_the_staff_member_active(window, qtbot):
    with window.store.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
        regulars.set_main_staff(session, search_customers(session, CustomerQuery())[0].id, ha)
    window.nav.setCurrentRow(window.screen_row("staff"))
    screen = window.staff
    screen.table.selectRow(0)
    screen.active.setChecked(False)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    screen.hand_over_dialog.reject()
    assert screen.active.isChecked()
    with window.store.session() as session:
        assert session.get(Staff, ha).active is True
