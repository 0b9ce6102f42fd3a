"""A compliment names the staff member it is about, and counts among their compliments."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlmodel import select

from crmdesk.models import Feedback
from crmdesk.services import staff as staff_svc
from crmdesk.services.staff_figures import staff_figures


def test_a_compliment_about_a_staff_member(window, qtbot):
    with window.store.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
    window.nav.setCurrentRow(window.screen_row("feedback"))
    window.feedback.new_feedback()
    dialog = window.feedback.dialog
    assert dialog.about.staff_id() is None  # nobody unless chosen
    dialog.kind.setCurrentIndex(dialog.kind.findData("compliment"))
    dialog.anonymous.setChecked(True)
    dialog.description.setPlainText("하늘 씨가 정말 친절했어요")
    dialog.about.set_staff_id(ha)
    qtbot.mouseClick(dialog.findChild(QPushButton, "feedbackSave"), Qt.MouseButton.LeftButton)
    with window.store.session() as session:
        assert session.exec(select(Feedback)).one().about_staff_id == ha
        figures = {f.name: f for f in staff_figures(session, date.today() - timedelta(days=1), date.today())}
    assert figures["김하늘"].compliments == 1
