"""The card's Consent tab: the current state of every purpose, one button to grant or withdraw it (taken by
the method chosen above, by the counter's staff member), and the full history from the consent ledger."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crmdesk.access import Permission, actor_of
from crmdesk.errors import CrmError
from crmdesk.models import ConsentMethod, Customer
from crmdesk.services import consent as svc
from crmdesk.services import privacy
from crmdesk.store import Store
from crmdesk.ui.kit import dialogs, formatting, theme
from crmdesk.ui.kit.i18n import error_text, window_language
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import Column, RowsModel
from crmdesk.ui.kit.staff_picker import counter_staff_id
from crmdesk.ui.kit.wal_after_erase import WalAfterErase


def _t(text: str) -> str:
    return QCoreApplication.translate("ConsentPanel", text)


PURPOSES = {
    svc.Purpose.COLLECTION: QT_TRANSLATE_NOOP("ConsentPanel", "Collection of personal data"),
    svc.Purpose.SMS: QT_TRANSLATE_NOOP("ConsentPanel", "Marketing by SMS"),
    svc.Purpose.KAKAO: QT_TRANSLATE_NOOP("ConsentPanel", "Marketing by KakaoTalk"),
    svc.Purpose.EMAIL: QT_TRANSLATE_NOOP("ConsentPanel", "Marketing by e-mail"),
    svc.Purpose.PHONE: QT_TRANSLATE_NOOP("ConsentPanel", "Marketing by phone"),
    svc.Purpose.PERSONALISED: QT_TRANSLATE_NOOP("ConsentPanel", "Personalised recommendations"),
    svc.Purpose.NIGHT: QT_TRANSLATE_NOOP("ConsentPanel", "Advertising between 21:00 and 08:00"),
}
CHANNELS = {
    svc.Purpose.SMS: QT_TRANSLATE_NOOP("ConsentPanel", "SMS"),
    svc.Purpose.KAKAO: QT_TRANSLATE_NOOP("ConsentPanel", "KakaoTalk"),
    svc.Purpose.EMAIL: QT_TRANSLATE_NOOP("ConsentPanel", "e-mail"),
    svc.Purpose.PHONE: QT_TRANSLATE_NOOP("ConsentPanel", "phone calls"),
}
METHODS = {
    "paper": QT_TRANSLATE_NOOP("ConsentPanel", "paper form"),
    "verbal": QT_TRANSLATE_NOOP("ConsentPanel", "verbally"),
    "online": QT_TRANSLATE_NOOP("ConsentPanel", "online"),
    "import": QT_TRANSLATE_NOOP("ConsentPanel", "import"),
    "migrated": QT_TRANSLATE_NOOP("ConsentPanel", "earlier consent flag"),
    "erasure": QT_TRANSLATE_NOOP("ConsentPanel", "erasure"),
    "notice": QT_TRANSLATE_NOOP("ConsentPanel", "re-confirmation notice"),
}
STATES = (
    QT_TRANSLATE_NOOP("ConsentPanel", "Agreed since {date}"),
    QT_TRANSLATE_NOOP("ConsentPanel", "Agreed"),
    QT_TRANSLATE_NOOP("ConsentPanel", "Withdrawn on {date}"),
    QT_TRANSLATE_NOOP("ConsentPanel", "Not agreed"),
)


def banner_style() -> str:
    """The banner of an unconfirmed consent: a notice's tint with the window's text, readable light and dark."""
    return (f"background: {theme.colour('notice_bg')}; color: palette(window-text); "
            f"border: 1px solid {theme.colour('warning')}; padding: 6px;")


def purpose_text(purpose: svc.Purpose) -> str:
    return _t(PURPOSES[purpose])


def channel_text(purpose: svc.Purpose) -> str:
    """The short name of a marketing channel."""
    return _t(CHANNELS[purpose]) if purpose in CHANNELS else purpose.value


def method_text(method: str) -> str:
    return _t(METHODS[method]) if method in METHODS else method


def state_text(state: svc.ConsentState) -> str:
    when = formatting.day(state.since)
    if state.granted:
        return _t(STATES[0]).format(date=when) if when else _t(STATES[1])
    return _t(STATES[2]).format(date=when) if when else _t(STATES[3])


class ConsentPanel(QWidget):
    """Shows and records one customer's consent; ``changed`` fires after every recorded event."""

    changed = Signal(int)
    erased = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentPanel")
        self._store = store
        self._customer_id: int | None = None
        self.wal = WalAfterErase(store, self)  # an erase leaves nothing in the -wal file, or says so
        self.method = QComboBox(objectName="consentMethod")
        for method in (ConsentMethod.VERBAL, ConsentMethod.PAPER, ConsentMethod.ONLINE):
            self.method.addItem(method_text(method.value), method.value)
        # "Consent not confirmed" (issue 17): nobody recorded the customer's answer to collection.
        self.banner = QLabel(self.tr("Consent not confirmed: nobody recorded the customer's answer (the card was made "
                                     "or imported without asking, or an earlier version assumed it). Ask the customer "
                                     "and record the answer to \"Collection of personal data\"; until then no "
                                     "marketing reaches them."), objectName="consentBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(banner_style())
        self.banner.hide()
        self.confirm_button = QPushButton(self.tr("The customer agrees to collection: record it"),
                                          objectName="consentConfirm")
        self.confirm_button.clicked.connect(lambda: self._record(svc.Purpose.COLLECTION, True))
        self.confirm_button.hide()
        self.unconfirmed = False
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Taken by:")))
        head.addWidget(self.method)
        head.addStretch(1)
        grid = QGridLayout()
        self.states: dict[svc.Purpose, QLabel] = {}
        self.buttons: dict[svc.Purpose, QPushButton] = {}
        for row, purpose in enumerate(svc.Purpose):
            state = QLabel(objectName=f"consentState_{purpose.value}")
            button = QPushButton(objectName=f"consentToggle_{purpose.value}")
            button.setAccessibleName(purpose_text(purpose))  # seven alike buttons: say which purpose
            button.clicked.connect(lambda _checked=False, p=purpose: self.toggle(p))
            grid.addWidget(QLabel(purpose_text(purpose)), row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(button, row, 2)
            self.states[purpose], self.buttons[purpose] = state, button
        grid.setColumnStretch(1, 1)
        self.history = RowsModel([
            Column(self.tr("When"), lambda h: formatting.moment(h.at)),
            Column(self.tr("Purpose"), lambda h: purpose_text(h.purpose)),
            Column(self.tr("Change"), lambda h: self.tr("granted") if h.granted else self.tr("withdrawn")),
            Column(self.tr("How"), lambda h: method_text(h.method)),
            Column(self.tr("Staff"), lambda h: h.staff_name or ""),
        ], self)
        self.history_view = QTableView(objectName="consentHistory")
        read_only_list(self.history_view, self.history, stretch=[1])
        # The customer's privacy rights: owner only (the services refuse staff; the buttons are not shown).
        self.export_button = QPushButton(self.tr("Export this customer's data…"), objectName="privacyExport")
        self.export_button.clicked.connect(self.export_data)
        self.erase_button = QPushButton(self.tr("Erase personal data…"), objectName="privacyErase")
        self.erase_button.setStyleSheet(theme.text_style("error"))
        self.erase_button.clicked.connect(self.erase)
        self.form_button = QPushButton(self.tr("Consent form…"), objectName="cardConsentForm")
        self.form_button.setToolTip(self.tr("Print the consent form with this customer's name and phone to sign"))
        self.form_button.clicked.connect(self.print_form)
        rights = QHBoxLayout()
        rights.addWidget(self.form_button)
        rights.addWidget(self.export_button)
        rights.addStretch(1)
        rights.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.confirm_button)
        layout.addLayout(head)
        layout.addLayout(grid)
        layout.addWidget(self.history_view, 1)
        layout.addLayout(rights)
        # Once in the panel: shown earlier, a button without a parent opens as a window of its own for a moment
        # (and takes the activation from the main window when the card is built after it is on screen).
        owner = actor_of(store).can(Permission.ERASE)
        self.export_button.setVisible(owner)
        self.erase_button.setVisible(owner)
        self._current: dict[svc.Purpose, svc.ConsentState] = {}

    def show_customer(self, customer_id: int | None) -> None:
        self._customer_id = customer_id
        if customer_id is None:
            self._current = {}
            self.history.set_rows([])
            self.setEnabled(False)
            return
        with self._store.session() as session:
            rows = svc.consent_history(session, customer_id)
            card = session.get(Customer, customer_id)
            self.unconfirmed = bool(card is not None and card.consent_unconfirmed)
        self._current = svc.states_of(rows, unconfirmed=self.unconfirmed)
        self.banner.setVisible(self.unconfirmed)
        self.confirm_button.setVisible(self.unconfirmed)
        for purpose, state in self._current.items():
            self.states[purpose].setText(state_text(state))
            self.states[purpose].setStyleSheet(theme.text_style("success" if state.granted else "greyed"))
            action = self.tr("Withdraw") if state.granted else self.tr("Grant")
            self.buttons[purpose].setText(action)
            self.buttons[purpose].setAccessibleName(self.tr("{action}: {purpose}").format(
                action=action, purpose=purpose_text(purpose)))
        self.history.set_rows(rows)
        self.history.fit_columns(self.history_view, [0])
        self.setEnabled(True)

    @property
    def current(self) -> dict[svc.Purpose, svc.ConsentState]:
        return dict(self._current)

    def toggle(self, purpose: svc.Purpose) -> None:
        """Record the opposite of the current state: a grant or a withdrawal, now."""
        if self._customer_id is None:
            return
        self._record(purpose, not self._current[purpose].granted)

    def _record(self, purpose: svc.Purpose, granted: bool) -> None:
        if self._customer_id is None:
            return
        try:
            with self._store.session(immediate=True) as session:  # waits for an import's write lock
                svc.record_consent(session, self._customer_id, purpose, granted, method=self.method.currentData(),
                                   staff_id=counter_staff_id(session))
        except CrmError as err:
            dialogs.inform(self, self.tr("Consent not recorded"), error_text(err))
            return
        self.show_customer(self._customer_id)
        self.changed.emit(self._customer_id)

    def print_form(self) -> None:
        """The A4 consent form with this card's name and phone (issue 17)."""
        if self._customer_id is not None:
            from crmdesk.ui.card.consent_print import save_consent_form

            save_consent_form(self, self._store, self._customer_id, f"consent-form-{self._customer_id}.pdf")

    def export_data(self) -> None:
        if self._customer_id is None:
            return
        title = self.tr("Export this customer's data")
        chosen = dialogs.choose_save_file(self, title, f"customer-{self._customer_id}.xlsx",
                                          self.tr("Excel workbook (*.xlsx);;JSON (*.json)"))
        if not chosen:
            return
        language = window_language()
        from crmdesk.ui.kit.reasons import ask_export_reason, with_reason

        reason = ask_export_reason(self, self._store)  # issue 17: kept in the audit log
        if reason is None:
            return
        customer_id = self._customer_id
        try:
            path = with_reason(reason, lambda: privacy.export_customer(self._store, customer_id, chosen,
                                                                       language=language))
        except CrmError as err:
            dialogs.warn(self, title, error_text(err))
            return
        dialogs.inform(self, title, self.tr("Written to {path}.").format(path=path))

    def erase(self) -> None:
        if self._customer_id is None:
            return
        title = self.tr("Erase personal data")
        question = self.tr(
            "Erase this customer's personal data for good?\n\nName, phone, e-mail, birthday, address, memo and "
            "the notes written about them are removed and cannot be brought back, not even from this window. "
            "Their purchases stay as anonymous figures, so the shop's totals do not change.")
        if not dialogs.confirm(self, title, question):
            return
        customer_id = self._customer_id
        try:
            with self._store.session() as session:
                privacy.erase_customer(session, customer_id, confirm=True)
        except CrmError as err:
            dialogs.warn(self, title, error_text(err))
            return
        self.erased.emit(customer_id)
        self.wal.check(privacy.wal_left_behind(session))
