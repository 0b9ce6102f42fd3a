"""The owner edits the touchpoint list: renamed, added, reordered, switched off; a nameless row is refused by
number and nothing of that save is stored."""

from crmdesk.services import moments as moments_svc
from crmdesk.ui.moments.touchpoint_editor import TouchpointEditor


def test_rename_add_reorder_and_switch_off(app, qtbot, store):
    editor = TouchpointEditor(store)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.table.rowCount() == 6 and editor.table.item(1, 1).text() == "대기 시간"
    editor.table.item(1, 1).setText("기다린 시간")
    editor.add()
    editor.table.item(6, 0).setText("Seating")
    editor.table.item(6, 1).setText("좌석")
    assert editor.save()
    editor.table.setCurrentCell(6, 0)
    editor.move(-6)
    editor.table.item(6, 2).setCheckState(editor.table.item(6, 2).checkState().Unchecked)  # 결제, now last
    assert editor.save()
    with store.session() as session:
        names = [m.name_ko for m in moments_svc.list_moments(session)]
    assert names == ["좌석", "주문", "기다린 시간", "맛·품질", "청결", "직원 응대"]


def test_a_nameless_row_is_refused_by_its_number(app, qtbot, store):
    editor = TouchpointEditor(store)
    qtbot.addWidget(editor)
    editor.table.item(0, 1).setText("주문하기")
    editor.add()
    assert not editor.save()
    assert editor.error.text().startswith("Row 7: Give the touchpoint a name")
    with store.session() as session:
        assert moments_svc.list_moments(session)[0].name_ko == "주문"  # the whole save was rolled back


def test_the_owner_switches_the_recommend_question_off_and_the_survey_ends_without_it(app, qtbot, store):
    from PySide6.QtCore import Qt

    from crmdesk.ui.moments.survey_screen import SurveyScreen

    editor = TouchpointEditor(store)
    qtbot.addWidget(editor)
    assert editor.ask_nps.isChecked()  # asked unless switched off
    editor.ask_nps.setChecked(False)
    with store.session() as session:
        assert not moments_svc.survey_asks_nps(session)
    survey = SurveyScreen(store)
    qtbot.addWidget(survey)
    survey.show()
    qtbot.mouseClick(survey.start_button, Qt.MouseButton.LeftButton)
    for _ in survey.moments:
        qtbot.mouseClick(survey.score_buttons[4], Qt.MouseButton.LeftButton)
    assert survey.pages.currentWidget() is survey.digits_page  # straight on: no "would you recommend us?"
    editor.ask_nps.setChecked(True)
    assert SurveyScreen(store).ask_nps
