"""The dashboard's Lifecycle tab as the owner uses it: read the stages, click one, work the reactivation list."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crmdesk.models import Purchase
from crmdesk.services import audit, consent
from crmdesk.services import customer_value as cv
from crmdesk.services import customers as svc

TODAY = date.today()


def buy(session, customer_id: int, days_ago: int, total: int) -> None:
    session.add(Purchase(customer_id=customer_id, total=total,
                         purchased_at=datetime.combine(TODAY - timedelta(days=days_ago), time(12))))


@pytest.fixture
def drifting_shop(store):
    """단골 every 10 days for half a year (last 10 days ago); 위험 every 20 days, silent 61 days (at risk);
    휴면 every 15 days, silent 91 (dormant), worth more; 신규 once, 5 days ago; 없음 never bought."""
    cv.forget(store)
    with store.session() as session:
        ids = {name: svc.create_customer(session, {"name": name, "phone": f"010-2000-{1000 + i}"},
                                         consents={"collection": True}).id
               for i, name in enumerate(["단골", "위험", "휴면", "신규", "없음"])}
        for k in range(18):
            buy(session, ids["단골"], 10 + 10 * k, 20_000)
        for ago in (61, 81, 101):
            buy(session, ids["위험"], ago, 50_000)
        for ago in (91, 106, 121):
            buy(session, ids["휴면"], ago, 80_000)
        buy(session, ids["신규"], 5, 10_000)
        session.flush()
        consent.record_consent(session, ids["위험"], "sms", True, method="paper")
        svc.refresh_purchase_totals(session)
    yield store, ids
    cv.forget(store)


def open_lifecycle(app, qtbot, store):
    from crmdesk.ui.app.main_window import MainWindow

    win = MainWindow(store)
    qtbot.addWidget(win)
    win.resize(1300, 900)
    win.show()
    qtbot.waitExposed(win)
    win.nav.setCurrentRow(win.screens.index(win.dashboard))
    dash = win.dashboard.screen
    assert dash.lifecycle.figures is None  # not computed until the tab is looked at
    dash.tabs.setCurrentWidget(dash.lifecycle)
    return win, dash.lifecycle


@pytest.fixture
def lifecycle(app, qtbot, drifting_shop, answers, inline_jobs):
    win, view = open_lifecycle(app, qtbot, drifting_shop[0])
    return win, view, drifting_shop[1]


def listed_names(window):
    model = window.customers.model
    return sorted(model.index(row, 0).data() for row in range(model.rowCount()))


def test_stage_buttons_count_today_and_a_click_lists_those_customers(lifecycle, qtbot):
    win, view, ids = lifecycle
    assert view.figures is not None and not view.progress.isVisible()
    texts = {key: button.text() for key, button in view.stage_buttons.items()}
    assert texts["at_risk"] == "Overdue\n1" and texts["dormant"] == "Gone quiet\n1" and texts["new"] == "Newcomer\n1"
    assert not view.stage_buttons["lost"].isEnabled()  # nobody lost: nothing to list
    assert "return window is 10 days" in view.status.text()
    qtbot.mouseClick(view.findChild(QPushButton, "stage_dormant"), Qt.MouseButton.LeftButton)
    assert win.stack.currentWidget() is win.customers
    assert listed_names(win) == ["휴면"]
    assert win.customers.set_label.text() == "Stage: Gone quiet — 1 customers"


def test_stage_chart_shows_each_month_with_exact_counts(lifecycle):
    _, view, _ = lifecycle
    months = view.chart.months
    assert len(months) == 24 and months[-1]["label"] == TODAY.strftime("%Y-%m")
    last = len(months) - 1
    chart = view.chart
    tip = chart.tooltip_at(chart.getViewBox().mapSceneToView(chart.mapToScene(chart.widget_point(last, 1))))
    assert tip.startswith(f"{months[-1]['label']}: Newcomer 1, Steady ") and "Overdue 1, Gone quiet 1, Gone 0" in tip


def test_reactivation_list_most_valuable_first_with_contact_and_the_fallback_said(lifecycle):
    _, view, _ = lifecycle
    model = view.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [row[0] for row in rows] == ["휴면", "위험"]  # ₩240,000 before ₩150,000
    assert rows[0][1] == "Gone quiet" and rows[0][3] == "₩240,000" and rows[0][4] == "–"
    assert rows[0][6] == (TODAY - timedelta(days=91)).isoformat() and rows[0][7] == "91 d" and rows[0][8] == "15 d"
    assert rows[1][9] == "010-2000-1001" and rows[1][10] == "yes" and rows[0][10] == "no"
    assert view.list_title.text() == "Win them back: 2 overdue and gone-quiet customers, ₩390,000 so far"
    assert view.list_note.text().startswith("No predicted value: 4 customers with purchases")
    assert view.list_note.text().endswith("Sorted by what they brought so far.")


def test_double_click_opens_the_card(lifecycle, qtbot):
    win, view, ids = lifecycle
    rect = view.table.visualRect(view.model.index(1, 0))
    # A view reads a double click only after the press-release that precedes it, as a real mouse sends.
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.stack.currentWidget() is win.customers
    assert win.customers.card.customer_id == ids["위험"]
    assert win.customers.card.title.text() == "위험"


def test_save_list_writes_every_customer_to_excel(lifecycle, qtbot, monkeypatch, tmp_path, answers):
    from crmdesk.ui.kit import dialogs

    _, view, _ = lifecycle
    asked = []
    monkeypatch.setattr(dialogs, "_save_file_impl",
                        lambda _p, _t, suggested, _f: asked.append(suggested) or str(tmp_path / "winback"))
    assert view.save_button.isVisible()
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert asked == [f"reactivation-{TODAY.isoformat()}.xlsx"]
    sheet = load_workbook(tmp_path / "winback.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ID", "Customer code", "Name", "Stage")
    assert [r[2] for r in rows[1:]] == ["휴면", "위험"] and rows[2][6] == "yes"
    assert answers["shown"][-1][1] == f"Saved 2 customers to {tmp_path / 'winback.xlsx'}."
    with lifecycle[0].store.session() as session:  # the reason asked (the tests answer "test") is in the audit log
        entry = audit.list_entries(session, audit.AuditQuery(action="export"))[0]
    assert json.loads(entry.details)["reason"] == "test"


def test_cancelling_the_reason_saves_no_list(lifecycle, qtbot, monkeypatch, tmp_path, answers):
    from crmdesk.ui.kit import dialogs

    _, view, _ = lifecycle
    monkeypatch.setattr(dialogs, "_save_file_impl", lambda *_a: str(tmp_path / "winback.xlsx"))
    monkeypatch.setattr(dialogs, "_ask_text_impl", lambda *_a: None)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert not (tmp_path / "winback.xlsx").exists() and view.save_button.isEnabled()


def test_korean_stage_names(app, qtbot, drifting_shop, answers, inline_jobs, tmp_path):
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, "ko")
    win, view = open_lifecycle(app, qtbot, drifting_shop[0])
    assert view.stage_buttons["at_risk"].text() == "방문 지연\n1"
    assert view.model.index(0, 1).data() == "발길 뜸함"
    assert "예측 가치 없음" in view.list_note.text() and "이상이 필요합니다" in view.list_note.text()
    assert win.dashboard.screen.tabs.tabText(1) == "생애 주기와 재활성화"


def test_changing_the_as_of_day_recomputes_the_open_tab(lifecycle):
    win, view, _ = lifecycle
    dash = win.dashboard.screen
    dash.as_of.setDate(TODAY - timedelta(days=100))
    dash.refresh()
    assert view.figures.shop.as_of == TODAY - timedelta(days=100)
    # A hundred days ago everyone had started within 90 days (단골 80 days before): all new, nobody to win back.
    assert view.model.rowCount() == 0
    assert view.list_title.text().startswith("Win them back: 0 overdue")
    assert view.stage_buttons["new"].text() == "Newcomer\n3" and not view.save_button.isEnabled()


def test_cancel_stops_waiting_and_showing_the_tab_again_starts_over(lifecycle, monkeypatch):
    from crmdesk.ui.kit import jobs

    win, view, _ = lifecycle
    started = []
    monkeypatch.setattr(jobs, "start", lambda job: started.append(job) or job)
    view.refresh()
    assert view.cancel_button.isVisibleTo(view) and view.progress.isVisibleTo(view)
    view.cancel_button.click()
    assert not view.progress.isVisibleTo(view) and view.status.text() == "Cancelled."
    started[0].cancelled = False
    started[0].run()  # a late result is ignored
    assert view.status.text() == "Cancelled."
    dash = win.dashboard.screen
    dash.tabs.setCurrentIndex(0)
    dash.tabs.setCurrentWidget(view)
    assert len(started) == 2  # shown again: computed again


def test_refresh_shows_a_purchase_entered_since(lifecycle, drifting_shop):
    win, view, ids = lifecycle
    store = drifting_shop[0]
    with store.session() as session:
        buy(session, ids["위험"], 0, 7_000)  # 위험 came back today
        svc.refresh_purchase_totals(session)
    win.dashboard.screen.refresh_button.click()
    assert view.stage_buttons["at_risk"].text() == "Overdue\n0"
    assert [view.model.index(r, 0).data() for r in range(view.model.rowCount())] == ["휴면"]
