"""The server stops (issue 16): every kind of command exits 1 with one line saying the server cannot be reached,
its password hidden, never a traceback. A real server, made as `crmdesk server init` makes one, then stopped;
and one stopped while a command runs."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from crmdesk.app import main
from crmdesk.errors import StoreError
from crmdesk.store import pg_server

PG_REQUIRED = os.environ.get("CRMDESK_TEST_PG_REQUIRED") == "1"


@pytest.fixture(scope="module")
def server():
    """(folder, URL) of a real server holding a migrated shop database; stopped when the tests begin."""
    try:
        pg_server.find_programs()
    except StoreError as exc:
        if PG_REQUIRED:
            raise
        pytest.skip(str(exc))
    base = Path(tempfile.mkdtemp(prefix="crmdesk-down-test-"))
    base.chmod(0o755)  # the server's user (not root) reaches its folder
    folder = base / "server"
    made = pg_server.init_server(folder, port=pg_server.free_port())
    pg_server.stop_server(folder)
    yield folder, made.url
    if pg_server.server_running(folder):
        pg_server.stop_server(folder)
    shutil.rmtree(base)


def _one_line_refusal(capsys, url: str, argv: list[str]) -> str:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1, (out, err)
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "cannot be reached" in lines[0] and make_url(url).password not in err
    return lines[0]


@pytest.mark.parametrize("command", [
    ["info"],  # every command that opens the store first
    ["customers"],
    ["rfm"],
    ["import", "sales", "SALES"],  # the big write
    ["backup"],  # the server's own file commands: pg_dump, pg_restore
    ["check"],
    ["restore", "DUMP", "--yes"],
], ids=lambda argv: argv[0])
def test_a_command_against_a_stopped_server_is_one_line(server, capsys, tmp_path, command):
    _, url = server
    sales = tmp_path / "sales.csv"
    sales.write_text("날짜,전화,상품,금액\n2025-01-02,010-1234-5678,아메리카노,4500\n", encoding="utf-8")
    dump = tmp_path / "shop.dump"
    dump.write_bytes(b"PGDMP")
    argv = [{"SALES": str(sales), "DUMP": str(dump)}.get(a, a) for a in command]
    _one_line_refusal(capsys, url, ["--db", url, *argv])


def test_moving_a_file_to_a_stopped_server_is_one_line_and_leaves_the_file(server, capsys, tmp_path):
    _, url = server
    source = tmp_path / "shop.sqlite3"
    assert main(["--db", str(source), "demo", "--customers", "20"]) == 0
    capsys.readouterr()
    before = source.read_bytes()
    _one_line_refusal(capsys, url, ["--db", str(source), "move-to", url])
    assert source.read_bytes() == before


def test_a_server_that_stops_while_a_command_runs_is_one_line(server, capsys, monkeypatch):
    folder, url = server
    pg_server.start_server(folder)
    from crmdesk.cli import dispatch

    signed_in = dispatch.act_as_owner

    def then_the_server_stops(args, store):
        signed_in(args, store)
        store.engine.dispose()  # the open connections went with the server
        pg_server.stop_server(folder)

    monkeypatch.setattr(dispatch, "act_as_owner", then_the_server_stops)
    _one_line_refusal(capsys, url, ["--db", url, "customers"])
    assert not pg_server.server_running(folder)
