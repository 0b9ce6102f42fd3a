from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from crmdesk.services import customers as svc


def test_new_database_offers_the_demo_cafe_and_loads_it(app, qtbot, store, answers, inline_jobs):
    from crmdesk.ui.app.main_window import MainWindow

    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.welcome.isVisible()
    assert window.customers.model.rowCount() == 0
    qtbot.mouseClick(window.findChild(QPushButton, "loadDemo"), Qt.MouseButton.LeftButton)
    assert not window.welcome.isVisible()
    with store.session() as session:
        total = svc.customer_stats(session)["total"]
    assert total == 2000
    assert window.customers.model.rowCount() > 1900  # a few demo customers are archived
    assert answers["shown"] == []


def test_database_location_is_shown(window):
    assert str(window.store.path) in window.database_label.text()
    assert not window.welcome.isVisible()
