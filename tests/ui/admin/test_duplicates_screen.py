from datetime import datetime

import pytest

from crmdesk.errors import CrmError
from crmdesk.services import customers as csvc
from crmdesk.services import purchases as psvc
from crmdesk.services.purchases import LineEntry, PurchaseEntry


@pytest.fixture
def twins(window):
    """Two cards of one person (same phone), the second with more history and an e-mail."""
    with window.store.session() as session:
        first = csvc.create_customer(session, {"name": "박하늘", "phone": "010-5555-6666",
                                               "first_seen": "2024-06-01"}).id
        second = csvc.create_customer(session, {"name": "박 하늘", "phone": "010-5555-6666",
                                                "email": "sky@example.com", "first_seen": "2023-02-01"}).id
        for price in (5000, 7000):
            psvc.create_purchase(session, PurchaseEntry(second, datetime(2025, 1, 2, 9), [LineEntry("라떼", 1, price)]))
    window.customers.model.refresh()
    return first, second


def open_screen(window):
    window.nav.setCurrentRow(window.screen_row("duplicates"))
    screen = window.duplicates
    assert screen.isVisible()
    return screen


def list_names(window):
    model = window.customers.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_navigation_offers_the_review_screen_and_it_searches_on_first_visit(window, twins):
    assert window.nav.item(window.screen_row("duplicates")).text() == "Duplicates"
    screen = open_screen(window)
    # The sample shop's 김민수 and 김민지 share the last four digits but not the name: not suggested.
    assert screen.model.rowCount() == 1
    assert screen.model.index(0, 0).data() == "Same phone"
    assert screen.model.index(0, 1).data() == "박하늘 · 010-5555-6666"
    assert "1 suspected pairs among 5 customers" in screen.scan_status.text()


def test_side_by_side_comparison_and_the_card_with_more_history_stays(window, twins):
    first, second = twins
    screen = open_screen(window)
    assert screen.cells["name"][0].text() == "박하늘" and screen.cells["name"][1].text() == "박 하늘"
    assert screen.cells["email"][1].text() == "sky@example.com" and screen.cells["email"][0].text() == ""
    assert screen.cells["purchase"][1].text() == "2"
    assert "#fdf2d0" in screen.cells["first_seen"][0].styleSheet()  # the two dates differ
    assert screen.keep_b.isChecked()
    plan = screen.plan.text()
    assert "0 purchases" in plan and "move to 박 하늘" in plan and "First seen: 2023-02-01" in plan
    screen.keep_a.setChecked(True)
    plan = screen.plan.text()
    assert "2 purchases" in plan and "move to 박하늘" in plan and "E-mail" in plan
    assert "Tags" not in plan  # neither card has tags


def test_merge_then_undo_from_the_screen(window, twins, answers):
    first, second = twins
    screen = open_screen(window)
    screen.keep_a.setChecked(True)
    screen.merge_button.click()
    assert f"Merge 박 하늘 (#{second}) into 박하늘 (#{first})?" in answers["shown"][-1][1]
    assert screen.model.rowCount() == 0
    assert list_names(window).count("박 하늘") == 0  # the duplicate left the customer list
    with window.store.session() as session:
        kept = csvc.get_customer(session, first)
        assert (kept.visit_count, kept.total_spent, kept.email) == (2, 12000, "sky@example.com")
    assert screen.merges.count() == 1 and "박 하늘 → 박하늘" in screen.merges.item(0).text()

    screen.undo_button.click()
    assert not screen.undo_button.isEnabled() and screen.merges.item(0).text() == "No merges to undo."
    assert "박 하늘" in list_names(window)
    assert screen.model.rowCount() == 1  # searched again: the pair is a suspect again
    with window.store.session() as session:
        assert csvc.get_customer(session, first).email is None
        assert csvc.get_customer(session, second).total_spent == 12000


def test_declined_confirmation_merges_nothing(window, twins, answers):
    screen = open_screen(window)
    answers["yes"] = False
    assert not screen.merge()
    assert screen.model.rowCount() == 1 and not screen.undo_button.isEnabled()


def test_undo_refused_with_a_clear_message_when_the_card_changed(window, twins, answers):
    first, _second = twins
    screen = open_screen(window)
    screen.keep_a.setChecked(True)
    screen.merge_button.click()
    with window.store.session() as session:
        csvc.update_customer(session, first, {"memo": "단골"})
    assert not screen.undo()
    title, text = answers["shown"][-1]
    assert title == "Undo merge" and "edited after the merge" in text
    assert screen.merges.count() == 1


def test_not_the_same_person_takes_the_pair_off_the_list(window, twins):
    screen = open_screen(window)
    screen.skip_button.click()
    assert screen.model.rowCount() == 0
    assert not screen.merge_button.isEnabled()
    screen.scan_button.click()
    assert screen.model.rowCount() == 1


def test_the_merged_card_says_so_and_cannot_be_restored_by_hand(window, twins, answers):
    first, second = twins
    screen = open_screen(window)
    screen.keep_a.setChecked(True)
    screen.merge()
    card = window.customers.card
    card.show_customer(second)
    assert card.title.text() == f"박 하늘 (merged into #{first})"
    assert not card.archive_button.isEnabled() and not card.new_purchase_button.isEnabled()
    with window.store.session() as session, pytest.raises(CrmError, match="undo the merge"):
        csvc.restore_customer(session, second)


def test_the_search_runs_as_a_background_job_and_reports_when_done(window, twins, monkeypatch):
    from crmdesk.ui.kit import jobs

    started = []
    monkeypatch.setattr(jobs, "start", lambda job: started.append(job) or job)
    screen = open_screen(window)
    assert len(started) == 1
    assert screen.busy.isVisible() and not screen.scan_button.isEnabled()
    assert screen.scan_status.text() == "Searching all customer cards…"
    started[0].run()  # the worker's part; its signal reaches the screen
    assert not screen.busy.isVisible() and screen.scan_button.isEnabled()
    assert screen.model.rowCount() == 1
