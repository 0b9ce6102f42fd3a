"""The window's restore tells the owner when the restored backup turns sign-in off (RestoreResult.sign_in_dropped,
issue 15): the database then opens for anyone at the PC, and only the message says so."""

from __future__ import annotations

import shutil

from crmdesk.services import auth, staff
from crmdesk.ui.data.backups_ui import BackupsGroup
from crmdesk.ui.kit import dialogs

WARNING = "sign-in is off now"


def _checkpoint(store):
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _restore_in_window(qtbot, store, monkeypatch, backup_file):
    group = BackupsGroup(store)
    qtbot.addWidget(group)
    monkeypatch.setattr(dialogs, "_open_file_impl", lambda *_: str(backup_file))
    group.restore.click()


def test_restoring_a_backup_from_before_passwords_warns_that_sign_in_is_off(app, qtbot, sample, db_path, tmp_path,
                                                                             answers, monkeypatch):
    with sample.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
    _checkpoint(sample)
    before_passwords = tmp_path / "before-passwords.sqlite3"
    shutil.copyfile(db_path, before_passwords)
    with sample.session() as session:
        auth.set_password(session, owner, "owner-pass")
    sample.actor = auth.sign_in(sample, owner, "owner-pass")

    _restore_in_window(qtbot, sample, monkeypatch, before_passwords)

    title, text = answers["shown"][-1]
    assert title == "Backup restored", text
    assert WARNING in text and "Give an owner a password again on the Staff screen" in text


def test_restoring_a_backup_that_keeps_sign_in_does_not_warn(app, qtbot, sample, db_path, tmp_path, answers,
                                                             monkeypatch):
    with sample.session() as session:
        owner = staff.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
    _checkpoint(sample)
    with_passwords = tmp_path / "with-passwords.sqlite3"
    shutil.copyfile(db_path, with_passwords)
    sample.actor = auth.sign_in(sample, owner, "owner-pass")

    _restore_in_window(qtbot, sample, monkeypatch, with_passwords)

    title, text = answers["shown"][-1]
    assert title == "Backup restored" and WARNING not in text
