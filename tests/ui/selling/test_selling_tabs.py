"""The dashboard's Coupons and CRM fit tabs, in English and Korean, count what the services count."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from crmdesk.models import Customer
from crmdesk.models.base import now
from crmdesk.services import coupons as csvc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


@pytest.fixture
def shop(sample):
    with sample.session() as s:
        ids = dict(s.execute(select(Customer.name, Customer.id)).all())
        used = csvc.issue_coupon(s, ids["김민수"], offer="아메리카노 1잔").code
        csvc.issue_coupon(s, ids["이서연"], amount=1000, expires_on=date(2099, 1, 1))
        psvc.create_purchase(s, PurchaseEntry(ids["김민수"], now() - timedelta(days=1),
                                              [LineEntry("라떼", 2, 5000)], coupon_code=used))
        psvc.create_purchase(s, PurchaseEntry(None, now() - timedelta(days=2), [LineEntry("라떼", 1, 10000)]))
    return sample


def dashboard(window, qtbot):
    window.nav.setCurrentRow(window.screens.index(window.dashboard))
    return window.dashboard.build()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_coupons_tab_lists_issued_redeemed_and_revenue(app, window, shop, qtbot, lang):
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, lang)
    from crmdesk.ui.app.main_window import MainWindow

    win = MainWindow(shop)
    qtbot.addWidget(win)
    win.show()
    screen = dashboard(win, qtbot)
    screen.tabs.setCurrentWidget(screen.coupons)
    model = screen.coupons.model
    rows = [[model.index(r, c).data() for c in range(6)] for r in range(model.rowCount())]
    made_by_hand, everything = ("Made by hand", "All coupons") if lang == "en" else ("직접 발행", "전체 쿠폰")
    assert rows == [[made_by_hand, "2", "1", "50.0%", "₩10,000" if lang == "en" else "10,000원",
                     "₩0" if lang == "en" else "0원"],
                    [everything, "2", "1", "50.0%", "₩10,000" if lang == "en" else "10,000원",
                     "₩0" if lang == "en" else "0원"]]
    screen.coupons.whole.setChecked(False)
    screen.coupons.start.setDate(screen.coupons.start.date().addYears(5))
    screen.coupons.end.setDate(screen.coupons.start.date())
    screen.coupons.refresh_button.click()
    assert model.rowCount() == 0
    assert screen.coupons.status.text() == ("No coupons were issued in this period." if lang == "en"
                                            else "이 기간에 발행된 쿠폰이 없습니다.")


def test_the_fit_tab_shows_the_figures_the_verdict_and_the_what_if(window, shop):
    screen = dashboard(window, None)
    screen.tabs.setCurrentWidget(screen.fit)
    fit = screen.fit
    assert fit.figures["known"].text() == "50.0% (₩10,000 of ₩20,000); the rest are walk-ins"
    assert fit.figures["reach"].text().startswith("0.0% (0 of 3 cards")
    assert fit.verdict.text().startswith("CRM cannot pay much yet")
    assert "Few customers can be reached" in fit.advice.text()
    assert "Not yet possible" in fit.what_if.text()  # nobody bought more than a year ago
    assert isinstance(fit.fit.as_of, date) and fit.fit.as_of <= datetime.now().date()
