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


def test_a_relatives_campaign_lists_its_targets_with_the_households_revenue(window, sample):
    from datetime import date, datetime, timedelta

    from crmdesk.services import campaigns as camp
    from crmdesk.services import customers as cust
    from crmdesk.services import family, loyalty
    from crmdesk.services import purchases as psvc
    from crmdesk.services.purchases import LineEntry, PurchaseEntry

    today = date.today()
    with sample.session() as s:
        mother, son = (cust.create_customer(s, {"name": n}).id for n in ("어머니", "아들"))
        psvc.create_purchase(s, PurchaseEntry(mother, datetime.now() - timedelta(days=3),
                                              [LineEntry("케이크", 1, 3_000_000)]))
        family.add_to_household(s, son, "child", with_customer_id=mother)
        loyalty.recompute_tiers(s)
    spec = camp.CampaignSpec(name="세대", goal="reactivate", target_kind="relatives", target_value="tier:VIP:never",
                             channel="in_store", starts_on=today, ends_on=today + timedelta(days=14), seed=1)
    camp.create_campaign(sample, spec, today=today)
    screen = window.campaigns
    screen.reload()
    screen.table.selectRow(0)
    relatives = screen.relatives
    assert relatives.isVisibleTo(screen) and relatives.model.rowCount() == 1
    row = [relatives.model.index(0, c).data() for c in range(relatives.model.columnCount())]
    assert row == ["아들", "Child", "어머니네", "어머니", "₩3,000,000", "never"]
