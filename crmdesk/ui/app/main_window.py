"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.access import Permission, actor_of, sign_in_on
from crmdesk.services.customer_rows import any_customer, shop_name
from crmdesk.store import Store
from crmdesk.ui.customers.customers_screen import CustomersScreen
from crmdesk.ui.kit import accessibility, dialogs, jobs, theme
from crmdesk.ui.kit.i18n import error_text
from crmdesk.ui.kit.lazy_screen import DashboardPage, LazyPage
from crmdesk.ui.reports.reports_page import ReportsPage

if TYPE_CHECKING:
    from crmdesk.ui.admin.duplicates_screen import DuplicatesScreen
    from crmdesk.ui.admin.privacy_screen import PrivacyScreen
    from crmdesk.ui.admin.settings_screen import SettingsScreen
    from crmdesk.ui.admin.staff_screen import StaffScreen
    from crmdesk.ui.campaigns.campaigns_screen import CampaignsScreen
    from crmdesk.ui.card.customer_card import CustomerCard
    from crmdesk.ui.moments.service_screen import ServiceScreen
    from crmdesk.ui.service.birthdays_screen import BirthdaysScreen
    from crmdesk.ui.service.feedback_screen import FeedbackScreen
    from crmdesk.ui.service.log_contact import LogContactDialog
    from crmdesk.ui.service.today_screen import TodayScreen

FIRST_BADGE_AFTER_MS = 250
ACCESSIBLE_AFTER_MS = 300
S = TypeVar("S")

# The screens behind the navigation besides the customer list, dashboard and reports: each is built (its
# module imported) the first time it is shown or used, so the window opens on the customer list alone.
_LAZY_SCREENS = {
    "today": "crmdesk.ui.service.today_screen:TodayScreen",
    "birthdays": "crmdesk.ui.service.birthdays_screen:BirthdaysScreen",
    "feedback": "crmdesk.ui.service.feedback_screen:FeedbackScreen",
    "service": "crmdesk.ui.moments.service_screen:ServiceScreen",
    "campaigns": "crmdesk.ui.campaigns.campaigns_screen:CampaignsScreen",
    "staff": "crmdesk.ui.admin.staff_screen:StaffScreen",
    "duplicates": "crmdesk.ui.admin.duplicates_screen:DuplicatesScreen",
    "privacy": "crmdesk.ui.admin.privacy_screen:PrivacyScreen",
    "settings": "crmdesk.ui.admin.settings_screen:SettingsScreen",
}


class WelcomePanel(QWidget):
    """Shown instead of an empty list on a brand-new database."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        title = QLabel(self.tr("Welcome to crmdesk"))
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        text = QLabel(self.tr("This database has no customers yet. Add your first customer, or explore a demo "
                              "café with 2,000 customers and three years of purchases."))
        text.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Load the demo café"), objectName="loadDemo")
        self.add_button = QPushButton(self.tr("Add a customer (Ctrl+N)"), objectName="welcomeAdd")
        row = QHBoxLayout()
        row.addWidget(self.demo_button)
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(row)
        self.setStyleSheet(f"#welcomePanel {{ background: {theme.colour('info_bg')}; border-radius: 6px; }}")


class _LazyScreen(Generic[S]):
    """``window.<name>``: the screen of ``window.pages[<name>]``, built the first time it is asked for."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, window: None, owner: type) -> _LazyScreen[S]: ...
    @overload
    def __get__(self, window: MainWindow, owner: type) -> S: ...

    def __get__(self, window: MainWindow | None, owner: type) -> S | _LazyScreen[S]:
        return self if window is None else window.pages[self.name].build()


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    sign_out_requested = Signal()
    database_replaced = Signal()  # a backup was restored over the open database: the window is rebuilt

    # The screens behind LazyPages (see _LAZY_SCREENS), built when first shown or used.
    today: _LazyScreen[TodayScreen] = _LazyScreen()
    birthdays: _LazyScreen[BirthdaysScreen] = _LazyScreen()
    feedback: _LazyScreen[FeedbackScreen] = _LazyScreen()
    service: _LazyScreen[ServiceScreen] = _LazyScreen()
    campaigns: _LazyScreen[CampaignsScreen] = _LazyScreen()
    staff: _LazyScreen[StaffScreen] = _LazyScreen()
    duplicates: _LazyScreen[DuplicatesScreen] = _LazyScreen()
    privacy: _LazyScreen[PrivacyScreen] = _LazyScreen()
    settings: _LazyScreen[SettingsScreen] = _LazyScreen()

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(130)
        # The focused navigation shows it (a style sheet on the items hides Qt's own focus frame).
        self.nav.setStyleSheet("#navigation { font-size: 11pt; border: 2px solid transparent; } "
                               "#navigation:focus { border: 2px solid palette(highlight); } "
                               "#navigation::item { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        self.customers = CustomersScreen(store)
        self.dashboard = DashboardPage(store)  # the screen itself (pandas, pyqtgraph) is built when first shown
        self.dashboard.open_customers.connect(self.show_customer_set)
        self.dashboard.open_card.connect(self.show_customer)
        self.reports = ReportsPage(store)  # the screen (print support, analytics) is built when first shown
        self.pages = {name: LazyPage(store, screen=spec, on_build=getattr(self, f"_wire_{name}", None))
                      for name, spec in _LAZY_SCREENS.items()}
        pages = self.pages
        self.screens = (self.customers, pages["today"], pages["birthdays"], pages["feedback"], pages["service"],
                        self.dashboard, self.reports, pages["campaigns"], pages["staff"], pages["duplicates"],
                        pages["privacy"], pages["settings"])
        names = (self.tr("Customers"), self.tr("Today"), self.tr("Birthdays"), self.tr("Feedback"),
                 self.tr("Service"), self.tr("Dashboard"), self.tr("Reports"), self.tr("Campaigns"), self.tr("Staff"),
                 self.tr("Duplicates"), self.tr("Privacy"), self.tr("Settings"))
        for text, screen in zip(names, self.screens, strict=True):
            self.nav.addItem(QListWidgetItem(text))
            self.stack.addWidget(screen)
            screen.status_message.connect(lambda msg: self.statusBar().showMessage(msg, 5000))
        self.customers.card_built.connect(self._wire_card)  # built just after the first rows are painted
        # The badge follows changes made elsewhere (another terminal, an archived customer, midnight); its
        # first figures come a moment after the customer list is on screen.
        self.badge_timer = QTimer(self, interval=60_000)
        self.badge_timer.timeout.connect(self.refresh_badge)
        self.badge_timer.start()
        QTimer.singleShot(FIRST_BADGE_AFTER_MS, self.refresh_badge)
        self.other_terminals = None  # on a server: what other terminals change shows up within seconds
        if store.path is None:
            from crmdesk.ui.app.other_terminals import OtherTerminals

            self.other_terminals = OtherTerminals(store, self)
            self.other_terminals.changed.connect(self.follow_other_terminals)
        self.contact_dialog: LogContactDialog | None = None
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.nav.setCurrentRow(0)

        self._lay_out()
        QShortcut(QKeySequence("Ctrl+N"), self, self._quick_add, context=Qt.ShortcutContext.ApplicationShortcut)
        QShortcut(QKeySequence("Ctrl+L"), self, self._log_contact_shortcut,
                  context=Qt.ShortcutContext.ApplicationShortcut)
        self.database_label = QLabel(store.shown)
        self.statusBar().addPermanentWidget(self.database_label)
        self.customers.model.modelReset.connect(self._update_welcome)
        self._update_welcome()
        self._update_title()
        self.data_menu = data_menu = self.menuBar().addMenu(self.tr("&Data"))
        data_menu.addAction(self.tr("&Import…"), self.open_import).setObjectName("importAction")
        data_menu.addAction(self.tr("&Export sales…"), self.export_sales).setObjectName("exportSalesAction")
        # The counter survey is for whoever is at the counter (issue 19); only staff can leave it again.
        self.menuBar().addMenu(self.tr("&Service")).addAction(
            self.tr("Counter &survey…"), self.open_survey).setObjectName("surveyAction")
        self._apply_role()
        # Names, label buddies and screen shortcuts a moment after the first rows are on screen (walking every
        # widget of the window costs a few hundred ms of start-up on a busy PC).
        QTimer.singleShot(ACCESSIBLE_AFTER_MS, self._make_accessible)
        self.resize(1280, 780)

    def _lay_out(self) -> None:
        """The navigation on the left; on the right the welcome panel (an empty database) above the screens."""
        self.welcome = WelcomePanel()
        self.welcome.demo_button.clicked.connect(self.load_demo)
        self.welcome.add_button.clicked.connect(self.customers.quick_add)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.welcome)
        right_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)

    def _wire_card(self, card: CustomerCard) -> None:
        card.timeline.log_contact.connect(lambda: self.log_contact(card.customer_id))
        card.timeline.new_feedback.connect(lambda: self._feedback_for(card.customer_id))
        card.timeline.open_feedback.connect(self._open_feedback)
        card.print_requested.connect(self.print_card)

    def _make_accessible(self) -> None:
        if not self.nav.accessibleName():  # once per window
            _ = self.customers.card  # built by now unless the window was never painted: named with the rest
            accessibility.navigation_shortcuts(self, self.nav)
            accessibility.name_controls(self)

    def screen_row(self, name: str) -> int:
        """The navigation row of a screen by its name ("feedback", "dashboard", ...)."""
        page = self.pages.get(name) or getattr(self, name)
        return self.screens.index(page)

    def _wire_today(self, today: Any) -> None:
        today.open_customer.connect(self.show_customer)
        today.counts_changed.connect(self._follow_up_badge)
        today.data_changed.connect(self._customer_changed)

    def _wire_birthdays(self, birthdays: Any) -> None:
        birthdays.data_changed.connect(self._customer_changed)
        birthdays.open_customer.connect(self.show_customer)

    def _wire_feedback(self, feedback: Any) -> None:
        feedback.data_changed.connect(self._customer_changed)

    def _wire_staff(self, staff: Any) -> None:
        staff.staff_changed.connect(self._staff_changed)

    def _wire_duplicates(self, duplicates: Any) -> None:
        duplicates.customers_changed.connect(self.customers.model.refresh)
        duplicates.customers_changed.connect(self._reload_card)

    def _wire_privacy(self, privacy: Any) -> None:
        privacy.customers_changed.connect(self.customers.model.refresh)

    def _wire_settings(self, settings: Any) -> None:
        settings.language_changed.connect(self.language_changed)
        settings.backups.database_replaced.connect(self.database_replaced)

    def _apply_role(self) -> None:
        """Show only what the signed-in person may do (the services refuse the rest whatever the window shows).
        Staff: customers, today, birthdays, feedback; no dashboard, campaigns, staff accounts, merges, settings,
        backups, privacy, import or export."""
        actor = actor_of(self.store)
        pages = self.pages
        owner_screens = {self.dashboard: Permission.ANALYTICS, self.reports: Permission.ANALYTICS,
                         pages["service"]: Permission.ANALYTICS,  # the shop's ratings (issue 19)
                         pages["staff"]: Permission.SETTINGS,
                         pages["duplicates"]: Permission.MERGE, pages["settings"]: Permission.SETTINGS,
                         pages["privacy"]: Permission.AUDIT,
                         pages["campaigns"]: Permission.EXPORT}  # campaigns write recipient files of many
        for row, screen in enumerate(self.screens):
            needed = owner_screens.get(screen)
            self.nav.item(row).setHidden(needed is not None and not actor.can(needed))
        self.welcome.demo_button.setVisible(actor.can(Permission.BULK))
        self.menuBar().removeAction(self.data_menu.menuAction())
        if actor.can(Permission.BULK) and actor.can(Permission.EXPORT):
            self.menuBar().addAction(self.data_menu.menuAction())
        if sign_in_on(self.store) and self.store.actor is not None:
            account = self.menuBar().addMenu(actor.name)
            account.setObjectName("accountMenu")
            account.addAction(self.tr("Sign &out"), self._sign_out).setObjectName("signOutAction")
        self.database_label.setText((f"{actor.name} · " if self.store.actor is not None else "")
                                    + self.store.shown)

    def _sign_out(self) -> None:
        if self.customers.card.settle_changes():
            self.sign_out_requested.emit()

    def _update_title(self) -> None:
        with self.store.session() as session:
            shop = shop_name(session)
        self.setWindowTitle(f"{shop} — crmdesk" if shop else "crmdesk")

    def _update_welcome(self) -> None:
        empty = False
        if self.customers.model.rowCount() == 0:  # only then can the database be empty: no count per keystroke
            with self.store.session() as session:
                empty = not any_customer(session)
        self.welcome.setVisible(empty)

    # --- contacts and feedback from anywhere -------------------------------------------------------
    def _log_contact_shortcut(self) -> None:
        """Ctrl+L: for the customer on screen when the customer list is showing, else for anyone."""
        on_customers = self.stack.currentWidget() is self.customers
        self.log_contact(self.customers.card.customer_id if on_customers else None)

    def log_contact(self, customer_id: int | None = None) -> None:
        if self.contact_dialog is not None:
            self.contact_dialog.raise_()
            return
        from crmdesk.ui.service.log_contact import LogContactDialog

        dialog = self.contact_dialog = LogContactDialog(self.store, self, customer_id=customer_id)
        dialog.logged.connect(self._contact_logged)
        dialog.finished.connect(self._contact_dialog_closed)
        dialog.open()

    def _contact_dialog_closed(self) -> None:
        if self.contact_dialog is not None:
            self.contact_dialog.deleteLater()
        self.contact_dialog = None

    def _contact_logged(self, _contact_id: int, customer_id: int) -> None:
        name = self.contact_dialog.customer_name if self.contact_dialog else ""
        self.statusBar().showMessage(self.tr("Contact with {name} logged.").format(name=name), 5000)
        if self.customers.card.customer_id == customer_id:
            self.customers.card.timeline.reload()
        if self.pages["today"].built and self.today.isVisible():
            self.today.reload()
        else:
            self.refresh_badge()

    def _feedback_for(self, customer_id: int | None) -> None:
        self.feedback.new_feedback(customer_id)

    def _open_feedback(self, feedback_id: int) -> None:
        self.feedback.open_feedback(feedback_id)

    def _reload_card(self) -> None:
        """A merge or its undo moved rows: the open card shows them (unless it holds unsaved edits)."""
        card = self.customers.card
        if card.customer_id is not None and not card.has_unsaved_changes():
            card.show_customer(card.customer_id)

    def _customer_changed(self, customer_id: int | None = None) -> None:
        """Something was logged or moved: the open card's timeline shows it at once."""
        card = self.customers.card
        if card.customer_id is not None and customer_id in (None, card.customer_id):
            card.timeline.reload()

    def show_customer(self, customer_id: int) -> None:
        self.nav.setCurrentRow(0)
        if self.customers.card.settle_changes():
            self.customers.select_customer(customer_id)

    def show_customer_set(self, title: str, customer_ids: frozenset[int]) -> None:
        """The dashboard drilled into a segment or cell: the customer list shows just those customers."""
        self.nav.setCurrentRow(0)
        self.customers.show_customer_set(title, customer_ids)

    def follow_other_terminals(self) -> None:
        """Another terminal changed something: the badge, follow-ups, the list, and the card unless it is being
        edited here (a save of it then meets the stale-save check)."""
        self.refresh_badge()
        self.customers.model.refresh()
        card = self.customers.card
        if card.customer_id is not None and not card.has_unsaved_changes():
            card.reload()

    def refresh_badge(self) -> None:
        """The follow-ups due and overdue, in the navigation (the Today screen need not exist for it)."""
        if self.pages["today"].built:
            self.today.refresh_counts()
            return
        from crmdesk.services import contacts as contacts_svc

        with self.store.session() as session:
            self._follow_up_badge(*contacts_svc.follow_up_counts(session, date.today()))

    def _follow_up_badge(self, due: int, overdue: int) -> None:
        text = self.tr("Today")
        if due + overdue:
            text += f" ({due + overdue})"
        self.nav.item(1).setText(text)

    def _staff_changed(self) -> None:
        from crmdesk.ui.kit.staff_picker import StaffPicker

        for picker in self.findChildren(StaffPicker):
            picker.reload()

    def _quick_add(self) -> None:
        self.nav.setCurrentRow(0)
        self.customers.quick_add()

    def load_demo(self) -> None:
        from crmdesk.demo import generate_demo

        progress = QProgressDialog(self.tr("Creating the demo café…"), self.tr("Cancel"), 0, 100, self)
        progress.setObjectName("demoProgress")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        task = self._demo_task = jobs.Task(
            self, done=lambda summary: self._demo_done(progress, summary),
            failed=lambda exc: self._demo_failed(progress, exc),
            progress=lambda done, total: progress.setValue(done * 100 // max(total, 1)))
        progress.canceled.connect(task.stop)
        store = self.store
        task.run(lambda report: generate_demo(store, customers=2000, progress=report))

    def _demo_done(self, progress: QProgressDialog, summary: object) -> None:
        progress.close()
        self.customers.model.refresh()
        self.statusBar().showMessage(self.tr("The demo café is ready."), 8000)

    def _demo_failed(self, progress: QProgressDialog, exc: Exception) -> None:
        progress.close()
        self.customers.model.refresh()
        if not isinstance(exc, jobs.JobCancelled):
            dialogs.warn(self, self.tr("Demo café"), error_text(exc))

    def print_card(self, customer_id: int) -> None:
        from crmdesk.ui.reports.reports_screen import CardPrintDialog

        card = self.customers.card
        if not card.settle_changes():  # print what is stored, after the user saved or dropped edits
            return
        self.card_print = CardPrintDialog(self.store, customer_id, card.title.text(), self)
        self.card_print.panel.status_message.connect(lambda msg: self.statusBar().showMessage(msg, 8000))
        if not actor_of(self.store).can(Permission.EXPORT):  # a PDF or full numbers are data leaving the shop
            self.card_print.panel.pdf_button.hide()
            self.card_print.panel.full_phones.hide()
        self.card_print.open()

    def open_import(self) -> None:
        from crmdesk.ui.data.import_wizard import ImportWizard

        self.import_wizard = ImportWizard(self.store, self)
        self.import_wizard.finished.connect(lambda _result: self.customers.model.refresh())
        self.import_wizard.open()

    def open_survey(self) -> None:
        from crmdesk.ui.moments import survey_screen

        self.survey = survey_screen.open_survey(self.store, self)

    def export_sales(self) -> None:
        from crmdesk.ui.data.import_wizard import export_sales_dialog

        export_sales_dialog(self, self.store)
