"""Complaints per category and month, the top categories, and the speed against the targets."""

from datetime import date, datetime, timedelta

import pytest

from crmdesk.analytics.complaints import complaint_figures
from crmdesk.models import Feedback

T0 = datetime(2026, 9, 1, 10)


def _complaint(session, category, received, first=None, resolved=None, kind="complaint"):
    session.add(Feedback(kind=kind, channel="visit", category=category, description="불만", received_at=received,
                         first_response_at=first, resolved_at=resolved))


def test_categories_months_and_speed(store):
    with store.session() as session:
        _complaint(session, "대기", T0, T0 + timedelta(hours=2), T0 + timedelta(hours=30))
        _complaint(session, "대기", T0 + timedelta(days=31), T0 + timedelta(days=31, hours=30))  # late answer
        _complaint(session, "맛", T0 + timedelta(days=32))  # never answered: past both targets
        _complaint(session, "대기", datetime(2026, 12, 6, 23), None)  # still within its targets: not judged
        _complaint(session, "친절", T0, kind="compliment")  # not a complaint
    f = complaint_figures(store, None, None, first_response_hours=24, resolution_hours=72,
                          now=datetime(2026, 12, 7, 0))
    assert f.complaints == 4
    assert f.top.values.tolist()[0][:2] == ["대기", 3] and f.top["share"].iloc[0] == pytest.approx(0.75)
    assert f.per_month.loc[datetime(2026, 10, 1)].to_dict() == {"대기": 1, "맛": 1}
    assert (f.first_response.within, f.first_response.judged) == (1, 3)
    assert f.first_response.median_hours == pytest.approx(16.0)  # 2 h and 30 h
    assert (f.resolution.within, f.resolution.judged, f.resolution.share) == (1, 3, pytest.approx(1 / 3))
    assert complaint_figures(store, date(2027, 1, 1), None, first_response_hours=24,
                             resolution_hours=72).first_response.share is None
