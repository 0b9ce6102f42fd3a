"""Shared fixtures: headless Qt, and a fresh migrated database for every test (copied from a template).

One ``store`` fixture, two back ends: under tests/store, services, importing, analytics and cli a test that uses
``store`` runs on SQLite and on PostgreSQL (ids ``[sqlite]`` / ``[postgresql]``). PostgreSQL needs a server:
CRMDESK_TEST_PG is the URL of a migrated template database (``tools/pg_test_server.py start`` makes one; .ci/run
does); each test gets its own copy (CREATE DATABASE ... TEMPLATE), dropped afterwards. Without the variable the
PostgreSQL half is skipped with that reason, unless CRMDESK_TEST_PG_REQUIRED=1 (CI), which makes it an error.

A test that is about SQLite by nature (the database file: ``db_path``, copies, PRAGMA, WAL) says so with
``@pytest.mark.sqlite_only(reason)`` and runs on SQLite alone; a test in those folders that reaches ``db_path``
without the mark is a collection error, so nothing drops off the PostgreSQL run unnoticed. What crmdesk cannot yet
do on PostgreSQL is ``@pytest.mark.xfail_postgresql(what is missing)``: a strict xfail of the PostgreSQL half only.
"""

from __future__ import annotations

import itertools
import os
import shutil
from concurrent.futures import Future
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


PG_URL = os.environ.get("CRMDESK_TEST_PG", "")
PG_REQUIRED = os.environ.get("CRMDESK_TEST_PG_REQUIRED") == "1"
BOTH_BACKENDS = ("store", "services", "importing", "analytics", "cli")  # folders under tests/
TESTS = Path(__file__).resolve().parent
NO_SERVER = ("CRMDESK_TEST_PG is not set: the PostgreSQL half needs a server "
             "(python tools/pg_test_server.py start --env-file F; then export the variables in F)")


def runs_on_both(path: Path) -> bool:
    try:
        folder = Path(path).resolve().relative_to(TESTS).parts[0]
    except (ValueError, IndexError):
        return False
    return folder in BOTH_BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if not runs_on_both(metafunc.definition.path):
        return
    sqlite_only = metafunc.definition.get_closest_marker("sqlite_only")
    if sqlite_only is not None:
        if not (sqlite_only.args or sqlite_only.kwargs.get("reason")):
            raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs a reason")
        return
    if "db_path" in metafunc.fixturenames:
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid} uses db_path (the SQLite file) in a folder that runs on both back ends: "
            "mark it @pytest.mark.sqlite_only(reason), or use store / db_target")
    if "store" in metafunc.fixturenames or "db_target" in metafunc.fixturenames:
        marks = [] if PG_URL or PG_REQUIRED else [pytest.mark.skip(reason=NO_SERVER)]
        missing = metafunc.definition.get_closest_marker("xfail_postgresql")
        if missing is not None:
            marks.append(pytest.mark.xfail(strict=True, reason=f"PostgreSQL: {missing.args[0]}"))
        metafunc.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=marks)], scope="function")


@pytest.fixture
def backend() -> str:
    """The store's back end: "sqlite" unless the test is parametrized over both (see the module's text)."""
    return "sqlite"


_pg_numbers = itertools.count(1)


class PgServer:
    """The test server as one pytest process sees it: an autocommit engine on the maintenance database (never the
    template: a session there would block CREATE DATABASE ... TEMPLATE), and one helper thread that copies the
    next test's database and drops the last one while a test runs."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url
        from sqlalchemy.pool import NullPool

        self.url = make_url(PG_URL)
        self.engine = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                                    poolclass=NullPool)
        self.helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pg-databases")
        self.next: Future | None = None
        self.checked = False

    def _create(self) -> tuple[str, str]:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = f"crmdesk_t_{worker}_{os.getpid()}_{next(_pg_numbers)}"
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{self.url.database}"')
        return name, self.url.set(database=name).render_as_string(hide_password=False)

    def _drop(self, name: str) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def create(self) -> tuple[str, str]:
        """A fresh database copied from the migrated template: (name, URL). Named per xdist worker and process,
        so workers never collide."""
        ready = self.next.result() if self.next is not None else self._create()
        self.next = self.helper.submit(self._create)
        if not self.checked:
            _check_template(ready[1])
            self.checked = True
        return ready

    def drop(self, name: str) -> None:
        """Dropped by the helper thread once the test is done with it (FORCE ends connections left open)."""
        self.helper.submit(self._drop, name)

    def close(self) -> None:
        if self.next is not None:
            self.helper.submit(self._drop, self.next.result()[0])
        self.helper.shutdown(wait=True)
        self.engine.dispose()


@pytest.fixture(scope="session")
def pg_server():
    if not PG_URL:
        if PG_REQUIRED:
            pytest.fail("CRMDESK_TEST_PG_REQUIRED=1 but CRMDESK_TEST_PG is not set: " + NO_SERVER, pytrace=False)
        pytest.skip(NO_SERVER)
    server = PgServer()
    yield server
    server.close()


@pytest.fixture
def pg_database(pg_server: PgServer) -> object:
    """The test's own database (URL), dropped when the test ends."""
    name, target = pg_server.create()
    yield target
    pg_server.drop(name)


def _check_template(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    from crmdesk.store.schema import HEAD

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    if revision != HEAD:
        pytest.exit(f"The PostgreSQL test template is at schema {revision}, this crmdesk at {HEAD}: start the test "
                    "server again (tools/pg_test_server.py stop, then start).", returncode=3)


@pytest.fixture
def db_target(request: pytest.FixtureRequest, backend: str) -> str:
    """Where the store's database is, as ``--db`` takes it: the SQLite file's path or the PostgreSQL URL."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_database"))
    return str(request.getfixturevalue("db_path"))


@pytest.fixture
def make_store(request: pytest.FixtureRequest, backend: str, template_db: Path, tmp_path: Path):
    """``make_store()``: one more fresh, migrated, empty store on the test's back end (closed and dropped after)."""
    from crmdesk.store import open_store

    opened = []
    databases: list[str] = []
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None

    def make():
        if server is not None:
            name, target = server.create()
            databases.append(name)
        else:
            target = str(tmp_path / f"more-{len(opened)}.sqlite3")
            shutil.copyfile(template_db, target)
        opened.append(open_store(target))
        return opened[-1]

    yield make
    for store in opened:
        store.close()
    for name in databases:
        server.drop(name)


@pytest.fixture
def store(db_target: str):
    from crmdesk.store import open_store

    store = open_store(db_target)
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
