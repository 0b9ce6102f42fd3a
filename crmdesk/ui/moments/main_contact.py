"""A card's 담당 직원 (main contact): chosen from the active staff, with the one who has served the customer most
proposed beside it. A choice is stored at once (it is not part of the card's form)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from crmdesk.errors import CrmError
from crmdesk.services import regulars
from crmdesk.services import staff as staff_svc
from crmdesk.store import Store
from crmdesk.ui.kit.i18n import error_text


class MainContactRow(QWidget):
    status_message = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainContact")
        self._store = store
        self.customer_id: int | None = None
        self.proposal: regulars.Proposal | None = None
        self.combo = QComboBox(objectName="mainContactStaff")
        self.hint = QLabel(objectName="mainContactHint")
        self.hint.setStyleSheet("color: #666;")
        self.use = QPushButton(self.tr("Use"), objectName="mainContactUse")
        self.use.clicked.connect(self._use_proposal)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self.use)
        self.combo.activated.connect(self._chosen)

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.combo.clear()
        self.combo.addItem(self.tr("(none)"), None)
        if customer_id is None:
            self.hint.clear()
            self.use.hide()
            return
        with self._store.session() as session:
            for member in staff_svc.list_staff(session):
                self.combo.addItem(member.name, member.id)
            from crmdesk.models import Customer

            current = getattr(session.get(Customer, customer_id), "main_staff_id", None)
            self.proposal = regulars.propose_main_staff(session, customer_id)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        suggest = self.proposal is not None and self.proposal.staff_id != current
        self.hint.setText(self.tr("Served most by {name} ({n} times)").format(
            name=self.proposal.name, n=self.proposal.served) if self.proposal is not None else "")
        self.use.setVisible(suggest)

    def _use_proposal(self) -> None:
        if self.proposal is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(self.proposal.staff_id)))
            self._chosen()

    def _chosen(self, _index: int = 0) -> None:
        if self.customer_id is None:
            return
        try:
            with self._store.session() as session:
                regulars.set_main_staff(session, self.customer_id, self.combo.currentData())
        except CrmError as exc:
            self.status_message.emit(error_text(exc))
        self.show_customer(self.customer_id)
        self.status_message.emit(self.tr("Main contact saved."))
