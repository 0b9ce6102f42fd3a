"""Settings → Database → Move to another database: the window's move-to, in the background, with its result."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crmdesk.store import open_store


def _customers(target) -> int:
    from sqlalchemy import func, select

    from crmdesk.models import Customer

    store = open_store(target)
    try:
        with store.session() as session:
            return session.execute(select(func.count()).select_from(Customer)).scalar_one()
    finally:
        store.close()


def _screen(app, qtbot, store):
    from crmdesk.ui.admin.settings_screen import SettingsScreen

    screen = SettingsScreen(store)
    qtbot.addWidget(screen)
    return screen


def test_moving_from_settings_copies_everything_and_says_so(app, qtbot, sample, answers, inline_jobs, tmp_path):
    screen = _screen(app, qtbot, sample)
    group = screen.move_database
    target = tmp_path / "moved.sqlite3"
    group.target.setText(str(target))
    qtbot.mouseClick(group.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Copied" in text for _, text in answers["shown"]), timeout=20_000)
    question, result = answers["shown"][0][1], answers["shown"][-1][1]
    assert str(target) in question and "left as it is" in question
    assert "customer: 3" in result and "rows and sums match" in result
    assert _customers(target) == 3 and _customers(sample.url) == 3
    assert group.move_button.isEnabled() and not group.progress.isVisible()


def test_a_target_that_is_not_empty_is_refused_in_plain_words(app, qtbot, sample, answers, inline_jobs, tmp_path):
    target = tmp_path / "other.sqlite3"
    other = open_store(target)
    from crmdesk.services import customers

    with other.session() as session:
        customers.create_customer(session, {"name": "다른가게"})
    other.close()
    screen = _screen(app, qtbot, sample)
    screen.move_database.target.setText(str(target))
    qtbot.mouseClick(screen.move_database.move_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("Nothing was moved" in text for _, text in answers["shown"]), timeout=20_000)
    assert "is not empty" in answers["shown"][-1][1]
    assert _customers(target) == 1


def test_a_server_url_is_asked_about_with_its_password_hidden(app, qtbot, sample, answers, inline_jobs):
    answers["yes"] = False
    screen = _screen(app, qtbot, sample)
    group = screen.move_database
    group.target.setText("postgresql+psycopg://crmdesk:hunter2-secret@192.168.0.10:5432/shop")
    group.target.editingFinished.emit()  # as when the owner pastes it and moves on
    assert "hunter2" not in group.target.text() and group.password.text() == "hunter2-secret"
    assert group.password.echoMode() == group.password.EchoMode.Password
    assert group._full_target() == "postgresql+psycopg://crmdesk:hunter2-secret@192.168.0.10:5432/shop"
    qtbot.mouseClick(group.move_button, Qt.MouseButton.LeftButton)
    assert answers["shown"] and "crmdesk:***@192.168.0.10" in answers["shown"][0][1]
    assert all("hunter2" not in text for _, text in answers["shown"])
    screen.resize(900, 900)
    screen.grab().save("/tmp/g16/settings-move.png")
