"""Quick add (Ctrl+N): a name and a phone are enough; warns at once when the phone is already known."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from crmdesk.errors import ValidationError
from crmdesk.models import Customer
from crmdesk.normalise import format_phone
from crmdesk.services import consent, privacy
from crmdesk.services import customers as svc
from crmdesk.store import Store
from crmdesk.ui.card.consent_form import ConsentAsk
from crmdesk.ui.kit import accessibility, connection, messages, theme
from crmdesk.ui.kit.staff_picker import counter_staff_id


class QuickAddDialog(QDialog):
    """On accept, ``customer_id`` is the new customer, or the existing one the user chose to open."""

    open_existing = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None, *, name: str = "", phone: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("quickAdd")
        self.setWindowTitle(self.tr("New customer"))
        self._store = store
        self.customer_id: int | None = None
        self._existing_id: int | None = None
        self._phone_unchecked = False

        self.name = QLineEdit(name, objectName="quickName")
        self.phone = QLineEdit(objectName="quickPhone")
        self.phone.setPlaceholderText("010-1234-5678")
        self.warning = QLabel(objectName="quickWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(theme.text_style("warning"))
        self.warning.hide()
        self.error = QLabel(objectName="quickError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        self.error.hide()
        self.open_button = QPushButton(self.tr("Open that card"), objectName="quickOpenExisting")
        self.open_button.hide()
        self.open_button.clicked.connect(self._open_existing)

        with store.session() as session:
            years = privacy.retention_years(session)
        self.consent_ask = ConsentAsk(years, self)  # asked, never assumed (issue 17)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setObjectName("quickSave")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.warning)
        form.addRow(self.open_button)
        form.addRow(self.consent_ask)
        form.addRow(self.error)
        form.addRow(buttons)
        self.phone.textChanged.connect(self._check_phone)
        self.name.textChanged.connect(lambda: self.error.hide())
        self.setMinimumWidth(520)
        if phone:
            self.phone.setText(phone)
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
        accessibility.name_controls(self)

    def _check_phone(self, text: str) -> None:
        def read() -> list[Customer]:
            with self._store.session() as session:
                return svc.customers_with_phone(session, text)

        was_unchecked = self._phone_unchecked
        found = connection.or_else(self._store, read, None, self.error)
        self._phone_unchecked = found is None  # the server was away: Save checks first
        if was_unchecked and found is not None:
            self.error.hide()  # the server is back
        holders = found or []
        if holders:
            first = holders[0]
            self._existing_id = first.id
            others = len(holders) - 1
            extra = self.tr(" and {n} more").format(n=others) if others else ""
            self.warning.setText(self.tr("{phone} already belongs to {name}{extra}. Is this the same person?").format(
                phone=format_phone(first.phone), name=first.name, extra=extra))
            self.warning.show()
            self.open_button.show()
        else:
            self._existing_id = None
            self.warning.hide()
            self.open_button.hide()

    def _open_existing(self) -> None:
        if self._existing_id is not None:
            self.customer_id = self._existing_id
            self.open_existing.emit(self._existing_id)
            self.accept()

    def save(self) -> None:
        if self._phone_unchecked and self.phone.text().strip():
            self._check_phone(self.phone.text())  # the warning the server's absence held back, before saving
            if self._existing_id is not None:
                return  # shown now: Save again means "a new customer all the same"
        ask = self.consent_ask

        def attempt() -> int:
            with self._store.session(immediate=True) as session:  # reads the staff member, then writes
                customer = svc.create_customer(session, {"name": self.name.text(), "phone": self.phone.text()},
                                               consents=ask.answers(), consent_method=ask.method(),
                                               staff_id=counter_staff_id(session))
                return customer.id

        try:  # the server may be out of reach: the dialog stays open with everything typed, and may try again
            saved, customer_id = connection.retrying(self, self._store, attempt)
        except ValidationError as err:
            self.error.setText("\n".join(messages.problem_text(p) for p in err.problems))
            self.error.show()
            focus = self.name if err.for_field("name") else self.consent_ask.boxes[consent.Purpose.COLLECTION] if (
                err.for_field("consent")) else self.phone
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not saved:
            self.error.setText(connection.not_saved_text())
            self.error.show()
            return
        self.customer_id = customer_id  # only once committed
        self.accept()
