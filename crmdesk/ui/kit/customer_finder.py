"""Find a customer while typing: name, initials (ㄱㅁㅅ) or the last four phone digits, the same search
as the list. Up/Down in the box move through the matches, so the hands stay on the keyboard."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from crmdesk.services import customers as customers_svc
from crmdesk.services.customers import CustomerQuery
from crmdesk.store import Store
from crmdesk.ui.kit import connection, formatting

MATCHES = 8


class CustomerFinder(QWidget):
    chosen_changed = Signal(object)  # customer id or None
    activated = Signal()  # Enter in the box or a double-click on a match

    def __init__(self, store: Store, parent: QWidget | None = None, *, prefix: str = "contact") -> None:
        super().__init__(parent)
        self._store = store
        self.search = QLineEdit(objectName=f"{prefix}Search")
        self.search.setPlaceholderText(self.tr("Name, initials (ㄱㅁㅅ) or last 4 phone digits"))
        self.matches = QListWidget(objectName=f"{prefix}Matches")
        self.search.setAccessibleName(self.tr("Find a customer"))
        self.matches.setAccessibleName(self.tr("Matching customers"))
        self.matches.setMaximumHeight(6 + 22 * MATCHES)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chosen = QLabel(objectName=f"{prefix}Chosen")
        self.chosen.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.chosen)
        self.search.textChanged.connect(self._search)
        self.matches.currentRowChanged.connect(self._chosen_changed)
        self.matches.itemDoubleClicked.connect(lambda _item: self.activated.emit())
        self.search.installEventFilter(self)
        self._chosen_changed()

    def preselect(self, customer_id: int) -> None:
        with self._store.session() as session:
            customer = customers_svc.get_customer(session, customer_id)
            name, phone = customer.name, customer.phone
        self.search.blockSignals(True)
        self.search.setText(name)
        self.search.blockSignals(False)
        self._fill([(customer_id, name, phone)])

    def _search(self, text: str) -> None:
        found: list[tuple[int, str, str | None]] = []
        if text.strip():
            def read() -> list[customers_svc.CustomerRow]:
                with self._store.session() as session:
                    return customers_svc.search_customers(session, CustomerQuery(text=text), limit=MATCHES)

            rows = connection.or_else(self._store, read, None)
            if rows is None:  # the server is out of reach: no matches, said where the choice is shown
                self._fill([])
                self.chosen.setText(self.tr("Cannot search: the database server cannot be reached."))
                return
            found = [(r.id, r.name, r.phone) for r in rows]
        self._fill(found)

    def _fill(self, found: list[tuple[int, str, str | None]]) -> None:
        self.matches.clear()
        for customer_id, name, phone in found:
            item = QListWidgetItem(f"{name}   {formatting.list_phone(self._store, phone)}" if phone else name)
            item.setData(Qt.ItemDataRole.UserRole, customer_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, name)
            self.matches.addItem(item)
        if found:
            self.matches.setCurrentRow(0)
        self._chosen_changed()

    def customer_id(self) -> int | None:
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def customer_name(self) -> str:
        item = self.matches.currentItem()
        return item.data(Qt.ItemDataRole.UserRole + 1) if item is not None else ""

    def _chosen_changed(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            self.chosen.setText(self.tr("No customer chosen") if self.search.text().strip() else "")
        else:
            self.chosen.setText("→ " + item.text())
        self.chosen_changed.emit(self.customer_id())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                self.matches.setCurrentRow(max(0, min(self.matches.count() - 1, self.matches.currentRow() + step)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.activated.emit()
                return True
        return super().eventFilter(watched, event)
