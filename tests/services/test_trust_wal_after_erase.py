"""An erase empties the write-ahead log; when a reader holds an old snapshot of the file the log cannot be emptied.
That used to be given up quietly after about two seconds, leaving the pages from before the erase on disk. Now the
unit of work says so (privacy.wal_left_behind), the command line tells the user and retries, and the window does
the same (tests/ui/card/test_wal_after_erase_ui.py). Issue 15, erased means gone."""

from __future__ import annotations

import sqlite3

import pytest

from crmdesk.app import main
from crmdesk.cli import trust as cli_trust
from crmdesk.services import customers as svc
from crmdesk.services import privacy

NAME = "황보준혁"


pytestmark = pytest.mark.sqlite_only("about SQLite's write-ahead log file")


def _customer(store) -> int:
    with store.session() as session:
        return svc.create_customer(session, {"name": NAME, "phone": "010-9876-1234"}).id


def _on_disk(db_path) -> bytes:
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def _wal_size(db_path) -> int:
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


@pytest.fixture
def reader(db_path):
    """Another program reading the file: an open read transaction holds its snapshot (and the old pages)."""
    conn = sqlite3.connect(db_path, check_same_thread=False)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM customer").fetchone()
    yield conn
    conn.close()


def test_an_erase_under_a_reader_says_the_log_was_left_and_a_retry_empties_it(store, db_path, reader):
    cid = _customer(store)
    with store.session() as session:
        privacy.erase_customer(session, cid, confirm=True)
    assert privacy.wal_left_behind(session) is True
    assert _wal_size(db_path) > 0
    assert privacy.checkpoint_wal(store.engine, seconds=0.3) is False  # still held

    reader.rollback()  # the reader lets go
    assert privacy.checkpoint_wal(store.engine, seconds=2) is True
    assert _wal_size(db_path) == 0 and NAME.encode() not in _on_disk(db_path)


def test_an_erase_without_a_reader_leaves_nothing_to_say(store, db_path):
    cid = _customer(store)
    with store.session() as session:
        privacy.erase_customer(session, cid, confirm=True)
    assert privacy.wal_left_behind(session) is False and _wal_size(db_path) == 0


def test_the_command_line_says_so_waits_and_reports_success(store, db_path, reader, capsys, monkeypatch):
    cid = _customer(store)
    store.close()
    monkeypatch.setattr(cli_trust, "WAL_RETRY_SECONDS", 10.0)
    first_try = privacy.checkpoint_wal

    def retry(bind, *, seconds=2.0):
        if seconds == 10.0:
            reader.rollback()  # the other program lets go while the command waits
        return first_try(bind, seconds=seconds)

    monkeypatch.setattr(privacy, "checkpoint_wal", retry)
    assert main(["--lang", "en", "--db", str(db_path), "privacy", "erase", str(cid), "--yes"]) == 0
    out, err = capsys.readouterr()
    assert "another program" in err and "waiting up to 10 s" in err
    assert "-wal is emptied" in out
    assert _wal_size(db_path) == 0 and NAME.encode() not in _on_disk(db_path)


def test_the_command_line_warns_in_korean_when_the_values_stay(store, db_path, reader, capsys, monkeypatch):
    cid = _customer(store)
    store.close()
    monkeypatch.setattr(cli_trust, "WAL_RETRY_SECONDS", 0.5)
    assert main(["--lang", "ko", "--db", str(db_path), "privacy", "erase", str(cid), "--yes"]) == 3
    err = capsys.readouterr().err
    assert "기다립니다" in err
    assert "경고: 다른 프로그램이 데이터베이스를 열고 있어" in err and f"{db_path}-wal" in err
