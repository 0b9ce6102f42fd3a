"""The Feedback screen's analysis tab: categories, speed against the targets, the recovery table with its
baseline, small groups said to be small."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate

from crmdesk.models import Customer, Feedback, Purchase
from crmdesk.ui.service.feedback_screen import FeedbackScreen

T0 = datetime(2026, 3, 2, 10)


def test_the_analysis_tab_shows_categories_speed_and_recovery(app, qtbot, store, inline_jobs):
    with store.session() as session:
        for n in range(3):
            customer = Customer(name=f"손님{n}")
            session.add(customer)
            session.flush()
            session.add(Purchase(customer_id=customer.id, purchased_at=T0 - timedelta(days=20), total=5000))
            session.add(Purchase(customer_id=customer.id, purchased_at=T0 + timedelta(days=10), total=5000))
            session.add(Feedback(customer_id=customer.id, kind="complaint", channel="visit", description="늦어요",
                                 category="대기" if n else "맛", received_at=T0,
                                 first_response_at=T0 + timedelta(hours=3), resolved_at=T0 + timedelta(hours=5)))
    screen = FeedbackScreen(store)
    qtbot.addWidget(screen)
    screen.show()
    screen.tabs.setCurrentIndex(1)
    analysis = screen.analysis
    assert screen.tabs.currentWidget() is analysis
    analysis.start.setDate(QDate(2026, 1, 1))
    analysis.end.setDate(QDate(2026, 12, 31))
    assert analysis.speed.text().startswith("3 complaints. First response: median 3 h, 100.0 % within 24 h.")
    assert analysis.top_model.index(0, 0).data() == "대기" and analysis.top_model.index(0, 1).data() == "2"
    assert analysis.month_model.index(0, 0).data() == "2026-03"
    rows = {analysis.recovery_model.index(r, 0).data(): r for r in range(analysis.recovery_model.rowCount())}
    everyone = rows["All"]
    assert analysis.recovery_model.index(everyone, 1).data() == "3"
    assert analysis.recovery_model.index(everyone, 2).data() == "3"
    assert analysis.recovery_model.index(everyone, 3).data() == "too few to say"  # three customers mean nothing
    assert "within 90 days" in analysis.recovery_note.text()
