"""The customer list in the order Korean users expect (issue 21): Hangul names first in 가나다 order, then
Latin names, then names starting with a digit or a symbol; the same on SQLite and PostgreSQL, for cards made
one by one, by the bulk path, and in the command line's list."""

from __future__ import annotations

import os
import subprocess
import sys

from crmdesk.models.customer import name_group_of
from crmdesk.services import customers as svc
from crmdesk.services.customers import CustomerQuery
from crmdesk.store import bulk

NAMES = ["Kim Minsu", "황보영", "123 Café", "가나다", "alice", "김민수", "Zoe", "ㄱ이름", "#VIP"]
EXPECTED = ["ㄱ이름", "가나다", "김민수", "황보영", "Kim Minsu", "Zoe", "alice", "#VIP", "123 Café"]


def listed(store, **kw) -> list[str]:
    with store.session() as session:
        return [r.name for r in svc.search_customers(session, CustomerQuery(**kw))]


def test_hangul_names_come_first_then_latin_then_the_rest(store):
    with store.session() as session:
        for name in NAMES:
            svc.create_customer(session, {"name": name})
    assert listed(store) == EXPECTED
    assert listed(store, descending=True) == EXPECTED[::-1]


def test_a_renamed_card_moves_to_its_group(store):
    with store.session() as session:
        ids = {name: svc.create_customer(session, {"name": name}).id for name in ("Minji Park", "김하늘")}
    assert listed(store) == ["김하늘", "Minji Park"]
    with store.session() as session:
        svc.update_customer(session, ids["Minji Park"], {"name": "박민지"})
    assert listed(store) == ["김하늘", "박민지"]


def test_cards_written_by_the_bulk_path_sort_the_same(store):
    columns = ("name", "search_text", "tags", "archived", "marketing_consent", "birthday_lunar", "visit_count",
               "total_spent", "created_at", "updated_at")
    from crmdesk.models.base import now

    stamp = now()
    with store.engine.begin() as conn:
        bulk.insert_rows(conn, "customer", columns,
                         [(n, n.lower(), "", False, False, False, 0, 0, stamp, stamp) for n in NAMES])
    assert listed(store) == EXPECTED


def test_the_phone_ending_matches_keep_the_korean_order(store):
    with store.session() as session:
        for name in ("Lee", "이수", "가람"):
            svc.create_customer(session, {"name": name, "phone": "010-2222-7777"})
    assert listed(store, text="7777") == ["가람", "이수", "Lee"]


def test_python_and_the_database_put_a_name_in_the_same_group(store):
    from sqlalchemy import text

    with store.session() as session:
        for name in NAMES + [""]:
            svc.create_customer(session, {"name": name}) if name else None
        stored = session.execute(text("SELECT name, name_group FROM customer")).all()
    assert {name: group for name, group in stored} == {name: name_group_of(name) for name, _ in stored}


def test_the_command_line_lists_in_the_same_order(store, db_target):
    with store.session() as session:
        for name in NAMES:
            svc.create_customer(session, {"name": name})
    env = {**os.environ, "LANG": "en_US.UTF-8"}
    env.pop("CRMDESK_DB", None)
    out = subprocess.run([sys.executable, "-m", "crmdesk.app", "--db", db_target, "customers"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    positions = [out.stdout.index(name) for name in EXPECTED]
    assert positions == sorted(positions)
