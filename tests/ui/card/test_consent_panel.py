from PySide6.QtCore import Qt

from crmdesk.models import Customer
from crmdesk.services import consent, staff
from crmdesk.ui.kit.staff_picker import set_counter_staff_id


def test_withdrawing_sms_takes_one_click_and_shows_in_history(window, qtbot, sample):
    with sample.session() as session:
        clerk = staff.create_staff(session, "김하늘").id
    set_counter_staff_id(clerk)
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    panel = card.consent_panel
    card.tabs.setCurrentWidget(panel)
    assert panel.states[consent.Purpose.SMS].text() == "Not agreed"
    assert panel.buttons[consent.Purpose.SMS].text() == "Grant"
    assert panel.banner.isVisibleTo(panel)  # the sample's cards were made without asking: confirm first
    panel.method.setCurrentIndex(panel.method.findData("paper"))
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert not panel.banner.isVisibleTo(panel)
    assert "No marketing messages" in card.consent_summary.text()

    qtbot.mouseClick(panel.buttons[consent.Purpose.SMS], Qt.MouseButton.LeftButton)
    assert panel.states[consent.Purpose.SMS].text().startswith("Agreed since ")
    assert panel.buttons[consent.Purpose.SMS].text() == "Withdraw"
    assert "Marketing: SMS" in card.consent_summary.text()
    assert [panel.history.index(0, c).data() for c in range(1, 5)] == [
        "Marketing by SMS", "granted", "paper form", "김하늘"]

    qtbot.mouseClick(panel.buttons[consent.Purpose.SMS], Qt.MouseButton.LeftButton)
    assert panel.states[consent.Purpose.SMS].text().startswith("Withdrawn on ")
    assert panel.history.rowCount() == 3  # collection, then SMS twice (no event was invented before)
    with sample.session() as session:
        assert consent.consented_ids(session, "sms") == set()
        assert session.get(Customer, card.customer_id).marketing_consent is False


def test_saving_the_card_leaves_consent_alone(window, qtbot, sample):
    screen = window.customers
    screen.select_row(0)
    card = screen.card
    qtbot.mouseClick(card.consent_panel.confirm_button, Qt.MouseButton.LeftButton)  # made without asking
    qtbot.mouseClick(card.consent_panel.buttons[consent.Purpose.KAKAO], Qt.MouseButton.LeftButton)
    card.edits["address"].setText("서울 마포구")
    qtbot.mouseClick(card.save_button, Qt.MouseButton.LeftButton)
    assert card.status.text() == "Saved."
    with sample.session() as session:
        assert consent.consented_ids(session, "kakao") == {card.customer_id}
