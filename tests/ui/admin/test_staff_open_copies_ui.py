"""Turning sign-in on from the Staff screen offers to protect or remove the backups taken before it, which would
otherwise open without a password (issue 15; the command line's `crmdesk password` offers the same)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from crmdesk.services import open_copies as service
from crmdesk.services import staff as staff_svc
from crmdesk.store import backups, open_copies
from crmdesk.ui.admin.staff_screen import StaffScreen
from crmdesk.ui.kit import dialogs


@pytest.fixture
def asked(monkeypatch):
    """Records the three-way question and answers it with ``asked['answer']``."""
    record: dict = {"answer": "keep", "questions": []}

    def choose(_parent, title, text, choices):
        record["questions"].append((title, text, [key for key, _ in choices]))
        return record["answer"]

    monkeypatch.setattr(dialogs, "_choose_impl", choose)
    return record


def _owner_gets_a_password(qtbot, store):
    """An owner and a backup taken while nobody had a password; then the owner's password set on the screen."""
    with store.session() as session:
        staff_svc.create_staff(session, "정다온", "owner")
    old = backups.backup(store)
    screen = StaffScreen(store)
    qtbot.addWidget(screen)
    screen.reload()
    screen.table.selectRow(0)
    screen.secret.setText("owner-pass")
    qtbot.mouseClick(screen.set_secret_button, Qt.MouseButton.LeftButton)
    return old


def test_setting_the_first_password_offers_to_protect_older_backups(app, qtbot, sample, answers, asked):
    asked["answer"] = "protect"
    old = _owner_gets_a_password(qtbot, sample)

    [(title, text, keys)] = asked["questions"]
    assert title == "Older backups open without a password"
    assert str(old) in text and keys == ["protect", "remove", "keep"]
    assert open_copies.has_sign_in(old) is True  # the copy now asks for the owner's password
    assert answers["shown"][-1][1] == "Protected 1 backup(s)."
    assert open_copies.open_copies(sample.path, set()) == []


def test_the_owner_can_remove_them_instead(app, qtbot, sample, answers, asked):
    asked["answer"] = "remove"
    old = _owner_gets_a_password(qtbot, sample)

    assert not old.exists()
    assert answers["shown"][-1][1] == "Removed 1 backup(s)."


def test_leaving_them_changes_nothing_and_nothing_is_asked_once_they_are_safe(app, qtbot, sample, answers, asked):
    old = _owner_gets_a_password(qtbot, sample)
    assert old.exists() and open_copies.has_sign_in(old) is False
    assert len(asked["questions"]) == 1

    service.protect(sample, service.find(sample))  # protected later: a new password then asks nothing
    assert open_copies.has_sign_in(old) is True
    again = StaffScreen(sample)
    qtbot.addWidget(again)
    again.reload()
    again.table.selectRow(0)
    again.secret.setText("owner-pass-2")
    qtbot.mouseClick(again.set_secret_button, Qt.MouseButton.LeftButton)
    assert len(asked["questions"]) == 1
