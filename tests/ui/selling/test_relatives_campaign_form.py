"""The campaign form offers generation marketing: the family of a segment's or tier's customers, not bought for
N months or never."""


def test_the_form_builds_a_relatives_target(window):
    screen = window.campaigns
    screen.target_kind.setCurrentIndex(screen.target_kind.findData("relatives"))
    assert screen.target_kind.currentText() == "Family of a segment or tier"
    assert screen.relatives_months.isVisibleTo(screen) and not screen.target_text.isVisibleTo(screen)
    screen.target_value.setCurrentIndex(screen.target_value.findData("tier:VIP"))
    assert screen.target_value.currentText() == "Tier: VIP"
    assert screen.spec().target_value == "tier:VIP:6"
    screen.relatives_months.setValue(0)
    assert screen.relatives_months.text() == "never bought"
    assert screen.spec().target_value == "tier:VIP:never"
    screen.target_kind.setCurrentIndex(screen.target_kind.findData("tier"))
    assert not screen.relatives_months.isVisibleTo(screen)
