"""The window's sign-in while another change (an import) holds the database's write lock: nobody is signed in, and
the sign-in says why, instead of an error dialog about "database is locked"."""

from PySide6.QtCore import Qt

from crmdesk.services import auth, staff
from crmdesk.ui.app.sign_in import SignInDialog
from tests.write_lock import hold_write_lock, release


def test_a_sign_in_while_an_import_holds_the_database_says_so_and_signs_nobody_in(app, qtbot, sample):
    with sample.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
    dialog = SignInDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.account.setCurrentIndex(dialog.account.findData(owner))
    holder = hold_write_lock(sample.path, 8)
    try:
        qtbot.keyClicks(dialog.secret, "owner-pass")
        qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)  # waits out the busy timeout, then says why
        assert "busy with another change" in dialog.message.text()
        assert sample.actor is None and dialog.isVisible()
    finally:
        release(holder)
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)  # the import is done: the same password works
    assert sample.actor is not None and sample.actor.staff_id == owner
