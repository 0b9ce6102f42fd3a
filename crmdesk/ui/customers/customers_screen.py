"""The customers screen: search-as-you-type over the whole store, the list, and the selected card.

The card (and with its modules the models and most services) is built just after the list's first paint, so
opening the window waits for the rows alone; anything that asks for ``card`` earlier builds it then.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.store import Store
from crmdesk.ui.customers.customer_model import COL_NAME, ROW_ROLE, CustomerTableModel
from crmdesk.ui.kit import theme
from crmdesk.ui.kit.lists import Selection, read_only_list

if TYPE_CHECKING:
    from crmdesk.ui.card.customer_card import CustomerCard
    from crmdesk.ui.customers.quick_add import QuickAddDialog


class SearchBox(QLineEdit):
    """Down arrow and Enter hand over to the list, so staff never reach for the mouse."""

    go_to_list = Signal()
    open_first = Signal()
    undo_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Undo) and not self.isUndoAvailable():
            # The search box has the focus most of the time: Ctrl+Z there undoes the last archive.
            self.undo_requested.emit()
        elif event.key() == Qt.Key.Key_Down:
            self.go_to_list.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_first.emit()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)


class CustomersScreen(QWidget):
    status_message = Signal(str)
    card_built = Signal(QWidget)  # the card, once built (the main window wires its signals)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customersScreen")
        self._store = store
        self._last_archived: int | None = None

        self._build_search_row()
        self._build_table(store)
        self._card: CustomerCard | None = None
        self.table.viewport().installEventFilter(self)  # the card follows the list's first paint

        self._build_bars()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        top.addWidget(self.add_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.set_bar)
        left_layout.addWidget(self.undo_bar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        self.card_place = QWidget(objectName="cardPlace")  # the card's place, empty until it is built
        QVBoxLayout(self.card_place).setContentsMargins(0, 0, 0, 0)
        splitter.addWidget(self.card_place)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(splitter)

        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_archive,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._after_reset()  # a large shop: the first rows now, their count once they are shown

    # --- building ---------------------------------------------------------------------------------
    @property
    def card(self) -> CustomerCard:
        """The card beside the list, built when first asked for: at the latest just after the first rows."""
        if self._card is None:
            from crmdesk.ui.card.customer_card import CustomerCard

            card = self._card = CustomerCard(self._store, self)
            card.saved.connect(self._card_saved)
            card.purchases_changed.connect(self._purchases_changed)
            card.archive_requested.connect(self.archive)
            card.restore_requested.connect(self.restore)
            card.show_customer(None)
            self.card_place.layout().addWidget(card)
            card.show()  # now, not when the layout's queued show comes round: whoever asked may look at it at once
            self.card_built.emit(card)
        return self._card

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            watched.removeEventFilter(self)
            # Queued, the card is built once this paint is done and on screen: the rows do not wait for it.
            QTimer.singleShot(0, self, lambda: self.card)
        return False

    def _build_search_row(self) -> None:
        """The search box, the Archived switch, New customer and the count under the list."""
        self.search = SearchBox(objectName="customerSearch")
        self.search.setPlaceholderText(
            self.tr("Search: name, initials (ㄱㅁㅅ), last 4 phone digits, e-mail, code, tag"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.go_to_list.connect(self._focus_list)
        self.search.open_first.connect(self._open_first)
        self.search.undo_requested.connect(self.undo_archive)
        self.show_archived = QCheckBox(self.tr("Archived"), objectName="showArchived")
        self.show_archived.setToolTip(self.tr("Show archived customers instead of active ones"))
        self.show_archived.toggled.connect(self._archived_toggled)
        self.add_button = QPushButton(self.tr("New customer"), objectName="newCustomer")
        self.add_button.setToolTip(self.tr("Add a customer with just a name and a phone (Ctrl+N)"))
        self.add_button.clicked.connect(self.quick_add)
        self.count_label = QLabel(objectName="customerCount")

    def _build_table(self, store: Store) -> None:
        """The paged list of customers."""
        self.model = CustomerTableModel(store, self)
        self.table = QTableView(objectName="customerTable")
        self.table.setModel(self.model)
        # Indicator first: enabling sorting sorts by it, which is then the query the model already shows
        # (the other order ran two extra queries at start-up).
        self.table.horizontalHeader().setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        read_only_list(self.table, selection=Selection.SingleSelection, row_height=26, alternating=True,
                       stretch_last=True, widths=(100, 118, 120, 92, 52, 100, 80))
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.modelReset.connect(self._after_reset)
        self.model.rowsInserted.connect(self._update_count)
        # The exact number of matches is counted once typing pauses, so keystrokes never wait for it.
        self.count_timer = QTimer(self, singleShot=True, interval=250)
        self.count_timer.timeout.connect(self._count_all)

    def _build_bars(self) -> None:
        """The bars above the list: Undo after archiving, and the set the dashboard drilled into."""
        self.undo_bar = QFrame(objectName="undoBar")
        self.undo_bar.setStyleSheet(f"#undoBar {{ background: {theme.colour('notice_bg')}; border-radius: 4px; }}")
        self.undo_text = QLabel()
        self.undo_button = QPushButton(self.tr("Undo"), objectName="undoArchive")
        self.undo_button.clicked.connect(self.undo_archive)
        bar = QHBoxLayout(self.undo_bar)
        bar.addWidget(self.undo_text, 1)
        bar.addWidget(self.undo_button)
        self.undo_bar.hide()

        # A set of customers the dashboard drilled into: named, counted, and cleared with one click.
        self.set_bar = QFrame(objectName="customerSetBar")
        self.set_bar.setStyleSheet(
            f"#customerSetBar {{ background: {theme.colour('selection_bg')}; border-radius: 4px; }}")
        self.set_label = QLabel(objectName="customerSetLabel")
        self.set_clear = QToolButton(objectName="clearCustomerSet", text="✕")
        self.set_clear.setToolTip(self.tr("Show all customers again"))
        self.set_clear.setAutoRaise(True)
        self.set_clear.clicked.connect(self.clear_customer_set)
        set_row = QHBoxLayout(self.set_bar)
        set_row.setContentsMargins(8, 2, 2, 2)
        set_row.addWidget(self.set_label, 1)
        set_row.addWidget(self.set_clear)
        self.set_bar.hide()

    # --- search -------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search_changed(self, text: str) -> None:
        self.model.set_search(text)

    def show_customer_set(self, title: str, customer_ids: frozenset[int] | set[int]) -> None:
        """List only these customers (search, sorting and the archived switch work inside the set), under a bar
        naming the set, e.g. "Segment: At Risk — 1,234 customers ✕"."""
        ids = frozenset(customer_ids)
        self.set_label.setText(self.tr("{title} — {count} customers").format(title=title, count=f"{len(ids):,}"))
        self.set_bar.show()
        self.model.set_query(replace(self.model.query, customer_ids=ids))

    def clear_customer_set(self) -> None:
        self.set_bar.hide()
        self.set_label.clear()
        self.model.set_query(replace(self.model.query, customer_ids=None))

    def _archived_toggled(self, on: bool) -> None:
        self.model.set_query(replace(self.model.query, only_archived=on))

    def _after_reset(self) -> None:
        self._update_count()
        if not self.model.count_known:
            self.count_timer.start()

    def _count_all(self) -> None:
        """Typing paused (or the list just opened): count every match. The label follows even when the count
        adds no rows (exactly a page of matches: "200+" becomes "200")."""
        self.model.load_count()
        self._update_count()

    def _update_count(self) -> None:
        count = self.model.rowCount()
        shown = f"{count:,}" if self.model.count_known else f"{count:,}+"
        if self.model.query.text:
            text = self.tr("Found: {count}")
        elif self.model.query.only_archived:
            text = self.tr("Archived customers: {count}")
        else:
            text = self.tr("Customers: {count}")
        self.count_label.setText(text.format(count=shown))

    def _focus_list(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            self.select_row(0)

    def _open_first(self) -> None:
        if self.model.rowCount():
            self.select_row(0)
            self.card.edits["name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def select_row(self, row: int) -> None:
        index = self.model.index(row, COL_NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def select_customer(self, customer_id: int) -> None:
        """Show a customer's card and, when it is in the list, select its row."""
        row = self.model.row_of(customer_id)
        if row is not None:
            self.select_row(row)
        else:
            self.card.show_customer(customer_id)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        record = current.data(ROW_ROLE) if current.isValid() else None
        if record is None or record.id == self.card.customer_id:
            return  # a new search keeps the card (and any edits in it) in view
        if not self.card.settle_changes():
            return
        self.card.show_customer(record.id)

    # --- changes -----------------------------------------------------------------------------------
    def quick_add(self) -> None:
        if not self.card.settle_changes():
            return
        from crmdesk.ui.customers.quick_add import QuickAddDialog

        text = self.search.text().strip()
        looks_like_name = bool(text) and not any(ch.isdigit() for ch in text)
        looks_like_phone = bool(text) and all(ch.isdigit() or ch in "-+ " for ch in text)
        dialog = QuickAddDialog(self._store, self, name=text if looks_like_name else "",
                                phone=text if looks_like_phone else "")
        dialog.finished.connect(lambda result: self._quick_add_done(dialog, result))
        dialog.open()
        self.quick_add_dialog = dialog

    def _quick_add_done(self, dialog: QuickAddDialog, result: int) -> None:
        if result and dialog.customer_id is not None:
            self.model.refresh()
            self.select_customer(dialog.customer_id)
        dialog.deleteLater()
        self.quick_add_dialog = None

    def _card_saved(self, customer_id: int) -> None:
        self.model.refresh()
        self.select_customer(customer_id)
        self.status_message.emit(self.tr("Saved."))

    def _purchases_changed(self, customer_id: int) -> None:
        self.model.refresh()  # visits, spent and last purchase in the list
        row = self.model.row_of(customer_id)
        if row is not None:  # the card stays as it is (with any edits): only the row is selected again
            self.select_row(row)

    def archive(self, customer_id: int) -> None:
        from crmdesk.services import customers as svc

        self.card.settle_changes()
        with self._store.session() as session:
            customer = svc.archive_customer(session, customer_id)
        self._last_archived = customer_id
        self.undo_text.setText(self.tr("{name} was archived.").format(name=customer.name))
        self.undo_bar.show()
        self.model.refresh()
        self.card.show_customer(None)

    def undo_archive(self) -> None:
        if self._last_archived is None:
            return
        self.restore(self._last_archived)

    def restore(self, customer_id: int) -> None:
        from crmdesk.services import customers as svc

        with self._store.session() as session:
            customer = svc.restore_customer(session, customer_id)
        if self._last_archived == customer_id:
            self._last_archived = None
            self.undo_bar.hide()
        self.model.refresh()
        self.select_customer(customer_id)
        self.status_message.emit(self.tr("{name} is back in the customer list.").format(name=customer.name))
