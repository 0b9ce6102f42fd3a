"""Settings' shop details (issue 17): phone, address and the free opt-out number (080…) that advertising
messages end with, and the blank printable consent form. The shop's name sits above in the Settings form."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from crmdesk.errors import CrmError, ValidationError
from crmdesk.services import shop
from crmdesk.store import Store
from crmdesk.ui.card.consent_print import save_consent_form
from crmdesk.ui.kit import messages, theme
from crmdesk.ui.kit.i18n import error_text


class ShopDetailsGroup(QGroupBox):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Shop details for advertising messages and consent forms"), parent)
        self.setObjectName("shopDetails")
        self._store = store
        with store.session() as session:
            details = shop.shop_details(session)
        self.phone = QLineEdit(details.phone_shown, objectName="shopPhone")
        self.address = QLineEdit(details.address, objectName="shopAddress")
        self.opt_out = QLineEdit(details.opt_out_shown, objectName="shopOptOut")
        self.opt_out.setPlaceholderText("080-123-4567")
        self.error = QLabel(objectName="shopDetailsError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        save = QPushButton(self.tr("Save shop details"), objectName="saveShopDetails")
        save.clicked.connect(self.save)
        form_button = QPushButton(self.tr("Consent form (blank)…"), objectName="printConsentForm")
        form_button.setToolTip(self.tr("An A4 form to print and have signed: the shop's details, what the "
                                       "customer is told, each purpose to tick"))
        form_button.clicked.connect(lambda: save_consent_form(self, self._store, None, "consent-form.pdf"))
        form = QFormLayout(self)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Free opt-out number"), self.opt_out)
        form.addRow("", QLabel(self.tr("Every advertising message ends with it (무료수신거부 080-…); without it "
                                       "crmdesk writes no advertising file.")))
        form.addRow("", self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(form_button)
        buttons.addStretch(1)
        form.addRow("", buttons)

    def save(self) -> None:
        try:
            with self._store.session() as session:
                shop.set_shop_details(session, phone=self.phone.text(), address=self.address.text(),
                                      opt_out=self.opt_out.text())
        except ValidationError as exc:
            self.error.setText(messages.problems_text(exc.problems))
            return
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return
        self.error.clear()
        self.status_message.emit(self.tr("Shop details saved."))
