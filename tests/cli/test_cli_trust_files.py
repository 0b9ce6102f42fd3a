"""Files that cannot bite and erasure that reaches the backups, as a user runs the commands (issue 15)."""

import os
import subprocess
import sys

import pytest

from crmdesk.services import customers as svc
from crmdesk.services import privacy


def crmdesk(*args, check=True):
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    env.pop("CRMDESK_PASSWORD", None)
    result = subprocess.run([sys.executable, "-m", "crmdesk.app", *map(str, args)], capture_output=True,
                            text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def shop(store, db_path):
    with store.session() as session:
        gone = svc.create_customer(session, {"name": "최유리", "phone": "010-7777-4321"}).id
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
    store.close()
    return db_path, gone


@pytest.mark.sqlite_only("about the SQLite file and its backup copies")
def test_backup_file_over_an_existing_file_needs_force(shop, tmp_path):
    db, _ = shop
    usb = tmp_path / "usb.sqlite3"
    crmdesk("--db", db, "backup", usb)
    refused = crmdesk("--db", db, "backup", usb, check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert "Backed up" in crmdesk("--db", db, "backup", usb, "--force").stdout
    over_live = crmdesk("--db", db, "backup", db, "--force", check=False)
    assert over_live.returncode != 0 and db.read_bytes()[:16] == b"SQLite format 3\x00"


def test_an_export_named_over_the_live_database_is_refused(store, tmp_path):
    live = tmp_path / "shop.csv"  # the live database, named like an export
    from crmdesk.store import open_store

    open_store(live).close()
    result = crmdesk("--db", live, "export", "customers", live, check=False)
    assert result.returncode != 0 and "database" in result.stderr
    assert live.read_bytes()[:16] == b"SQLite format 3\x00"


@pytest.mark.sqlite_only("about the SQLite file and its backup copies")
def test_backups_marks_those_holding_erased_customers_and_removes_them(shop, store):
    db, gone = shop
    crmdesk("--db", db, "backup")
    from crmdesk.store import open_store

    live = open_store(db)
    with live.session() as session:
        privacy.erase_customer(session, gone, confirm=True)
    live.close()
    listed = crmdesk("--db", db, "backups").stdout
    assert "holds 1 erased" in listed and "--remove-erased" in listed
    refused = crmdesk("--db", db, "backups", "--remove-erased", check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    removed = crmdesk("--db", db, "backups", "--remove-erased", "--yes").stdout
    assert "Removed" in removed
    assert "No backups yet" in crmdesk("--db", db, "backups").stdout
