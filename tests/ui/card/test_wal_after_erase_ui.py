"""Erasing from the card while another program holds the database: the window says the erased values are still in
the -wal file, tries again off the GUI thread, and says how it ended (issue 15; the service and command line:
tests/services/test_trust_wal_after_erase.py)."""

from __future__ import annotations

import sqlite3

import pytest

from crmdesk.services import customers as svc
from crmdesk.services import privacy
from crmdesk.ui.card.consent_panel import ConsentPanel

STILL = "Erased values still in the file"


@pytest.fixture
def reader(db_path):
    conn = sqlite3.connect(db_path, check_same_thread=False)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM customer").fetchone()
    yield conn
    conn.close()


def _erase_from_the_card(qtbot, store) -> ConsentPanel:
    with store.session() as session:
        cid = svc.create_customer(session, {"name": "황보준혁", "phone": "010-9876-1234"}).id
    panel = ConsentPanel(store)
    qtbot.addWidget(panel)
    panel.show_customer(cid)
    panel.wal.retry_seconds = 0.5
    panel.erase()
    return panel


def _wal_size(db_path) -> int:
    wal = db_path.with_name(db_path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def test_the_card_says_the_values_are_still_in_the_log_and_that_the_retry_failed(app, qtbot, sample, db_path, answers,
                                                                                inline_jobs, reader):
    _erase_from_the_card(qtbot, sample)
    titles = [title for title, _ in answers["shown"]]
    assert titles[-2:] == [STILL, STILL]
    first, last = answers["shown"][-2][1], answers["shown"][-1][1]
    assert f"{db_path}-wal" in first and "Close that program, then press OK" in first
    assert "still in" in last and "when the last one closes" in last
    assert _wal_size(db_path) > 0


def test_the_retry_empties_the_log_once_the_other_program_lets_go(app, qtbot, sample, db_path, answers, inline_jobs,
                                                                  reader, monkeypatch):
    first_try = privacy.checkpoint_wal

    def retry(bind, *, seconds=2.0):
        if seconds == 0.5:
            reader.rollback()  # the user closed the other window, then pressed OK
        return first_try(bind, seconds=seconds)

    monkeypatch.setattr(privacy, "checkpoint_wal", retry)
    _erase_from_the_card(qtbot, sample)
    assert answers["shown"][-1] == (STILL, f"The write-ahead log {db_path}-wal is emptied: the erased values are "
                                           "gone from the database's files.")
    assert _wal_size(db_path) == 0


def test_nothing_is_said_when_no_one_else_has_the_file(app, qtbot, sample, answers, inline_jobs):
    _erase_from_the_card(qtbot, sample)
    assert STILL not in [title for title, _ in answers["shown"]]
