"""backup, backups, restore and check when --db is a PostgreSQL server: pg_dump's custom format verified with
pg_restore --list, listed by `crmdesk backups`, restored into an empty database with the same exports after."""

from __future__ import annotations

import hashlib

import pytest

from crmdesk.app import main
from crmdesk.store import pg_server


@pytest.fixture
def server_shop(pg_database, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["--db", pg_database, "demo", "--customers", "40"]) == 0
    capsys.readouterr()
    return pg_database


def _exports(db, folder, capsys) -> list[str]:
    folder.mkdir()
    seen = []
    for what in ("customers", "sales", "touchpoints"):
        assert main(["--db", db, "export", what, str(folder / f"{what}.csv"), "--headers", "en"]) == 0
        seen.append(hashlib.sha256((folder / f"{what}.csv").read_bytes()).hexdigest())
    capsys.readouterr()
    return seen


def test_backup_is_listed_and_restores_into_an_empty_database(server_shop, pg_server, tmp_path, capsys):
    assert main(["--lang", "en", "--db", server_shop, "backup"]) == 0
    out = capsys.readouterr().out
    assert "pg_dump custom format" in out and ":***@" not in out
    assert main(["--lang", "en", "--db", server_shop, "audit", "--action", "backup"]) == 0
    assert "1 entries shown" in capsys.readouterr().out  # a full copy of every customer is audited, as for a file
    assert main(["--lang", "en", "--db", server_shop, "backups"]) == 0
    listing = capsys.readouterr().out
    assert "1 backup(s)" in listing and ".dump" in listing
    dump = next((tmp_path / "data").rglob("*.dump"))
    before = _exports(server_shop, tmp_path / "before", capsys)
    name, empty = pg_server.create()
    try:
        assert main(["--lang", "en", "--db", empty, "restore", str(dump), "--yes"]) == 0
        assert "Restored" in capsys.readouterr().out
        assert _exports(empty, tmp_path / "after", capsys) == before
        assert main(["--lang", "en", "--db", empty, "check"]) == 0
        assert "no problems found" in capsys.readouterr().out
    finally:
        pg_server.drop(name)


def test_restore_into_a_database_with_data_is_refused(server_shop, tmp_path, capsys):
    assert main(["--db", server_shop, "backup"]) == 0
    dump = next((tmp_path / "data").rglob("*.dump"))
    capsys.readouterr()
    assert main(["--lang", "en", "--db", server_shop, "restore", str(dump), "--yes"]) == 1
    err = capsys.readouterr().err
    assert "is not empty" in err and len(err.strip().splitlines()) == 1


def test_a_dump_that_is_not_one_is_not_restored(server_shop, tmp_path, capsys):
    fake = tmp_path / "fake.dump"
    fake.write_bytes(b"not a dump")
    assert main(["--db", server_shop, "restore", str(fake), "--yes"]) == 1
    assert "pg_restore failed" in capsys.readouterr().err


def test_missing_backup_programs_say_where_they_come_from(server_shop, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PG_BIN", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pg_server, "SEARCH_PATHS", ())
    assert main(["--db", server_shop, "backup"]) == 1
    err = capsys.readouterr().err
    assert "postgresql-client" in err and "EDB installer" in err


def test_check_on_a_server_reads_triggers_and_chain(server_shop, capsys):
    assert main(["--lang", "en", "--db", server_shop, "check"]) == 0
    assert "append-only triggers, audit chain" in capsys.readouterr().out
