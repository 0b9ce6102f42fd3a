"""Two terminals on one PostgreSQL database write one audit log: its links must not depend on a key kept in one
computer's folder (each terminal would make its own and rename the database's). There the links stay plain and
the server guards the log (tests/store/test_postgres_ledgers.py); on an SQLite file they are keyed."""

from __future__ import annotations

from sqlalchemy import text

from crmdesk.access import MACHINE_OWNER
from crmdesk.models.privacy import chain_hash
from crmdesk.services import audit


def _log(store) -> list[tuple]:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT prev_hash, at, staff_id, actor, action, customer_id, details_digest, hash "
                                 "FROM audit_log ORDER BY id")).all()


def _key_setting(store) -> object:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT value FROM setting WHERE key = 'audit_key_id'")).scalar()


def test_entries_from_two_computers_link_without_a_computer_key_on_a_server(store, backend, monkeypatch, tmp_path):
    for computer in ("counter", "office"):
        monkeypatch.setenv("CRMDESK_KEYS", str(tmp_path / computer))
        with store.session() as session:
            audit.record(session, "settings", details={"from": computer}, actor=MACHINE_OWNER)
    entries = _log(store)[-2:]
    plain = [chain_hash(prev, at, staff, actor, action, cid, digest) == link
             for prev, at, staff, actor, action, cid, digest, link in entries]
    if backend == "postgresql":
        assert plain == [True, True] and _key_setting(store) is None
        assert not (tmp_path / "counter").exists() and not (tmp_path / "office").exists()
    else:
        assert plain == [False, False] and _key_setting(store) is not None
