"""The sign-in window: shown before the main window once any staff account has a password or PIN."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.exc import OperationalError

from crmdesk.access import Actor
from crmdesk.services import auth
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, messages, theme
from crmdesk.ui.kit.staff_picker import counter_staff_id, set_counter_staff_id


class SignInDialog(QDialog):
    """Pick your name, type your password or PIN, Enter. ``signed_in`` carries the actor; the store holds it."""

    signed_in = Signal(object)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in — crmdesk"))
        self._store = store
        self.account = QComboBox(objectName="signInAccount")
        with store.session() as session:
            for member in auth.accounts(session):
                self.account.addItem(member.name, member.id)
        last = counter_staff_id()
        if last is not None and self.account.findData(last) >= 0:
            self.account.setCurrentIndex(self.account.findData(last))
        self.secret = QLineEdit(objectName="signInSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("password or PIN"))
        self.secret.returnPressed.connect(self.try_sign_in)
        self.message = QLabel(objectName="signInMessage")
        self.message.setStyleSheet(theme.text_style("error"))
        self.message.setWordWrap(True)
        self.button = QPushButton(self.tr("Sign in"), objectName="signInButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.try_sign_in)
        title = QLabel(self.tr("Who is at the counter?"))
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.account)
        form.addRow(self.tr("Password or PIN"), self.secret)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        self.setMinimumWidth(360)
        self.secret.setFocus()
        accessibility.name_controls(self)

    def try_sign_in(self) -> None:
        staff_id = self.account.currentData()
        if staff_id is None:
            return
        try:
            actor: Actor = auth.sign_in(self._store, staff_id, self.secret.text())
        except auth.SignInRefused as refused:
            self.message.setText(self._refusal_text(refused))
            self.secret.clear()
            return
        except OperationalError as exc:  # fails closed: nobody is signed in, and the reason is said here
            from crmdesk.store.engine import is_busy

            self.message.setText(
                self.tr("The database is busy with another change (an import?); try again when it has finished.")
                if is_busy(exc) else self.tr("The database cannot be reached or read; nobody was signed in."))
            return
        self._store.actor = actor
        set_counter_staff_id(actor.staff_id)  # entries are preselected with who signed in
        self.signed_in.emit(actor)
        self.accept()

    def _refusal_text(self, refused: auth.SignInRefused) -> str:
        return messages.sign_in_refusal(refused)
