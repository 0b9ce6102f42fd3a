"""The GUI path: QApplication, fonts, translator, the store and the main window."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from crmdesk.access import sign_in_on
from crmdesk.config import RESOURCES_DIR, resolve_database
from crmdesk.store import Store, backups
from crmdesk.ui.app import fonts
from crmdesk.ui.app.loyalty_upkeep import LoyaltyUpkeep
from crmdesk.ui.app.main_window import MainWindow
from crmdesk.ui.data.backups_ui import DailyBackup, open_or_offer_restore
from crmdesk.ui.kit import accessibility, collector, i18n, jobs, theme

if TYPE_CHECKING:
    from crmdesk.ui.app.sign_in import SignInDialog

REFREEZE_AFTER_MS = 1000
# CRMDESK_SNAPSHOT=FILE.png: open the window, save a picture of it to FILE.png, quit. The bundle's test opens the
# window this way (offscreen), and the screenshots in docs/ are taken so (with QT_SCALE_FACTOR for high DPI).
SNAPSHOT_ENV = "CRMDESK_SNAPSHOT"
SNAPSHOT_AFTER_MS = 1500


def _collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()


def _snapshot(app: QApplication, controller: Controller, path: str) -> None:
    shown = controller.window or controller.sign_in
    if shown is None or not shown.grab().save(path):
        print(f"crmdesk: could not save the window's picture to {path}", file=sys.stderr)
    app.quit()


class Controller:
    """Owns the window; rebuilds it when the language changes, so every text is retranslated."""

    def __init__(self, app: QApplication, store: Store, language: str | None) -> None:
        self.app = app
        self.store = store
        self.window: MainWindow | None = None
        i18n.install_language(app, i18n.effective_language(language))
        self.daily_backup = DailyBackup(store)
        self.loyalty_upkeep = LoyaltyUpkeep(store)
        self.sign_in: SignInDialog | None = None
        theme.follow_system(app, self._scheme_changed)
        self.start()

    def start(self) -> None:
        """The window at once while sign-in is off; else the sign-in first, and the window for who signed in."""
        if not sign_in_on(self.store):
            self.build()
            return
        from crmdesk.ui.app.sign_in import SignInDialog  # the services.auth behind it load the models

        self.sign_in = SignInDialog(self.store)
        self.sign_in.signed_in.connect(lambda _actor: self.build())
        self.sign_in.rejected.connect(self.app.quit)
        self.sign_in.show()

    def sign_out(self) -> None:
        from crmdesk.services import auth

        auth.sign_out(self.store)
        old, self.window = self.window, None
        self.start()  # the sign-in shows before the old window closes, so the application does not quit
        if old is not None:
            old.close()
            old.deleteLater()

    def build(self) -> MainWindow:
        old = self.window
        self.window = MainWindow(self.store)
        self.window.language_changed.connect(self.change_language)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.database_replaced.connect(self.build)
        if old is not None:
            self.window.setGeometry(old.geometry())
            self.window.nav.setCurrentRow(old.nav.currentRow())
            old.close()
            old.deleteLater()
        self.window.show()
        # What start-up made (SQLAlchemy's and Qt's tables, the window) lives as long as the application: out of
        # the collector's sight, a full collection no longer walks it, which paused a keystroke for 50 ms. A
        # rebuilt window (language, sign-out, restore) unfreezes it all, so the old window can be collected,
        # and freezes again once it is gone.
        if old is None:
            gc.freeze()
        else:
            gc.unfreeze()
            QTimer.singleShot(REFREEZE_AFTER_MS, _collect_and_freeze)
        return self.window

    def _scheme_changed(self) -> None:
        """The system turned dark or light: the window is built again in the new colours; while the counter survey
        runs, once staff leave it (a window built now would show the rest of crmdesk to the customer)."""
        if self.window is None or not shiboken6.isValid(self.window):
            return
        survey = next((w for w in QApplication.topLevelWidgets() if w.objectName() == "surveyScreen" and w.isVisible()),
                      None)  # opened from the menu or the Service screen
        if survey is not None:
            if not getattr(survey, "rebuild_after", False):
                survey.rebuild_after = True
                survey.left.connect(self._rebuild)  # after main.show: the window it replaces is back
            return
        self._rebuild()

    def _rebuild(self) -> None:
        if self.window is not None and shiboken6.isValid(self.window) and \
                self.window.customers.card.settle_changes():
            self.build()

    def change_language(self, choice: str) -> None:
        if self.window is not None:
            self.window.customers.card.settle_changes()
        i18n.install_language(self.app, i18n.effective_language(choice))
        self.build()


def application_icon() -> QIcon:
    icon = QIcon()
    for path in sorted((RESOURCES_DIR / "icons").glob("crmdesk-*.png")):
        icon.addFile(str(path))
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    QCoreApplication.setOrganizationName("crmdesk")
    QCoreApplication.setApplicationName("crmdesk")
    QGuiApplication.setDesktopFileName("crmdesk")  # the menu entry (resources/crmdesk.desktop) owns the window
    collector.install(app)  # cycles (and the Qt objects in them) are freed on this thread, never on a worker's
    fonts.apply_app_font(app)  # type: ignore[arg-type]
    theme.apply(app)  # type: ignore[arg-type]
    accessibility.name_dialogs(app)  # type: ignore[arg-type]
    if app.windowIcon().isNull():
        app.setWindowIcon(application_icon())
    return app  # type: ignore[return-value]


def run_gui(args: argparse.Namespace) -> int:
    app = make_app()
    i18n.install_language(app, i18n.effective_language(getattr(args, "lang", None)))
    store = open_or_offer_restore(resolve_database(getattr(args, "db", None)))
    if store is None:
        return 1
    controller = Controller(app, store, getattr(args, "lang", None))
    if os.environ.get(SNAPSHOT_ENV):
        QTimer.singleShot(SNAPSHOT_AFTER_MS, lambda: _snapshot(app, controller, os.environ[SNAPSHOT_ENV]))
    try:
        return app.exec()
    finally:
        controller.daily_backup.timer.stop()
        controller.loyalty_upkeep.timer.stop()
        controller.window = None
        if not jobs.finish_all():  # a background job still reading the store ends before the store closes
            print("crmdesk: a background task was still running at exit.", file=sys.stderr)
        views = sys.modules.get("crmdesk.ui.card.view_log")  # loaded with the first card (a lazy screen)
        if views is not None:
            views.flush_all()  # card views still queued behind another program's lock
        backups.automatic_backup(store)  # never raises; a server database is skipped
        store.close()
