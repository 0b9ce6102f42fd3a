import gc

import pytest


@pytest.fixture(autouse=True)
def _unfrozen():
    """The window's controller freezes start-up objects out of the collector (crmdesk/ui/app/application.py); a
    test leaves nothing frozen for the next one."""
    yield
    gc.unfreeze()


@pytest.fixture(autouse=True)
def _export_reason(monkeypatch):
    """Every export of personal data asks for its reason (issue 17): a test answers "test" unless it sets its own
    answer (dialogs._ask_text_impl), so no test waits on a real input dialog."""
    from crmdesk.ui.kit import dialogs

    monkeypatch.setattr(dialogs, "_ask_text_impl", lambda *_args: "test")


@pytest.fixture
def app(qapp):
    from PySide6.QtCore import QCoreApplication, QEvent

    from crmdesk.ui.app.application import make_app
    from crmdesk.ui.kit import collector, jobs
    from crmdesk.ui.kit.i18n import install_language

    make_app()
    install_language(qapp, "en")
    yield qapp
    install_language(qapp, "en")
    # No background job outlives its test (it would read a closed store while the next test runs), and the
    # garbage the test left is collected here, on the GUI thread, before the automatic collector is back on.
    jobs.finish_all()
    # The test's windows, closed by qtbot with deleteLater, are deleted now: a timer of theirs (the badge's first
    # count) must not fire during the next test, against a database that is gone.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    collector.uninstall()


@pytest.fixture
def sample(store):
    from crmdesk.services import customers as svc

    with store.session() as session:
        for person in (
            {"name": "김민수", "phone": "010-1234-5678", "tags": "VIP"},
            {"name": "김민지", "phone": "010-2222-5678"},
            {"name": "이서연", "phone": "010-3333-4444", "email": "seoyeon@example.com"},
        ):
            svc.create_customer(session, person)
    return store


@pytest.fixture
def window(app, qtbot, sample, answers, inline_jobs):
    from crmdesk.ui.app.main_window import MainWindow

    win = MainWindow(sample)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win
