"""The window's backups panel says which backups still hold customers erased since, and removes them (issue 15)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from sqlalchemy import select

from crmdesk.models import Customer
from crmdesk.services import privacy
from crmdesk.store import backups


def test_backups_panel_shows_backups_holding_erased_customers_and_removes_them(window, qtbot, sample, db_path,
                                                                                answers):
    before = backups.backup(sample)
    with sample.session() as session:
        cid = session.execute(select(Customer.id).order_by(Customer.id)).scalars().first()
        privacy.erase_customer(session, cid, confirm=True)
    after = backups.backup(sample)
    group = window.settings.backups
    group.refresh()
    label = window.findChild(QLabel, "backupsHoldingErased")
    button = window.findChild(QPushButton, "removeErasedBackups")
    assert not label.isHidden() and "1" in label.text() and not button.isHidden()
    answers["yes"] = True
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not before.exists() and after.exists()
    assert label.isHidden() and button.isHidden()
