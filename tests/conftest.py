"""Shared fixtures: headless Qt, and a fresh migrated database for every test (copied from a template)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch the developer's real database or settings.
os.environ.pop("CRMDESK_DB", None)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated empty database per test run; each test gets a copy (migrating costs ~1 s)."""
    from crmdesk.store import open_store

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    store = open_store(path)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture(autouse=True)
def _widgets_app(qapp):
    """The session's QApplication exists before anything renders a PDF in-process (the command line's report
    commands, the overwrite guard of write_pdf), which would otherwise create a bare QGuiApplication: every window
    test that ran later in the same worker then failed to start."""
    return qapp


@pytest.fixture(autouse=True)
def _quick_hashing(monkeypatch):
    """Tests sign in and set PINs hundreds of times: in-process they hash at scrypt N=2^14 (~0.1 s) instead of
    the real 2^17 (~0.5 s). tests/services/test_auth.py checks the real cost (monkeypatch.undo())."""
    from crmdesk.services import auth

    monkeypatch.setattr(auth, "SCRYPT_N", 2**14)


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "crmdesk.sqlite3"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def store(db_path: Path):
    from crmdesk.store import open_store

    store = open_store(db_path)
    yield store
    store.close()


@pytest.fixture(autouse=True)
def _isolated_qt_settings(tmp_path_factory: pytest.TempPathFactory):
    """QSettings go to a temp folder, never to the developer's own crmdesk settings."""
    try:
        from PySide6.QtCore import QCoreApplication, QSettings
    except ImportError:  # pragma: no cover - Qt is a hard dependency
        yield
        return
    QCoreApplication.setOrganizationName("crmdesk-tests")
    QCoreApplication.setApplicationName("crmdesk-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path_factory.mktemp("qsettings")))
    QSettings().clear()
    yield


@pytest.fixture
def answers(monkeypatch):
    """Records every message box the window would show, and answers confirmations with ``yes``."""
    from crmdesk.ui.kit import dialogs

    record = {"shown": [], "yes": True}

    def confirm(_parent, title, text):
        record["shown"].append((title, text))
        return record["yes"]

    def inform(_parent, title, text):
        record["shown"].append((title, text))

    monkeypatch.setattr(dialogs, "_confirm_impl", confirm)
    monkeypatch.setattr(dialogs, "_inform_impl", inform)
    return record


@pytest.fixture
def inline_jobs(monkeypatch):
    from crmdesk.ui.kit import jobs

    monkeypatch.setattr(jobs, "run_inline", True)
