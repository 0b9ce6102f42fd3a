"""`crmdesk server init|start|stop|status DIR` against the PostgreSQL programs of this machine: one real cluster for
the module (init takes ~10 s), made, used, stopped and started again as a shop owner would."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from crmdesk.app import main
from crmdesk.errors import StoreError
from crmdesk.store import pg_server

PG_REQUIRED = os.environ.get("CRMDESK_TEST_PG_REQUIRED") == "1"


def _programs_or_skip() -> None:
    try:
        pg_server.find_programs()
    except StoreError as exc:
        if PG_REQUIRED:
            raise
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """A server made by the command in a folder the server's user can reach (/tmp, not pytest's private one)."""
    _programs_or_skip()
    base = Path(tempfile.mkdtemp(prefix="crmdesk-server-test-"))
    base.chmod(0o755)
    folder = base / "shop-server"
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--lang", "en", "server", "init", str(folder), "--port", str(pg_server.free_port()),
                     "--listen", "192.168.77.10"])
    assert code == 0
    yield folder, out.getvalue()
    if pg_server.server_running(folder):
        pg_server.stop_server(folder)
    shutil.rmtree(base)


def _local_url(folder: Path) -> str:
    url = (folder / "connection-url.txt").read_text(encoding="utf-8").strip()
    return url.replace("192.168.77.10", "127.0.0.1")


def test_init_prints_the_url_once_and_says_where_it_is_kept(made):
    folder, out = made
    url = (folder / "connection-url.txt").read_text(encoding="utf-8").strip()
    assert url.startswith("postgresql+psycopg://crmdesk:") and "@192.168.77.10:" in url and url.endswith("/shop")
    assert url in out  # shown once, at init
    assert str(folder / "connection-url.txt") in out
    assert stat.S_IMODE((folder / "connection-url.txt").stat().st_mode) == 0o600
    assert "192.168.77.0/24" in out  # the LAN network allowed in, with a password


def test_the_lan_logs_in_with_a_scram_password_and_nothing_else_gets_in(made):
    folder, _ = made
    hba = (folder / "data" / "pg_hba.conf").read_text()
    rules = [line.split() for line in hba.splitlines() if line and not line.startswith("#")]
    assert ["host", "all", "all", "192.168.77.0/24", "scram-sha-256"] in rules
    assert all(rule[-1] == "scram-sha-256" for rule in rules if rule[0] == "host")
    assert "listen_addresses = '127.0.0.1,192.168.77.10'" in (folder / "data" / "postgresql.conf").read_text()


def test_the_login_role_is_no_superuser_and_the_ledgers_belong_to_the_guard(made):
    import sqlalchemy as sa

    folder, _ = made
    engine = sa.create_engine(_local_url(folder))
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar() is False
            owners = dict(conn.execute(sa.text(
                "SELECT tablename, tableowner FROM pg_tables WHERE tablename IN ('audit_log', 'consent_event')")).all())
            assert owners == {"audit_log": "crmdesk_ledger", "consent_event": "crmdesk_ledger"}
            with pytest.raises(sa.exc.ProgrammingError):
                conn.execute(sa.text("DROP TRIGGER audit_log_append_only ON audit_log"))
    finally:
        engine.dispose()


def test_a_wrong_password_is_refused(made):
    import sqlalchemy as sa

    folder, _ = made
    url = sa.engine.make_url(_local_url(folder)).set(password="not-the-password")
    engine = sa.create_engine(url)
    try:
        with pytest.raises(sa.exc.OperationalError, match="password authentication failed"):
            engine.connect()
    finally:
        engine.dispose()


def test_status_stop_start_and_terminals_use_it(made, capsys):
    folder, _ = made
    url = _local_url(folder)
    assert main(["--db", url, "demo", "--customers", "30"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "server", "status", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Running: postgresql+psycopg://crmdesk:***@192.168.77.10:")
    assert main(["server", "stop", str(folder)]) == 0
    assert main(["--lang", "en", "server", "status", str(folder)]) == 3
    assert "Not running" in capsys.readouterr().out
    assert main(["--lang", "ko", "server", "start", str(folder)]) == 0
    assert "실행 중" in capsys.readouterr().out
    assert main(["--db", url, "customers", "--limit", "0"]) == 0
    assert "30" in capsys.readouterr().out.splitlines()[-1]


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    _programs_or_skip()
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["server", "init", str(tmp_path)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_missing_programs_say_which_package_provides_them(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PG_BIN", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg_server, "SEARCH_PATHS", ())
    assert main(["server", "init", str(tmp_path / "srv")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "apt-get install postgresql" in err and "postgresql-server" in err and "EDB installer" in err
    assert not (tmp_path / "srv").exists()


def test_a_folder_without_a_server_is_named(tmp_path, capsys):
    assert main(["server", "status", str(tmp_path)]) == 1
    assert "holds no crmdesk server" in capsys.readouterr().err


@pytest.mark.parametrize(("listen", "networks"), [
    ([], []), (["192.168.0.10"], ["192.168.0.0/24"]), (["10.1.2.0/24"], ["10.1.2.0/24"]),
    (["*"], list(pg_server.PRIVATE_NETWORKS)), (["127.0.0.1"], []),
])
def test_networks_allowed_for_the_addresses_given(listen, networks):
    assert pg_server.networks_for(listen) == networks


def test_a_listen_address_that_is_not_one_is_refused(capsys):
    assert main(["server", "init", "/nonexistent-folder-x", "--listen", "shop-pc"]) == 1
    assert "--listen shop-pc" in capsys.readouterr().err
