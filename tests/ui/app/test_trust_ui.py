"""Sign-in, roles in the window, masked phones, the Privacy screen, erasing from the card."""

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import text

from crmdesk.models import Customer
from crmdesk.services import auth, staff
from crmdesk.ui.app.main_window import MainWindow
from crmdesk.ui.app.sign_in import SignInDialog


def accounts(store):
    with store.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
        clerk = staff.create_staff(session, "김하늘", "staff").id
        auth.set_password(session, owner, "owner-pass")
        auth.set_password(session, clerk, "2580")
    return owner, clerk


def nav_visible(win):
    return [win.nav.item(i).text() for i in range(win.nav.count()) if not win.nav.item(i).isHidden()]


def signed_in_window(qtbot, store, clerk_or_owner, secret):
    dialog = SignInDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.account.setCurrentIndex(dialog.account.findData(clerk_or_owner))
    qtbot.keyClicks(dialog.secret, secret)
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert dialog.message.text() == ""
    win = MainWindow(store)
    qtbot.addWidget(win)
    win.show()
    return win


def test_a_wrong_pin_is_explained_and_five_lock_the_account(app, qtbot, sample):
    _, clerk = accounts(sample)
    dialog = SignInDialog(sample)
    qtbot.addWidget(dialog)
    dialog.show()
    assert [dialog.account.itemText(i) for i in range(dialog.account.count())] == ["김하늘", "정다온"]
    dialog.account.setCurrentIndex(dialog.account.findData(clerk))
    for left in (4, 3, 2, 1):
        qtbot.keyClicks(dialog.secret, "1111")
        qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
        said = (f"Wrong password or PIN ({left} more tries before the account locks)." if left > 1
                else "Wrong password or PIN (one more wrong try locks the account).")
        assert dialog.message.text() == said
        assert dialog.secret.text() == ""
    qtbot.keyClicks(dialog.secret, "1111")
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
    assert "locked until" in dialog.message.text()
    qtbot.keyClicks(dialog.secret, "2580")
    qtbot.mouseClick(dialog.button, Qt.MouseButton.LeftButton)
    assert "locked until" in dialog.message.text() and sample.actor is None


def test_staff_see_a_counter_window_with_masked_phones(app, qtbot, sample, answers, inline_jobs):
    _, clerk = accounts(sample)
    win = signed_in_window(qtbot, sample, clerk, "2580")
    assert sample.actor.name == "김하늘"
    assert nav_visible(win) == ["Customers", "Today", "Birthdays", "Feedback"]
    assert win.data_menu.menuAction() not in win.menuBar().actions()
    assert win.findChild(type(win.menuBar().actions()[0].menu()), "accountMenu") is not None
    screen = win.customers
    assert screen.model.index(0, 1).data() == "010-****-5678"
    screen.select_row(0)
    assert screen.card.edits["phone"].text() == "010-1234-5678"  # the card they opened shows it
    assert not screen.card.consent_panel.erase_button.isVisible()
    assert not screen.card.consent_panel.export_button.isVisible()
    assert "김하늘" in win.database_label.text()


def test_the_owner_sees_everything_and_full_numbers(app, qtbot, sample, answers, inline_jobs):
    owner, _ = accounts(sample)
    win = signed_in_window(qtbot, sample, owner, "owner-pass")
    assert nav_visible(win) == ["Customers", "Today", "Birthdays", "Feedback", "Service", "Dashboard", "Reports",
                                "Campaigns", "Staff", "Duplicates", "Privacy", "Settings"]
    assert win.data_menu.menuAction() in win.menuBar().actions()
    assert win.customers.model.index(0, 1).data() == "010-1234-5678"


def test_the_privacy_screen_filters_the_audit_log(window, qtbot, sample):
    screen = window.customers
    screen.select_row(0)  # opening a card is audited
    first = screen.card.customer_id
    screen.select_row(1)
    window.nav.setCurrentRow(window.screen_row("privacy"))
    view = window.privacy.audit
    texts = [view.model.index(r, 2).data() for r in range(view.model.rowCount())]
    assert texts.count("opened card") == 2 and "created card" in texts
    view.customer.setText(str(first))
    view.action.setCurrentIndex(view.action.findData("view"))
    view.reload()
    assert view.model.rowCount() == 1
    assert view.model.index(0, 3).data() == f"#{first}" and view.model.index(0, 1).data() == "command line"
    view.customer.setText("abc")
    view.reload()
    assert "number" in view.count.text()


def test_erase_from_the_card_asks_first_and_keeps_the_totals(window, qtbot, sample, answers):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    cid = card.customer_id
    answers["yes"] = False
    qtbot.mouseClick(card.consent_panel.erase_button, Qt.MouseButton.LeftButton)
    assert "cannot be brought back" in answers["shown"][-1][1]
    with sample.session() as session:
        assert session.get(Customer, cid).erased_at is None
    answers["yes"] = True
    qtbot.mouseClick(card.consent_panel.erase_button, Qt.MouseButton.LeftButton)
    assert card.title.text().startswith(f"(erased #{cid})")
    assert not card.save_button.isEnabled()
    assert "김민수" not in [screen.model.index(r, 0).data() for r in range(screen.model.rowCount())]


def test_retention_lists_and_erases_in_one_step(window, qtbot, sample, answers, inline_jobs):
    old = datetime.now() - timedelta(days=5 * 365)
    with sample.engine.begin() as conn:
        conn.execute(text("UPDATE customer SET created_at = :t, updated_at = :t WHERE name IN ('이서연', '김민지')"),
                     {"t": old})
    window.nav.setCurrentRow(window.screen_row("privacy"))
    view = window.privacy.retention
    window.privacy.tabs.setCurrentWidget(view)
    qtbot.mouseClick(window.findChild(type(view.erase_button), "retentionFind"), Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 2 and view.erase_button.text() == "Erase all listed…"
    keep = "김민지" in view.model.index(1, 0).data()  # the owner keeps one after review: erases only the other
    view.table.selectRow(0 if keep else 1)
    assert view.erase_button.text() == "Erase 1 selected…"
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert "of 1 customers" in answers["shown"][0][1] and "cannot be undone" in answers["shown"][0][1]
    assert answers["shown"][-1][1] == "Customers erased: 1."
    assert view.model.rowCount() == 1 and "김민지" in view.model.index(0, 0).data()


def test_the_staff_screen_turns_sign_in_on_with_a_pin(window, qtbot, sample, answers):
    with sample.session() as session:
        staff.create_staff(session, "김하늘", "staff")
        staff.create_staff(session, "정다온", "owner")
    window.nav.setCurrentRow(window.screen_row("staff"))
    screen = window.staff
    screen.table.selectRow(0)
    assert screen.model.record(0).name == "김하늘"
    assert "Sign-in is off" in screen.sign_in_state.text()
    qtbot.keyClicks(screen.secret, "2580")
    qtbot.mouseClick(screen.set_secret_button, Qt.MouseButton.LeftButton)
    assert screen.error.text() == "Give an owner a password or PIN first, or nobody could sign in as owner."
    screen.table.selectRow(1)
    qtbot.keyClicks(screen.secret, "owner-pass")
    qtbot.mouseClick(screen.set_secret_button, Qt.MouseButton.LeftButton)
    [(title, shown)] = answers["shown"]  # the first owner password: its recovery code, once, to write down
    assert title == "Recovery code" and "Write it down" in shown and "정다온" in shown
    screen.table.selectRow(0)
    qtbot.keyClicks(screen.secret, "12")
    qtbot.mouseClick(screen.set_secret_button, Qt.MouseButton.LeftButton)
    assert screen.error.text() == "A PIN has at least 4 digits."
    screen.secret.clear()
    qtbot.keyClicks(screen.secret, "2580")
    qtbot.mouseClick(screen.set_secret_button, Qt.MouseButton.LeftButton)
    assert screen.secret.text() == "" and "Sign-in is on: 김하늘, 정다온" in screen.sign_in_state.text()
    with sample.session() as session:
        assert auth.sign_in_required(session)


def test_the_app_asks_who_signs_in_and_signs_out_back_to_it(app, qtbot, sample, answers):
    from crmdesk.services import audit
    from crmdesk.ui.app.application import Controller

    _, clerk = accounts(sample)
    controller = Controller(app, sample, "en")
    try:
        assert controller.window is None and controller.sign_in.isVisible()
        controller.sign_in.account.setCurrentIndex(controller.sign_in.account.findData(clerk))
        controller.sign_in.secret.setText("2580")
        controller.sign_in.try_sign_in()
        window = controller.window
        assert window is not None and nav_visible(window) == ["Customers", "Today", "Birthdays", "Feedback"]
        window.findChild(type(window.menuBar().actions()[0].menu()), "accountMenu").actions()[0].trigger()
        assert controller.window is None and sample.actor is None
        assert controller.sign_in.isVisible() and controller.sign_in.secret.text() == ""
        with sample.session() as session:
            actions = [e.action for e in audit.list_entries(session, audit.AuditQuery(actor="김하늘"))]
        assert actions[:2] == ["sign_out", "sign_in"]
    finally:
        controller.daily_backup.timer.stop()
        if controller.sign_in is not None:
            controller.sign_in.close()


def test_staff_changes_are_audited_with_before_and_after(store):
    from crmdesk.services import audit

    with store.session() as session:
        member = staff.create_staff(session, "김하늘")
        staff.update_staff(session, member.id, role="owner")
        entry = audit.list_entries(session, audit.AuditQuery(action="staff"))[0]
    from crmdesk.ui.admin.privacy_screen import details_text

    assert "Role: staff → owner" in details_text(entry)
