"""Feedback recorded from the card, followed through its workflow in the dialog, overdue marked in the list."""

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crmdesk.services import feedback as feedback_svc
from crmdesk.services import staff as staff_svc


@pytest.fixture
def staffed(sample):
    with sample.session() as session:
        return staff_svc.create_staff(session, "정다온", "owner").id


def test_complaint_from_the_card_then_start_and_resolve(window, qtbot, staffed):
    window.customers.select_row(0)
    card = window.customers.card
    qtbot.mouseClick(card.findChild(QPushButton, "cardNewFeedback"), Qt.MouseButton.LeftButton)
    dialog = window.feedback.dialog
    assert dialog.finder.customer_id() == card.customer_id
    dialog.description.setPlainText("음료가 너무 늦게 나왔어요")
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "feedbackSave"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [e.kind for e in card.timeline.model.rows] == ["feedback"]

    window.nav.setCurrentRow(window.screen_row("feedback"))
    screen = window.feedback
    assert screen.model.rowCount() == 1
    screen.open_item(0)
    item = screen.dialog
    start, resolve = item.buttons["in_progress"], item.buttons["resolved"]
    assert start.isVisibleTo(item) and not item.buttons["closed"].isVisibleTo(item)
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(resolve, Qt.MouseButton.LeftButton)  # no resolution note yet: refused, nothing changes
    assert "Write how it was resolved" in item.error.text()
    item.resolution.setPlainText("사과드리고 음료 교환")
    item.recovery.setCurrentIndex(item.recovery.findData("replacement"))
    qtbot.mouseClick(resolve, Qt.MouseButton.LeftButton)
    assert item.history.count() == 3 and item.buttons["closed"].isVisibleTo(item)
    assert "Resolved" in item.summary.text() and "resolved after 0 h" in item.summary.text()
    assert screen.model.rowCount() == 0  # the list shows open items: this one left it
    screen.status.setCurrentIndex(screen.status.findData(None))
    assert screen.model.index(0, 5).data() == "Resolved"


def test_anonymous_needs_no_customer_but_a_description(window, qtbot, staffed):
    window.nav.setCurrentRow(window.screen_row("feedback"))
    window.feedback.new_feedback()
    dialog = window.feedback.dialog
    dialog.kind.setCurrentIndex(dialog.kind.findData("suggestion"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "feedbackSave"), Qt.MouseButton.LeftButton)
    assert "Choose the customer" in dialog.error.text()
    dialog.anonymous.setChecked(True)
    qtbot.mouseClick(dialog.findChild(QPushButton, "feedbackSave"), Qt.MouseButton.LeftButton)
    assert "Write down what the customer said" in dialog.error.text()
    dialog.description.setPlainText("주차 안내가 있으면 좋겠어요")
    qtbot.mouseClick(dialog.findChild(QPushButton, "feedbackSave"), Qt.MouseButton.LeftButton)
    assert window.feedback.model.index(0, 3).data() == "Anonymous"


def test_overdue_items_are_marked_and_filterable(window, qtbot, staffed):
    store = window.store
    with store.session() as session:
        feedback_svc.create_feedback(session, {"kind": "complaint", "description": "답이 없어요"},
                                     at=datetime.now() - timedelta(hours=30))
        feedback_svc.create_feedback(session, {"kind": "inquiry", "description": "방금 문의"})
    window.nav.setCurrentRow(window.screen_row("feedback"))
    screen = window.feedback
    assert screen.model.rowCount() == 2
    late_row = next(r for r in range(2) if screen.model.record(r).overdue)
    assert screen.model.index(late_row, 5).data().startswith("⚠")
    assert screen.model.index(late_row, 0).data(Qt.ItemDataRole.ForegroundRole).name() == "#c0392b"
    screen.overdue.setChecked(True)
    assert screen.model.rowCount() == 1 and screen.model.record(0).description == "답이 없어요"
    assert "1 overdue" in screen.summary.text()


def test_response_targets_are_set_in_settings_and_checked(window, qtbot):
    from crmdesk.services.feedback import targets

    window.nav.setCurrentRow(window.screen_row("settings"))
    settings = window.settings
    settings.first_response.setValue(48)
    settings.resolution.setValue(12)
    qtbot.mouseClick(settings.findChild(QPushButton, "saveSettings"), Qt.MouseButton.LeftButton)
    assert settings.settings_error.text() == "The first response cannot be due after the resolution."
    settings.first_response.setValue(4)
    qtbot.mouseClick(settings.findChild(QPushButton, "saveSettings"), Qt.MouseButton.LeftButton)
    assert settings.settings_error.text() == ""
    with window.store.session() as session:
        limits = targets(session)
    assert (limits.first_response, limits.resolution) == (timedelta(hours=4), timedelta(hours=12))


def test_typed_resolution_survives_a_step_and_a_stale_counter_id_does_not_block(window, qtbot, staffed):
    from crmdesk.ui.kit.staff_picker import set_counter_staff_id

    set_counter_staff_id(999)  # remembered from another database
    window.nav.setCurrentRow(window.screen_row("feedback"))
    window.feedback.new_feedback()
    dialog = window.feedback.dialog
    dialog.anonymous.setChecked(True)
    dialog.description.setPlainText("포장이 찢어져 있었어요")
    qtbot.mouseClick(dialog.findChild(QPushButton, "feedbackSave"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.error.text()
    window.feedback.open_item(0)
    item = window.feedback.dialog
    item.resolution.setPlainText("새 상품으로 교환")
    qtbot.mouseClick(item.buttons["in_progress"], Qt.MouseButton.LeftButton)
    assert item.resolution.toPlainText() == "새 상품으로 교환"


def test_an_inactive_assignee_is_still_shown_and_the_filter_keeps_its_label(window, qtbot, staffed):
    with window.store.session() as session:
        leaver = staff_svc.create_staff(session, "이준호").id
        item = feedback_svc.create_feedback(session, {"kind": "inquiry", "description": "영업시간 문의",
                                                      "assigned_staff_id": leaver})
        staff_svc.update_staff(session, leaver, active=False)
    window.nav.setCurrentRow(window.screen_row("staff"))
    window.staff.name.setText("박소민")
    qtbot.mouseClick(window.staff.add_button, Qt.MouseButton.LeftButton)  # pickers reload everywhere
    assert window.feedback.staff.itemText(0) == "Anyone"
    window.feedback.open_feedback(item.id)
    assert window.feedback.dialog.assigned.currentText() == "이준호 (inactive)"


def test_cancelling_a_typed_complaint_asks_first(window, qtbot, staffed, answers):
    window.feedback.new_feedback()
    dialog = window.feedback.dialog
    dialog.description.setPlainText("직원이 불친절했어요")
    answers["yes"] = False
    dialog.reject()
    assert dialog.isVisible() and answers["shown"][-1][1] == "Discard what you typed?"
    answers["yes"] = True
    dialog.reject()
    assert not dialog.isVisible()
