"""Crash safety: a real process killed in the middle of an import leaves the database as it was, and sound."""

import sqlite3
import subprocess
import sys
import time

import pytest
from import_helpers import table_contents, write_csv

from crmdesk.services import customers as svc
from crmdesk.store import backups, open_store

# The child imports through the same runner as the window and the command line. Its progress callback
# marks the moment the purchases are written (inside the one transaction) and then waits to be killed.
CHILD = """
import sys, time
from pathlib import Path
from crmdesk.store import open_store
from crmdesk.importing import mapping as mp
from crmdesk.importing.readers import read_source
from crmdesk.importing.runner import run_import

db, csv_file, marker = sys.argv[1:4]
store = open_store(db)
source = read_source(csv_file)

def progress(done, total):
    if done >= total * 0.85 and not Path(marker).exists():
        Path(marker).write_text("writing")
        time.sleep(120)

run_import(store, source, "sales", mp.suggest_mapping(source.headers, "sales"), progress=progress)
print("finished")
"""


@pytest.mark.sqlite_only('checks the SQLite file with sqlite3 and backups.check after a kill')
def test_a_process_killed_mid_import_leaves_the_database_as_it_was(store, db_path, tmp_path):
    with store.session() as session:
        svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
    before = table_contents(store)
    store.close()
    rows = [["receipt_id", "date", "name", "phone", "product", "quantity", "amount"]]
    rows += [[f"R{i}", f"2024-03-{i % 28 + 1:02d} 12:00", f"손님{i % 500}", f"010-5{i % 500:03d}-{i % 500:04d}",
              "아메리카노", 1, 4500] for i in range(3000)]
    source = write_csv(tmp_path / "sales.csv", rows)
    marker = tmp_path / "writing.marker"

    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), str(source), str(marker)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the import never reached its writes"
            time.sleep(0.05)
        child.kill()  # SIGKILL: no rollback, no cleanup, as when the power goes
        out, _ = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode != 0 and "finished" not in out

    assert backups.check(db_path) == []
    reopened = open_store(db_path)
    try:
        assert table_contents(reopened) == before
        with reopened.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM purchase").scalar() == 0
    finally:
        reopened.close()

    # The same import left to finish (the marker exists, so it does not wait) writes every purchase.
    done = subprocess.run([sys.executable, "-c", CHILD, str(db_path), str(source), str(marker)],
                          capture_output=True, text=True, timeout=120)
    assert "finished" in done.stdout, done.stderr
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM purchase").fetchone()[0] == 3000
