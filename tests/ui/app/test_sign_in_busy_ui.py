"""The window's sign-in while another change (an import) holds the database's write lock: nobody is signed in, and
the sign-in says why, instead of an error dialog about "database is locked"."""

import subprocess
import sys

from PySide6.QtCore import Qt

from crmdesk.services import auth, staff
from crmdesk.ui.app.sign_in import SignInDialog

HOLD = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE setting SET value = value WHERE key = 'shop_name'")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def test_a_sign_in_while_an_import_holds_the_database_says_so_and_signs_nobody_in(app, qtbot, sample):
    with sample.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
    dialog = SignInDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.account.setCurrentIndex(dialog.account.findData(owner))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(sample.path), "8"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        qtbot.keyClicks(dialog.secret, "owner-pass")
        qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)  # waits out the busy timeout, then says why
        assert "busy with another change" in dialog.message.text()
        assert sample.actor is None and dialog.isVisible()
    finally:
        holder.communicate(timeout=60)
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)  # the import is done: the same password works
    assert sample.actor is not None and sample.actor.staff_id == owner
