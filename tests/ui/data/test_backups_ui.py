"""Backups from the window: Settings → Backups, the backup on exit, and a damaged database at start-up."""

import argparse
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from crmdesk.services import customers as svc
from crmdesk.store import backups
from crmdesk.ui.kit import dialogs


def visible_names(window):
    model = window.customers.model
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


@pytest.fixture
def chooser(monkeypatch):
    """The file the user picks in the open-file dialog (None: the dialog is cancelled)."""
    picked = {"file": None, "asked": 0}

    def choose(_parent, _title, _folder, _filters):
        picked["asked"] += 1
        return str(picked["file"]) if picked["file"] else ""

    monkeypatch.setattr(dialogs, "_open_file_impl", choose)
    return picked


def test_back_up_now_makes_a_backup_and_says_so(window, qtbot, db_path):
    group = window.settings.backups
    assert "No backup yet" in group.last_backup.text()
    qtbot.mouseClick(window.findChild(QPushButton, "backupNow"), Qt.MouseButton.LeftButton)
    made = backups.list_backups(db_path)
    assert len(made) == 1
    assert "Last backup" in group.last_backup.text()
    with sqlite3.connect(made[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 3


def test_restore_from_settings_brings_back_the_backup_and_the_window_shows_it(app, qtbot, sample, db_path,
                                                                               answers, inline_jobs, chooser):
    from crmdesk.ui.app.application import Controller

    copy = backups.backup(sample)
    with sample.session() as session:
        svc.create_customer(session, {"name": "박새손", "phone": "010-9999-0000"})
    controller = Controller(app, sample, "en")
    qtbot.addWidget(controller.window)
    assert "박새손" in visible_names(controller.window)

    chooser["file"] = copy
    controller.window.settings.backups.restore.click()
    qtbot.addWidget(controller.window)
    assert visible_names(controller.window) == ["김민수", "김민지", "이서연"]
    titles = [title for title, _ in answers["shown"]]
    assert titles == ["Restore a backup", "Backup restored"]
    saved = [b for b in backups.list_backups(db_path) if not b.automatic]
    assert len(saved) == 1  # the replaced database, so the restore can be undone
    with sqlite3.connect(saved[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM customer WHERE name = '박새손'").fetchone()[0] == 1


def test_restore_cancelled_in_the_confirmation_changes_nothing(window, sample, db_path, answers, chooser,
                                                                tmp_path):
    chooser["file"] = backups.backup(db_path, tmp_path / "copy.sqlite3")
    with sample.session() as session:
        svc.create_customer(session, {"name": "박새손", "phone": "010-9999-0000"})
    answers["yes"] = False
    window.settings.backups.restore.click()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 4
    assert not [b for b in backups.list_backups(db_path) if not b.automatic]


def test_closing_the_window_makes_a_backup(app, sample, db_path, monkeypatch):
    from crmdesk.ui.app import application

    monkeypatch.setattr(QApplication, "exec", lambda self: 0)  # the user closes the window at once
    assert application.run_gui(argparse.Namespace(db=str(db_path), lang="en")) == 0
    made = backups.list_backups(db_path)
    assert len(made) == 1 and made[0].automatic
    with sqlite3.connect(made[0].path) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone()[0] == 3


def test_exit_backup_never_raises(tmp_path, capsys):
    from crmdesk.store import open_store

    store = open_store(tmp_path / "gone.sqlite3")
    store.close()
    (tmp_path / "gone.sqlite3").unlink()
    assert backups.automatic_backup(store) is None
    assert "automatic backup failed" in capsys.readouterr().err


def test_a_damaged_database_at_start_up_offers_a_backup(app, sample, db_path, answers, chooser, tmp_path):
    from crmdesk.ui.data.backups_ui import open_or_offer_restore

    good = backups.backup(sample, tmp_path / "good.sqlite3")
    sample.close()
    db_path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (db_path.parent / (db_path.name + suffix)).unlink(missing_ok=True)

    answers["yes"] = False
    assert open_or_offer_restore(str(db_path)) is None
    assert "not a crmdesk database" in answers["shown"][0][1]
    assert db_path.read_bytes() == b"this is not a database" * 100  # no silent new empty database

    answers["yes"] = True
    chooser["file"] = good
    store = open_or_offer_restore(str(db_path))
    try:
        with store.session() as session:
            assert svc.count_customers(session, svc.CustomerQuery()) == 3
    finally:
        store.close()
    kept = [b for b in backups.list_backups(db_path) if not b.automatic]
    assert kept[0].path.read_bytes() == b"this is not a database" * 100


def test_the_daily_backup_runs_only_when_the_last_one_is_a_day_old(app, sample, db_path, inline_jobs):
    from datetime import timedelta

    from crmdesk.ui.data.backups_ui import DailyBackup

    daily = DailyBackup(sample)
    assert daily.timer.isActive()
    daily.run_if_due()
    made = backups.list_backups(db_path)
    assert len(made) == 1
    with sample.session() as session:
        svc.create_customer(session, {"name": "박새손", "phone": "010-9999-0000"})
    daily.run_if_due()  # the last backup is minutes old: not due yet
    assert backups.list_backups(db_path) == made
    assert backups.backup_due(sample, every=timedelta(0))
    daily.timer.stop()


def test_a_database_of_a_newer_crmdesk_is_not_offered_for_restore(app, sample, db_path, answers, chooser):
    from crmdesk.ui.data.backups_ui import open_or_offer_restore

    sample.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    assert open_or_offer_restore(str(db_path)) is None
    assert len(answers["shown"]) == 1 and "newer version of crmdesk" in answers["shown"][0][1]
    assert chooser["asked"] == 0
