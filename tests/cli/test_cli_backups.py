"""crmdesk backup / backups / restore / check as a user runs them: a real process, exit codes, messages."""

import os
import sqlite3
import subprocess
import sys

import pytest

from crmdesk.app import main
from crmdesk.services import customers as svc

pytestmark = pytest.mark.sqlite_only("the backup commands on the SQLite file (pg_dump: issue 16, not yet)")


def crmdesk(*args, check=True):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True,
                            text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def names(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM customer"))
    finally:
        conn.close()


@pytest.fixture
def shop(store, db_path):
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
    store.close()
    return db_path


def test_backup_without_a_file_goes_to_the_backups_folder_and_is_listed(shop):
    result = crmdesk("--db", shop, "backup")
    made = list((shop.parent / "backups").glob("crmdesk-*.sqlite3"))
    assert len(made) == 1
    assert str(made[0]) in result.stdout
    assert names(made[0]) == ["김민수"]
    listed = crmdesk("--db", shop, "backups").stdout
    assert str(made[0]) in listed and "automatic" in listed and "1 backup in" in listed


def test_backups_says_when_there_are_none(shop):
    assert "No backups yet" in crmdesk("--db", shop, "backups").stdout


def test_backup_to_a_file_and_restore_with_yes(shop, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    crmdesk("--db", shop, "backup", copy)
    conn = sqlite3.connect(shop)
    conn.execute("DELETE FROM customer")
    conn.commit()
    conn.close()
    result = crmdesk("--db", shop, "restore", copy, "--yes")
    assert names(shop) == ["김민수"]
    assert "saved as" in result.stdout
    assert "before restore" in crmdesk("--db", shop, "backups").stdout


def test_restore_without_yes_off_a_terminal_refuses_and_changes_nothing(shop, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    crmdesk("--db", shop, "backup", copy)
    conn = sqlite3.connect(shop)
    conn.execute("DELETE FROM customer")
    conn.commit()
    conn.close()
    result = crmdesk("--db", shop, "restore", copy, check=False)  # stdin is not a terminal here
    assert result.returncode == 1
    assert "--yes" in result.stderr and "Traceback" not in result.stderr
    assert names(shop) == []


def test_restore_asks_on_a_terminal(shop, tmp_path, monkeypatch, capsys):
    copy = tmp_path / "copy.sqlite3"
    crmdesk("--db", shop, "backup", copy)
    conn = sqlite3.connect(shop)
    conn.execute("DELETE FROM customer")
    conn.commit()
    conn.close()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["--db", str(shop), "restore", str(copy)]) == 1
    assert names(shop) == []
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["--db", str(shop), "restore", str(copy)]) == 0
    assert names(shop) == ["김민수"]


def test_restore_of_a_file_that_is_not_a_backup_is_refused_in_one_line(shop, tmp_path):
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("not a database")
    result = crmdesk("--db", shop, "restore", bogus, "--yes", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("crmdesk: ") and len(result.stderr.strip().splitlines()) == 1
    assert "not an SQLite file" in result.stderr
    assert names(shop) == ["김민수"]


def test_check_passes_a_sound_database_and_fails_a_broken_one(shop):
    ok = crmdesk("--db", shop, "check")
    assert "no problems found" in ok.stdout
    conn = sqlite3.connect(shop)
    conn.execute("INSERT INTO purchase (customer_id, purchased_at, total, created_at, discount) "
                 "VALUES (99, '2024-02-01 12:00:00', 12000, '2024-02-01 12:00:00', 0)")
    conn.commit()
    conn.close()
    bad = crmdesk("--db", shop, "check", check=False)
    assert bad.returncode == 1
    assert "purchase row 1: customer_id points to a customer that does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_check_of_a_file_that_is_not_a_database_fails_without_a_traceback(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = crmdesk("--db", bogus, "check", check=False)
    assert result.returncode == 1
    assert "not an SQLite database file" in result.stderr and "Traceback" not in result.stderr
    assert bogus.read_text() == "not a database"


def test_backup_of_a_server_that_cannot_be_reached_says_so():
    """A server database is backed up with pg_dump (tests/cli/test_server_backups.py); one that does not answer is
    one line."""
    result = crmdesk("--db", "postgresql://user:pw@127.0.0.1:1/shop", "backup", check=False)
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr and ":***@" in result.stderr


@pytest.mark.parametrize("args", [["backup", "--help"], ["backups", "--help"], ["restore", "--help"],
                                  ["check", "--help"]])
def test_backup_commands_have_help(args, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    assert "--db" in capsys.readouterr().out
