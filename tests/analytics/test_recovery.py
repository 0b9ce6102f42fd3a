"""`crmdesk recovery` on a hand-checked shop (as of 2025-06-30); the figure itself is tested in
tests/moments/test_recovery_baseline.py."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crmdesk.app import main
from crmdesk.models import Feedback

AS_OF = date(2025, 6, 30)


@pytest.fixture
def complaints(shop):
    def complaint(customer_id, received, resolved=None, closed=None, kind="complaint"):
        with shop.store.session() as session:
            session.add(Feedback(customer_id=customer_id, kind=kind, channel="visit", description="커피가 식었어요",
                                 received_at=received, resolved_at=resolved, closed_at=closed,
                                 status="resolved" if resolved else "received"))

    ids = {
        "A": shop("A", (datetime(2025, 5, 10, 12), 5_000)),
        "B": shop("B", (date(2025, 4, 1), 5_000), (date(2025, 5, 20), 9_000, True)),
        "C": shop("C", (date(2025, 6, 1), 5_000)),
        "D": shop("D", (date(2025, 6, 20), 5_000)),
        "E": shop("E", (date(2025, 5, 20), 5_000), archived=True),
        "F": shop("F", (date(2025, 7, 2), 5_000)),
        "G": shop("G"),
    }
    complaint(ids["A"], datetime(2025, 5, 1, 10), resolved=datetime(2025, 5, 1, 15))  # 5 hours
    complaint(ids["A"], datetime(2025, 4, 1, 10), kind="compliment")  # not a complaint
    complaint(ids["B"], datetime(2025, 5, 2, 10), resolved=datetime(2025, 5, 4, 10))  # 48 hours
    complaint(ids["C"], datetime(2025, 4, 1, 10), resolved=datetime(2025, 4, 11, 10))  # superseded
    complaint(ids["C"], datetime(2025, 5, 20, 10))  # C's latest: never resolved
    complaint(ids["D"], datetime(2025, 6, 15, 10))  # too recent to judge
    complaint(ids["E"], datetime(2025, 5, 1, 10))  # archived card
    complaint(None, datetime(2025, 5, 1, 10))  # anonymous
    complaint(ids["F"], datetime(2025, 5, 5, 10), resolved=datetime(2025, 7, 5, 10))  # resolved after as-of
    complaint(ids["G"], datetime(2025, 5, 2, 10), closed=datetime(2025, 5, 6, 10))  # closed, 4 days
    return ids


def test_recovery_command(complaints, shop, db_target, capsys, monkeypatch):
    """The command prints the fixed figure (tests/moments/test_recovery_baseline.py): with a 30-day window as of
    2025-06-30, A (resolved 1 May, back 10 May) and G (closed 6 May, never back) count; B's complaint was resolved
    on 4 May and B's only later purchase was voided; C's latest is not resolved; D's too; F's after the as-of."""
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    shop.store.close()
    assert main(["--db", str(db_target), "recovery", "--as-of", "2025-06-30", "--window", "30"]) == 0
    out = capsys.readouterr().out
    assert "returned: 1 of 3 (too few to say)" in out
    assert "Left out: 3 customers whose latest complaint is not resolved" in out
    assert main(["--lang", "ko", "--db", str(db_target), "recovery", "--as-of", "2025-06-30"]) == 0
    assert "너무 적어 판단 불가" in capsys.readouterr().out
