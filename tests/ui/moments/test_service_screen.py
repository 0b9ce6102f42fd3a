"""The Service screen: the touchpoints with the weakest marked, the sentence of the rise, the months, and a
click showing the low ratings with their notes."""

from __future__ import annotations

from datetime import datetime

import pytest

from crmdesk.services import moments as moments_svc
from crmdesk.ui.moments.service_screen import ServiceScreen


@pytest.fixture
def rated(store):
    with store.session() as session:
        ids = {m.name_en: m.id for m in moments_svc.list_moments(session)}
        for month, wait in ((9, 3), (10, 2), (10, 1)):
            moments_svc.record_ratings(session, {ids["Ordering"]: 5, ids["Cleanliness"]: 4},
                                       at=datetime(2026, month, 5, 11))
            note = "30분 기다렸어요" if wait == 1 else ""
            moments_svc.record_ratings(session, {ids["Waiting time"]: wait}, note=note, at=datetime(2026, month, 5, 11))
    return store


def test_the_weakest_is_marked_with_its_rise_and_a_click_shows_its_notes(app, qtbot, rated, inline_jobs):
    screen = ServiceScreen(rated)
    qtbot.addWidget(screen)
    screen.start.setDate(screen.start.date().fromString("2026-01-01", "yyyy-MM-dd"))
    screen.end.setDate(screen.end.date().fromString("2026-12-31", "yyyy-MM-dd"))
    screen.show()
    rows = {screen.model.index(r, 0).data(): r for r in range(screen.model.rowCount())}
    assert "⚠ Waiting time" in rows and "Ordering" in rows
    waiting = rows["⚠ Waiting time"]
    assert screen.model.index(waiting, 2).data() == "2.00" and screen.model.index(waiting, 5).data() == "▼ -1.50"
    assert "Overall satisfaction 32.0 %" in screen.summary.text()  # 1.0 * 0.4 * 0.8
    assert screen.weakest_line.text() == ("Weakest: Waiting time (2.00). If it matched the average of the others "
                                          "(4.50), the overall score would rise from 32.0 % to 72.0 %.")
    assert screen.month_model.rowCount() == 2 and screen.month_model.index(0, 0).data() == "2026-10"
    screen.show_low(waiting)
    notes = sorted(screen.low_model.index(r, 3).data() for r in range(screen.low_model.rowCount()))
    assert notes == ["", "30분 기다렸어요"]  # the 2 and the 1 of October; the 3 of September is not low
    assert screen.low_title.text().startswith("Waiting time: 2 low ratings")


def test_an_empty_shop_says_how_ratings_come_in(app, qtbot, store, inline_jobs):
    screen = ServiceScreen(store)
    qtbot.addWidget(screen)
    screen.show()
    assert "Ctrl+L" in screen.summary.text() and screen.weakest_line.text() == ""
