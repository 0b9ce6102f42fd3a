"""A consent change made while another process holds the write lock (a large import does, from the start) waits
for it and is kept, instead of failing with "database is locked" (issue 15, import that survives)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest

from crmdesk.services import customers as svc


@pytest.mark.sqlite_only("SQLite's write lock held by another process")
def test_a_consent_change_during_an_import_waits_for_its_lock_and_is_kept(store, db_path):
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
    store.close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # what an import holds while it plans and writes
    holder.execute("UPDATE setting SET value = value WHERE key = 'shop_name'")
    change = subprocess.Popen([sys.executable, "-m", "crmdesk.app", "--db", str(db_path), "consent", str(cid),
                               "--grant", "sms", "--method", "paper"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    time.sleep(3)  # the command has started, read the card and now wants to write
    holder.execute("COMMIT")
    holder.close()
    out, err = change.communicate(timeout=60)
    assert change.returncode == 0, err
    con = sqlite3.connect(db_path)
    granted = con.execute("SELECT granted FROM consent_event WHERE customer_id = ? AND purpose = 'sms' "
                          "ORDER BY id DESC LIMIT 1", (cid,)).fetchone()
    con.close()
    assert granted == (1,)
