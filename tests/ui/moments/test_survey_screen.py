"""The counter survey screen: a customer answers on their own, cannot leave it, and stays anonymous unless their
four digits find a card that keeps the collection consent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from sqlmodel import select

from crmdesk.models import NpsAnswer, Rating
from crmdesk.services import auth
from crmdesk.services import customers as customers_svc
from crmdesk.services import staff as staff_svc
from crmdesk.ui.moments.survey_screen import HOLD_MS, SurveyScreen


@pytest.fixture
def survey(app, qtbot, store):
    screen = SurveyScreen(store)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def _answer_all(qtbot, screen, score=4):
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    for _ in screen.moments:
        assert screen.pages.currentWidget() is screen.moment_page
        qtbot.mouseClick(screen.score_buttons[score - 1], Qt.MouseButton.LeftButton)


def _ratings(store):
    with store.session() as session:
        return [(r.score, r.customer_id, r.source) for r in session.exec(select(Rating))]


def test_one_touchpoint_at_a_time_then_nps_then_thanks_and_the_next_customer(survey, qtbot, store):
    qtbot.mouseClick(survey.start_button, Qt.MouseButton.LeftButton)
    assert survey.question.text() == "Ordering" and survey.progress.text() == "1 / 6"
    qtbot.mouseClick(survey.score_buttons[4], Qt.MouseButton.LeftButton)
    assert survey.question.text() == "Waiting time" and survey.progress.text() == "2 / 6"
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveySkip"), Qt.MouseButton.LeftButton)
    for _ in range(4):
        qtbot.mouseClick(survey.score_buttons[3], Qt.MouseButton.LeftButton)
    assert survey.pages.currentWidget() is survey.nps_page
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyNps9"), Qt.MouseButton.LeftButton)
    assert survey.pages.currentWidget() is survey.digits_page
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyAnonymous"), Qt.MouseButton.LeftButton)
    assert survey.pages.currentWidget() is survey.thanks_page
    assert sorted(_ratings(store)) == [(4, None, "survey")] * 4 + [(5, None, "survey")]  # the skipped one: none
    with store.session() as session:
        assert [(a.score, a.customer_id) for a in session.exec(select(NpsAnswer))] == [(9, None)]
    survey.thanks_timer.timeout.emit()  # the thank-you is over: the screen waits for the next customer
    assert survey.pages.currentWidget() is survey.start_page and survey.scores == {}


def test_an_anonymous_answer_stays_anonymous(survey, qtbot, store):
    with store.session() as session:
        customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"})
    _answer_all(qtbot, survey)
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyNpsSkip"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyAnonymous"), Qt.MouseButton.LeftButton)
    assert {c for _s, c, _src in _ratings(store)} == {None}


def test_four_digits_put_the_answers_on_the_consenting_card_without_saying_so(survey, qtbot, store):
    with store.session() as session:
        kim = customers_svc.create_customer(session, {"name": "김민수", "phone": "010-1234-5678"}).id
    results = []
    survey.answered.connect(results.append)
    _answer_all(qtbot, survey, score=2)
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyNpsSkip"), Qt.MouseButton.LeftButton)
    for key in ("5", "6", "7", "9", "Back", "8", "Done"):
        qtbot.mouseClick(survey.findChild(type(survey.start_button), f"surveyKey{key}"), Qt.MouseButton.LeftButton)
    assert {c for _s, c, _src in _ratings(store)} == {kim} and results[0].attached
    thanks = " ".join(w.text() for w in survey.thanks_page.findChildren(type(survey.progress)))
    assert "김민수" not in thanks  # the screen never names the card


def test_the_customer_cannot_close_it_and_esc_does_nothing(survey, qtbot, answers):
    survey.close()
    assert survey.isVisible()
    qtbot.keyClick(survey, Qt.Key.Key_Escape)
    assert survey.isVisible()
    answers["yes"] = True  # without sign-in, a tap on Staff (what a curious customer does) asks nothing
    qtbot.mouseClick(survey.staff_button, Qt.MouseButton.LeftButton)
    assert survey.isVisible() and answers["shown"] == []
    answers["yes"] = False  # held for two seconds, it asks; "no" keeps the survey
    _hold_staff_button(qtbot, survey, answers)
    assert survey.isVisible() and answers["shown"][0][1] == "Close the survey screen?"
    answers["yes"] = True
    _hold_staff_button(qtbot, survey, answers)
    assert not survey.isVisible()


def _hold_staff_button(qtbot, survey, answers):
    asked = len(answers["shown"])
    qtbot.mousePress(survey.staff_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(answers["shown"]) > asked, timeout=HOLD_MS + 1500)
    qtbot.mouseRelease(survey.staff_button, Qt.MouseButton.LeftButton)


def test_a_press_let_go_before_two_seconds_does_not_leave(survey, qtbot, answers):
    answers["yes"] = True
    qtbot.mousePress(survey.staff_button, Qt.MouseButton.LeftButton)
    qtbot.wait(HOLD_MS // 2)
    qtbot.mouseRelease(survey.staff_button, Qt.MouseButton.LeftButton)
    qtbot.wait(HOLD_MS // 2 + 300)
    assert survey.isVisible() and answers["shown"] == []


@pytest.mark.parametrize("way", ["menu", "service screen"])
def test_the_main_window_is_hidden_while_the_survey_runs_and_back_when_staff_leave(window, qtbot, answers, way):
    if way == "menu":
        window.findChild(QAction, "surveyAction").trigger()
        survey = window.survey
    else:
        window.nav.setCurrentRow(window.screens.index(window.pages["service"]))
        service = window.service  # the Service screen, on show inside the main window
        assert service.survey_button.isVisible()
        qtbot.mouseClick(service.survey_button, Qt.MouseButton.LeftButton)
        survey = service.survey
    qtbot.addWidget(survey)
    assert survey.isVisible() and survey.isFullScreen()
    assert not window.isVisible()  # no taskbar entry, no Alt+Tab, its shortcuts off
    qtbot.keyClick(survey, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.contact_dialog is None  # Ctrl+L does not open the contact dialog over the survey
    answers["yes"] = True
    _hold_staff_button(qtbot, survey, answers)
    assert not survey.isVisible() and window.isVisible()
def test_with_sign_in_only_a_staff_pin_leaves(app, qtbot, store):
    with store.session() as session:
        owner = staff_svc.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
    survey = SurveyScreen(store)
    qtbot.addWidget(survey)
    survey.show()
    qtbot.mouseClick(survey.staff_button, Qt.MouseButton.LeftButton)
    unlock = survey.unlock
    unlock.secret.setText("guess")
    unlock.try_unlock()
    assert survey.isVisible() and "Wrong password" in unlock.message.text()
    survey.close()
    assert survey.isVisible()
    unlock.secret.setText("owner-pass")
    unlock.try_unlock()
    assert not survey.isVisible()


def test_answers_given_while_a_staff_member_is_signed_in_name_no_staff_member(app, qtbot, store):
    """Whoever is signed in at the survey's terminal did not serve this customer: the answers must not go into
    their average rating (services/staff_figures) nor name them in the ratings export."""
    from crmdesk.access import Actor

    with store.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
    store.actor = Actor(ha, "김하늘", "staff")
    survey = SurveyScreen(store)
    qtbot.addWidget(survey)
    survey.show()
    _answer_all(qtbot, survey, score=1)
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyNpsSkip"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(survey.findChild(type(survey.start_button), "surveyAnonymous"), Qt.MouseButton.LeftButton)
    with store.session() as session:
        stored = {(r.staff_id, r.source) for r in session.exec(select(Rating))}
    assert stored == {(None, "survey")}
