"""The counter survey screen: a customer answers on their own, cannot leave it, and stays anonymous unless their
four digits find a card that keeps the collection consent."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton
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


def _inside(widget, window):
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)


@pytest.mark.parametrize("language", ["ko", "en"])
def test_at_800_by_600_every_word_and_button_fits(app, qtbot, store, language):
    """At 800 px wide the words under the 1-5 buttons were cut ("매우 나쁨") and the eleven NPS buttons ran into
    each other: the window's least size was 980 x 610, so a full screen of 800 x 600 cut it."""
    from crmdesk.ui.kit.i18n import install_language

    install_language(app, language)
    survey = SurveyScreen(store, ask_nps=True)
    qtbot.addWidget(survey)
    survey.resize(800, 600)
    survey.show()
    qtbot.waitExposed(survey)
    hint = survey.minimumSizeHint()
    assert hint.width() <= 800 and hint.height() <= 600, hint
    assert (survey.width(), survey.height()) == (800, 600)
    qtbot.mouseClick(survey.start_button, Qt.MouseButton.LeftButton)
    for button in survey.score_buttons:
        assert _inside(button, survey), button.objectName()
        for label in button.findChildren(QLabel):  # the number and its word, each word whole
            widest = max(label.fontMetrics().horizontalAdvance(word) for word in label.text().split())
            assert label.width() >= widest and label.height() >= label.heightForWidth(label.width()), label.text()
    survey.pages.setCurrentWidget(survey.nps_page)
    nps = [survey.findChild(QPushButton, f"surveyNps{n}") for n in range(11)]
    rows = {button.geometry().top() for button in nps}
    assert len(rows) == 2  # two rows at 800 px: 0-5 and 6-10
    for button in nps:
        assert _inside(button, survey) and button.width() >= button.fontMetrics().horizontalAdvance("10") + 20
        others = [b.geometry() for b in nps if b is not button]
        assert not any(button.geometry().intersects(g) for g in others), button.text()
    survey.pages.setCurrentWidget(survey.digits_page)
    for key in ("1", "0", "Back", "Done"):
        assert _inside(survey.findChild(QPushButton, f"surveyKey{key}"), survey), key
    assert _inside(survey.findChild(QPushButton, "surveyAnonymous"), survey)


def test_at_1280_the_eleven_answers_are_one_row(app, qtbot, store):
    survey = SurveyScreen(store, ask_nps=True)
    qtbot.addWidget(survey)
    survey.resize(1280, 800)
    survey.show()
    qtbot.waitExposed(survey)
    survey.pages.setCurrentWidget(survey.nps_page)
    assert len({survey.findChild(QPushButton, f"surveyNps{n}").geometry().top() for n in range(11)}) == 1


def test_a_light_dark_switch_while_the_survey_runs_rebuilds_the_window_only_once_staff_leave(app, qtbot, sample,
                                                                                             answers):
    """The system may turn dark at dusk while a customer answers: the window built in the new colours waits until
    staff leave the survey, instead of appearing over it with the whole of crmdesk."""
    from crmdesk.ui.app.application import Controller

    controller = Controller(app, sample, "en")
    old = controller.window  # not handed to qtbot: the rebuild deletes it
    old.findChild(QAction, "surveyAction").trigger()
    survey = old.survey
    qtbot.addWidget(survey)
    controller._scheme_changed()
    controller._scheme_changed()  # twice: still one rebuild when staff leave
    assert controller.window is old and not old.isVisible() and survey.isVisible()
    answers["yes"] = True
    _hold_staff_button(qtbot, survey, answers)
    qtbot.addWidget(controller.window)
    assert controller.window is not old and controller.window.isVisible() and not survey.isVisible()


def test_the_staff_unlock_refuses_in_the_windows_language(app, qtbot, store):
    """A wrong PIN at the survey's staff button is refused in Korean in a Korean window (it showed the core's
    English, where the sign-in window already spoke Korean)."""
    from crmdesk.ui.kit.i18n import install_language

    with store.session() as session:
        owner = staff_svc.create_staff(session, "정다온", "owner").id
        auth.set_password(session, owner, "owner-pass")
    install_language(app, "ko")
    try:
        survey = SurveyScreen(store)
        qtbot.addWidget(survey)
        survey.show()
        qtbot.mouseClick(survey.staff_button, Qt.MouseButton.LeftButton)
        survey.unlock.secret.setText("guess")
        survey.unlock.try_unlock()
        said = survey.unlock.message.text()
        assert "Wrong" not in said and "비밀번호" in said, said
    finally:
        install_language(app, "en")
