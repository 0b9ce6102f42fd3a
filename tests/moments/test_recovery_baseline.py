"""The fixed recovery figure: returned within the window after the resolution, against a baseline of similar
customers who did not complain, only complaints old enough, small groups said to be small."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crmdesk.analytics.recovery_baseline import complaint_recovery
from crmdesk.app import main
from crmdesk.models import Customer, Feedback, Purchase

AS_OF = date(2025, 12, 31)
EARLY = (datetime(2024, 10, 1, 12), datetime(2024, 11, 1, 12))  # two purchases before: band 2-3


def _customer(session, name, purchases):
    customer = Customer(name=name)
    session.add(customer)
    session.flush()
    for at in purchases:
        session.add(Purchase(customer_id=customer.id, purchased_at=at, total=5000))
    return customer.id


def _complaint(session, customer_id, received, resolved=None):
    session.add(Feedback(customer_id=customer_id, kind="complaint", channel="visit", description="늦게 나왔어요",
                         received_at=received, resolved_at=resolved, status="resolved" if resolved else "received"))


@pytest.fixture
def shop(store):
    with store.session() as session:
        # 40 customers like the complainers who never complained: half of them bought in February.
        for n in range(40):
            _customer(session, f"보통{n}", [*EARLY, *([datetime(2025, 2, 10, 12)] if n % 2 else [])])
        # 12 complained on 5 January, resolved the same day: 9 came back within 90 days, one only after 120.
        for n in range(12):
            later = [datetime(2025, 3, 1, 12)] if n < 9 else [datetime(2025, 5, 6, 12)] if n == 9 else []
            cid = _customer(session, f"불만{n}", [*EARLY, *later])
            _complaint(session, cid, datetime(2025, 1, 5, 10), datetime(2025, 1, 5, 15))
        # Resolved in December: the window is not over by the as-of day.
        recent = _customer(session, "최근", list(EARLY))
        _complaint(session, recent, datetime(2025, 12, 1, 10), datetime(2025, 12, 2, 10))
        # Never resolved: left out, counted apart.
        _complaint(session, _customer(session, "미해결", list(EARLY)), datetime(2025, 3, 1, 10))
        # Slow: resolved after nine days, bought right after the complaint but not after the resolution.
        slow = _customer(session, "느림", [*EARLY, datetime(2025, 4, 3, 12)])
        _complaint(session, slow, datetime(2025, 4, 1, 10), datetime(2025, 4, 10, 10))
    return store


def test_returned_within_the_window_against_the_baseline(shop):
    result = complaint_recovery(shop, AS_OF)
    table = result.table.set_index("resolved")
    same_day = table.loc["same_day"]
    assert (same_day["customers"], same_day["returned"]) == (12, 9)
    assert same_day["share"] == pytest.approx(0.75)
    assert same_day["baseline"] == pytest.approx(0.5)  # half of the similar customers bought in the same window
    assert same_day["difference"] == pytest.approx(0.25) and not same_day["small"]
    assert (result.not_resolved, result.too_recent) == (1, 1)
    assert result.cutoff == AS_OF - timedelta(days=90)


def test_a_purchase_before_the_resolution_does_not_count_as_a_return(shop):
    over_week = complaint_recovery(shop, AS_OF).table.set_index("resolved").loc["over_week"]
    assert (over_week["customers"], over_week["returned"]) == (1, 0)
    assert over_week["small"] and over_week["share"] != over_week["share"]  # one customer: no share at all


def test_the_window_is_editable(shop):
    longer = complaint_recovery(shop, AS_OF, window_days=130).table.set_index("resolved").loc["same_day"]
    assert longer["returned"] == 10  # the one back after 120 days now counts
    assert complaint_recovery(shop, date(2025, 3, 31)).table.set_index("resolved").loc["all", "customers"] == 0


def test_recovery_command_prints_the_baseline(shop, db_path, capsys):
    shop.close()
    assert main(["--db", str(db_path), "recovery", "--as-of", "2025-12-31", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "returned: 9 of 13" in out and "baseline" in out
    row = next(line for line in out.splitlines() if line.startswith("Within a day"))
    assert row.split()[3:] == ["12", "9", "75.0", "%", "50.0", "%", "+25.0", "%p"]
    assert "too few to say" in next(line for line in out.splitlines() if line.startswith("Over a week"))
    assert main(["--db", str(db_path), "recovery", "--as-of", "2025-12-31", "--lang", "ko", "--window", "130"]) == 0
    assert "130일" in capsys.readouterr().out
