"""The list model pages through SQL: a keystroke loads one page, the count follows, any row is reachable."""

import pytest

from crmdesk.services import customers as svc
from crmdesk.ui.customers import customer_model
from crmdesk.ui.customers.customer_model import ROW_ROLE, CustomerTableModel


@pytest.fixture
def many(store, monkeypatch):
    monkeypatch.setattr(customer_model, "PAGE_SIZE", 5)
    monkeypatch.setattr(customer_model, "MAX_PAGES", 2)
    with store.session() as session:
        for i in range(23):
            svc.create_customer(session, {"name": f"김고객{i:02d}", "phone": f"010-1000-{i:04d}"})
        for i in range(4):
            svc.create_customer(session, {"name": f"이고객{i}", "phone": f"010-2000-{i:04d}"})
    return store


def names(model):
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_no_search_knows_the_total_at_once_and_reads_any_row(app, many):
    model = CustomerTableModel(many)
    # Opening: the first page at once, the count a moment later (the screen's timer), so rows show sooner.
    assert not model.count_known and model.rowCount() == 5
    assert model.load_count() == 27
    model.refresh()  # any later reload without search words counts at once
    assert model.count_known and model.rowCount() == 27
    assert model.index(26, 0).data() == "이고객3"  # a page far down is fetched on demand
    assert model.index(0, 0).data() == "김고객00"  # and the evicted first page again
    assert model.index(13, 0).data(ROW_ROLE).name == "김고객13"


def test_a_search_shows_one_page_then_counts(app, qtbot, many):
    model = CustomerTableModel(many)
    model.set_search("김")
    assert not model.count_known and model.rowCount() == 5
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 10
    with qtbot.waitSignal(model.rowsInserted):
        assert model.load_count() == 23
    assert model.count_known and not model.canFetchMore()
    assert names(model) == [f"김고객{i:02d}" for i in range(23)]


def test_fetching_to_the_end_learns_the_count(app, many):
    model = CustomerTableModel(many)
    model.set_search("ㄱㄱ")  # 김고객 and 이고객 both hold ㄱㄱ
    while model.canFetchMore():
        model.fetchMore()
    assert model.count_known and model.rowCount() == 27


def test_a_small_result_is_complete_at_once(app, many):
    model = CustomerTableModel(many)
    model.set_search("ㅇㄱㄱ")
    assert model.count_known and names(model) == [f"이고객{i}" for i in range(4)]


def test_screen_counts_after_typing_pauses(app, qtbot, many, answers, inline_jobs):
    from crmdesk.ui.customers.customers_screen import CustomersScreen

    screen = CustomersScreen(many)
    qtbot.addWidget(screen)
    screen.search.setText("김")
    assert screen.count_label.text() == "Found: 5+"
    qtbot.waitUntil(lambda: screen.count_label.text() == "Found: 23", timeout=2000)


def test_a_large_list_shows_its_count_a_moment_after_opening(app, qtbot, many):
    from crmdesk.ui.customers.customers_screen import CustomersScreen

    screen = CustomersScreen(many)
    qtbot.addWidget(screen)
    assert screen.count_label.text() == "Customers: 5+"
    qtbot.waitUntil(lambda: screen.count_label.text() == "Customers: 27", timeout=2000)


def test_exactly_a_page_of_customers_shows_its_count_without_a_plus(app, qtbot, store, monkeypatch):
    from crmdesk.ui.customers.customers_screen import CustomersScreen

    monkeypatch.setattr(customer_model, "PAGE_SIZE", 5)
    with store.session() as session:
        for i in range(5):
            svc.create_customer(session, {"name": f"박고객{i}", "phone": f"010-3000-{i:04d}"})
    screen = CustomersScreen(store)
    qtbot.addWidget(screen)
    assert screen.count_label.text() == "Customers: 5+"  # a full first page: more may follow
    qtbot.waitUntil(lambda: screen.count_label.text() == "Customers: 5", timeout=2000)
