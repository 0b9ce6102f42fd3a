"""The window after the trust review: an erased card offers nothing that would bring it back."""

from PySide6.QtCore import Qt


def test_an_erased_card_offers_neither_restore_nor_a_new_purchase(window, qtbot, sample, answers):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    assert card.archive_button.isEnabled() and card.new_purchase_button.isEnabled()
    qtbot.mouseClick(card.consent_panel.erase_button, Qt.MouseButton.LeftButton)
    assert card.title.text().startswith("(erased #")
    assert not card.archive_button.isEnabled() and not card.new_purchase_button.isEnabled()


def test_the_staff_screen_will_not_demote_the_only_owner_who_can_sign_in(window, qtbot):
    from crmdesk.services import auth
    from crmdesk.services import staff as staff_svc

    with window.store.session() as session:
        owner = staff_svc.create_staff(session, "정다온", "owner").id
        clerk = staff_svc.create_staff(session, "김하늘").id
        auth.set_password(session, owner, "owner-pass")
        auth.set_password(session, clerk, "2580")
    window.nav.setCurrentRow(window.screen_row("staff"))
    screen = window.staff
    screen.reload()
    screen.table.selectRow([r for r in range(screen.model.rowCount()) if screen.model.record(r).name == "정다온"][0])
    screen.role.setCurrentIndex(screen.role.findData("staff"))
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.error.text().startswith("This is the only owner who can sign in:")
    assert screen.role.currentData() == "owner"  # the editor shows what was kept
    with window.store.session() as session:
        assert staff_svc.get_staff(session, owner).role == "owner"
