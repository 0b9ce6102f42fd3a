"""The audit log's hash chain is keyed (issue 15): links are HMACs under a secret kept outside the database
(store/audit_key.py), so someone who can write the file but lacks the key cannot rewrite an entry and recompute the
chain. Entries from before the key keep their plain links and stay verifiable; the first keyed entry links to them."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from crmdesk.models.privacy import APPEND_ONLY_TRIGGERS, chain_hash, key_id_of, keyed_chain_hash
from crmdesk.services import audit, audit_check, staff
from crmdesk.services import customers as customers_svc
from crmdesk.store import audit_key

ROWS = "SELECT id, at, staff_id, actor, action, customer_id, details_digest, hash FROM audit_log ORDER BY id"


pytestmark = pytest.mark.sqlite_only("tampers with the SQLite file; crmdesk check on PostgreSQL "
                                    "is issue 16's remaining work")


@pytest.fixture
def shop(store, db_path):
    with store.session() as s:
        cid = customers_svc.create_customer(s, {"name": "김민수", "phone": "010-1234-5678"}).id
        customers_svc.update_customer(s, cid, {"memo": "라떼 좋아함"})
        staff.create_staff(s, "김하늘")
        audit.record(s, "view", cid)
    store.close()
    return db_path


def raw(db_path):
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")  # someone with the file drops what is in the way
    return conn


def relink(conn, *, first_changed: int, link) -> None:
    """Recompute every link from ``first_changed`` on with ``link(prev, row)`` (as crmdesk's own code would)."""
    prev = ""
    for entry_id, at, staff_id, actor, action, customer_id, digest, old in conn.execute(ROWS).fetchall():
        new = old if entry_id < first_changed else link(prev, (at, staff_id, actor, action, customer_id, digest))
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, new, entry_id))
        prev = new


def plain(prev, row):
    return chain_hash(prev, *row)


def test_links_are_keyed_and_the_key_is_not_in_the_database(shop):
    conn = sqlite3.connect(shop)
    links = [r[-1] for r in conn.execute(ROWS)]
    [key_id] = {key_id_of(link) for link in links}
    assert conn.execute("SELECT value FROM setting WHERE key = 'audit_key_id'").fetchone() == (key_id,)
    conn.close()
    key = audit_key.load(key_id)
    assert key is not None and key.database == str(shop.resolve())
    assert key.secret not in shop.read_bytes() and key.secret.hex().encode() not in shop.read_bytes()
    key_file = audit_key.keys_dir() / f"audit-{key_id}.key"
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # readable by this user only
    assert audit_check.audit_problems(shop) == []


def test_a_rewritten_entry_with_a_recomputed_plain_hash_is_detected(shop):
    conn = raw(shop)
    conn.execute("UPDATE audit_log SET actor = '아무개' WHERE id = 2")
    relink(conn, first_changed=2, link=plain)  # every later link recomputed, without the key
    conn.close()
    problems = audit_check.audit_problems(shop)
    assert any("#2 has been changed since it was written" in p and "made without the audit key" in p
               for p in problems), problems


def test_a_keyed_link_recomputed_with_a_guessed_key_is_detected(shop):
    conn = raw(shop)
    key_id = conn.execute("SELECT value FROM setting WHERE key = 'audit_key_id'").fetchone()[0]
    conn.execute("UPDATE audit_log SET action = 'sign_in' WHERE id = 2")
    relink(conn, first_changed=2, link=lambda prev, row: keyed_chain_hash(key_id, b"guessed" * 5, prev, *row))
    conn.close()
    assert any("#2 has been changed since it was written" in p for p in audit_check.audit_problems(shop))


def test_a_log_rewritten_wholesale_as_plain_is_detected_on_the_computer_that_keyed_it(shop):
    conn = raw(shop)
    conn.execute("UPDATE audit_log SET actor = '아무개' WHERE id = 1")
    relink(conn, first_changed=1, link=plain)
    conn.execute("DELETE FROM setting WHERE key = 'audit_key_id'")
    conn.close()
    problems = audit_check.audit_problems(shop)
    assert any("rewritten without it" in p for p in problems), problems


def test_entries_from_before_the_key_stay_verifiable_and_the_first_keyed_one_links_to_them(shop, store):
    """A log written before the key (plain links, no key named): checked as before; the next entry is keyed."""
    conn = raw(shop)
    key_id = conn.execute("SELECT value FROM setting WHERE key = 'audit_key_id'").fetchone()[0]
    relink(conn, first_changed=1, link=plain)
    conn.execute("DELETE FROM setting WHERE key = 'audit_key_id'")
    conn.execute(APPEND_ONLY_TRIGGERS["audit_log_no_update"])  # the log as crmdesk wrote it before the key
    conn.close()
    (audit_key.keys_dir() / f"audit-{key_id}.key").unlink()  # as if no key had ever been made
    assert audit_check.audit_problems(shop) == []

    with store.session() as s:
        audit.record(s, "export", None, {"rows": 3})
    store.close()
    conn = sqlite3.connect(shop)
    rows = conn.execute("SELECT prev_hash, hash FROM audit_log ORDER BY id DESC LIMIT 2").fetchall()
    conn.close()
    (prev_hash, newest), (_, last_plain) = rows
    assert key_id_of(last_plain) is None and key_id_of(newest) is not None and prev_hash == last_plain
    assert audit_check.audit_problems(shop) == []


def test_entries_keyed_on_another_computer_are_said_to_be_unverifiable_here(shop, store, tmp_path):
    conn = sqlite3.connect(shop)
    key_id = conn.execute("SELECT value FROM setting WHERE key = 'audit_key_id'").fetchone()[0]
    conn.close()
    key_file = audit_key.keys_dir() / f"audit-{key_id}.key"
    key_file.rename(tmp_path / key_file.name)  # the database was copied to a computer without that key

    with store.session() as s:
        audit.record(s, "view", None)  # this computer keys its new entries with a key of its own
    store.close()
    problems = audit_check.audit_problems(shop)
    assert len(problems) == 1 and f"keyed with key {key_id} cannot be verified on this computer" in problems[0]

    (tmp_path / key_file.name).rename(key_file)  # the key copied along, as the README says
    assert audit_check.audit_problems(shop) == []
