"""Ctrl+L: the touchpoints of a contact rated with one key each, stored with the contact."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from sqlmodel import select

from crmdesk.models import Contact, Rating
from crmdesk.services import staff as staff_svc


def test_digits_rate_the_touchpoints_in_turn_and_are_stored_with_the_contact(window, qtbot):
    with window.store.session() as session:
        ha = staff_svc.create_staff(session, "김하늘").id
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.contact_dialog
    qtbot.keyClicks(dialog.search, "4444")
    boxes = list(dialog.ratings.boxes.values())
    boxes[0].setFocus()
    qtbot.keyClicks(boxes[0], "5")
    qtbot.keyClicks(boxes[1], "9")  # not a rating: the box refuses it
    qtbot.keyClicks(boxes[1], "2")
    assert [b.text() for b in boxes[:3]] == ["5", "2", ""]
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_dialog is None)
    with window.store.session() as session:
        contact = session.exec(select(Contact)).one()
        ratings = sorted((r.score, r.contact_id, r.customer_id, r.staff_id, r.source)
                         for r in session.exec(select(Rating)))
    assert ratings == [(2, contact.id, contact.customer_id, ha, "staff"), (5, contact.id, contact.customer_id, ha,
                                                                            "staff")]


def test_a_contact_without_ratings_stores_none(window, qtbot):
    window.log_contact()
    dialog = window.contact_dialog
    qtbot.keyClicks(dialog.search, "4444")
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.contact_dialog is None)
    with window.store.session() as session:
        assert not session.exec(select(Rating)).all()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_every_touchpoint_name_and_box_is_whole_at_the_opening_size(app, qtbot, store, language):
    from crmdesk.ui.kit.i18n import install_language
    from crmdesk.ui.service.log_contact import LogContactDialog

    install_language(app, language)
    dialog = LogContactDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = dialog.ratings.findChildren(QLabel)
    assert len(labels) == len(dialog.ratings.boxes) == 6
    for label in labels:  # "Orderi", "대기 시" before: a name cut off by the dialog's width
        assert label.width() >= label.sizeHint().width(), label.text()
    inside = dialog.rect()
    for box in dialog.ratings.boxes.values():
        corner = box.mapTo(dialog, box.rect().bottomRight())
        assert inside.contains(box.mapTo(dialog, box.rect().topLeft())) and inside.contains(corner), box.objectName()
