"""Staff and their regulars on the Staff screen (issue 19): the per-staff figures beside the activity columns,
and the hand-over when a staff member who is main contact (담당 직원) for customers is deactivated."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from crmdesk.errors import ValidationError
from crmdesk.services import regulars
from crmdesk.services import staff as staff_svc
from crmdesk.services.staff_figures import StaffFigures, staff_figures
from crmdesk.store import Store
from crmdesk.ui.kit import accessibility, messages, theme


def figures_by_staff(store: Store, start: date, end: date, today: date) -> dict[int, StaffFigures]:
    with store.session() as session:
        return {f.staff_id: f for f in staff_figures(session, start, end, today=today)}


class HandOverDialog(QDialog):
    """Lists the customers a leaving staff member is main contact for and hands them to another active staff
    member (or to nobody) while deactivating them, in one step."""

    def __init__(self, store: Store, staff_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handOver")
        self.setWindowTitle(self.tr("Hand over {name}'s customers").format(name=name))
        self._store, self.staff_id = store, staff_id
        self.moved = 0
        with store.session() as session:
            self.customers = [(c.name, c.total_spent) for c in regulars.regulars_of(session, staff_id)]
            others = [s for s in staff_svc.list_staff(session) if s.id != staff_id]
        self.list = QListWidget(objectName="handOverCustomers")
        for customer, spent in self.customers:
            self.list.addItem(f"{customer} · ₩{spent:,}")
        self.to_staff = QComboBox(objectName="handOverTo")
        for member in others:
            self.to_staff.addItem(member.name, member.id)
        self.to_staff.addItem(self.tr("Nobody (leave them without a main contact)"), None)
        self.error = QLabel(objectName="handOverError")
        self.error.setStyleSheet(theme.text_style("error"))
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Deactivate and hand over"))
        buttons.accepted.connect(self.hand_over)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("{name} is the main contact of {n} customers. Who looks after them now?")
                                .format(name=name, n=len(self.customers)), wordWrap=True))
        layout.addWidget(self.list)
        layout.addWidget(self.to_staff)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        accessibility.name_controls(self)

    def hand_over(self) -> None:
        try:
            with self._store.session() as session:
                self.moved = regulars.deactivate_and_hand_over(session, self.staff_id, self.to_staff.currentData())
        except ValidationError as exc:
            self.error.setText(messages.problems_text(exc.problems))
            return
        self.accept()
