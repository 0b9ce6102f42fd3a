"""The card's family tab: link a family member found by name, set who referred the customer."""

import pytest


@pytest.fixture
def card(window):
    screen = window.customers
    screen.select_row(0)
    assert screen.card.title.text() == "김민수"
    return screen.card


def test_link_a_child_and_a_referrer_from_the_card(card):
    panel = card.family
    assert "Not in a household" in panel.household_label.text()
    panel.finder.search.setText("김민지")
    panel.relation.setCurrentIndex(panel.relation.findData("child"))
    assert panel.add_member()
    assert panel.household_label.text().startswith("김민수네: 2 members")
    assert [panel.members.item(i).text().strip() for i in range(2)] == ["▶ 김민수 · Parent · ₩0", "김민지 · Child · ₩0"]
    panel.finder.search.setText("이서연")
    assert panel.set_referrer()
    assert panel.referral_label.text().startswith("Referred by 이서연.")
    panel.finder.search.setText("김민수")
    assert not panel.set_referrer()
    assert panel.error.text() == "A customer cannot refer themselves."
    assert panel.leave_household()
    assert "Not in a household" in panel.household_label.text()
