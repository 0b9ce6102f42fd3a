"""The birthdays screen: this week's list with a lunar birthday converted, one click issues the coupon once."""

from datetime import date

from crmdesk.services import customers as csvc


def test_birthdays_of_the_week_and_the_coupon_button(window, answers):
    store = window.store
    with store.session() as session:
        lunar = csvc.create_customer(session, {"name": "김음력", "phone": "010-5555-6666", "birthday": "1960-08-15",
                                               "birthday_lunar": True})
        csvc.create_customer(session, {"name": "박다음달", "birthday": "1985-10-23"})
    screen = window.birthdays
    screen.today = lambda: date(2026, 9, 23)
    window.nav.setCurrentRow(window.screen_row("birthdays"))
    assert screen.model.rowCount() == 1
    row = [screen.model.index(0, c).data() for c in range(6)]
    assert row == ["2026-09-25", "김음력", "010-5555-6666", "lunar 8/15", "66", ""]
    assert "1, coupon issued to 0" in screen.title.text()
    assert screen.issue_button.isEnabled()
    screen.issue_button.click()
    assert screen.model.index(0, 5).data() == f"BDAY2026-{lunar.id:05d}"
    assert not screen.issue_button.isEnabled()  # not twice a year
    assert "coupon issued to 1" in screen.title.text()
    screen.period.setCurrentIndex(1)  # September
    assert [screen.model.index(r, 1).data() for r in range(screen.model.rowCount())] == ["김음력"]
    window.customers.select_customer(lunar.id)
    timeline = window.customers.card.timeline.model
    assert any(timeline.index(r, 1).data() == "Birthday coupon" for r in range(timeline.rowCount()))
