"""Opening a card while another process holds the database's write lock (an import does, from its start): the
"view" audit entry used to be written on the GUI thread, which froze for the 5 s busy timeout and then failed with
"database is locked", losing the entry. Now the card opens at once and the entry is written in the background,
retried until the lock is gone, with the moment the card was opened (issue 15)."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from datetime import timedelta

import pytest

from crmdesk.models.base import utc_now
from crmdesk.services import customers as svc
from crmdesk.ui.card import view_log
from crmdesk.ui.card.customer_card import CustomerCard
from tests.write_lock import hold_write_lock, release


@pytest.fixture
def hold_lock(db_path):
    """Another process takes the write lock and keeps it for ``seconds``."""
    started = []

    def hold(seconds: float) -> subprocess.Popen:
        started.append(hold_write_lock(db_path, seconds))
        return started[-1]

    yield hold
    for holder in started:
        release(holder)


def views(db_path) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT customer_id, actor, at FROM audit_log WHERE action = 'view' ORDER BY id").fetchall()
    finally:
        conn.close()


def ids(store) -> list[int]:
    with store.session() as session:
        return sorted(c.id for c in svc.search_customers(session, svc.CustomerQuery()))


def test_a_card_opens_at_once_during_an_import_and_its_view_is_kept(app, qtbot, sample, db_path, hold_lock):
    first, second = ids(sample)[:2]
    card = CustomerCard(sample)
    qtbot.addWidget(card)
    card.view_log.tries, card.view_log.pause, card.view_log.retry_ms = 1, 0.1, 300
    hold_lock(7)  # longer than one try (the busy timeout, 5 s): the queued views wait for a second run
    opened_at = utc_now()

    started = time.monotonic()
    card.show_customer(first)
    card.show_customer(second)
    assert time.monotonic() - started < 3.5  # the window did not wait for the lock (held 7 s; 5 s busy timeout)
    assert card.title.text() and card.customer_id == second
    assert views(db_path) == []

    qtbot.waitUntil(lambda: len(views(db_path)) == 2, timeout=40_000)
    recorded = views(db_path)
    assert [r[0] for r in recorded] == [first, second] and {r[1] for r in recorded} == {"command line"}
    stamp = recorded[0][2]
    assert abs(opened_at.replace(tzinfo=None) - _parse(stamp)) < timedelta(seconds=2)  # when it was opened
    qtbot.waitUntil(lambda: card.view_log.pending == [], timeout=5_000)  # the queue is told on the GUI thread
    assert len(views(db_path)) == 2  # and nothing is written twice


def test_views_still_queued_at_exit_are_written(app, qtbot, sample, db_path):
    card = CustomerCard(sample)
    qtbot.addWidget(card)
    first = ids(sample)[0]
    card.view_log.pending.append((first, sample.actor or _machine(), utc_now()))
    view_log.flush_all()
    assert [r[0] for r in views(db_path)] == [first] and card.view_log.pending == []


def _machine():
    from crmdesk.access import MACHINE_OWNER

    return MACHINE_OWNER


def _parse(stamp: str):
    from datetime import datetime

    return datetime.fromisoformat(stamp)
