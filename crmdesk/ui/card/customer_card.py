"""The customer card: every field editable with validation that explains itself, purchase totals and
history, archive and restore."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.errors import StaleEdit, ValidationError
from crmdesk.models import Customer
from crmdesk.normalise import format_phone
from crmdesk.services import consent as consent_svc
from crmdesk.services import customers as svc
from crmdesk.services import next_offer
from crmdesk.store import Store
from crmdesk.ui.card import consent_panel
from crmdesk.ui.card.consent_panel import ConsentPanel
from crmdesk.ui.card.family_panel import FamilyPanel
from crmdesk.ui.card.loyalty_panel import LoyaltyPanel
from crmdesk.ui.card.purchase_dialog import PurchaseDialog
from crmdesk.ui.card.suggestions_view import SuggestionsView
from crmdesk.ui.card.timeline_view import TimelineView
from crmdesk.ui.card.value_line import CustomerValueLine
from crmdesk.ui.card.view_log import ViewLog
from crmdesk.ui.kit import connection, dialogs, formatting, messages, theme
from crmdesk.ui.kit.lists import read_only_list
from crmdesk.ui.kit.rows_model import RecordsModel, fit_column
from crmdesk.ui.moments.main_contact import MainContactRow

PURCHASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT_FIELDS = ("name", "phone", "email", "birthday", "address", "tags", "customer_code", "first_seen")


class PurchaseHistoryModel(RecordsModel[svc.PurchaseSummary]):
    """The card's purchases; a voided one is greyed, its amount struck out."""

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Date"), self.tr("Items"), self.tr("Total"))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            items = self.tr("VOIDED · {items}").format(items=row.items) if row.voided else row.items
            return (formatting.moment(row.purchased_at), items, formatting.money(row.total))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if row.voided and role == Qt.ItemDataRole.ForegroundRole:
            return QColor(theme.colour("greyed"))
        if row.voided and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(index.column() == 2)  # the amount no longer counts
            return font
        if row.voided and role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Voided: {reason}").format(reason=row.void_reason or "")
        if role == PURCHASE_ID_ROLE:
            return row.id
        return None


class CustomerCard(QWidget):
    """Shows one customer; Save (Ctrl+S) writes the edits through the service, or explains what is wrong."""

    saved = Signal(int)
    purchases_changed = Signal(int)  # a purchase was entered, edited or voided: the list's totals are stale
    archive_requested = Signal(int)
    restore_requested = Signal(int)
    print_requested = Signal(int)  # the main window opens the card print dialog

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerCard")
        self._store = store
        self.view_log = ViewLog(store, self)  # "view" audit entries, written in the background
        self._customer: Customer | None = None
        self._shown_values: dict[str, Any] | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}

        self.title = QLabel(objectName="cardTitle")
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.summary = QLabel(objectName="cardSummary")
        self.summary.setWordWrap(True)

        form = self._build_form()
        buttons = self._build_buttons()
        history_head = self._build_history()
        fields_box = self.fields_box = QWidget()
        fields_box.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(fields_box)
        layout = QGridLayout(self)
        layout.addWidget(self.title, 0, 0)
        self.value_line = CustomerValueLine(store)  # the owner's line: segment, stage, value (off the GUI thread)
        summary_box = QVBoxLayout()
        summary_box.setSpacing(3)
        summary_box.addWidget(self.summary)
        summary_box.addWidget(self.value_line)
        layout.addLayout(summary_box, 1, 0)
        layout.addWidget(scroll, 2, 0)
        layout.addLayout(buttons, 3, 0)
        self._build_tabs(store, history_head)
        layout.addWidget(self.tabs, 4, 0)
        layout.setRowStretch(2, 3)
        layout.setRowStretch(4, 2)
        self.setEnabled(False)

    # --- building ---------------------------------------------------------------------------------
    def _build_form(self) -> QFormLayout:
        """The customer's fields, each with its error line under it."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        labels = {
            "name": self.tr("Name"), "phone": self.tr("Phone"), "email": self.tr("E-mail"),
            "birthday": self.tr("Birthday"), "address": self.tr("Address"), "tags": self.tr("Tags"),
            "customer_code": self.tr("Customer code"), "first_seen": self.tr("First seen"),
        }
        placeholders = {
            "phone": "010-1234-5678", "email": "name@example.com", "birthday": "1990-05-17",
            "first_seen": "2024-03-01", "tags": self.tr("VIP, regular, ..."),
            "customer_code": self.tr("code in the POS"),
        }
        self.lunar = QCheckBox(self.tr("Lunar calendar"), objectName="field_birthday_lunar")
        self.gender = QComboBox(objectName="field_gender")
        self.gender.addItem("—", None)
        for code, text in messages.GENDERS.items():
            self.gender.addItem(messages.tr(text), code)
        self.acquired = QComboBox(objectName="field_acquired_via")
        self.acquired.addItem("—", None)
        for code, text in messages.ACQUISITION.items():
            self.acquired.addItem(messages.tr(text), code)
        # Consent is recorded per purpose in the Consent tab (consent_panel.py); the form shows a summary.
        self.consent_summary = QLabel(objectName="consentSummary")
        self.memo = QPlainTextEdit(objectName="field_memo")
        self.memo.setFixedHeight(70)

        for field in TEXT_FIELDS:
            edit = QLineEdit(objectName=f"field_{field}")
            edit.setPlaceholderText(placeholders.get(field, ""))
            edit.textEdited.connect(lambda _text, f=field: self._clear_error(f))
            error = QLabel(objectName=f"error_{field}")
            error.setStyleSheet(theme.text_style("error"))
            error.setWordWrap(True)
            error.hide()
            self.edits[field], self.errors[field] = edit, error
            holder = QVBoxLayout()
            holder.setSpacing(1)
            if field == "birthday":
                row = QHBoxLayout()
                row.addWidget(edit)
                row.addWidget(self.lunar)
                holder.addLayout(row)
            else:
                holder.addWidget(edit)
            holder.addWidget(error)
            form.addRow(labels[field], holder)
            if field == "birthday":
                form.addRow(self.tr("Gender"), self.gender)
            if field == "first_seen":
                form.addRow(self.tr("Came via"), self.acquired)
        self.consent_summary.setWordWrap(True)
        form.addRow(self.tr("Consent"), self.consent_summary)
        form.addRow(self.tr("Memo"), self.memo)
        self.main_contact = MainContactRow(self._store)  # 담당 직원 (issue 19)
        form.addRow(self.tr("Main contact"), self.main_contact)
        return form

    def _build_buttons(self) -> QHBoxLayout:
        """Save, Revert, Print and Archive under the fields."""
        self.save_button = QPushButton(self.tr("Save"), objectName="saveCustomer")
        self.save_button.setToolTip(self.tr("Save the changes (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save())
        self.revert_button = QPushButton(self.tr("Revert"), objectName="revertCustomer")
        self.revert_button.clicked.connect(self.reload)
        self.archive_button = QPushButton(objectName="archiveCustomer")
        self.archive_button.clicked.connect(self._archive_clicked)
        self.status = QLabel(objectName="cardStatus")
        self.print_button = QPushButton(self.tr("Print…"), objectName="printCustomer")
        self.print_button.setToolTip(self.tr("Print this card or save it as PDF, for a consultation"))
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.customer_id))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.archive_button)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        return buttons

    def _build_history(self) -> QHBoxLayout:
        """The purchase history and its head (title, New purchase)."""
        self.history = PurchaseHistoryModel(self)
        self.history_view = QTableView(objectName="purchaseHistory")
        read_only_list(self.history_view, self.history, stretch=[1])
        self.history_view.setMinimumHeight(160)
        self.history_title = QLabel(objectName="historyTitle")
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history_view.doubleClicked.connect(self._purchase_double_clicked)
        self.history_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.history_view.customContextMenuRequested.connect(
            lambda pos: self._popup(self.purchase_menu(self.history_view.indexAt(pos)), pos))
        self.history_view.setToolTip(self.tr("Double-click a purchase to change or void it"))
        self.new_purchase_button = QPushButton(self.tr("New purchase"), objectName="newPurchase")
        self.new_purchase_button.setToolTip(self.tr("Enter a purchase for this customer"))
        self.new_purchase_button.clicked.connect(lambda: self.open_purchase(None))
        self.purchase_dialog: PurchaseDialog | None = None
        history_head = QHBoxLayout()
        history_head.addWidget(self.history_title, 1)
        history_head.addWidget(self.new_purchase_button)
        return history_head

    def _build_tabs(self, store: Store, history_head: QHBoxLayout) -> None:
        """Below the fields: the timeline (everything that happened, newest first), the purchase history and the
        card's other tabs."""
        self.timeline = TimelineView(store)
        purchases_tab = QWidget()
        purchases_layout = QVBoxLayout(purchases_tab)
        purchases_layout.setContentsMargins(0, 0, 0, 0)
        purchases_layout.addLayout(history_head)
        purchases_layout.addWidget(self.history_view)
        self.tabs = QTabWidget(objectName="cardTabs")
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(purchases_tab, self.tr("Purchases"))
        self.consent_panel = ConsentPanel(store)
        self.consent_panel.changed.connect(self._consent_changed)
        self.consent_panel.erased.connect(self._erased)
        self.tabs.addTab(self.consent_panel, self.tr("Consent"))
        self.suggestions = SuggestionsView(store)
        self.tabs.addTab(self.suggestions, self.tr("Suggestions"))
        self.loyalty = LoyaltyPanel(store)
        self.loyalty.changed.connect(lambda _cid: self.timeline.show_customer(self.customer_id))
        self.tabs.addTab(self.loyalty, self.tr("Points"))
        self.family = FamilyPanel(store)
        self.tabs.addTab(self.family, self.tr("Family"))

    # --- loading -------------------------------------------------------------------------------------
    @property
    def customer_id(self) -> int | None:
        return self._customer.id if self._customer else None

    def show_customer(self, customer_id: int | None) -> None:
        if customer_id is None:
            self._customer = None
            self.title.setText(self.tr("No customer selected"))
            self.summary.setText(self.tr("Pick a customer in the list, or press Ctrl+N to add one."))
            self.history.set_rows([])
            self.history_title.setText("")
            self.archive_button.setText(self.tr("Archive"))  # greyed out with the card, but not a blank button
            self.timeline.show_customer(None)
            self._show_in_tabs(None)
            self.setEnabled(False)
            return
        opened = self.customer_id != customer_id
        with self._store.session() as session:
            self._customer = svc.get_customer(session, customer_id)
            purchases = svc.customer_purchases(session, customer_id)
        if opened:  # a reload after saving is not another look; written off the GUI thread, never lost to a lock
            self.view_log.record(customer_id)
        self.history.set_rows(purchases)
        fit_column(self.history_view, 0, (formatting.moment(p.purchased_at) for p in purchases))
        self.timeline.show_customer(customer_id, purchases)
        self._show_in_tabs(customer_id)
        self.setEnabled(True)
        self._fill()

    def _show_in_tabs(self, customer_id: int | None) -> None:
        """The tabs that read the customer themselves, and the value line (the timeline takes the purchases)."""
        for part in (self.consent_panel, self.suggestions, self.loyalty, self.family, self.value_line,
                     self.main_contact):
            part.show_customer(customer_id)

    def has_unsaved_changes(self) -> bool:
        if self._customer is None or not self.isEnabled():
            return False
        shown = self._shown_values
        return shown is not None and self.values() != shown

    def settle_changes(self) -> bool:
        """Before the card shows something else: save or drop edits as the user says.
        Returns False when the edits could not be saved (the card stays as it is)."""
        if not self.has_unsaved_changes():
            return True
        assert self._customer is not None
        if dialogs.confirm(self, self.tr("Unsaved changes"),
                           self.tr("Save the changes to {name}'s card?").format(name=self._customer.name)):
            return self.save(notify=False)
        return True

    def reload(self) -> None:
        self.show_customer(self.customer_id)

    def _fill(self) -> None:
        c = self._customer
        assert c is not None
        self.title.setText(self.tr("{name} (archived)").format(name=c.name) if c.archived else c.name)
        self._show_totals(c)
        values = {
            "name": c.name, "phone": format_phone(c.phone), "email": c.email or "",
            "birthday": formatting.day(c.birthday), "address": c.address or "", "tags": c.tags.replace(",", ", "),
            "customer_code": c.customer_code or "", "first_seen": formatting.day(c.first_seen),
        }
        for field, edit in self.edits.items():
            edit.setText(values[field])
            self._clear_error(field)
        self.lunar.setChecked(c.birthday_lunar)
        self.gender.setCurrentIndex(max(0, self.gender.findData(c.gender)))
        self.acquired.setCurrentIndex(max(0, self.acquired.findData(c.acquired_via)))
        self._show_consent_summary()
        self.memo.setPlainText(c.memo or "")
        self.archive_button.setText(self.tr("Restore") if c.archived else self.tr("Archive"))
        merged = c.merged_into_id is not None
        erased = c.erased_at is not None  # nothing to edit: the personal data is gone for good
        self.fields_box.setEnabled(not erased)
        self.save_button.setEnabled(not erased)
        self.revert_button.setEnabled(not erased)
        self.consent_panel.erase_button.setEnabled(not erased)
        self.new_purchase_button.setEnabled(not merged and not erased)
        self.archive_button.setEnabled(not merged and not erased)  # a merged card comes back only by undoing the merge
        if merged:
            self.title.setText(self.tr("{name} (merged into #{survivor})").format(
                name=c.name, survivor=c.merged_into_id))
        self.status.setText("")
        self._shown_values = self.values()

    # --- editing -------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {field: edit.text() for field, edit in self.edits.items()}
        data["birthday_lunar"] = self.lunar.isChecked()
        data["gender"] = self.gender.currentData()
        data["acquired_via"] = self.acquired.currentData()
        data["memo"] = self.memo.toPlainText()
        return data

    def save(self, notify: bool = True) -> bool:
        if self._customer is None:
            return False
        customer = self._customer

        def attempt() -> None:
            with self._store.session() as session:
                svc.update_customer(session, customer.id, self.values(), version=customer.version)

        try:  # the server may be out of reach: the card keeps what was typed and may try again
            if not connection.retrying(self, self._store, attempt)[0]:
                self.status.setText(self.tr("Not saved: the database server cannot be reached."))
                return False
        except StaleEdit as stale:
            return self._refused_as_stale(stale)
        except ValidationError as err:
            for problem in err.problems:
                self._show_error(problem.field, messages.problem_text(problem))
            self.status.setText(self.tr("Not saved: correct the fields marked in red."))
            return False
        customer_id = self._customer.id
        self.reload()
        if notify:
            self.saved.emit(customer_id)  # the list refreshes and may reload this card
        self.status.setText(self.tr("Saved."))
        return True

    def _refused_as_stale(self, stale: StaleEdit) -> bool:
        """Another terminal saved this card since it was opened here: say who and when, offer to reload; what was
        typed stays on screen unless the user chooses to reload."""
        who = stale.changed_by or self.tr("another terminal")
        when = f"{stale.changed_at:%Y-%m-%d %H:%M}" if stale.changed_at else ""
        self.status.setText(self.tr("Not saved: %1 changed this card at %2.").replace("%1", who).replace("%2", when))
        question = self.tr("%1 saved this card at %2, after you opened it. Your changes were not saved.\n\n"
                           "Reload the card with their changes? (Yes: what you typed is replaced. No: what you typed "
                           "stays; saving again then writes it over their changes.)").replace("%1", who)
        if dialogs.confirm(self, self.tr("Changed on another terminal"), question.replace("%2", when)):
            self.reload()
            self.status.setText(self.tr("Reloaded with the changes saved at %1.").replace("%1", when))
            return False
        with self._store.session() as session:  # keep the typing; the next save knowingly goes over theirs
            current = svc.get_customer(session, self._customer.id) if self._customer is not None else None
        if current is not None and self._customer is not None:
            self._customer.version = current.version
        return False

    def _show_error(self, field: str, text: str) -> None:
        label = self.errors.get(field)
        if label is None:
            self.status.setText(text)
            return
        label.setText(text)
        label.show()
        self.edits[field].setStyleSheet(f"border: 1px solid {theme.colour('error')};")

    def _clear_error(self, field: str) -> None:
        self.errors[field].hide()
        self.errors[field].setText("")
        self.edits[field].setStyleSheet("")

    def _archive_clicked(self) -> None:
        if self._customer is None:
            return
        if self._customer.archived:
            self.restore_requested.emit(self._customer.id)
        else:
            self.archive_requested.emit(self._customer.id)

    def _show_consent_summary(self) -> None:
        states = self.consent_panel.current
        agreed = [consent_panel.channel_text(p) for p in consent_svc.MARKETING_PURPOSES
                  if states.get(p) and states[p].granted]
        text = self.tr("Marketing: {channels}").format(channels=", ".join(agreed)) if agreed else self.tr(
            "No marketing messages")
        if states.get(consent_svc.Purpose.COLLECTION) and not states[consent_svc.Purpose.COLLECTION].granted:
            text = self.tr("Consent to keep personal data withdrawn") + " · " + text
        if self.consent_panel.unconfirmed:  # the card's banner until staff record the customer's answer
            text = self.tr("Consent not confirmed: ask the customer") + " · " + text
        self.consent_summary.setStyleSheet(consent_panel.banner_style() if self.consent_panel.unconfirmed else "")
        self.consent_summary.setText(text + " · " + self.tr("see the Consent tab"))

    def _consent_changed(self, customer_id: int) -> None:
        self._show_consent_summary()

    def _erased(self, customer_id: int) -> None:
        self.show_customer(customer_id)
        self.saved.emit(customer_id)  # the list drops the erased name

    # --- purchases -----------------------------------------------------------------------------------
    def _show_totals(self, c: Customer) -> None:
        average = c.total_spent // c.visit_count if c.visit_count else 0
        text = self.tr("Visits: {visits} · Spent: {total} · Per visit: {average} · Last purchase: {last}").format(
            visits=f"{c.visit_count:,}", total=formatting.money(c.total_spent), average=formatting.money(average),
            last=formatting.day(c.last_purchase_at) or self.tr("none"))
        with self._store.session() as session:  # their three most frequent products, for the counter
            usual = next_offer.usual_items(session, c.id) if c.id is not None else []
        if usual:
            text += " · " + self.tr("Usual: {items}").format(items=", ".join(u.product for u in usual))
        self.summary.setText(text)
        self.history_title.setText(self.tr("Purchases ({count})").format(count=f"{len(self.history.rows):,}"))

    def open_purchase(self, purchase_id: int | None, *, void: bool = False) -> None:
        """The purchase dialog for a new purchase (None) or a listed one (``void``: with the void reason asked
        for at once); the card's own edits stay as typed."""
        if self._customer is None or self._customer.id is None:
            return
        dialog = PurchaseDialog(self._store, self._customer.id, purchase_id, self)
        dialog.changed.connect(self.refresh_purchases)
        dialog.finished.connect(lambda _result: self._purchase_dialog_closed(dialog))
        self.purchase_dialog = dialog
        dialog.open()
        if void and dialog.void_button.isVisible():
            dialog.void_button.click()

    def purchase_menu(self, index: QModelIndex) -> QMenu | None:
        """Right-click on a purchase: change it, or void it."""
        purchase_id = index.data(PURCHASE_ID_ROLE) if index.isValid() else None
        if purchase_id is None:
            return None
        voided = self.history.rows[index.row()].voided
        menu = QMenu(self)
        menu.setObjectName("purchaseMenu")
        menu.addAction(self.tr("Show…") if voided else self.tr("Change…"), lambda: self.open_purchase(purchase_id))
        void = menu.addAction(self.tr("Void…"), lambda: self.open_purchase(purchase_id, void=True))
        void.setEnabled(not voided)
        return menu

    def _popup(self, menu: QMenu | None, pos: Any) -> None:
        if menu is not None:
            menu.popup(self.history_view.viewport().mapToGlobal(pos))

    def _purchase_dialog_closed(self, dialog: PurchaseDialog) -> None:
        if self.purchase_dialog is dialog:
            self.purchase_dialog = None
        dialog.deleteLater()

    def _purchase_double_clicked(self, index: QModelIndex) -> None:
        purchase_id = index.data(PURCHASE_ID_ROLE)
        if purchase_id is not None:
            self.open_purchase(purchase_id)

    def refresh_purchases(self, customer_id: int) -> None:
        """New totals and history at once, without touching fields being edited."""
        if self._customer is None or customer_id != self._customer.id:
            return
        with self._store.session() as session:
            fresh = svc.get_customer(session, customer_id)
            purchases = svc.customer_purchases(session, customer_id)
        for name in ("visit_count", "total_spent", "last_purchase_at"):
            setattr(self._customer, name, getattr(fresh, name))
        self.history.set_rows(purchases)
        self._show_totals(self._customer)
        self.loyalty.show_customer(customer_id)
        self.purchases_changed.emit(customer_id)
